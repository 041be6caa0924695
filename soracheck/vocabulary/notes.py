"""Words of director notes: numbers, places and people in other words, the words a note commands
with, and the words that carry no target or value ("honestly", "please")."""

from __future__ import annotations

import re

#: Number words → their value ("a third" and "half" are fractions, read by the duration aspect).
NUMBER_WORDS = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "forty-five": 45, "fifty": 50, "sixty": 60, "ninety": 90, "a couple of": 2}
#: A number, in digits or in words.
NUMBER = r"(?<![\w.-])(?:\d+(?:\.\d+)?|" + "|".join(sorted(map(re.escape, NUMBER_WORDS), key=len, reverse=True)) + r")"
#: Focal lengths as they are said ("stick it on a fifty").
LENS_WORDS = {
    "eighteen": "18",
    "twenty-four": "24",
    "twenty-eight": "28",
    "thirty-five": "35",
    "forty": "40",
    "fifty": "50",
    "eighty-five": "85",
    "hundred": "100",
    "one-thirty-five": "135",
    "two hundred": "200",
}
LENS_NUMBERS = "|".join(sorted(map(re.escape, LENS_WORDS), key=len, reverse=True))
ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixth": 6,
    "seventh": 7,
    "eighth": 8,
    "ninth": 9,
    "tenth": 10,
}


def number(text: str) -> float:
    """``"four"`` → 4.0, ``"2.5"`` → 2.5."""
    text = text.lower().strip()
    return float(NUMBER_WORDS[text]) if text in NUMBER_WORDS else float(text)


def number_word(value: float) -> str:
    """4 → ``"four"`` (the form a storyboard's own counts are written in), 25 → ``"25"``."""
    words = {v: w for w, v in NUMBER_WORDS.items() if " " not in w}
    return words.get(int(value), f"{value:g}") if value == int(value) else f"{value:g}"


#: Words for one thing that a note and a storyboard may say differently.
SYNONYMS = [
    {"cafe", "café", "coffee", "coffeehouse", "coffee-shop"},
    {"guy", "man", "bloke", "fellow", "gentleman"},
    {"woman", "lady"},
    {"old", "elderly", "older", "aged"},
    {"kid", "kids", "child", "children", "girl", "boy"},
    {"bike", "bicycle", "cycle"},
    {"music", "bgm", "score"},
    {"sfx", "effects"},
    {"opener", "opening"},
    {"closer", "closing"},
    {"street", "sidewalk", "pavement"},
    {"roof", "rooftop", "terrace"},
    {"roof", "rooftop", "terrace"},
    {"birds", "bird"},
    {"extras", "background"},
]
_SYNONYM = {word: group for group in SYNONYMS for word in group}


def same_word(a: str, b: str) -> bool:
    """Whether two words name the same thing: equal up to inflection, or synonyms."""
    a, b = a.lower(), b.lower()
    if stem(a) == stem(b):
        return True
    group = _SYNONYM.get(a) or _SYNONYM.get(stem(a))
    return bool(group and (b in group or stem(b) in {stem(w) for w in group}))


def stem(word: str) -> str:
    """A crude stem for matching a note's word to a storyboard's: ``waiting``/``waits`` → ``wait``."""
    word = word.lower().removesuffix("'s").removesuffix("\u2019s")
    for suffix in ("ing", "ies", "es", "ed", "s"):
        if word.endswith(suffix) and len(word) - len(suffix) >= (2 if suffix == "ies" else 3):
            word = word[: -len(suffix)]
            return word + "y" if suffix == "ies" else word
    return word


#: Words a note commands with, and that its spelling is corrected toward.
COMMAND_WORDS = frozenset(
    [
        "add",
        "avoid",
        "bgm",
        "sfx",
        "vo",
        "onwards",
        "onward",
        "background",
        "backgrounds",
        "before",
        "bring",
        "camera",
        "card",
        "change",
        "closing",
        "continue",
        "continues",
        "copy",
        "cue",
        "cut",
        "delete",
        "disclosure",
        "dissolve",
        "dolly",
        "drop",
        "duplicate",
        "duration",
        "each",
        "end",
        "every",
        "everywhere",
        "extend",
        "fade",
        "fast",
        "faster",
        "first",
        "flip",
        "from",
        "give",
        "instead",
        "into",
        "keep",
        "last",
        "lengthen",
        "lens",
        "lighting",
        "lock",
        "lose",
        "make",
        "match",
        "move",
        "music",
        "music",
        "no",
        "opener",
        "opening",
        "pan",
        "penultimate",
        "put",
        "remove",
        "repeat",
        "retitle",
        "rid",
        "run",
        "scarf",
        "seamless",
        "second",
        "seconds",
        "secs",
        "shorten",
        "shorter",
        "longer",
        "should",
        "shot",
        "shots",
        "silence",
        "slow",
        "slower",
        "start",
        "swap",
        "take",
        "the",
        "then",
        "through",
        "throughout",
        "tighter",
        "time",
        "transition",
        "trim",
        "whip",
        "wider",
        "with",
        "without",
        "darkness",
        "static",
        "recap",
        "re-entry",
        "overacting",
        "morph",
        "signage",
        "instead",
        "thru",
        "half",
        "twice",
        "double",
        "third",
        "quarter",
    ]
)
#: Words that only make a note polite or personal: they carry no target, field or value.
FILLER = re.compile(
    r",?\s*\b(?:please|pls|plz|honestly|actually|really|perhaps|i'd say|i guess|kindly)\b\s*,?",
    re.IGNORECASE,
)
