from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from soracheck.storyboard.directives import (
    NAMES,
    Transition,
    normalise_signature,
    parse_directives,
    parse_duration,
    parse_entry,
    parse_transition,
    shot_directives,
)
from soracheck.storyboard.load import parse_storyboard


@pytest.mark.parametrize("alias", ["no-recap", "mid-scene-entry", "action-continues", "same-timeline", "continue-shot"])
def test_aliases_normalise_to_continue_shooting(alias: str) -> None:
    (directive,) = parse_directives(f"x <<{alias}>> y")
    assert directive.name == "continue-shooting"
    assert directive.written == alias
    assert directive.continuation


def test_inline_positions_and_typed_values() -> None:
    text = "<<transition: time-jump: 30-minutes-later>> Same place <<avoid: recap, Morph>> <<lighting-lock: Tungsten-Amber-Window-45°>>"
    transition, avoid, lock = parse_directives(text)
    assert text[transition.start : transition.end] == "<<transition: time-jump: 30-minutes-later>>"
    assert transition.value == Transition("time-jump", "30-minutes-later", 1800.0)
    assert avoid.value == ("recap", "morph")
    assert lock.value == "tungsten-amber-window-45"
    assert all(d.error is None for d in (transition, avoid, lock))


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("<<lighting-lock>>", "<<lighting-lock>> needs an argument: <<lighting-lock: …>>"),
        ("<<match-move: fast>>", "<<match-move>> takes no argument"),
        (
            "<<transition: wipe>>",
            "unknown transition 'wipe'; expected one of: cut, match-cut, whip-pan, seamless, time-jump, dissolve, fade",
        ),
        ("<<transition: whip-pan: 2s>>", "only a time-jump takes a duration, not whip-pan"),
        ("<<continue-shooting Maya walks", "unterminated directive: missing '>>'"),
    ],
)
def test_malformed_directives_carry_an_error(text: str, error: str) -> None:
    (directive,) = parse_directives(text)
    assert directive.error == error


def test_optional_arguments_and_unknown_names() -> None:
    identity, unknown = parse_directives("<<identity-lock>> <<cold-open>>")
    assert identity.name == "identity-lock" and identity.error is None
    assert unknown.name is None and unknown.written == "cold-open" and unknown.error is None
    assert parse_entry("identity-lock: absolute").value == "absolute"


def test_plain_shift_operators_are_not_directives() -> None:
    assert parse_directives("x << 2 and a >> b") == []


@pytest.mark.parametrize(
    ("text", "seconds"),
    [("30-minutes-later", 1800), ("2h", 7200), ("10 seconds", 10), ("3 days later", 259200), ("soon", None)],
)
def test_durations(text: str, seconds: float | None) -> None:
    assert parse_duration(text) == seconds


def test_signature_slug() -> None:
    assert normalise_signature("Tungsten amber, window 45°") == "tungsten-amber-window-45"


def test_shot_directives_cover_list_transition_and_text() -> None:
    board, _ = parse_storyboard(
        "title: t\nshots:\n  - id: a\n    directives: [match-move]\n    transition: whip-pan\n    camera: pans <<no-recap>>\n",
        "s",
    )
    found = [(f.path, f.directive.name, f.inline) for f in shot_directives(board, 0)]
    assert found == [
        (("shots", 0, "directives", 0), "match-move", False),
        (("shots", 0, "transition"), "transition", False),
        (("shots", 0, "camera"), "continue-shooting", True),
    ]
    assert parse_transition("match-cut") == (Transition("match-cut"), None)


@given(st.text())
def test_parser_never_raises(text: str) -> None:
    for directive in parse_directives(text):
        assert text[directive.start : directive.end] == directive.text
        assert (
            directive.name is None
            or directive.name in NAMES.values()
            or directive.name in {s.name for s in NAMES.values()}
        )


@given(
    st.lists(st.sampled_from(["<<", ">>", ":", ",", " ", "a", "-", "avoid", "transition", "time-jump", "\n", "°"])).map(
        "".join
    )
)
def test_parser_never_raises_on_directive_like_text(text: str) -> None:
    parse_directives(text)
    parse_entry(text)
