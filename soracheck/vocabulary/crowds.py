"""Crowds: words and numbers that ask a model for more people than it keeps consistent."""

from __future__ import annotations

import re
from collections.abc import Iterator

from soracheck.vocabulary.phrases import clauses

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


#: Ways of shooting that turn a crowd into a flow on purpose, whatever the sentence.
_FLOWING = re.compile(r"(?<![\w-])(?:time[\s-]?lapse|timelapse|hyperlapse|long[\s-]exposure)(?![\w-])", re.IGNORECASE)


def crowds(text: str) -> Iterator[re.Match[str]]:
    """Undefined crowds: "busy", "customers", "passengers" without a count, names, or deliberate blur.

    One crowd a clause ("busy crosswalk, pedestrians, cyclists" is one crowd); none in a
    time-lapse or a long exposure, where the crowd is meant to stream.
    """
    if _FLOWING.search(text):
        return
    for start, clause in clauses(text):
        if _DEFOCUSED.search(clause):
            continue
        found = (m for m in _CROWD.finditer(text, start, start + len(clause)) if not m.group("before"))
        if (match := next(found, None)) is not None:
            yield match
