"""Lenses and camera: focal lengths (absolute or "tighter"), camera style, speed and direction."""

from __future__ import annotations

import re

from soracheck.agents.grammar.subject import OLD, Claim, NotUnderstood, Q, S, Subject, cleaned, set_to
from soracheck.agents.ops import (
    EditOp,
    SetField,
)
from soracheck.vocabulary.camera import MOVING, SPEEDS, camera_moves, move_of
from soracheck.vocabulary.notes import LENS_NUMBERS, LENS_WORDS

# --- lenses ------------------------------------------------------------------------------------


def lens(about: Subject) -> Claim | None:
    """Lenses: ``50mm instead of the 85``, ``on a 24``, ``go from 35 to 50mm``, ``wants the 100mm``."""
    text = about.text
    swap = re.search(
        rf"\bswap(?:ping)?\s+(?:out\s+)?the\s+(?P<old>\d{{2,3}}|{LENS_NUMBERS})(?:\s*mm)?\s+(?:for|with)\s+(?:an?\s+|the\s+)?"
        rf"(?P<new>\d{{2,3}}|{LENS_NUMBERS})(?:\s*mm)?\b",
        text,
        re.I,
    )
    if swap:
        return _swapped(about, swap)
    found = [
        m
        for m in re.finditer(
            r"(?P<mm>\d{2,3})\s*mm\b(?:\s+lens)?"
            rf"|\b(?:on|at|to|wants?|use|try|needs?)\s+(?:an?|the)\s+(?P<bare>\d{{2,3}}|{LENS_NUMBERS})(?!\s*(?:s\b|secs?|seconds?|%|minutes?|-))\b",
            text,
            re.I,
        )
        if not re.search(rf"{OLD}$", text[: m.start()], re.I)
    ]
    if not found:
        vague = re.search(r"\b(?:wider|tighter|longer\s+lens|closer)\b", text, re.I)
        if vague and not re.search(r"camera|dolly|push|pan", text, re.I):
            raise NotUnderstood(f"'{vague.group()}' names no lens; say which, e.g. 'a 50mm'")
        return None
    m = next((f for f in found if f.group("mm")), found[0])  # "cramped on the 35 … try it on a 24mm"
    value = f"{m.group('mm') or LENS_WORDS.get(m.group('bare').lower(), m.group('bare'))}mm"
    return Claim([set_to(shot, "lens", value) for shot in about.targets()], m.start(), m.end())


def _millimetres(word: str) -> str:
    return f"{LENS_WORDS.get(word.lower(), word)}mm"


def _an(lens: str) -> str:
    if not lens:
        return "no lens"
    article = "an" if re.match(r"(?:8|11|18)(?!\d\d)", lens) else "a"
    return f"{article} {lens}"


def _swapped(about: Subject, m: re.Match[str]) -> Claim:
    """ "Swap the 85 for a 50" on the shots named, each of which must be on the 85; named none, on
    the one shot that is."""
    old, new = _millimetres(m.group("old")), _millimetres(m.group("new"))
    if about.mentions() or about.shot:
        shots = about.targets()
    else:
        shots = [s.id for s in about.board.shots if s.lens == old]
        if len(shots) != 1:
            raise NotUnderstood(
                f"{len(shots) or 'no'} shots are on a {old}{': ' + ', '.join(shots) if shots else ''}; name one"
            )
    wrong = [f"{shot} is on {_an(about.get(shot).lens or '')}" for shot in shots if about.get(shot).lens != old]
    if wrong:
        raise NotUnderstood(f"the note swaps out {_an(old)}, but {'; '.join(wrong)}")
    return Claim([set_to(shot, "lens", new) for shot in shots], m.start(), m.end())


# --- camera ------------------------------------------------------------------------------------


def camera(about: Subject) -> Claim | None:
    """The camera as written (``camera on X: …``), its move's speed (``fast, not slow``, ``slower
    push-in``) or direction (``pan right, not left``; ``right to left, not left to right``)."""
    text = about.text
    written = re.search(
        rf"\b(?:new\s+)?camera(?:\s+(?:on|for|of|in)\s+(?P<s>{S}))?\s*(?::|\s+should\s+be|\s+(?:ought|needs|has|wants)\s+to\s+be|\s+to\s+be|\s+with\s*:|\s+-)\s*(?P<text>.+)$",
        text,
        re.I,
    )
    if written:
        value = cleaned(about.reading.original(written.group("text")), article=True)
        if about.reading.quotes and re.fullmatch(Q, written.group("text").strip().rstrip(".")):
            value = about.reading.quotes[int(written.group("text").strip().rstrip(".")[2:-1])]
        besides = tuple(re.findall(S, written.group("text")))
        return Claim(
            [set_to(shot, "camera", value) for shot in about.targets(besides=besides)], written.start(), len(text)
        )
    direction = re.search(
        r"\b(?P<new>right\s+to\s+left|left\s+to\s+right|left|right|up|down)\b(?:[^,]*?)\s*,?\s*(?:not|instead\s+of|rather\s+than)\s+"
        r"(?P<old>right\s+to\s+left|left\s+to\s+right|left|right|up|down)\b",
        text,
        re.I,
    )
    if direction and re.search(rf"\b(?:camera|{MOVING}|crane|craning|tilts?|tilting)\b", text, re.I):
        ops: list[EditOp] = []
        for shot_id in about.targets():
            current = about.get(shot_id).camera or ""
            old = re.sub(r"\s+", " ", direction.group("old").lower())
            places = list(re.finditer(rf"(?<![\w-]){re.escape(old)}(?![\w-])", current, re.I))
            if len(places) != 1:
                raise NotUnderstood(f"shot {shot_id}'s camera does not say '{old}' once; write the camera out")
            at = places[0]
            ops.append(
                set_to(shot_id, "camera", current[: at.start()] + direction.group("new").lower() + current[at.end() :])
            )
        return Claim(ops, direction.start(), direction.end())
    speed = re.search(
        rf"(?<![\w-])(?P<adj>{SPEEDS})\s+(?P<move>{MOVING})(?![\w-])"
        rf"|(?<![\w-])(?P<move2>{MOVING})(?![\w-]).{{0,40}}?\b(?:should\s+be\s+|be\s+|to\s+)?(?P<adj2>{SPEEDS})\b\s*,?\s*(?:not|instead\s+of)",
        text,
        re.I,
    )
    if speed:
        adj = (speed.group("adj") or speed.group("adj2")).lower()
        move = speed.group("move") or speed.group("move2")
        return Claim([_speed(about, shot, move, adj) for shot in about.targets()], speed.start(), speed.end())
    if re.search(r"\bspeed\s+up\b.{0,30}\b(?:camera|move)", text, re.I):
        shots = about.targets()
        for shot_id in shots:
            if not list(camera_moves(about.get(shot_id).camera or "")):
                raise NotUnderstood(f"shot {shot_id}'s camera has no move to speed up")
        raise NotUnderstood("say how the move should go, e.g. 'faster pan on shot 2'")
    return None


_VERB = re.compile(r"[a-z]+(?:s|ed)(?![a-z])", re.IGNORECASE)


def _speed(about: Subject, shot: str, move: str, adj: str) -> SetField:
    current = about.get(shot).camera or ""
    wanted = move_of(move)
    found = next(
        (mv for mv in camera_moves(current) if mv.name == wanted and not _VERB.match(current[mv.start : mv.end])), None
    )
    if found is None:
        raise NotUnderstood(f"shot {shot}'s camera has no {move} to change; write it out: 'camera on {shot}: …'")
    before = re.search(rf"(?<![\w-])(?:{SPEEDS})\s+$", current[: found.start], re.IGNORECASE)
    start = before.start() if before else found.start
    return set_to(shot, "camera", current[:start] + f"{adj} {current[found.start : found.end]}" + current[found.end :])
