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


def crowds(text: str) -> Iterator[re.Match[str]]:
    """Undefined crowds: "busy", "customers", "passengers" without a count, names, or deliberate blur."""
    for start, clause in clauses(text):
        if _DEFOCUSED.search(clause):
            continue
        for match in _CROWD.finditer(text, start, start + len(clause)):
            if not match.group("before"):
                yield match
