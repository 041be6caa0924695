"""The words the text rules look for: phrases with inflections, colours, garments, emotions, crowds,
camera moves and their motives, looks, screen directions and what each avoid tag forbids.

Matching is deliberately plain: whole words, case-insensitive, a simple plural or verb ending on
the last word. Every list here is a judgement a director can read and argue with.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

_INFLECTION = r"(?:s|es|ed|d|ing|'s|\u2019s)?"


@functools.cache
def phrase_pattern(*phrases: str) -> re.Pattern[str]:
    """Any of ``phrases`` as whole words in order, any spacing or hyphen between, the last word inflected."""
    bodies = []
    for phrase in sorted(phrases, key=len, reverse=True):
        words = re.findall(r"[\w']+", phrase.lower())
        if words:
            bodies.append(r"[\s-]+".join(re.escape(w) for w in words))
    if not bodies:
        return re.compile(r"(?!)")
    return re.compile(rf"(?<![\w-])(?:{'|'.join(bodies)}){_INFLECTION}(?![\w])", re.IGNORECASE)


def find_phrase(text: str, phrase: str) -> re.Match[str] | None:
    return phrase_pattern(phrase).search(text)


def any_phrase(text: str, phrases: Iterable[str]) -> re.Match[str] | None:
    """The earliest match of any of ``phrases``."""
    return phrase_pattern(*phrases).search(text)


def clauses(text: str) -> Iterator[tuple[int, str]]:
    """Sentences and ``;``-separated clauses of a text, with their offsets."""
    for match in re.finditer(r"[^.;!?\n]+", text):
        if match.group().strip():
            yield match.start(), match.group()


STOPWORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "and",
        "or",
        "of",
        "in",
        "on",
        "at",
        "to",
        "with",
        "her",
        "his",
        "their",
        "its",
        "from",
        "for",
        "by",
        "as",
        "that",
        "this",
        "is",
        "are",
        "left",
        "right",
        "side",
    ]
)


def content_words(text: str) -> list[str]:
    """Lower-case words of three letters or more that carry meaning."""
    return [w for w in re.findall(r"[a-z0-9][a-z0-9'-]+", text.lower()) if len(w) >= 3 and w not in STOPWORDS]


# --- colour and wardrobe -------------------------------------------------------------------

COLOURS = frozenset(
    [
        "red",
        "blue",
        "green",
        "yellow",
        "orange",
        "purple",
        "pink",
        "brown",
        "black",
        "white",
        "grey",
        "gray",
        "navy",
        "teal",
        "maroon",
        "beige",
        "cream",
        "gold",
        "golden",
        "silver",
        "olive",
        "tan",
        "burgundy",
        "crimson",
        "scarlet",
        "violet",
        "turquoise",
        "charcoal",
        "khaki",
        "ivory",
        "mustard",
        "lavender",
        "magenta",
        "cyan",
        "indigo",
        "emerald",
    ]
)
#: Garment (or hair) words → the item they name, so "tee" and "t-shirt" are one item.
GARMENTS = {
    **dict.fromkeys(["jacket", "blazer", "bomber"], "jacket"),
    **dict.fromkeys(["coat", "overcoat", "trench coat", "raincoat", "parka"], "coat"),
    **dict.fromkeys(["t-shirt", "tee", "tshirt"], "t-shirt"),
    **dict.fromkeys(["shirt", "blouse"], "shirt"),
    **dict.fromkeys(["sweater", "jumper", "cardigan", "pullover"], "sweater"),
    **dict.fromkeys(["hoodie", "sweatshirt"], "hoodie"),
    **dict.fromkeys(["dress", "gown"], "dress"),
    **dict.fromkeys(["skirt"], "skirt"),
    **dict.fromkeys(["jeans", "trousers", "pants", "slacks"], "trousers"),
    **dict.fromkeys(["hat", "cap", "beanie", "beret"], "hat"),
    **dict.fromkeys(["scarf"], "scarf"),
    **dict.fromkeys(["tie", "bow tie"], "tie"),
    **dict.fromkeys(["apron"], "apron"),
    **dict.fromkeys(["gloves"], "gloves"),
    **dict.fromkeys(["shoes", "sneakers", "boots", "heels", "trainers"], "shoes"),
    **dict.fromkeys(["glasses", "spectacles", "sunglasses"], "glasses"),
    **dict.fromkeys(["backpack", "bag", "handbag"], "bag"),
    **dict.fromkeys(["hair", "bob", "ponytail", "braid", "braids"], "hair"),
    **dict.fromkeys(["beard", "stubble", "moustache", "mustache"], "beard"),
}
_GARMENT = "|".join(sorted((re.escape(g) for g in GARMENTS), key=len, reverse=True))
_COLOUR = "|".join(sorted(COLOURS, key=len, reverse=True))
_WEAR = re.compile(
    rf"(?<![\w-])(?P<colour>{_COLOUR})(?:ish)?(?:[\s-]+(?!(?:{_COLOUR})\b)[a-z]+){{0,2}}?[\s-]+(?P<item>{_GARMENT})(?:e?s)?(?![\w-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Wear:
    """A coloured item of wardrobe or appearance found in a text."""

    item: str
    colour: str
    start: int
    end: int
    colour_start: int


def _colour(word: str) -> str:
    word = word.lower()
    return {"gray": "grey", "golden": "gold"}.get(word, word)


def wardrobe(text: str) -> Iterator[Wear]:
    """Every "<colour> [≤2 words] <garment>" in a text: ``red leather jacket``, ``navy coat``."""
    for m in _WEAR.finditer(text):
        yield Wear(GARMENTS[m.group("item").lower()], _colour(m.group("colour")), m.start(), m.end(), m.start("colour"))


# --- emotion words ---------------------------------------------------------------------------

#: Emotion → a physical way to show it (the first three are the field guide's own).
EMOTIONS = {
    "sad": "her jaw tightens, she looks down, exhales slowly",
    "angry": "his fists clench, his voice goes quiet, he leans forward",
    "nervous": "she touches her neck, looks at the door, shifts weight foot to foot",
    "anxious": "she picks at a thumbnail, glances at the door twice",
    "worried": "he rubs the back of his neck, checks his phone again",
    "scared": "she steps back, shoulders up, breath quick and shallow",
    "afraid": "she steps back, shoulders up, breath quick and shallow",
    "frightened": "she freezes, eyes wide, one hand on the wall behind her",
    "terrified": "she freezes, eyes wide, one hand on the wall behind her",
    "happy": "she grins, rocks on her heels, taps the table to the beat",
    "joyful": "she laughs out loud, throws her head back",
    "excited": "he bounces on the balls of his feet, talks with his hands",
    "surprised": "her eyebrows jump, she stops mid-step",
    "shocked": "he stops dead, mouth open, the cup halfway to his lips",
    "desperate": "he dials again with shaking fingers, forehead against the wall",
    "lonely": "she sits at the end of an empty bench, hands in her lap",
    "confused": "he frowns, turns the paper over, reads it again",
    "embarrassed": "she looks away, tucks her hair behind her ear, half-laughs",
    "ashamed": "he looks at the floor, shoulders drawn in",
    "frustrated": "she exhales through her teeth, drops the pen on the table",
    "upset": "her chin trembles, she presses her lips together",
    "heartbroken": "she holds the letter against her chest, eyes closed",
    "jealous": "his eyes follow the couple, his jaw sets",
    "bored": "she props her chin on her fist, taps the table slowly",
    "proud": "he straightens, chin up, a small smile he tries to hide",
    "depressed": "he lies still, staring at the ceiling, the curtains drawn",
    "furious": "his fists clench, his voice goes quiet, he leans forward",
}
_EMOTION = "|".join(EMOTIONS)
_STATED = re.compile(
    rf"(?:(?<![\w-])(?:looks?|looking|looked|seems?|seemed|appears?|appeared|feels?|feeling|felt|is|are|was|were|be|"
    rf"being|becomes?|became|gets?|got|grows?|grew)|['\u2019](?:s|re))\s+"
    rf"(?:(?:very|so|really|visibly|clearly|quite|slightly|deeply|extremely|increasingly|more|genuinely|a\s+bit|"
    rf"a\s+little|rather)\s+)?(?P<emotion>{_EMOTION})(?![\w-])",
    re.IGNORECASE,
)
_LABELLED = re.compile(
    rf"(?<![\w-])(?P<emotion>{_EMOTION})\s+(?:man|woman|person|girl|boy|child|kid|guy|lady|people|men|women|"
    rf"character|figure|face|expression)(?![\w-])",
    re.IGNORECASE,
)


#: Body parts and reflexes that show an emotion physically.
PHYSICAL = re.compile(
    r"(?<![\w-])(?:jaw|brow|fists?|knuckles|lips?|chin|shoulders|breath\w*|exhales?|clench\w*|tighten\w*|trembl\w*|"
    r"shak(?:es|ing)|swallows?|sweat\w*|tears?|flinch\w*|grips?|gripping)(?![\w-])",
    re.IGNORECASE,
)


def emotions(text: str) -> Iterator[re.Match[str]]:
    """Emotions stated rather than shown: "looks sad", "she's nervous", "an angry man".

    A label on a person ("a desperate man") passes when the same text also shows the body
    (a tightening jaw, a furrowed brow): the label is then a summary, not the direction.
    """
    labelled = [] if PHYSICAL.search(text) else list(_LABELLED.finditer(text))
    found = sorted([*_STATED.finditer(text), *labelled], key=lambda m: m.start())
    end = -1
    for match in found:
        if match.start() >= end:
            yield match
            end = match.end()


# --- crowds ------------------------------------------------------------------------------------

CROWD_WORDS = (
    "busy",
    "crowded",
    "crowd",
    "packed",
    "bustling",
    "customers",
    "passengers",
    "commuters",
    "pedestrians",
    "shoppers",
    "onlookers",
    "bystanders",
    "tourists",
    "patrons",
    "diners",
    "passers-by",
    "passersby",
)
_NUMBER = (
    r"(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|a\s+pair\s+of|a\s+couple\s+of|both|no|zero|without|"
    r"empty\s+of)"
)
_CROWD = re.compile(
    rf"(?<![\w-])(?P<before>{_NUMBER}(?:[\s-]+[a-z]+){{0,2}}[\s-]+)?(?P<word>{'|'.join(re.escape(w) for w in CROWD_WORDS)})(?![\w-])",
    re.IGNORECASE,
)


#: A crowd kept out of focus on purpose: the field guide's "blurred figure, no face detail needed".
_DEFOCUSED = re.compile(
    r"(?<![\w-])(?:silhouett\w*|blurred|blurry|out[\s-]of[\s-]focus|soft[\s-]focus|bokeh|in\s+(?:the\s+)?haze|faceless)(?![\w-])",
    re.IGNORECASE,
)


def crowds(text: str) -> Iterator[re.Match[str]]:
    """Undefined crowds: "busy", "customers", "passengers" without a count, names, or deliberate blur."""
    for start, clause in clauses(text):
        if _DEFOCUSED.search(clause):
            continue
        for match in _CROWD.finditer(text, start, start + len(clause)):
            if not match.group("before"):
                yield match


# --- camera ---------------------------------------------------------------------------------------

CAMERA_MOVES = (
    "moves",
    "moving",
    "move",
    "push-in",
    "push in",
    "pushes in",
    "pushes",
    "pull back",
    "pulls back",
    "pull-back",
    "pulls out",
    "pull-out",
    "dolly",
    "dollies",
    "dolly-in",
    "dolly in",
    "pan",
    "pans",
    "tilt",
    "tilts",
    "zoom",
    "zooms",
    "zoomed",
    "tracks",
    "tracking",
    "orbit",
    "orbits",
    "circles",
    "arc",
    "arcs",
    "crane",
    "cranes",
    "glides",
    "sweeps",
    "swoops",
    "drifts",
    "rises",
    "descends",
)
#: Words that give a camera move an operator, a relationship or a reason (camera-as-character).
CAMERA_MOTIVES = (
    "as",
    "as if",
    "like",
    "when",
    "while",
    "because",
    "to show",
    "to reveal",
    "to follow",
    "to catch",
    "to keep",
    "to find",
    "to showcase",
    "reveal",
    "revealing",
    "follow",
    "following",
    "with her",
    "with him",
    "with them",
    "operator",
    "friend",
    "crew",
    "documentary",
    "observer",
    "handheld",
    "hand-held",
    "phone",
    "security",
    "drone",
    "steadicam",
    "shoulder-mounted",
    "pov",
    "point of view",
    "reacts",
    "reacting",
    "predator",
    "witness",
)


def camera_move(text: str) -> re.Match[str] | None:
    return any_phrase(text, CAMERA_MOVES)


def camera_motive(text: str) -> re.Match[str] | None:
    return any_phrase(text, CAMERA_MOTIVES)


# --- looks, screen direction ----------------------------------------------------------------------

#: Look family → words that name it (style dominance compares families, not spellings).
LOOKS = {
    "photoreal": (
        "photorealistic",
        "photoreal",
        "realistic",
        "live-action",
        "live action",
        "documentary",
        "photographic",
    ),
    "anime": ("anime", "manga", "cel-shaded", "cel shaded"),
    "cartoon": ("cartoon", "2d animation", "hand-drawn", "hand drawn", "animated"),
    "3d": ("3d animation", "3d animated", "cgi", "pixar"),
    "stop-motion": ("claymation", "stop-motion", "stop motion", "clay"),
    "painterly": ("painterly", "watercolor", "watercolour", "oil painting", "illustration", "illustrated"),
}
#: Words that accept a deliberate blend of looks (the field guide's first way out).
BLEND = ("mixed media", "mixed-media", "hybrid", "semi-realistic", "blend", "blended")


def look_family(text: str | None) -> str | None:
    """The family of a look (``photoreal``, ``anime``…), ``blend`` for a deliberate mix, or None."""
    if not text:
        return None
    if any_phrase(text, BLEND):
        return "blend"
    found = {family for family, words in LOOKS.items() if any_phrase(text, words)}
    if len(found) > 1:
        return "blend"
    return found.pop() if found else None


_DIRECTION = re.compile(
    r"(?<![\w-])(?:(?P<lr>left[\s-]+to[\s-]+right|l\s*(?:→|->|to)\s*r)|(?P<rl>right[\s-]+to[\s-]+left|r\s*(?:→|->|to)\s*l))(?![\w-])",
    re.IGNORECASE,
)


def screen_direction(text: str) -> tuple[str, re.Match[str]] | None:
    """``left-to-right`` or ``right-to-left`` movement named in a text, with where."""
    match = _DIRECTION.search(text)
    if match is None:
        return None
    return ("left-to-right" if match.group("lr") else "right-to-left"), match


# --- avoid tags ------------------------------------------------------------------------------------

#: What each documented avoid tag forbids, as phrases that would ask for it anyway.
AVOID_MEANS: dict[str, tuple[str, ...]] = {
    "recap": ("re-enters", "re-enter", "re-entering", "reenters", "restarts", "starts over", "recap", "enters again"),
    "re-entry": ("re-enters", "re-enter", "re-entering", "reenters", "enters again", "walks back into frame"),
    "character-reset": ("resets", "starts over", "re-introduced"),
    "morph": ("morphs", "morphing", "transforms into", "shape-shifts", "shapeshifts"),
    "overacting": ("melodramatic", "over the top", "over-the-top", "exaggerated expressions", "dramatically"),
    "empty-background": ("empty background", "empty room", "empty street", "deserted", "bare background"),
    "static": ("static camera", "static shot", "locked-off", "locked off", "tripod", "fixed camera", "still camera"),
    "static-shots": ("static camera", "static shot", "locked-off", "locked off", "tripod", "fixed camera"),
    "darkness": ("pitch black", "darkness", "in the dark", "pitch-dark", "unlit"),
    "poor-lighting": ("dimly lit", "underexposed", "poorly lit", "unlit"),
    "time-jump": ("hours later", "days later", "the next day", "the next morning", "years later", "minutes later"),
}
_PROSE_AVOID = re.compile(r"(?<![\w-])avoid(?:ing)?\s+(?P<what>[^.;:\n<>]+)", re.IGNORECASE)


def prose_avoids(text: str) -> Iterator[tuple[str, int, int]]:
    """Things a sentence like "Avoid signage or corporate branding." forbids, with the clause's span."""
    for match in _PROSE_AVOID.finditer(text):
        for term in re.split(r",|\bor\b|\band\b|/", match.group("what")):
            term = re.sub(r"^\s*(?:any|all|the|a|an)\s+", "", term.strip(), flags=re.IGNORECASE).strip()
            if term:
                yield term, match.start(), match.end()
