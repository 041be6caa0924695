"""Hypothesis: whatever a note says, the offline interpreter reads it or says why — it never fails."""

from __future__ import annotations

from functools import cache

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from soracheck.agents.grammar import NotUnderstood, read_note
from soracheck.agents.ops import EditPlan, OpRejected, apply_plan
from soracheck.agents.reading import Names
from soracheck.storyboard.load import parse_storyboard
from soracheck.storyboard.model import Storyboard
from tests.conftest import SAMPLES

BOARD = SAMPLES / "redline-coffee/storyboard.yaml"
#: Words notes are made of: the storyboard's names, commands, values, places, people, joins.
WORDS = [
    "shot",
    "shots",
    "the",
    "a",
    "from",
    "on",
    "to",
    "into",
    "in",
    "of",
    "and",
    "but",
    ",",
    ".",
    "-",
    ":",
    "'",
    "3",
    "1",
    "6",
    "9",
    "12",
    "four",
    "8s",
    "50mm",
    "85",
    "mm",
    "seconds",
    "s",
    "booth",
    "cup",
    "enter",
    "order",
    "exit",
    "walk",
    "café",
    "sidewalk",
    "Maya",
    "Leo",
    "Maya's",
    "Leo's",
    "jacket",
    "red",
    "t-shirt",
    "scarf",
    "cap",
    "off",
    "trim",
    "shorten",
    "lengthen",
    "make",
    "should",
    "be",
    "twice",
    "half",
    "third",
    "more",
    "less",
    "longer",
    "shorter",
    "tighter",
    "wider",
    "swap",
    "flip",
    "move",
    "before",
    "after",
    "start",
    "end",
    "drop",
    "lose",
    "cut",
    "duplicate",
    "copy",
    "add",
    "remove",
    "give",
    "keep",
    "lock",
    "lighting",
    "continue",
    "continues",
    "picks",
    "up",
    "match",
    "camera",
    "pan",
    "push-in",
    "slow",
    "fast",
    "not",
    "instead",
    "avoid",
    "no",
    "recap",
    "static",
    "everywhere",
    "throughout",
    "every",
    "both",
    "all",
    "last",
    "first",
    "second",
    "penultimate",
    "opener",
    "close-up",
    "music",
    "sfx",
    "cue",
    "at",
    "door",
    "chime",
    "silence",
    "line",
    "'thanks'",
    "time",
    "jump",
    "dissolve",
    "fade",
    "whip-pan",
    "minutes",
    "hours",
    "it",
    "its",
    "her",
    "his",
    "they",
    "I'd",
    "can",
    "we",
    "could",
    "please",
    "honestly",
    "because",
    "so",
]


@cache
def board() -> tuple[str, Storyboard, Names]:
    text = BOARD.read_text(encoding="utf-8")
    parsed = parse_storyboard(text, str(BOARD))[0]
    return text, parsed, Names(parsed)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=14).map(" ".join) | st.text(max_size=60))
def test_any_note_is_read_or_refused_with_a_reason(note: str) -> None:
    text, parsed, names = board()
    try:
        read = read_note(note, parsed, names)
    except NotUnderstood as error:
        assert str(error)
        return
    assert len(read.words) == len(read.ops)
    try:
        apply_plan(text, str(BOARD), EditPlan(rationale="", ops=read.ops, not_understood=[]))
    except OpRejected as error:  # an edit that does not apply is reported by the interpreter, not raised
        assert str(error)
