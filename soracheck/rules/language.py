"""The words the text rules look for: phrases with inflections, colours, garments, emotions, crowds,
camera moves, their motives and the camera grammar, looks, screen directions and what each avoid tag forbids.

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


# --- colours named in text ------------------------------------------------------------------------

#: The 148 CSS named colours (CSS Color Module Level 4), written as words so that "hot pink" and
#: "hotpink" are both found, and a few common wardrobe colours CSS lacks.
_NAMED = """
alice blue: F0F8FF; antique white: FAEBD7; aqua: 00FFFF; aquamarine: 7FFFD4; azure: F0FFFF
beige: F5F5DC; bisque: FFE4C4; black: 000000; blanched almond: FFEBCD; blue: 0000FF
blue violet: 8A2BE2; brown: A52A2A; burly wood: DEB887; cadet blue: 5F9EA0; chartreuse: 7FFF00
chocolate: D2691E; coral: FF7F50; cornflower blue: 6495ED; cornsilk: FFF8DC; crimson: DC143C
cyan: 00FFFF; dark blue: 00008B; dark cyan: 008B8B; dark goldenrod: B8860B; dark gray: A9A9A9
dark green: 006400; dark grey: A9A9A9; dark khaki: BDB76B; dark magenta: 8B008B
dark olive green: 556B2F; dark orange: FF8C00; dark orchid: 9932CC; dark red: 8B0000
dark salmon: E9967A; dark sea green: 8FBC8F; dark slate blue: 483D8B; dark slate gray: 2F4F4F
dark slate grey: 2F4F4F; dark turquoise: 00CED1; dark violet: 9400D3; deep pink: FF1493
deep sky blue: 00BFFF; dim gray: 696969; dim grey: 696969; dodger blue: 1E90FF; firebrick: B22222
floral white: FFFAF0; forest green: 228B22; fuchsia: FF00FF; gainsboro: DCDCDC
ghost white: F8F8FF; gold: FFD700; goldenrod: DAA520; gray: 808080; grey: 808080; green: 008000
green yellow: ADFF2F; honeydew: F0FFF0; hot pink: FF69B4; indian red: CD5C5C; indigo: 4B0082
ivory: FFFFF0; khaki: F0E68C; lavender: E6E6FA; lavender blush: FFF0F5; lawn green: 7CFC00
lemon chiffon: FFFACD; light blue: ADD8E6; light coral: F08080; light cyan: E0FFFF
light goldenrod yellow: FAFAD2; light gray: D3D3D3; light green: 90EE90; light grey: D3D3D3
light pink: FFB6C1; light salmon: FFA07A; light sea green: 20B2AA; light sky blue: 87CEFA
light slate gray: 778899; light slate grey: 778899; light steel blue: B0C4DE; light yellow: FFFFE0
lime: 00FF00; lime green: 32CD32; linen: FAF0E6; magenta: FF00FF; maroon: 800000
medium aquamarine: 66CDAA; medium blue: 0000CD; medium orchid: BA55D3; medium purple: 9370DB
medium sea green: 3CB371; medium slate blue: 7B68EE; medium spring green: 00FA9A
medium turquoise: 48D1CC; medium violet red: C71585; midnight blue: 191970; mint cream: F5FFFA
misty rose: FFE4E1; moccasin: FFE4B5; navajo white: FFDEAD; navy: 000080; old lace: FDF5E6
olive: 808000; olive drab: 6B8E23; orange: FFA500; orange red: FF4500; orchid: DA70D6
pale goldenrod: EEE8AA; pale green: 98FB98; pale turquoise: AFEEEE; pale violet red: DB7093
papaya whip: FFEFD5; peach puff: FFDAB9; peru: CD853F; pink: FFC0CB; plum: DDA0DD
powder blue: B0E0E6; purple: 800080; rebecca purple: 663399; red: FF0000; rosy brown: BC8F8F
royal blue: 4169E1; saddle brown: 8B4513; salmon: FA8072; sandy brown: F4A460; sea green: 2E8B57
seashell: FFF5EE; sienna: A0522D; silver: C0C0C0; sky blue: 87CEEB; slate blue: 6A5ACD
slate gray: 708090; slate grey: 708090; snow: FFFAFA; spring green: 00FF7F; steel blue: 4682B4
tan: D2B48C; teal: 008080; thistle: D8BFD8; tomato: FF6347; turquoise: 40E0D0; violet: EE82EE
wheat: F5DEB3; white: FFFFFF; white smoke: F5F5F5; yellow: FFFF00; yellow green: 9ACD32
burgundy: 800020; charcoal: 36454F; cream: FFFDD0; emerald: 50C878; mustard: FFDB58; scarlet: FF2400
"""
COLOUR_HEX: dict[str, str] = {
    name.strip(): f"#{value.strip()}"
    for entry in _NAMED.replace("\n", ";").split(";")
    if entry.strip()
    for name, value in [entry.split(":")]
}
#: Colour names that are also everyday things ("a salmon fillet", "snow falls", "olive oil"): they
#: count as colours only before a colour noun or an item that has a colour ("salmon shirt", "gold light").
_THINGS = [
    "aqua",
    "azure",
    "bisque",
    "chartreuse",
    "chocolate",
    "coral",
    "cornsilk",
    "emerald",
    "gold",
    "honeydew",
    "ivory",
    "khaki",
    "lavender",
    "lime",
    "linen",
    "moccasin",
    "mustard",
    "navy",
    "olive",
    "orange",
    "orchid",
    "peru",
    "plum",
    "salmon",
    "seashell",
    "sienna",
    "silver",
    "snow",
    "tan",
    "thistle",
    "tomato",
    "violet",
    "wheat",
    "cream",
    "charcoal",
]
_HAS_COLOUR = [
    "colour",
    "coloured",
    "color",
    "colored",
    "tone",
    "toned",
    "hue",
    "shade",
    "light",
    "lights",
    "lighting",
    "glow",
    "neon",
    "gel",
    "paint",
    "painted",
    "wall",
    "walls",
    "backdrop",
    "background",
    "sign",
    "logo",
    "cup",
    "mug",
    "can",
    "bottle",
    "car",
    "umbrella",
    "balloon",
    "lipstick",
    "nails",
    "uniform",
    "fabric",
    "accent",
    "accents",
]
_COMPACT = {name.replace(" ", ""): name for name in COLOUR_HEX}
_COLOUR_WORDS = sorted(COLOUR_HEX, key=len, reverse=True)
_COLOUR_NAME = "|".join(r"[\s-]?".join(map(re.escape, name.split())) for name in _COLOUR_WORDS)
_COLOUR_MENTION = re.compile(
    rf"(?<![\w#-])(?:(?P<name>{_COLOUR_NAME})(?:ish)?(?:[\s-]+(?P<second>{_COLOUR_NAME}))?(?=(?P<next>[\s-]+[a-z-]+))?"
    rf"|(?P<hex>#(?:[0-9a-f]{{6}}|[0-9a-f]{{3}})))(?![\w])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ColourMention:
    """A colour named in a text: the name as written, its ``#RRGGBB`` value and where it is."""

    text: str
    hex: str
    start: int
    end: int


def colour_mentions(text: str) -> Iterator[ColourMention]:
    """Every colour ``text`` names: CSS colour names and hex values, "navy blue" read as navy.

    Names of everyday things ("salmon", "gold", "snow") count only before a colour word or an item
    with a colour ("gold light", "salmon shirt", "tomato-red").
    """
    for m in _COLOUR_MENTION.finditer(text):
        if m.group("hex"):
            value = m.group("hex")[1:]
            value = "".join(c * 2 for c in value) if len(value) == 3 else value
            yield ColourMention(m.group("hex"), f"#{value.upper()}", m.start(), m.start() + len(m.group("hex")))
            continue
        name = _COMPACT[re.sub(r"[\s-]+", "", m.group("name").lower())]
        end = m.end("second") if m.group("second") else m.end("name")
        following = (m.group("next") or "").strip(" -").lower()
        if name in _THINGS and not m.group("second") and following not in {*_HAS_COLOUR, *GARMENTS}:
            continue
        yield ColourMention(text[m.start() : end], COLOUR_HEX[name], m.start(), end)


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


# --- camera grammar --------------------------------------------------------------------------------
# A house style allows some moves and not others (``[brand] camera-moves``); directors write one
# move many ways ("pushes in", "dolly in", "slow push-in"), so each canonical move lists the
# phrasings that mean it. Longer phrasings win over the words inside them: a "dolly zoom" is not a
# dolly plus a zoom, and a "whip pan" is not a pan.

_ED = r"(?:s|es|ed|ing|ning|ned)?"

#: Canonical move → regular expressions of its phrasings, most specific first.
MOVES: dict[str, tuple[str, ...]] = {
    "dolly-zoom": (r"dolly[\s-]?zoom", r"zolly", r"vertigo (?:effect|shot)"),
    "whip-pan": (rf"(?:whip|swish)[\s-]?pan{_ED}",),
    "crash-zoom": (rf"(?:crash|snap)[\s-]?zoom{_ED}",),
    "static": (r"static", r"locked[\s-]?off", r"lock[\s-]?off", r"tripod", r"fixed (?:camera|frame)"),
    "handheld": (r"hand[\s-]?held", r"shoulder[\s-]?(?:mounted|rig)"),
    "steadicam": (r"steadicam", r"gimbal"),
    "drone": (r"drone", r"aerial", r"fpv"),
    "orbit": (rf"orbit{_ED}", rf"arc{_ED} (?:around|round)", r"circles? (?:around|round)"),
    "crane": (rf"crane{_ED}", rf"jib{_ED}", rf"boom{_ED} (?:up|down)", r"pedestal"),
    "dolly": (
        r"doll(?:y|ies|ied|ying)",
        rf"push{_ED}[\s-]?in",
        rf"pull{_ED}[\s-]?(?:back|out)",
        rf"track{_ED} (?:in|out)",
    ),
    "truck": (rf"truck{_ED}", rf"crab{_ED}", r"lateral track(?:ing)?"),
    "follow": (rf"follow{_ED}", r"tracking", rf"track{_ED}"),
    "pan": (rf"pan{_ED}",),
    "tilt": (rf"tilt{_ED}",),
    "zoom": (rf"zoom{_ED}",),
    "roll": (r"dutch (?:angle|tilt)", r"barrel[\s-]?roll", rf"roll{_ED}"),
}

_PATTERN = re.compile(
    "|".join(f"(?P<{name.replace('-', '_')}>(?<!\\w)(?:{'|'.join(forms)})(?!\\w))" for name, forms in MOVES.items()),
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Move:
    """A camera move named in a text: its canonical name and where its phrasing is."""

    name: str
    start: int
    end: int


def camera_moves(text: str) -> Iterator[Move]:
    """Every camera move ``text`` names, in order (whole words only)."""
    for match in _PATTERN.finditer(text):
        yield Move(str(match.lastgroup).replace("_", "-"), *match.span())


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
