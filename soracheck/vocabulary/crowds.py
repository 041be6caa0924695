"""Crowds: words and numbers that ask a model for more people than it keeps consistent."""

from __future__ import annotations

import functools
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


#: A crowd kept out of focus or far away on purpose: the field guide's "blurred figure, no face detail needed".
_DEFOCUSED = re.compile(
    r"(?<![\w-])(?:silhouett\w*|blurred|blurry|out[\s-]of[\s-]focus|soft[\s-]focus|bokeh|in\s+(?:the\s+)?haze|faceless|"
    r"distant|in\s+the\s+distance|far[\s-]off|far\s+below|(?:city|town|street|streets)\s+below)(?![\w-])",
    re.IGNORECASE,
)


#: Ways of shooting that turn a crowd into a flow on purpose, whatever the sentence.
_FLOWING = re.compile(r"(?<![\w-])(?:time[\s-]?lapse|timelapse|hyperlapse|long[\s-]exposure)(?![\w-])", re.IGNORECASE)


#: Crowd words that are adjectives: they mean people only when they describe a place or a gathering
#: ("a busy street", "the market is packed"), not a day or a schedule ("a busy day").
_ADJECTIVES = frozenset({"busy", "crowded", "packed", "bustling"})
_PLACE = re.compile(
    r"(?:[\s-]+[a-z]+)?[\s-]+(?:streets?|sidewalks?|pavements?|crosswalks?|intersections?|corners?|squares?|plazas?|"
    r"markets?|marketplaces?|bazaars?|stations?|platforms?|terminals?|airports?|concourses?|trains?|subways?|buses|bus|trams?|"
    r"ferry|cafes?|cafés?|restaurants?|diners?|bars?|pubs?|clubs?|shops?|stores?|malls?|kitchens?|offices?|"
    r"lobby|lobbies|halls?|rooms?|venues?|stadiums?|arenas?|beach(?:es)?|parks?|city|cities|towns?|villages?|"
    r"neighbou?rhoods?|avenues?|boulevards?|roads?|harbou?rs?|ports?|docks?|festivals?|fairs?|parties|party|"
    r"concerts?|protests?|rallies|rally|marches|march|parades?|weddings?|crowds?|scene)(?![\w-])",
    re.IGNORECASE,
)
_PREDICATIVE = re.compile(r"(?<![\w-])(?:is|are|was|were|gets|grows|becomes)\s+(?:\w+\s+)?$", re.IGNORECASE)


def _people(text: str, match: re.Match[str]) -> bool:
    """Whether a crowd word asks for people: a noun always, an adjective of a place or said of one."""
    if match.group("word").lower() not in _ADJECTIVES:
        return True
    return bool(_PLACE.match(text, match.end()) or _PREDICATIVE.search(text, 0, match.start("word")))


@functools.lru_cache(maxsize=4096)  # an editor lints the same texts again at each change
def crowds(text: str) -> tuple[re.Match[str], ...]:
    """Undefined crowds: "busy street", "customers", "passengers" without a count, names, or deliberate blur.

    One crowd a clause ("busy crosswalk, pedestrians, cyclists" is one crowd); none in a
    time-lapse or a long exposure, where the crowd is meant to stream; "busy" and "bustling" only
    of a place or a gathering ("amidst their busy day" is no crowd).
    """
    return tuple(_crowds(text))


def _crowds(text: str) -> Iterator[re.Match[str]]:
    if _FLOWING.search(text):
        return
    for start, clause in clauses(text):
        if _DEFOCUSED.search(clause):
            continue
        found = (
            m for m in _CROWD.finditer(text, start, start + len(clause)) if not m.group("before") and _people(text, m)
        )
        if (match := next(found, None)) is not None:
            yield match
