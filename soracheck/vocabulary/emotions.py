"""Emotion words, by lemma, and the physical ways to show each: what a model can render of a feeling.

The lexicon groups emotion lemmas in families after the prototype clusters of Shaver, Schwartz,
Kirson & O'Connor, "Emotion knowledge: further exploration of a prototype approach", *Journal of
Personality and Social Psychology* 52(6), 1987 (anger, sadness, fear, joy, surprise and their
subclusters), with the adjectives and verbs that name the same states ("annoy", "annoyance",
"annoyed"). A word in a text is reduced to its candidate lemmas by English inflection and
derivation (:func:`lemmas`), so "angrier", "irritated", "terrified" and "sadness" are found
without listing their forms.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from soracheck.vocabulary.phrases import words

#: Family → (a physical way to show it, the lemmas that name it, space-separated). The first three shows are
#: the field guide's.
FAMILIES: dict[str, tuple[str, str]] = {
    "sad": (
        "her jaw tightens, she looks down, exhales slowly",
        "sad sadden unhappy sorrowful sorrow miserable misery gloomy gloom glum melancholy melancholic "
        "downcast dejected dejection despondent forlorn mournful grief grieve grief-stricken woeful depress "
        "depression crestfallen disconsolate desolate wistful",
    ),
    "angry": (
        "his fists clench, his voice goes quiet, he leans forward",
        "angry anger furious fury rage enrage irate livid incense infuriate outrage wrath wrathful indignant "
        "indignation resentful resentment hostile hostility seething fuming",
    ),
    "annoyed": (
        "she exhales through her nose, taps her pen against the table, does not look up",
        "annoy annoyance irritate irritation irritable irk peeve vex vexation grumpy grouchy cranky displease "
        "displeasure exasperate exasperation",
    ),
    "frustrated": (
        "she exhales through her teeth, drops the pen on the table",
        "frustrate frustration aggravate agitate agitation",
    ),
    "nervous": (
        "she touches her neck, looks at the door, shifts weight foot to foot",
        "nervous nervousness anxious anxiety uneasy unease apprehensive apprehension jittery worry fretful "
        "distress stress",
    ),
    "scared": (
        "she steps back, shoulders up, breath quick and shallow",
        "scare afraid fear fearful frighten fright terrify terror horror horrify petrify alarm dread spook "
        "panic panicky",
    ),
    "happy": (
        "she grins, rocks on her heels, taps the table to the beat",
        "happy joy joyful joyous glad cheerful cheery delight elate elation ecstatic ecstasy euphoric "
        "euphoria jubilant jubilation gleeful glee overjoy blissful bliss please thrill merry giddy",
    ),
    "excited": (
        "he bounces on the balls of his feet, talks with his hands",
        "excite excitement eager eagerness enthusiastic enthusiasm exhilarate exhilaration",
    ),
    "surprised": (
        "her eyebrows jump, she stops mid-step",
        "surprise amaze amazement astonish astonishment astound startle dumbfound",
    ),
    "shocked": (
        "he stops dead, mouth open, the cup halfway to his lips",
        "shock stun appal appall flabbergast",
    ),
    "disgusted": (
        "she recoils, nose wrinkled, pushes the plate away",
        "disgust revulsion repulse revolt sicken contempt contemptuous scorn disdain",
    ),
    "confused": (
        "he frowns, turns the paper over, reads it again",
        "confuse confusion puzzle perplex bewilder bewilderment baffle befuddle",
    ),
    "embarrassed": (
        "she looks away, tucks her hair behind her ear, half-laughs",
        "embarrass embarrassment humiliate humiliation mortify sheepish bashful self-conscious",
    ),
    "ashamed": (
        "he looks at the floor, shoulders drawn in",
        "ashamed shame guilty guilt remorseful remorse regretful contrite",
    ),
    "lonely": (
        "she sits at the end of an empty bench, hands in her lap",
        "lonely loneliness lonesome",
    ),
    "bored": (
        "she props her chin on her fist, taps the table slowly",
        "bore boredom uninterested listless apathetic",
    ),
    "proud": (
        "he straightens, chin up, a small smile he tries to hide",
        "proud pride smug triumphant",
    ),
    "jealous": (
        "his eyes follow the couple, his jaw sets",
        "jealous jealousy envious envy",
    ),
    "desperate": (
        "he dials again with shaking fingers, forehead against the wall",
        "desperate desperation despair hopeless hopelessness",
    ),
    "heartbroken": (
        "she holds the letter against her chest, eyes closed",
        "heartbroken heartbreak brokenhearted devastate",
    ),
    "upset": (
        "her chin trembles, she presses her lips together",
        "upset distraught overwhelm disappoint disappointment dismay",
    ),
    "relieved": (
        "his shoulders drop, he lets out a long breath and laughs once",
        "relieve relief",
    ),
    "hopeful": (
        "she leans toward the door, lips parted, hands pressed together",
        "hopeful optimistic",
    ),
}
#: Lemma → its family.
LEMMAS = {lemma: family for family, (_, lemmas) in FAMILIES.items() for lemma in words(lemmas)}

# Inflection and derivation back to a lemma: suffix → what replaces it (tried in turn).
_SUFFIXES = (
    ("iest", ("y",)),
    ("ier", ("y",)),
    ("ied", ("y",)),
    ("iness", ("y",)),
    ("ness", ("",)),
    ("ment", ("",)),
    ("ation", ("ate", "")),
    ("ion", ("e", "")),
    ("est", ("", "e")),
    ("er", ("", "e")),
    ("ed", ("", "e")),
    ("d", ("",)),
    ("s", ("",)),
)


@functools.cache
def lemmas(word: str) -> frozenset[str]:
    """The lemmas ``word`` may be a form of: itself, and the stems its inflection or derivation leaves.

    Comparatives and superlatives (``angrier``, ``saddest``), past participles (``irritated``,
    ``terrified``, ``panicked``, a doubled consonant too) and nouns in -ness, -ment, -ion.

    >>> sorted(lemmas("irritated"))
    ['irritat', 'irritate', 'irritated']
    >>> "angry" in lemmas("angrier") and "sad" in lemmas("saddest") and "panic" in lemmas("panicked")
    True
    """
    word = word.lower()
    found = {word}
    for suffix, replacements in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            found |= {stem + r for r in replacements}
            if len(stem) > 2 and stem[-1] == stem[-2]:
                found.add(stem[:-1])  # sadder → sad
            if stem.endswith("ck"):
                found.add(stem[:-1])  # panicked → panic
    return frozenset(found)


def family(word: str) -> str | None:
    """The emotion family ``word`` names, in any of its forms, or None (``"irritated"`` → ``"annoyed"``)."""
    return next((LEMMAS[lemma] for lemma in sorted(lemmas(word)) if lemma in LEMMAS), None)


def show(emotion_family: str) -> str:
    """A physical way to show an emotion family."""
    return FAMILIES[emotion_family][0]


#: The lemmas that are nouns of state ("anger", "panic"): they follow "with" or "in", never "looks".
NOUNS = frozenset(
    words(
        "sorrow misery gloom grief depression anger fury rage wrath indignation resentment hostility annoyance "
        "irritation vexation displeasure exasperation frustration agitation anxiety unease apprehension fear fright "
        "terror horror dread panic joy delight elation ecstasy euphoria jubilation glee bliss thrill excitement "
        "eagerness enthusiasm exhilaration surprise amazement astonishment shock disgust revulsion contempt scorn "
        "disdain confusion bewilderment embarrassment humiliation shame guilt remorse loneliness boredom pride "
        "jealousy envy desperation despair hopelessness heartbreak dismay disappointment relief worry"
    )
)
#: Nouns of state that name something else after "in" or "with" too ("carved in relief", "an alarm").
_OTHER_SENSE = frozenset({"relief", "distress", "stress", "alarm", "thrill"})
#: Words that make the sentence about the scene's mood, not a character's feeling ("the mood is melancholy").
_MOOD = re.compile(
    r"(?<![\w-])(?:mood|atmosphere|tone|vibe|ambien[ct]e|feel|music|score|soundtrack|song|melody|palette|colou?rs?|"
    r"grade|grading|lighting|light|sky|skies|weather|air|scene|setting|style|aesthetic|genre|film|movie|story)(?![\w-])",
    re.IGNORECASE,
)

_INTENSIFIER = (
    r"(?:(?:very|so|really|visibly|clearly|quite|slightly|deeply|extremely|increasingly|more|most|genuinely|"
    r"utterly|completely|totally|truly|obviously|suddenly|somewhat|mildly|incredibly|fairly|openly|noticeably|"
    r"a\s+bit|a\s+little|rather|too|even|[a-z]+ly)\s+)*"
)
_WORD = r"(?P<word>[a-z][a-z-]*[a-z])"
#: Two words joined, either of which may be the emotion: "focused and joyful", "concentration and joy".
_PAIR = rf"(?:(?P<first>[a-z][a-z-]*[a-z])\s+and\s+)?{_WORD}"
#: "looks annoyed", "she's irritated", "grows angrier": an emotion said of someone.
_STATED = re.compile(
    rf"(?:(?<![\w-])(?:looks?|looking|looked|seems?|seeming|seemed|appears?|appearing|appeared|feels?|feeling|felt|"
    rf"is|are|was|were|be|being|been|becomes?|becoming|became|gets?|getting|got|grows?|growing|grew|sounds?|"
    rf"sounding|sounded|remains?|remained|stays?|stayed)|['\u2019](?:s|re))\s+{_INTENSIFIER}{_PAIR}(?![\w-])"
    rf"(?!\s+(?:and\s+[a-z]+\s+)?(?:face|expression|eyes|look|gaze|smile|voice)\b)",  # "the man's confused face"
    re.IGNORECASE,
)
#: What makes a stated emotion a character's trait or disposition, not the direction of a moment:
#: "the queen who was jealous", "the villagers were afraid to go out at night".
_TRAIT_BEFORE = re.compile(r"(?<![\w-])(?:who|whom|that)\s+(?:\w+\s+)?$", re.IGNORECASE)
_DISPOSITION_AFTER = re.compile(r"\s+to\s+(?!the\b|a\b|an\b|her\b|his\b|their\b)[a-z]+", re.IGNORECASE)
#: "an annoyed man", "her terrified face": an emotion as a label on a person.
_LABELLED = re.compile(
    rf"(?<![\w-]){_WORD}\s+(?:man|woman|person|girl|boy|child|kid|guy|lady|people|men|women|character|figure|"
    rf"faces?|expressions?|looks?|eyes|crowd|audience|stranger|teenagers?|couples?)(?![\w-])",
    re.IGNORECASE,
)
#: "an irritated Ines": an emotion as a label on someone named.
_NAMED = re.compile(rf"(?<![\w-])(?i:an?|the)\s+(?i:{_INTENSIFIER}){_WORD}\s+[A-Z][a-z]+(?![\w-])")
#: "glares, irritated." / "Irritated, she turns away": an emotion set beside the action.
_BESIDE = (
    re.compile(rf",\s*{_INTENSIFIER}{_WORD}(?=\s*(?:[,.;!?\n]|$|\s+(?:and|but|as|at|by|with)\b))", re.IGNORECASE),
    re.compile(rf"(?:^|(?<=[.;!?\n]))\s*{_INTENSIFIER}{_WORD}(?=\s*,)", re.IGNORECASE),
)
#: "is in despair", "eyes full of sadness", "a look of relief", "a mix of surprise and gratitude": an emotion as
#: a noun of state. ("Slams the door
#: with anger" is a manner, like "angrily", and passes.)
_NOUN = re.compile(
    rf"(?<![\w-])(?:(?:is|are|was|were|be|being|been|['\u2019]s|['\u2019]re)\s+in|full\s+of|filled\s+with|"
    rf"overcome\s+(?:with|by)|consumed\s+by|wracked\s+with|(?:look|expression|cry|scream|shout|gasp)\s+of|"
    rf"one\s+of|(?:a\s+)?(?:mix|mixture|blend)\s+of)\s+"
    rf"(?:(?:quiet|growing|sudden|obvious|visible|pure|sheer|deep|great|mounting|barely\s+contained)\s+)*"
    rf"{_PAIR}(?![\w-])",
    re.IGNORECASE,
)

#: Body parts and reflexes that show an emotion physically.
PHYSICAL = re.compile(
    r"(?<![\w-])(?:jaw|brow|fists?|knuckles|lips?|chin|shoulders|breath\w*|exhales?|clench\w*|tighten\w*|trembl\w*|"
    r"shak(?:es|ing)|swallows?|sweat\w*|tears?|flinch\w*|grips?|gripping)(?![\w-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Stated:
    """An emotion a text states rather than shows: where, the words, and the family."""

    start: int
    end: int
    text: str
    family: str


def _noun(word: str) -> bool:
    """Whether a word is a noun of state ("anger", "sadness", "irritation")."""
    return word in NOUNS or word.endswith(("ness", "ment", "ion"))


def _adjectival(word: str) -> bool:
    """Whether a word can describe a state ("annoyed", "sad"), not a cause ("annoying"), a manner or a noun."""
    return (word in LEMMAS and word not in NOUNS) or not (word.endswith(("ing", "ly")) or _noun(word))


def _about_mood(text: str, start: int) -> bool:
    """Whether the sentence or clause up to ``start`` is about the scene's mood rather than a person."""
    opening = max(text.rfind(mark, 0, start) for mark in ".;:!?\n")
    return _MOOD.search(text, opening + 1, start) is not None


@functools.lru_cache(maxsize=4096)  # an editor lints the same texts again at each change
def emotions(text: str) -> tuple[Stated, ...]:
    """Emotions stated rather than shown: "looks annoyed", "she's nervous", "an angry man", "glares, irritated".

    A label on a person ("a desperate man") or an emotion set beside the
    action passes when the same text also shows the body (a tightening jaw, a furrowed brow): it
    is then a summary, not the direction. So does a sentence about the scene's mood ("the mood is
    melancholy"), and a trait or disposition rather than a moment: "the queen who was jealous",
    "the villagers were afraid to go out at night".

    >>> [s.text for s in emotions("Ines looks annoyed. An irritated Ines waits. She glares, irritated.")]
    ['looks annoyed', 'An irritated Ines', 'irritated']
    >>> [s.family for s in emotions("He grows angrier. Then he is in despair; the score is melancholy")]
    ['angry', 'desperate']
    >>> [s.text for s in emotions("Maya looks nervous and orders; the crew are tired and elated")]
    ['looks nervous', 'are tired and elated']
    """
    return tuple(_stated(text))


def _stated(text: str) -> Iterator[Stated]:
    found = [(m, _adjectival) for m in _STATED.finditer(text)]
    found += [(m, _noun) for m in _NOUN.finditer(text)]
    if PHYSICAL.search(text) is None:
        found += [(m, _adjectival) for pattern in (_LABELLED, _NAMED, *_BESIDE) for m in pattern.finditer(text)]
    end = -1
    for match, fits in sorted(found, key=lambda f: f[0].start()):
        first = match.groupdict().get("first")
        said_first = bool(first) and family(first.lower()) is not None and fits(first.lower())
        word = (first if said_first else match.group("word")).lower()
        stop = match.end("first") if said_first else match.end()
        named = family(word)
        if named is None or match.start() < end or not fits(word) or _about_mood(text, match.start()):
            continue
        if (fits is _noun and word in _OTHER_SENSE) or _trait(text, match):
            continue
        end = stop
        start = match.start() + len(match.group()) - len(match.group().lstrip(", \n"))
        yield Stated(start, stop, text[start:stop], named)


def _trait(text: str, match: re.Match[str]) -> bool:
    """Whether a stated emotion describes who someone is or is inclined to do, not a moment to show."""
    verb = match.group().split()[0].lower()
    described = verb in ("is", "are", "was", "were", "be", "been") and _TRAIT_BEFORE.search(text, 0, match.start())
    return bool(described or _DISPOSITION_AFTER.match(text, match.end()))
