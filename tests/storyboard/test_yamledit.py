"""YAML-aware text edits keep everything they do not touch, and read back as intended."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from soracheck.storyboard.edits import apply_edits, scalar_edit
from soracheck.storyboard.yamledit import YamlEditError, YamlText, render

BOARD = """\
# a comment that must survive
title: Demo
model: {name: sora-2}
avoid: [morph]
shots:
  - id: a   # first
    duration: 4
    cast:
      - maya
      - leo
    camera: handheld

  - id: b
    lens: 35mm

  - id: c
    npcs: []
"""

ORDER = ["id", "duration", "location", "cast", "npcs", "action", "camera", "lens"]


def edit(text: str, change: Any) -> str:
    doc = YamlText.parse(text)
    result = apply_edits(text, [change(doc)])
    yaml.safe_load(result)  # still YAML
    return result


def test_replace_a_scalar_keeps_the_comment() -> None:
    out = edit(BOARD, lambda d: d.set(("shots", 0, "duration"), 8))
    assert "    duration: 8\n" in out
    assert "  - id: a   # first\n" in out


def test_new_key_goes_where_the_model_declares_it() -> None:
    out = edit(BOARD, lambda d: d.set(("shots", 1, "camera"), "slow push-in", ORDER))
    assert "  - id: b\n    camera: slow push-in\n    lens: 35mm\n" in out


def test_new_key_in_a_flow_mapping() -> None:
    out = edit(BOARD, lambda d: d.set(("model", "size"), "1280x720"))
    assert "model: {name: sora-2, size: 1280x720}\n" in out


def test_missing_parent_mapping_is_created() -> None:
    out = edit(BOARD, lambda d: d.set(("shots", 1, "audio", "sfx"), "rain, distant"))
    assert yaml.safe_load(out)["shots"][1]["audio"] == {"sfx": "rain, distant"}


def test_text_that_would_read_as_a_number_is_quoted() -> None:
    out = edit(BOARD, lambda d: d.set(("title",), "2046"))
    assert yaml.safe_load(out)["title"] == "2046"


def test_append_to_block_and_flow_lists() -> None:
    out = edit(BOARD, lambda d: d.insert(("shots", 0, "cast"), 2, "ana"))
    assert "      - leo\n      - ana\n" in out
    out = edit(BOARD, lambda d: d.insert(("avoid",), 1, "recap"))
    assert "avoid: [morph, recap]\n" in out
    out = edit(BOARD, lambda d: d.insert(("shots", 2, "npcs"), 0, "Leo (barista) wipes the counter"))
    assert "npcs: [Leo (barista) wipes the counter]" in out


def test_missing_list_is_created() -> None:
    out = edit(BOARD, lambda d: d.insert(("shots", 1, "avoid"), 0, "recap"))
    assert yaml.safe_load(out)["shots"][1]["avoid"] == ["recap"]


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        (("shots", 0, "cast", 0), ["leo"]),
        (("shots", 0, "cast", 1), ["maya"]),
        (("avoid", 0), []),
    ],
)
def test_delete_list_items(path: tuple[Any, ...], expected: list[str]) -> None:
    out = edit(BOARD, lambda d: d.delete(path))
    data = yaml.safe_load(out)
    node: Any = data
    for part in path[:-2]:
        node = node[part]
    assert node[path[-2]] == expected


def test_delete_a_whole_shot_with_its_blank_line() -> None:
    out = edit(BOARD, lambda d: d.delete(("shots", 1)))
    assert "  - id: b" not in out
    assert "    camera: handheld\n\n  - id: c\n" in out
    last = edit(BOARD, lambda d: d.delete(("shots", 2)))
    assert last.endswith("    lens: 35mm\n")


def test_delete_a_key_and_the_first_key_of_an_item() -> None:
    out = edit(BOARD, lambda d: d.delete(("shots", 0, "cast")))
    assert "cast" not in out and "maya" not in out
    out = edit(BOARD, lambda d: d.delete(("shots", 0, "id")))
    assert "  - duration: 4\n" in out


def test_move_by_source() -> None:
    doc = YamlText.parse(BOARD)
    block = doc.item_source(("shots", 0))
    out = apply_edits(BOARD, [doc.delete(("shots", 0)), doc.insert_source(("shots",), 3, block)])
    assert [s["id"] for s in yaml.safe_load(out)["shots"]] == ["b", "c", "a"]
    assert "    npcs: []\n\n  - id: a   # first\n" in out


def test_insert_source_first() -> None:
    doc = YamlText.parse(BOARD)
    out = apply_edits(BOARD, [doc.insert_source(("shots",), 0, "  - id: z\n    duration: 4")])
    assert [s["id"] for s in yaml.safe_load(out)["shots"]] == ["z", "a", "b", "c"]
    assert "shots:\n  - id: z\n    duration: 4\n\n  - id: a" in out


def test_errors_name_what_is_missing() -> None:
    doc = YamlText.parse(BOARD)
    with pytest.raises(YamlEditError, match=r"nothing at shots\.0\.lens"):
        doc.delete(("shots", 0, "lens"))
    with pytest.raises(YamlEditError, match="no position"):
        doc.insert_source(("shots",), 9, "x")


def test_render() -> None:
    assert render(5.0) == "5"
    assert render(5.5) == "5.5"
    assert render(["a, b", "c"]) == '["a, b", c]'
    assert render({"at": 0, "action": "sits"}) == "{at: 0, action: sits}"
    assert yaml.safe_load(render(["yes", "1", "x: y"])) == ["yes", "1", "x: y"]


@pytest.mark.parametrize("indicator", [">-", ">", "|", "|-"])
def test_scalar_edit_of_a_block_scalar_keeps_the_next_line(indicator: str) -> None:
    from soracheck.storyboard.load import parse_storyboard

    text = f"title: t\nshots:\n  - id: a\n    prompt: {indicator}\n      Maya sits\n      in the booth\n  - id: b\n"
    board, source = parse_storyboard(text, "t.yaml")
    value = board.shots[0].prompt or ""
    span = source.values[("shots", 0, "prompt")]
    at = value.index("Maya") + len("Maya")
    fixed = apply_edits(text, [scalar_edit(text, span, value, at, at, " (round glasses)")])
    after = yaml.safe_load(fixed)
    assert after["shots"][0]["prompt"].startswith("Maya (round glasses) sits")
    assert after["shots"][1] == {"id": "b"}
