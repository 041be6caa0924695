"""Avoid tags: the ones the field guide documents, their synonyms in notes, and what each forbids."""

from __future__ import annotations

import re
from collections.abc import Iterator

#: Avoid tags the field guide documents.
AVOID_TAGS = (
    "recap",
    "re-entry",
    "character-reset",
    "morph",
    "overacting",
    "empty-background",
    "static",
    "static-shots",
    "darkness",
    "poor-lighting",
    "mood-shift",
    "time-jump",
    "location-change",
)
#: Words notes use for a documented tag ("no reset" is ``character-reset``).
AVOID_SYNONYMS = {"reentry": "re-entry", "re-entering": "re-entry", "reset": "character-reset", "morphing": "morph"}
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
