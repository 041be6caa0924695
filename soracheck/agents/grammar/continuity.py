"""Continuity between shots: transitions, continuations, matched camera moves and lighting."""

from __future__ import annotations

import re

from soracheck.agents.grammar.subject import OLD, Claim, NotUnderstood, S, Subject, add_to, set_to
from soracheck.agents.ops import (
    EditOp,
    MoveShot,
)
from soracheck.storyboard.directives import continuation_of, shot_directives
from soracheck.vocabulary.notes import NUMBER, number

# --- transitions -------------------------------------------------------------------------------

_TRANSITION = (
    r"(?P<tr>match[- ]?cut|whip[- ]?pan|seamless(?:ly)?|(?:hard|straight|plain|clean)\s+cut|cross-?dissolve|dissolve"
    r"|fade(?:\s+in|\s+out|\s+through\s+black)?|(?:time[- ]?)?jump)"
)


def transition(about: Subject) -> Claim | None:
    """How a shot is entered: ``whip-pan into X``, ``dissolve from X into Y``, ``fade in on X``,
    ``time jump of 10 minutes into X``, ``X should come in seamless``, ``hard cut instead of the dissolve``."""
    text = about.text
    for m in re.finditer(_TRANSITION, text, re.I):
        if re.search(rf"{OLD}(?:an?\s+)?$", text[: m.start()], re.I) or (
            re.search(r"\b(?:drop|lose|kill|remove|cut|no)\s+(?:the\s+)?$", text[: m.start()], re.I)
        ):
            continue
        word = m.group("tr").lower()
        if word.endswith("jump") and not re.search(r"time|jump\s+into", text, re.I):
            continue
        if word == "jump" and not re.search(r"\bjump\s+(?:into|in|to)\b", text, re.I):
            continue
        into = re.search(rf"\b(?:into|onto|in\s+on|on|to|in|for)\s+(?P<s>{S})", text[m.end() :], re.I) or re.search(
            rf"\b(?:into|onto)\s+(?P<s>{S})", text, re.I
        )
        from_to = re.search(rf"\bfrom\s+(?P<a>{S})\s+(?:into|to)\s+(?P<b>{S})", text, re.I)
        if from_to:
            shots = [_entering(about, from_to.group("b"))]
        elif into:
            shots = [_entering(about, into.group("s"))]
        else:
            shots = about.targets()
        value = _transition_value(word, text[m.start() :] + " " + text[: m.start()], about)
        return Claim([set_to(shot, "transition", value) for shot in shots], m.start(), m.end())
    return None


def _entering(about: Subject, token: str) -> str:
    """The shot a transition goes into: the one named, or of a place's shots the one that enters it."""
    mention = about.reading.mention(token)
    if mention.problem and len(mention.shots) > 1:
        ids = about.names.ids
        entering = [
            s
            for s in mention.shots
            if ids.index(s) == 0 or about.get(ids[ids.index(s) - 1]).location != about.get(s).location
        ]
        if len(entering) == 1:
            return entering[0]
    return about.one(token)


def _transition_value(word: str, rest: str, about: Subject) -> str:
    if word.endswith("jump"):
        length = re.search(rf"(?P<n>{NUMBER})[\s-]*(?P<unit>minutes?|hours?|days?|weeks?|years?|mins?)\b", rest, re.I)
        if not length:
            raise NotUnderstood("a time-jump needs its length, e.g. 'time jump of 30 minutes into shot 5'")
        n = number(length.group("n"))
        unit = length.group("unit").lower()
        unit = {"min": "minutes", "mins": "minutes"}.get(unit, unit)
        unit = unit if n != 1 else unit.rstrip("s")
        unit = unit if n == 1 or unit.endswith("s") else unit + "s"
        return f"time-jump: {n:g}-{unit}-later"
    for prefix, value in (
        ("match", "match-cut"),
        ("whip", "whip-pan"),
        ("seamless", "seamless"),
        ("cross", "dissolve"),
        ("dissolve", "dissolve"),
        ("fade", "fade"),
    ):
        if word.startswith(prefix):
            return value
    return "cut"


# --- continuity --------------------------------------------------------------------------------


def continues(about: Subject) -> Claim | None:
    """A continuation: ``X continues straight from Y``, ``X picks up mid-action from Y``,
    ``continue-shooting on X`` (optionally with ``no recap``, read by the avoid aspect)."""
    text = about.text
    m = re.search(
        rf"\b(?:continues?|continuing|picks?\s+up|carr(?:y|ies)(?:\s+(?:straight|right))?\s+on)\b(?:\s+(?:straight|right|directly|mid-action|on))*"
        rf"\s+(?:from|after)\s+(?P<b>{S})|\bpicks?\s+up\s+(?:right\s+|just\s+)?where\s+(?P<b2>{S})\s+(?:leaves|left)\s+off",
        text,
        re.I,
    )
    if m:
        token = m.group("b") or m.group("b2")
        previous = about.one(token)
        about.references.add(token)
        shots = about.targets()
        ops: list[EditOp] = []
        for shot in shots:
            if shot == previous:
                raise NotUnderstood("a shot cannot continue from itself")
            ops += _after(about, shot, previous)
            found = continuation_of(shot_directives(about.board, about.names.ids.index(shot)))
            if not found or found.directive.name != "continue-shooting":
                ops.append(add_to(shot, "directives", "continue-shooting"))
        return Claim(ops, m.start(), m.end())
    m = re.search(rf"\bcontinue-shooting\s+(?:on|for|in)\s+(?P<s>{S})", text, re.I)
    if m:
        shot = about.one(m.group("s"))
        return Claim([add_to(shot, "directives", "continue-shooting")], m.start(), m.end())
    return None


def _after(about: Subject, shot: str, previous: str) -> list[EditOp]:
    ids = about.names.ids
    if ids.index(shot) == ids.index(previous) + 1:
        return []
    return [MoveShot(op="move_shot", shot=shot, after=previous)]


def match_move(about: Subject) -> Claim | None:
    """``match the camera move of X in Y``, ``Y should match-move X``."""
    text = about.text
    m = re.search(
        rf"\bmatch(?:es)?\s+the\s+camera(?:\s+move(?:ment)?)?\s+(?:of|from)\s+(?P<b>{S})"
        rf"|\bmatch-?moves?\s+(?:from\s+|with\s+)?(?P<b2>{S})",
        text,
        re.I,
    )
    if not m:
        return None
    token = m.group("b") or m.group("b2")
    previous = about.one(token)
    about.references.add(token)
    ops: list[EditOp] = []
    for shot in about.targets():
        if shot == previous:
            raise NotUnderstood("a shot cannot match its own move")
        if about.names.ids.index(shot) != about.names.ids.index(previous) + 1:
            raise NotUnderstood(
                f"shot {shot} does not follow shot {previous}: a match-move carries a move across one cut"
            )
        ops.append(add_to(shot, "directives", "match-move"))
    return Claim(ops, m.start(), m.end())


def lighting(about: Subject) -> Claim | None:
    """Lighting continuity: ``keep the lighting consistent from X into Y``, ``Y should match the
    lighting of X``, ``lock the lighting on X to SIGNATURE``, ``X: lighting-lock SIGNATURE``,
    ``lock the lighting to whatever X ends on``."""
    text = about.text
    flow = re.search(rf"\blighting\b.{{0,30}}?\bfrom\s+(?P<a>{S})\s+(?:into|to|through)\s+(?P<b>{S})", text, re.I)
    if flow:
        source, shot = about.one(flow.group("a")), about.one(flow.group("b"))
        about.references.add(flow.group("a"))
        return Claim([add_to(shot, "directives", _lighting_from(about, shot, source))], flow.start(), flow.end())
    match = re.search(
        rf"\b(?:match(?:es)?|keeps?|holds?|same)\s+(?:the\s+)?lighting\s+(?:of|from|as)\s+(?P<b>{S})"
        rf"|\b(?:keep|hold|match)\s+(?P<b2>{S})(?:'s)?\s+lighting",
        text,
        re.I,
    )
    if match:
        token = match.group("b") or match.group("b2")
        source = about.one(token)
        about.references.add(token)
        ops: list[EditOp] = []
        for shot in about.targets():
            if shot == source:
                raise NotUnderstood("a shot cannot take its lighting from itself")
            ops.append(add_to(shot, "directives", _lighting_from(about, shot, source)))
        return Claim(ops, match.start(), match.end())
    signatures = [loc.signature for loc in about.board.locations.values() if loc.signature]
    lock = re.search(
        r"\block(?:ed)?\s+(?:the\s+)?(?:(?P<s>⟨s\d+⟩)(?:'s)?\s+)?(?:\w+\s+)?lighting(?:\s+(?:on|of|in|for)\s+(?P<on>⟨s\d+⟩))?"
        r"\s+(?:to|at|on)\s+(?P<sig>whatever\b.*|[\w-]+)"
        r"|\blighting[- ]lock\s*:?\s+(?:it\s+|them\s+)?(?:to\s+)?(?P<sig2>[a-z][\w-]*)|(?P<sig3>[a-z][\w-]*)\s+lighting[- ]lock\b"
        r"|\blighting\s+lock(?:ed)?\s+(?:to|at|on)\s+(?P<sig4>[a-z][\w-]*)"
        r"|\block\s+(?P<s5>⟨s\d+⟩)\s+to\s+(?P<sig5>[a-z][\w-]*)"
        r"|\blocked\s+to\s+(?:the\s+)?(?P<sig6>[a-z][\w-]*)\s+signature",
        text,
        re.I,
    )
    if lock:
        wanted = next(lock.group(g) for g in ("sig", "sig2", "sig3", "sig4", "sig5", "sig6") if lock.group(g)).lower()
        if lock.group("sig5") and wanted not in signatures:
            return None  # "lock the pour to the beat": not a lighting signature
        if wanted.startswith("whatever"):
            wanted = "current"
        if wanted != "current" and wanted not in signatures:
            known = ", ".join(["current", *signatures])
            raise NotUnderstood(f"no lighting signature {wanted!r}; the storyboard defines: {known}")
        besides = tuple(re.findall(S, lock.group("sig") or ""))
        targets = about.targets(besides=besides, text=text if not besides else text[: lock.start("sig")])
        return Claim(
            [add_to(shot, "directives", f"lighting-lock: {wanted}") for shot in targets], lock.start(), lock.end()
        )
    return None


def _lighting_from(about: Subject, shot: str, source: str) -> str:
    ids = about.names.ids
    return "lighting-lock: current" if ids.index(source) + 1 == ids.index(shot) else f"match-lighting: {source}"
