"""Durations: absolute, relative and ratio changes of a shot's length, with its beats re-timed."""

from __future__ import annotations

import re
from collections.abc import Callable

from soracheck.agents.grammar.subject import OLD, SECONDS, Claim, NotUnderstood, S, Subject, set_to
from soracheck.agents.ops import (
    EditOp,
)
from soracheck.storyboard.model import Shot
from soracheck.vocabulary.notes import NUMBER, number

# --- durations ---------------------------------------------------------------------------------


def duration(about: Subject) -> Claim | None:
    """How long shots run: ``trim it to 4 seconds``, ``4 s shorter``, ``twice as long``, ``a third of
    its length``, ``16 s apiece``, ``lose four seconds``, ``could we get it down to 4?``."""
    text = about.text
    per = re.search(
        rf"(?P<n>{NUMBER})\s*(?:s\b|secs?\b|seconds?\b)?\s*(?:per\s+shot|a\s+shot|apiece|each)\b", text, re.I
    )
    factor = re.search(
        rf"\b(?P<f>twice|double(?!\s+up)|triple|thrice|half|halve[ds]?|(?:a|one|two)\s+(?:third|quarter|half)s?|{NUMBER}\s+times)\b"
        r"(?:\s+(?:as\s+long|the\s+length|its\s+length|of\s+its\s+length|its\s+running\s+time))?",
        text,
        re.I,
    )
    more = re.search(rf"(?P<n>{NUMBER})\s+(?:more|extra|additional)\s+(?:s|secs?|seconds?)\b", text, re.I)
    if more:
        return _durations(about, more, lambda current: current + number(more.group("n")))
    found = [m for m in re.finditer(SECONDS, text, re.I) if not _cue_time(text, m.start())]
    fresh = [m for m in found if not re.search(rf"{OLD}$", text[: m.start()], re.I)]
    if per:  # "the whole spot 30 seconds, ten per shot": the share per shot is the value
        claim = _durations(about, per, lambda current: number(per.group("n")))
        claim.start = 0
        return claim
    corrected = re.search(
        rf"\b(?:but|and)\s+(?:it\s+)?(?:should|needs?\s+to|ought\s+to)\s+be\s+(?P<n>{NUMBER})\b(?!\s*(?:mm|minutes?|hours?))",
        text,
        re.I,
    )
    if corrected and fresh:  # "is 12 seconds but should be 8"
        return _durations(about, corrected, lambda current: number(corrected.group("n")))
    if fresh:
        # "is 12 seconds but should be 8 seconds": the value asked for, not the one the shot has
        asked = [
            f
            for f in fresh
            if re.search(
                r"\b(?:should|must|needs?\s+to|ought\s+to|make\s+it|to)\s+(?:be\s+)?(?:just\s+)?$",
                text[: f.start()],
                re.I,
            )
        ]
        m = (asked or fresh)[0]
        amount = number(m.group("n"))
        after, before = text[m.end() : m.end() + 24].lower(), text[max(0, m.start() - 30) : m.start()].lower()
        if re.match(r"\s*(?:shorter|less|too\s+long|off\b)", after) or re.search(
            r"\b(?:shorten\w*|trim\w*|cut|lose|loses|take|minus|drop|knock)\b(?:\s+(?:it|⟨s\d+⟩|the\s+\w+))?\s+(?:by\s+)?$",
            before,
        ):
            return _durations(about, m, lambda current: current - amount)
        if re.match(r"\s*(?:longer|more|extra|too\s+short)", after) or re.search(
            r"\b(?:lengthen\w*|extend\w*|add|plus)\b(?:\s+(?:it|⟨s\d+⟩|the\s+\w+))?\s+(?:by\s+)?$", before
        ):
            return _durations(about, m, lambda current: current + amount)
        if re.search(r"\b(?:more|another|extra)\s+$", before):
            return _durations(about, m, lambda current: current + amount)
        return _durations(about, m, lambda current: amount)
    if (factor and re.search(r"\b(?:long|length|shorter|longer|running|halve)", text, re.I)) or (
        factor and factor.group("f").lower().startswith(("double", "triple", "halve"))
    ):
        assert factor is not None
        word = factor.group("f").lower()
        share = {"twice": 2.0, "double": 2.0, "half": 0.5}.get(word.split()[-1] if " " not in word else "", 0.0)
        if word.startswith("halve"):
            share = 0.5
        if word in ("triple", "thrice"):
            share = 3.0
        if word.endswith(" times"):
            share = number(word.split()[0])
        elif " " in word:
            count = {"a": 1, "one": 1, "two": 2}[word.split()[0]]
            share = count * {"third": 1 / 3, "quarter": 0.25, "half": 0.5}[word.split()[1].rstrip("s")]
            after = text[factor.end() : factor.end() + 12].lower()
            if re.search(
                r"\b(?:lose|loses|cut|trim|take|shorten)\b(?!.*\bdown\s+to\b)", text[: factor.start()], re.I
            ) or re.match(r"\s*shorter\b", after):
                share = 1 - share
            elif re.match(r"\s*longer\b", after):
                share = 1 + share
        return _durations(about, factor, lambda current: round(current * share, 3))
    bare = re.search(rf"\b(?:down|up)\s+to\s+(?P<n>{NUMBER})(?!\s*(?:mm|minutes?|hours?))\b", text, re.I) or re.search(
        rf"\b(?:trim|cut|shorten|lengthen|tighten|bring|up|push|take)\w*\s+(?:it\s+|{S}\s+)?(?:back\s+|right\s+|all\s+the\s+way\s+)?"
        rf"(?:down\s+|up\s+)?to\s+(?P<n>{NUMBER})(?!\s*(?:mm|m\b|minutes?|hours?))\b",
        text,
        re.I,
    )
    if bare and re.search(
        r"\b(?:drags?|long|short|length|trim|cut|shorten|lengthen|tighten|bring|up\s+it)", text, re.I
    ):
        return _durations(about, bare, lambda current: number(bare.group("n")))
    vague = re.search(
        r"\b(?:(?:a\s+)?(?:bit|touch|little|few|tad)|slightly|somewhat|more\s+room)\b.{0,25}\b(?:longer|shorter|seconds?|more|trim)"
        r"|\b(?:trim|shorten|lengthen|extend)\w*\b.{0,25}\b(?:a\s+(?:bit|touch|little|tad))\b"
        r"|\b(?:longer|shorter)\s+on\b|\bshould\s+be\s+(?:longer|shorter)\b",
        text,
        re.I,
    )
    if vague:
        raise NotUnderstood(
            f"'{about.words(vague.start(), vague.end())}' gives no number of seconds; say e.g. '8 seconds'"
        )
    return None


def _cue_time(text: str, at: int) -> bool:
    """Whether a time is when a sound lands ("at 2 s", "from 10 s", "land at 8") rather than a length."""
    return bool(re.search(r"\b(?:at|from|right\s+at|to\s+land\s+at|land\s+at)\s+$", text[:at], re.I)) or bool(
        re.search(r"\bmove\s+the\s+[\w\s'-]+?\s+to\s+$", text[:at], re.I)
    )


def _durations(about: Subject, m: re.Match[str], new: Callable[[float], float]) -> Claim:
    ops: list[EditOp] = []
    follow: list[EditOp] = []
    for shot_id in about.targets():
        current = about.get(shot_id).duration
        if current is None:
            raise NotUnderstood(f"shot {shot_id} has no duration to change; give one, e.g. '{shot_id}: 8 seconds'")
        value = float(f"{new(current):.3g}")
        if value <= 0:
            raise NotUnderstood(f"shot {shot_id} lasts {current:g} s: it cannot be made {value:g} s long")
        ops.append(set_to(shot_id, "duration", value))
        follow += _retimed(about.get(shot_id), current, value)
    return Claim(ops, m.start(), m.end(), follow)


def _retimed(shot: Shot, old: float, new: float) -> list[EditOp]:
    """Beats scaled to a new duration, and the cues that would fall at or past its end: the same
    moments, in the same proportion of the shot."""
    if new == old:
        return []
    scale = new / old
    ops: list[EditOp] = [
        set_to(shot.id, f"beats.{i}.at", _rounded(beat.at * scale)) for i, beat in enumerate(shot.beats) if beat.at
    ]
    cues = shot.audio.cues if shot.audio else []
    ops += [set_to(shot.id, f"audio.cues.{i}.at", _rounded(c.at * scale)) for i, c in enumerate(cues) if c.at >= new]
    return ops


def _rounded(value: float) -> float:
    return round(value * 2) / 2
