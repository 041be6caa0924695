"""The order of shots: swap, flip, move before or after, drop, duplicate."""

from __future__ import annotations

import re

from soracheck.agents.grammar.subject import Claim, NotUnderstood, S, Subject
from soracheck.agents.ops import (
    AddShot,
    EditOp,
    MoveShot,
    RemoveShot,
    RenameShot,
)

# --- order -------------------------------------------------------------------------------------


def order(about: Subject) -> Claim | None:
    """The cut order: swap or flip shots, move one before or after another or to the start or end,
    open on one, drop shots, duplicate one (``put the copy at the end``)."""
    text = about.text
    ids = about.names.ids
    swap = re.search(
        rf"\b(?:swap|switch|flip|reverse)\s+(?P<a>{S})(?:\s*(?:and|with|&|,)\s*(?P<b>{S}))?"
        rf"|(?P<a2>{S})\s+(?:the\s+other\s+way\s+(?:round|around)|(?:swapped|flipped|reversed)(?:\s+round)?)",
        text,
        re.I,
    )
    if swap:
        if swap.group("b"):
            a, b = about.one(swap.group("a")), about.one(swap.group("b"))
        else:
            pair = about.reading.mention(swap.group("a") or swap.group("a2"))
            if pair.problem or len(pair.shots) != 2:
                raise NotUnderstood(pair.problem or f"'{pair.written}' is not two shots to swap")
            a, b = pair.shots
        if a == b:
            raise NotUnderstood("swap needs two different shots")
        return Claim(_swap(ids, a, b), swap.start(), swap.end())
    duplicate = re.search(rf"\b(?:duplicate|repeat|copy|double\s+up)\s+(?P<a>{S})", text, re.I)
    if duplicate:
        shot = about.one(duplicate.group("a"))
        rest = text[duplicate.end() :]
        number_ = 2
        while f"{shot}-{number_}" in ids:
            number_ += 1
        place = re.search(rf"\b(?P<rel>after|before)\s+(?P<b>{S})", rest, re.I)
        if re.search(r"\b(?:at\s+the\s+(?:very\s+)?end|last)\b", rest, re.I):
            after: str | None = ids[-1]
        elif place:
            after = _placed(ids, about.one(place.group("b")), place.group("rel"))
        else:
            after = shot
        new = AddShot(op="add_shot", id=f"{shot}-{number_}", after=after, copy_of=shot, fields=[])
        return Claim([new], duplicate.start(), len(text))
    rename = re.search(rf"\brename\s+(?P<a>{S})\s+(?:to|as)\s+(?P<id>[A-Za-z0-9][\w.-]*)", text, re.I)
    if rename:
        shot = about.one(rename.group("a"))
        return Claim([RenameShot(op="rename_shot", shot=shot, new_id=rename.group("id"))], rename.start(), rename.end())
    move = _move(about)
    if move:
        return move
    drop = re.search(
        rf"\b(?:cut|drop|lose|remove|delete|kill|scrap|bin|ditch|get\s+rid\s+of|we\s+(?:can\s+)?(?:lose|drop|cut))\s+(?P<a>{S})"
        r"(?=\s*$|\s*[,.;!?]|\s+-|\s+(?:entirely|completely|altogether|from\s+the\s+(?:edit|cut|spot)))",
        text,
        re.I,
    )
    if drop and not re.search(rf"\b(?:from|in|of)\s+{re.escape(drop.group('a'))}", text, re.I):
        mention = about.reading.mention(drop.group("a"))
        if mention.problem:
            raise NotUnderstood(mention.problem)
        return Claim([RemoveShot(op="remove_shot", shot=s) for s in mention.shots], drop.start(), drop.end())
    return None


def _swap(ids: list[str], a: str, b: str) -> list[EditOp]:
    first, second = sorted((a, b), key=ids.index)
    before_first = ids[ids.index(first) - 1] if ids.index(first) > 0 else None
    ops: list[EditOp] = [MoveShot(op="move_shot", shot=second, after=before_first)]
    if ids.index(second) - ids.index(first) > 1:
        ops.append(MoveShot(op="move_shot", shot=first, after=ids[ids.index(second) - 1]))
    else:
        ops.append(MoveShot(op="move_shot", shot=first, after=second))
    return ops


def _placed(ids: list[str], other: str, relation: str) -> str | None:
    if relation.lower() == "after":
        return other
    rest = ids
    at = rest.index(other)
    return rest[at - 1] if at > 0 else None


def _move(about: Subject) -> Claim | None:
    text = about.text
    ids = about.names.ids
    start = (
        r"(?:the\s+(?:very\s+)?(?:start|beginning|front|top)|first|the\s+open(?:ing)?)"
        r"|(?P<end>(?:the\s+(?:very\s+)?end|last|the\s+close|the\s+back))"
    )
    m = re.search(
        rf"\b(?:move|put|place|bring|stick|shift)\s+(?P<a>{S}|that\s+shot|it)\s+(?:(?:right|straight|directly)\s+)?"
        rf"(?:(?P<rel>after|before|behind|ahead\s+of)\s+(?P<b>{S})|(?:to|at|in)\s+(?:{start}))"
        rf"|(?P<a2>{S})\s+(?:should\s+)?(?:go(?:es)?|went|come[s]?|be|plays?|sits?)\s+(?:(?:at|to)\s+)?(?:(?:right|straight)\s+)?"
        rf"(?:(?P<rel2>after|before)\s+(?P<b2>{S})|{start.replace('(?P<end>', '(?P<end2>')})"
        rf"|\b(?:start|open|begin)\s+(?:the\s+\w+\s+)?(?:on|with)\s+(?P<a3>{S})"
        rf"|\b(?:cold\s+open|open\s+cold)\s+(?:on|with)\s+(?P<a4>{S})",
        text,
        re.I,
    )
    if not m:
        return None
    token = m.group("a") or m.group("a2") or m.group("a3") or m.group("a4")
    if token in ("that shot", "it"):
        earlier = re.findall(S, text[: m.start()])
        if len(earlier) != 1:
            raise NotUnderstood("move which shot? Name it")
        token = earlier[0]
    shot = about.one(token)
    rest = [i for i in ids if i != shot]
    other_token = m.group("b") or m.group("b2")
    if other_token:
        other = about.one(other_token)
        if other == shot:
            raise NotUnderstood("a shot cannot move next to itself")
        relation = (m.group("rel") or m.group("rel2")).lower()
        after = _placed(rest, other, "after" if relation == "after" else "before")
    elif m.group("end") or m.group("end2"):
        after = rest[-1]
    else:
        after = None
    ops: list[EditOp] = [MoveShot(op="move_shot", shot=shot, after=after)]
    then = re.search(rf"\bthen\s+(?P<c>{S})", text[m.end() :], re.I)
    if then and after is None:
        follower = about.one(then.group("c"))
        ops.append(MoveShot(op="move_shot", shot=follower, after=shot))
    return Claim(ops, m.start(), m.end())
