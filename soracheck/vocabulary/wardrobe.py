"""Wardrobe: colour words, garment words and the coloured garments a text describes (\"a yellow rain cape\")."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

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
        "blonde",
        "blond",
        "auburn",
        "brunette",
        "ginger",
        "platinum",
    ]
)
#: Garment (or hair) words → the item they name, so "tee" and "t-shirt" are one item.
GARMENTS = {
    **dict.fromkeys(["jacket", "blazer", "bomber"], "jacket"),
    **dict.fromkeys(
        ["coat", "overcoat", "trench coat", "trench", "raincoat", "parka", "anorak", "windbreaker", "poncho", "cape"],
        "coat",
    ),
    **dict.fromkeys(["t-shirt", "tee", "tshirt"], "t-shirt"),
    **dict.fromkeys(["shirt", "blouse", "singlet", "tank top", "jersey"], "shirt"),
    **dict.fromkeys(["tracksuit"], "tracksuit"),
    **dict.fromkeys(["headphones", "earbuds", "headset"], "headphones"),
    **dict.fromkeys(["sweater", "jumper", "cardigan", "pullover"], "sweater"),
    **dict.fromkeys(["hoodie", "sweatshirt"], "hoodie"),
    **dict.fromkeys(["dress", "gown"], "dress"),
    **dict.fromkeys(["skirt"], "skirt"),
    **dict.fromkeys(["jeans", "trousers", "pants", "slacks", "shorts", "tights", "leggings", "joggers"], "trousers"),
    **dict.fromkeys(["hat", "cap", "beanie", "beret", "fedora", "trilby", "bandana"], "hat"),
    **dict.fromkeys(["scarf"], "scarf"),
    **dict.fromkeys(["tie", "bow tie"], "tie"),
    **dict.fromkeys(["apron"], "apron"),
    **dict.fromkeys(["waistcoat", "vest", "gilet"], "waistcoat"),
    **dict.fromkeys(["ribbon", "bow", "hairband", "headband"], "ribbon"),
    **dict.fromkeys(["dungarees", "overalls"], "dungarees"),
    **dict.fromkeys(["gloves"], "gloves"),
    **dict.fromkeys(["shoes", "sneakers", "boots", "heels", "trainers", "wellies", "wellingtons"], "shoes"),
    **dict.fromkeys(["glasses", "spectacles", "sunglasses"], "glasses"),
    **dict.fromkeys(["backpack", "bag", "handbag"], "bag"),
    **dict.fromkeys(["hair", "bob", "ponytail", "braid", "braids"], "hair"),
    **dict.fromkeys(["beard", "stubble", "moustache", "mustache"], "beard"),
}
#: Regular-expression alternations of every garment and colour word, longest first.
GARMENT_WORDS = "|".join(sorted((re.escape(g) for g in GARMENTS), key=len, reverse=True))
COLOUR_WORDS = "|".join(sorted(COLOURS, key=len, reverse=True))
_WEAR = re.compile(
    rf"(?<![\w-])(?:(?P<shade>[a-z]+)-)?(?P<colour>{COLOUR_WORDS})(?:ish)?(?:[\s-]+(?!(?:{COLOUR_WORDS})\b)[a-z]+){{0,2}}?[\s-]+(?P<item>{GARMENT_WORDS})(?:e?s)?(?![\w-])",
    re.IGNORECASE,
)


#: Item → the slot of the body it is worn in, where one item replaces another (a cape or a jacket
#: as the outer layer); items not listed are each their own slot. Layers that are worn together
#: (a sweater over a shirt) are other slots.
SLOTS = {
    **dict.fromkeys(["jacket", "coat"], "outerwear"),
    **dict.fromkeys(["t-shirt", "shirt"], "top"),
    **dict.fromkeys(["sweater", "hoodie"], "knitwear"),
    **dict.fromkeys(["trousers", "skirt"], "legwear"),
    "hat": "headwear",
    "shoes": "footwear",
    "glasses": "eyewear",
}
#: Verbs that put a garment on: what follows them is a change, not a contradiction ("she pulls on a green jacket").
PUTTING_ON = re.compile(
    r"(?<![\w-])(?:(?:puts?|putting|pulls?|pulling|slips?|slipping|shrugs?|shrugging|throws?|throwing|threw)\s+on|"
    r"(?:slips?|slipping|changes?|changed|changing)\s+into|dons|donning|donned)(?![\w-])",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Wear:
    """A coloured item of wardrobe or appearance found in a text: its item, colour, and the words as written."""

    item: str
    colour: str
    start: int
    end: int
    colour_start: int
    phrase: str = ""
    colour_end: int = 0

    @property
    def slot(self) -> str:
        return SLOTS.get(self.item, self.item)

    def moved(self, offset: int) -> Wear:
        """The same wear in a text that starts ``offset`` characters earlier."""
        return Wear(
            self.item,
            self.colour,
            self.start + offset,
            self.end + offset,
            self.colour_start + offset,
            self.phrase,
            self.colour_end + offset,
        )


def _colour(word: str) -> str:
    word = word.lower()
    return {"gray": "grey", "golden": "gold", "blond": "blonde"}.get(word, word)


def same_colour(one: str, other: str) -> bool:
    """Whether two colours of :func:`wardrobe` are one: equal, or one names a part of the other ("navy-blue")."""
    return one == other or bool(set(one.split("-")) & set(other.split("-")))


def wardrobe(text: str) -> Iterator[Wear]:
    """Every "<colour> [≤2 words] <garment>" in a text: ``red leather jacket``, ``lime-green windbreaker``.

    A shade before a hyphen is part of the colour's words but not of the colour ("jet-black" is
    black), unless it is a colour itself ("navy-blue").
    """
    for m in _WEAR.finditer(text):
        item = GARMENTS[m.group("item").lower()]
        colour, shade = _colour(m.group("colour")), (m.group("shade") or "").lower()
        if shade in COLOURS:
            colour = f"{_colour(shade)}-{colour}"
        start = m.start("shade") if shade else m.start("colour")
        yield Wear(item, colour, m.start(), m.end(), start, m.group(), m.end("colour"))
