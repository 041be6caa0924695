"""Edit operations: each changes exactly what it names, keeps the rest of the text, or rejects the plan."""

from __future__ import annotations

from typing import Any

import pytest

from soracheck.agents.ops import (
    AddShot,
    AddToList,
    EditOp,
    EditPlan,
    FieldValue,
    MoveShot,
    OpRejected,
    RemoveFromList,
    RemoveShot,
    RenameShot,
    ReplaceInList,
    SetField,
    apply_plan,
)
from soracheck.storyboard.load import parse_storyboard

BOARD = """\
title: Ops  # the title
characters:
  maya: {name: Maya Chen, anchors: [round glasses]}
locations:
  cafe: {description: a cafe}
shots:
  - id: a
    duration: 4
    location: cafe
    cast: [maya]
    npcs:
      - Leo (barista) wipes the counter
      - Ana (regular) reads by the window

  - id: b
    duration: 8
    directives: ["match-lighting: a"]
    action: "she sits <<match-lighting: a>>"

  - id: c
    duration: 4
"""


def plan(*ops: EditOp) -> EditPlan:
    return EditPlan(rationale="test", ops=list(ops), not_understood=[])


def run(*ops: EditOp) -> tuple[str, Any]:
    applied = apply_plan(BOARD, "board.yaml", plan(*ops))
    return applied.text, applied.board


def ids(board: Any) -> list[str]:
    return [s.id for s in board.shots]


def test_set_field_replaces_and_inserts_in_declared_order() -> None:
    text, board = run(
        SetField(op="set_field", target="shot", key="c", field="duration", value=8),
        SetField(op="set_field", target="shot", key="c", field="lens", value="85mm"),
        SetField(op="set_field", target="shot", key="a", field="action", value="Maya sits"),
    )
    assert board.shot("c").duration == 8 and board.shot("c").lens == "85mm"
    assert (
        "    npcs:\n      - Leo (barista) wipes the counter\n      - Ana (regular) reads by the window\n    action: Maya sits\n"
        in text
    )
    assert "title: Ops  # the title\n" in text


def test_set_nested_and_project_fields() -> None:
    _, board = run(
        SetField(op="set_field", target="shot", key="a", field="audio.sfx", value="rain"),
        SetField(op="set_field", target="project", key=None, field="style.look", value="anime"),
        SetField(op="set_field", target="character", key="maya", field="style_origin", value="anime"),
        SetField(op="set_field", target="location", key="cafe", field="lighting", value="warm tungsten"),
    )
    assert board.shot("a").audio.sfx == "rain"
    assert board.style.look == "anime"
    assert board.characters["maya"].style_origin == "anime"
    assert board.locations["cafe"].lighting == "warm tungsten"


def test_null_removes_a_field() -> None:
    text, board = run(SetField(op="set_field", target="shot", key="a", field="location", value=None))
    assert board.shot("a").location is None
    assert "location: cafe" not in text


def test_lists() -> None:
    _, board = run(
        AddToList(op="add_to_list", target="shot", key="c", field="avoid", item="recap"),
        AddToList(op="add_to_list", target="shot", key="a", field="cast", item="maya"),  # already there: no change
        AddToList(op="add_to_list", target="character", key="maya", field="anchors", item="red scarf"),
        RemoveFromList(op="remove_from_list", target="shot", key="a", field="npcs", item="Ana"),
        ReplaceInList(
            op="replace_in_list",
            target="character",
            key="maya",
            field="anchors",
            item="glasses",
            new_item="square glasses",
        ),
    )
    assert board.shot("c").avoid == ["recap"]
    assert board.shot("a").cast == ["maya"]
    assert board.characters["maya"].anchors == ["square glasses", "red scarf"]
    assert board.shot("a").npcs == ["Leo (barista) wipes the counter"]


def test_shots_added_moved_removed() -> None:
    text, board = run(
        AddShot(op="add_shot", id="d", after="a", copy_of="c", fields=[FieldValue(field="lens", value="35mm")]),
        AddShot(op="add_shot", id="intro", after=None, copy_of=None, fields=[FieldValue(field="duration", value=4)]),
        MoveShot(op="move_shot", shot="a", after="c"),
        RemoveShot(op="remove_shot", shot="b"),
    )
    assert ids(board) == ["intro", "d", "c", "a"]
    assert board.shot("d").lens == "35mm" and board.shot("d").duration == 4
    assert "shots:\n  - id: intro\n    duration: 4\n\n  - id: d\n" in text


def test_rename_updates_references() -> None:
    text, board = run(RenameShot(op="rename_shot", shot="a", new_id="arrival"))
    assert ids(board) == ["arrival", "b", "c"]
    assert board.shot("b").directives == ["match-lighting: arrival"]
    assert "<<match-lighting: arrival>>" in text


@pytest.mark.parametrize(
    ("op", "reason"),
    [
        (SetField(op="set_field", target="shot", key="z", field="lens", value="35mm"), "no shot 'z'"),
        (SetField(op="set_field", target="shot", key="a", field="lense", value="35mm"), "did you mean 'lens'"),
        (
            SetField(op="set_field", target="shot", key="a", field="duration", value=-1),
            "would make the storyboard invalid",
        ),
        (SetField(op="set_field", target="shot", key="a", field="id", value="x"), "rename_shot"),
        (SetField(op="set_field", target="shot", key="c", field="lens", value=None), "has no lens to remove"),
        (SetField(op="set_field", target="character", key="leo", field="name", value="Leo"), "no character 'leo'"),
        (RemoveFromList(op="remove_from_list", target="shot", key="a", field="npcs", item="dog"), "no item"),
        (RemoveFromList(op="remove_from_list", target="shot", key="a", field="npcs", item="the"), "matches 2 items"),
        (AddToList(op="add_to_list", target="shot", key="a", field="beats", item="x"), "not a list of texts"),
        (AddShot(op="add_shot", id="b", after=None, copy_of=None, fields=[]), "already a shot 'b'"),
        (AddShot(op="add_shot", id="x y", after=None, copy_of=None, fields=[]), "invalid"),
        (MoveShot(op="move_shot", shot="a", after="a"), "cannot follow itself"),
        (RenameShot(op="rename_shot", shot="a", new_id="c"), "already a shot 'c'"),
    ],
)
def test_rejections_name_the_edit_and_the_reason(op: EditOp, reason: str) -> None:
    with pytest.raises(OpRejected) as caught:
        apply_plan(BOARD, "board.yaml", plan(op))
    assert reason in str(caught.value)


def test_a_failing_edit_rejects_the_whole_plan() -> None:
    good = SetField(op="set_field", target="shot", key="a", field="lens", value="35mm")
    bad = RemoveShot(op="remove_shot", shot="nope")
    with pytest.raises(OpRejected) as caught:
        apply_plan(BOARD, "board.yaml", plan(good, bad))
    assert caught.value.index == 1
    assert str(caught.value).startswith("edit 2 (remove shot nope)")


def test_every_result_reloads_through_the_validated_loader() -> None:
    text, _ = run(AddToList(op="add_to_list", target="project", key=None, field="avoid", item="yes"))
    board, _ = parse_storyboard(text, "board.yaml")
    assert board.avoid == ["yes"]
