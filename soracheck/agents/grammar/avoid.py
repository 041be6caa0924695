"""Avoid tags: what a shot, or the whole project, must not show."""

from __future__ import annotations

import re

from soracheck.agents.grammar.sound import heard
from soracheck.agents.grammar.subject import Claim, NotUnderstood, Subject, add_to, remove_from
from soracheck.agents.ops import (
    EditOp,
)
from soracheck.vocabulary.avoid import AVOID_SYNONYMS, AVOID_TAGS
from soracheck.vocabulary.notes import stem

# --- avoid tags ----------------------------------------------------------------------------------


def avoid(about: Subject) -> Claim | None:
    """Avoid tags: ``avoid static on every shot on the deck``, ``no recap``, ``watch for darkness on
    the walk``, ``empty backgrounds are a no on X``, ``avoid overacting everywhere`` (the project's
    list), ``X doesn't need the re-entry avoid anymore`` (removed)."""
    text = about.text
    removal = re.search(
        r"\b(?:doesn't|does\s+not|don't|no\s+longer)\s+need\s+the\s+(?P<tag>[\w-]+)\s+avoid", text, re.I
    )
    if removal:
        tag = _tag(removal.group("tag"))
        shots = about.targets()
        ops: list[EditOp] = []
        for shot in shots:
            if tag not in about.get(shot).avoid:
                raise NotUnderstood(f"shot {shot} does not avoid {tag}")
            ops.append(remove_from("shot", shot, "avoid", tag))
        return Claim(ops, removal.start(), removal.end())
    m = re.search(
        rf"\b(?:avoid(?:s|ing)?|watch\s+(?:out\s+)?for|without(?:\s+an?)?(?=\s+(?:{_KNOWN_TAGS})\b)|(?<![\w-])no)\s+(?P<tags>[\w\s,'-]+?)(?=\s*$|\s*[.;!?:]|\s+-|\s+⟨|\s+(?:on|in|for|at|from|anywhere|everywhere|throughout|either|too|please|all)\b|\s*,\s+(?!and\b|or\b))"
        r"|(?P<tags2>[\w\s-]+?)\s+(?:are|is)\s+a\s+no\b",
        text,
        re.I,
    )
    if not m:
        return None
    words = m.group("tags") or m.group("tags2")
    not_tags = r"\s*(?:web|social|broadcast|tv|cinema|streaming|ooh|music|bgm|score|sfx|sound|audio|dialogue|voice)\s*"
    if heard(about, words) or re.fullmatch(not_tags, words, re.I):
        return None
    if re.search(r"\b(?:no\s+)?(?:one|more|longer|need|way|change|cheap)\b", words, re.I):
        return None
    parts = [p for p in re.split(r"\s*(?:,|\band\b|\bor\b)\s*", words.strip()) if p.strip()]
    if not parts or any(
        len(p.split()) > 3 or re.search(r"\b(?:on|in|into|onto|to|around|at|the|of|for)\b", p, re.I) for p in parts
    ):
        return None
    tags = [_tag(part) for part in parts]
    mentions = about.mentions()
    everywhere = any(x.scope == "all" for x in mentions) or re.search(
        r"\b(?:in\s+the\s+spot|the\s+whole)\b", text, re.I
    )
    # a place or shot the note names that was not read as one: not the whole project
    unread_place = re.search(r"\b(?:on|in|at|for)\s+the\s+[a-z]|\bshots?\b", text, re.I)
    if (everywhere or not (mentions or about.shot or unread_place)) and not [x for x in mentions if x.scope != "all"]:
        return Claim([add_to(None, "avoid", tag) for tag in tags], m.start(), m.end())
    shots = about.targets()
    return Claim([add_to(shot, "avoid", tag) for shot in shots for tag in tags], m.start(), m.end())


_KNOWN_TAGS = "|".join(
    re.escape(t)
    for t in sorted({*AVOID_TAGS, *(t.replace("-", " ") for t in AVOID_TAGS), *AVOID_SYNONYMS}, key=len, reverse=True)
)


def _tag(words: str) -> str:
    import difflib

    part = re.sub(r"\s+", "-", words.strip().lower())
    part = AVOID_SYNONYMS.get(part, part)
    for form in (part, part.rstrip("s"), re.sub(r"s$", "", part), part.replace("ing", "")):
        if form in AVOID_TAGS:
            return form
    close = difflib.get_close_matches(part, AVOID_TAGS, n=1, cutoff=0.82) or difflib.get_close_matches(
        part.rstrip("s"), AVOID_TAGS, n=1, cutoff=0.82
    )
    if close:
        return close[0]
    if stem(part) in ("morph", "reset"):
        return {"morph": "morph", "reset": "character-reset"}[stem(part)]
    return part
