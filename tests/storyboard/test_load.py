"""Each input error class: one message at the exact file:line:col, exit code 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from soracheck.storyboard.load import parse_storyboard
from soracheck.storyboard.source import StoryboardError
from tests.conftest import soracheck

CASES = {
    "wrong-type": (
        "title: t\nshots:\n  - id: a\n    duration: six\n",
        "4:15: duration: input should be a valid number, unable to parse string as a number, got 'six'",
    ),
    "missing-field": ("title: t\nshots:\n  - duration: 3\n", "3:5: missing required key 'id'"),
    "missing-title": ("shots: []\n", "1:1: missing required key 'title'"),
    "unknown-key": (
        "title: t\nshots:\n  - id: a\n    duraton: 3\n",
        "4:5: unknown key 'duraton' (did you mean 'duration'?)",
    ),
    "unknown-key-no-match": (
        "title: t\nlocations:\n  a: {description: x, zzz: 1}\n",
        "3:23: unknown key 'zzz'; expected one of: description, lighting, signature",
    ),
    "duplicate-shot-id": (
        "title: t\nshots:\n  - id: a\n  - id: b\n  - id: a\n",
        "5:9: duplicate shot id 'a' (first at line 3)",
    ),
    "duplicate-key": ("title: t\nshots: []\ntitle: u\n", "3:1: duplicate key 'title' (first at line 1)"),
    "syntax": ("title: [a\nshots: x\n", "2:6: YAML syntax error: did not find expected ',' or ']'"),
    "empty": ("# nothing yet\n", "1:1: empty storyboard: expected a mapping with at least 'title' and 'shots'"),
    "top-level-list": ("- a\n- b\n", "1:1: expected a mapping of storyboard keys at the top, got a list"),
    "bad-size": (
        "title: t\nmodel: {name: sora-2, size: big}\n",
        "2:29: size: size must be WIDTHxHEIGHT like 1280x720, not 'big'",
    ),
    "bad-shot-id": (
        "title: t\nshots:\n  - id: a b\n",
        "3:9: id: shot id 'a b' must be letters, digits, '-', '_' or '.', starting with a letter or digit",
    ),
    "recursive-alias": ("title: &x [*x]\n", "1:8: recursive alias: a node contains itself"),
    "unknown-tag": ("title: !foo x\n", "1:8: invalid YAML: could not determine a constructor for the tag '!foo'"),
    "infinite": (
        "title: t\nshots:\n  - {id: a, duration: .inf}\n",
        "3:23: duration: input should be a finite number, got inf",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_located_error_through_the_cli(tmp_path: Path, name: str) -> None:
    text, expected = CASES[name]
    path = tmp_path / "storyboard.yaml"
    path.write_text(text)
    result = soracheck("lint", path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{path}:{expected}"
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"title: t\x00\n", "1:9: binary file (NUL byte), expected UTF-8 text"),
        (b"title: ok\nshots: \xff\n", "2:8: not UTF-8 text: invalid byte 0xff"),
    ],
)
def test_binary_and_non_utf8_files(tmp_path: Path, content: bytes, expected: str) -> None:
    path = tmp_path / "storyboard.yaml"
    path.write_bytes(content)
    result = soracheck("lint", path)
    assert result.returncode == 2
    assert result.stderr.strip() == f"{path}:{expected}"


def test_every_problem_is_reported_in_file_order() -> None:
    text = "title: t\nshots:\n  - id: a\n    duration: x\n  - id: b\n    lense: 35mm\n"
    with pytest.raises(StoryboardError) as caught:
        parse_storyboard(text, "s.yaml")
    assert [(loc.line, loc.column) for loc, _ in caught.value.problems] == [(4, 15), (6, 5)]


def test_directive_mapping_entries_are_accepted() -> None:
    board, _ = parse_storyboard("title: t\nshots:\n  - id: a\n    directives:\n      - lighting-lock: tungsten\n", "s")
    assert board.shots[0].directives == ["lighting-lock: tungsten"]


def test_numeric_ids_are_text() -> None:
    board, source = parse_storyboard("title: t\nshots:\n  - id: 3\n", "s")
    assert board.shots[0].id == "3"
    assert str(source.locate(("shots", 0, "id"))) == "s:3:9"


def test_alias_bomb_is_refused() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 8)]
    with pytest.raises(StoryboardError, match="alias bomb"):
        parse_storyboard("\n".join(lines) + "\n", "s")
