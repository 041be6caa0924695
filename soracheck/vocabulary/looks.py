"""Looks (photoreal, anime, cartoon…) and screen direction (left-to-right, right-to-left)."""

from __future__ import annotations

import re

from soracheck.vocabulary.phrases import any_phrase

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
