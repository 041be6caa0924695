"""What the editor asks about a place in a storyboard: the keys above it, its directive, what may
be written there and where what is named there is defined."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from soracheck.storyboard.cursor import Place, choices, definition, place_at
from soracheck.storyboard.directives import TRANSITIONS
from soracheck.storyboard.load import compose, parse_storyboard
from soracheck.storyboard.source import NodePath, StoryboardError
from soracheck.vocabulary.avoid import AVOID_TAGS

REPO = Path(__file__).resolve().parents[2]
BOARDS = sorted(
    path
    for folder in ("sample_projects", "soracheck/starter", "tests/rules/fixtures", "tests/agents/notes")
    for path in (REPO / folder).rglob("*.yaml")
)

BOARD = """\
title: Redline
characters:
  maya:
    name: Maya Chen
    cameo: maya-chen
  leo: {name: Leo}
locations:
  redline:
    description: Redline Coffee
    lighting: warm tungsten
    signature: tungsten-amber
  street: {description: the street outside, signature: golden-hour}
shots:
  - id: enter
    location: redline
    cast: [maya, leo]
    action: "Maya walks in <<identity-lock: maya>>"
    directives:
      - lighting-lock: tungsten-amber
      - "match-lighting: enter"
  - id: order
    cast:
    - leo
    transition: whip-pan
"""


def at(text: str, marker: str, shift: int = 0) -> Place:
    """The place just after the first ``marker`` of ``text`` (moved by ``shift``)."""
    return place_at(text, text.index(marker) + len(marker) + shift)


def structure(data: Any, node: NodePath) -> Any:
    for key in node:
        data = data[key]
    return data


def in_block_scalar(text: str, source: Any, node: NodePath) -> bool:
    """Whether ``node`` is inside a block scalar (fixtures hold storyboards as ``|`` text)."""
    spans = (source.values.get(node[:depth]) for depth in range(1, len(node)))
    return any(span is not None and text[span[0]] in "|>" for span in spans)


@pytest.mark.parametrize("path", BOARDS, ids=lambda path: str(path.relative_to(REPO)))
def test_every_value_and_key_of_real_storyboards_is_placed_under_its_keys(path: Path) -> None:
    check_every_value_and_key(path, path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", sorted((REPO / "sample_projects").rglob("*.yaml")), ids=lambda path: path.name)
def test_windows_line_endings_change_nothing(path: Path) -> None:
    check_every_value_and_key(path, path.read_text(encoding="utf-8").replace("\n", "\r\n"))


def check_every_value_and_key(path: Path, text: str) -> None:
    try:
        data, source = compose(text, str(path))
    except StoryboardError:
        pytest.skip("not YAML (a fixture for a broken file)")
    checked = 0
    for node, (start, end) in source.values.items():
        leaf = structure(data, node)
        if not node or isinstance(leaf, dict | list) or text[start] in "|>" or in_block_scalar(text, source, node):
            continue
        want = tuple("-" if isinstance(key, int) else key for key in node)
        for offset in (start, (start + end) // 2, end):
            assert place_at(text, offset).keys == want, (text.count("\n", 0, offset) + 1, offset)
            checked += 1
    for node, (_, end) in source.keys.items():
        if in_block_scalar(text, source, node):
            continue
        place = place_at(text, end)
        assert place.key, text.count("\n", 0, end) + 1
        assert place.keys == tuple("-" if isinstance(key, int) else key for key in node[:-1])
        checked += 1
    assert checked or not source.keys


@pytest.mark.parametrize(
    ("text", "marker", "keys", "key"),
    [
        ("shots:\n  - id: a\n    cast: [maya, ", "[maya, ", ("shots", "-", "cast", "-"), False),
        ("shots:\n  - id: a\n    cast: [maya]\n", "[maya]", ("shots", "-", "cast"), False),
        ("shots:\n  - beats: [{at: 0, act", "act", ("shots", "-", "beats", "-"), True),
        ("shots:\n  - beats: [{at: 0, action: Ma", "Ma", ("shots", "-", "beats", "-", "action"), False),
        ("shots:\n- id: a\n  dur", "dur", ("shots", "-"), True),  # a sequence not indented
        ("shots:\n  - cast:\n    - ma", "ma", ("shots", "-", "cast", "-"), True),  # and under a list item's key
        ("shots:\r\n  - id: a\r\n    cast: [maya, ", "[maya, ", ("shots", "-", "cast", "-"), False),
        ("shots:\n  - id: a\n\n    # a comment\n    lo", "lo", ("shots", "-"), True),
        ("shots:\n  - id: a\n    action: >\n      Maya walks\n      in", "in", ("shots", "-", "action"), False),
        ("shots:\n  - id: a\n    # cast", "# cast", ("shots", "-"), False),  # a comment is no key
        (
            "characters:\n  maya:\n    anchors:\n      - red scarf\n      - ",
            "- ",
            ("characters", "maya", "anchors", "-"),
            True,
        ),
        ("title: x  # cast: [", "[", ("title",), False),
        ('model: {"name": sora-2, "size": 12', "12", ("model", "size"), False),  # quoted keys in a flow mapping
        ("shots:\n  - action: >-\n      CU: her face\n      turns", "her", ("shots", "-", "action"), False),
        ("shots:\n  - action: |\n      - not a list\n", "not", ("shots", "-", "action"), False),
    ],
)
def test_places_being_typed(text: str, marker: str, keys: tuple[str, ...], key: bool) -> None:
    place = at(text, marker)
    assert (place.keys, place.key) == (keys, key)


def test_the_word_at_a_place_is_what_a_completion_replaces() -> None:
    place = at(BOARD, "cast: [ma", 1)
    assert place.word == "maya"
    assert BOARD[place.start : place.end] == "maya"
    assert at(BOARD, "cast: [maya, ").word == "leo"


@pytest.mark.parametrize(
    ("text", "marker", "directive", "argument"),
    [
        ("shots:\n  - action: she turns <<ligh", "<<ligh", "ligh", False),
        ("shots:\n  - action: she turns <<lighting-lock: tung", "tung", "lighting-lock", True),
        ("shots:\n  - action: she turns <<identity-lock: maya>> and", "<<ident", "identity-lock", False),
        ("shots:\n  - action: she turns <<identity-lock: maya>> and", "lock: ma", "identity-lock", True),
        ("shots:\n  - action: she turns <<identity-lock: maya>> and", "and", None, False),
        ("shots:\n  - directives:\n      - match-li", "match-li", "match-li", False),
        ("shots:\n  - directives:\n      - lighting-lock: go", ": go", "lighting-lock", True),
        ("shots:\n  - directives:\n      - 'match-lighting: ent", "ent", "match-lighting", True),
        ("shots:\n  - directives: [continue-shooting, match-li", "match-li", "match-li", False),
        ("shots:\n  - transition: whip", "whip", "transition", True),
    ],
)
def test_the_directive_a_place_is_in(text: str, marker: str, directive: str | None, argument: bool) -> None:
    place = at(text, marker)
    assert (place.directive, place.argument) == (directive, argument)


def labels(place: Place, **people: str) -> list[str]:
    board, _ = parse_storyboard(BOARD, "board.yaml")
    return [choice.label for choice in choices(place, board, people)]


def test_directive_names_are_offered_where_a_directive_is_begun() -> None:
    offered = labels(at("shots:\n  - action: she turns <<", "<<"))
    assert {"lighting-lock", "continue-shooting", "match-lighting", "identity-lock"} <= set(offered)


def test_lighting_lock_offers_the_signatures_defined() -> None:
    place = at("shots:\n  - action: she turns <<lighting-lock: ", "lock: ")
    assert labels(place) == ["current", "tungsten-amber", "golden-hour"]


def test_match_lighting_offers_the_shots_and_identity_lock_the_cast() -> None:
    assert labels(at("shots:\n  - directives:\n      - match-lighting: ", ": ")) == ["enter", "order"]
    assert labels(at("shots:\n  - action: <<identity-lock: ", "lock: ")) == ["maya", "leo"]


def test_cast_location_avoid_transition_and_cameo_values_are_offered() -> None:
    assert labels(at(BOARD, "cast: [")) == ["maya", "leo"]
    assert labels(at(BOARD, "    - leo", -3)) == ["maya", "leo"]
    assert labels(at(BOARD, "location: ")) == ["redline", "street"]
    assert labels(at("avoid: [", "[")) == list(AVOID_TAGS)
    assert labels(at(BOARD, "transition: ")) == list(TRANSITIONS)
    assert labels(at(BOARD, "cameo: "), **{"maya-chen": "Maya Chen"}) == ["maya-chen"]
    board, _ = parse_storyboard(BOARD, "board.yaml")
    codes = {"CT001": "continue-on-first-shot", "CR005": "stated-emotion"}
    for typed in ("    ignore: [", "    ignore:\n      - ", "    ignore:\n      - CT"):
        text = BOARD + typed
        assert [c.label for c in choices(place_at(text, len(text)), board, None, codes)] == ["CT001", "CR005"]


def test_keys_offered_are_the_fields_of_the_thing_being_written() -> None:
    shot_keys = labels(at(BOARD, "  - id: order\n    ", 0))
    assert {"id", "duration", "cast", "location", "directives", "transition"} <= set(shot_keys)
    assert "anchors" in labels(at(BOARD, "    name: Maya Chen\n    ", 0))
    assert labels(at(BOARD, 'action: "Maya walks')) == []  # free text: nothing to offer


@pytest.mark.parametrize(
    ("marker", "shift", "found"),
    [
        ("cast: [ma", 0, ("characters", "maya")),
        ("cast:\n    - le", 0, ("characters", "leo")),
        ("location: red", 0, ("locations", "redline")),
        ("identity-lock: ma", 0, ("characters", "maya")),
        ("lighting-lock: tung", 0, ("locations", "redline", "signature")),
        ("match-lighting: ent", 0, ("shots", 0, "id")),
        ("cameo: maya", 0, "maya-chen"),
        ("  ma", 0, ("characters", "maya")),  # a definition is its own
        ("  stre", 0, ("locations", "street")),
        ('action: "Maya', 0, None),
        ("transition: whip", 0, None),
    ],
)
def test_definitions_of_what_is_named(marker: str, shift: int, found: NodePath | str | None) -> None:
    board, _ = parse_storyboard(BOARD, "board.yaml")
    assert definition(at(BOARD, marker, shift), board) == found


def test_a_name_not_defined_has_no_definition() -> None:
    board, _ = parse_storyboard(BOARD, "board.yaml")
    text = BOARD.replace("cast: [maya, leo]", "cast: [maya, ivo]")
    assert definition(at(text, "[maya, i"), board) is None
