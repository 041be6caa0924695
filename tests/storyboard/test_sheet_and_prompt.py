from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from soracheck.storyboard.documents import load_document, prompt_storyboard
from soracheck.storyboard.edits import Edit, EditConflict, apply_edits, unified_diff
from soracheck.storyboard.prompt import compile_prompt
from soracheck.storyboard.sheet import parse_sheet, render_sheet, sheet_storyboard
from soracheck.storyboard.source import StoryboardError
from tests.conftest import SAMPLES

MIRROR = SAMPLES / "mirror-that-remembers"


def test_sheet_and_storyboard_compile_to_the_same_prompt() -> None:
    sheet = load_document(MIRROR / "sheet.md")
    board = load_document(MIRROR / "storyboard.yaml")
    assert compile_prompt(sheet.board, sheet.board.shots[0]) == compile_prompt(board.board, board.board.shots[0])


def test_sheet_fields_and_locations() -> None:
    document = load_document(MIRROR / "sheet.md")
    shot = document.board.shots[0]
    assert shot.duration == 10 and shot.lens == "50mm" and shot.avoid == ["morph", "overacting"]
    assert [(c.at, c.sound) for c in shot.audio.cues][1] == (5.5, "the glass hums, low")
    assert document.board.characters["daniel-reyes"].anchors[1] == "left earlobe missing"
    assert document.source.locate(("characters", "daniel-reyes", "anchors", 1)).line == 7
    assert document.source.locate(("shots", 0, "audio", "cues", 2)).line == 38
    assert (document.board.use, document.board.placement) == ("narrative", ["cinema", "web"])
    assert document.source.locate(("placement", 1)).line == 10
    assert set(document.sheet.sections) == {
        "Subject / Scene Settings",
        "Lighting / Grade",
        "Visual Taste / Camera / Lens",
        "Coverage / Persist",
        "Audio (BGM & SFX)",
    }


@pytest.mark.parametrize("project", ["redline-coffee", "mirror-that-remembers"])
def test_render_sheet_round_trips_every_shot(project: str) -> None:
    document = load_document(SAMPLES / project / "storyboard.yaml")
    for shot in document.board.shots:
        text = render_sheet(document.board, shot)
        again, _ = sheet_storyboard(parse_sheet(text, "r.md"))
        assert compile_prompt(again, again.shots[0]) == compile_prompt(document.board, shot)
        assert render_sheet(again, again.shots[0]) == text


def test_sheet_missing_sections_is_tolerated() -> None:
    board, _ = sheet_storyboard(parse_sheet("# Only a title\n- Camera: static\n", "s.md"))
    assert board.title == "Only a title" and board.shots[0].camera == "static"


def test_a_suppression_comment_in_a_sheet_is_no_part_of_the_prompt() -> None:
    text = (MIRROR / "sheet.md").read_text()
    text = text.replace("- Lens: 50mm", "<!-- soracheck: ignore[CR009] the push-in is the beat -->\n- Lens: 50mm")
    text = text.replace("- Duration: 10s", "- Duration: 10s <!-- soracheck: ignore[TM003] a 10 s cut -->")
    commented, _ = sheet_storyboard(parse_sheet(text, "sheet.md"))
    plain = load_document(MIRROR / "sheet.md").board
    assert commented.shots[0].camera == plain.shots[0].camera and commented.shots[0].duration == 10
    assert compile_prompt(commented, commented.shots[0]) == compile_prompt(plain, plain.shots[0])


def test_bad_cue_time_is_located() -> None:
    with pytest.raises(StoryboardError, match=r"s.md:4:5: expected a timed entry like '\[2.5s\] \[soon\] x'"):
        sheet_storyboard(parse_sheet("# T\n## Audio (BGM & SFX)\n- Cues:\n  - [soon] x\n", "s.md"))


def test_prompt_restates_anchors_and_is_deterministic() -> None:
    document = load_document(SAMPLES / "redline-coffee/storyboard.yaml")
    board = document.board
    order = board.shot("order")
    prompt = compile_prompt(board, order)
    assert prompt.splitlines()[0] == "<<continue-shooting>> <<lighting-lock: tungsten-amber-window-45>>"
    for anchor in board.characters["maya"].anchors + board.characters["leo"].anchors:
        assert anchor in prompt
    assert "Lighting: warm tungsten overhead" in prompt
    assert prompt.splitlines()[-1] == "<<avoid: morph, recap>>"
    assert prompt == compile_prompt(load_document(SAMPLES / "redline-coffee/storyboard.yaml").board, order)


def test_literal_prompt_is_sent_as_written() -> None:
    board, _ = prompt_storyboard("A wide shot.\n<<avoid: recap>>", "p.txt", "p")
    assert compile_prompt(board, board.shots[0]) == "A wide shot.\n<<avoid: recap>>"


def test_edits_and_diff() -> None:
    text = "cast: [mya]\n"
    new = apply_edits(text, [Edit(7, 10, "maya")])
    assert new == "cast: [maya]\n"
    assert unified_diff("s.yaml", text, new) == "--- a/s.yaml\n+++ b/s.yaml\n@@ -1 +1 @@\n-cast: [mya]\n+cast: [maya]\n"
    with pytest.raises(EditConflict):
        apply_edits(text, [Edit(0, 5, "x"), Edit(3, 6, "y")])


@given(st.text(max_size=40), st.data())
def test_edits_apply_like_slicing(text: str, data: st.DataObject) -> None:
    start = data.draw(st.integers(0, len(text)))
    end = data.draw(st.integers(start, len(text)))
    assert apply_edits(text, [Edit(start, end, "X")]) == text[:start] + "X" + text[end:]


def test_a_shot_that_restates_a_garment_in_another_colour_drops_the_anchor_it_replaces() -> None:
    """From a wardrobe change on, the prompt says the jacket once, in its new colour."""
    from soracheck.storyboard.load import parse_storyboard

    text = (
        "title: t\ncharacters: {ana: {name: Ana Ruiz, anchors: [yellow oilskin jacket, torn right cuff]}}\n"
        "shots:\n  - {id: a, cast: [ana]}\n"
        '  - {id: b, cast: [ana], directives: ["wardrobe-change: ana"], persist: ["Ana\'s red jacket"]}\n'
    )
    board, _ = parse_storyboard(text, "s.yaml")
    before, after = (compile_prompt(board, shot) for shot in board.shots)
    assert "Ana Ruiz (yellow oilskin jacket; torn right cuff)." in before
    assert "Ana Ruiz (torn right cuff)." in after and "Persist: Ana's red jacket." in after
    assert "<<wardrobe-change: ana>>" in after
