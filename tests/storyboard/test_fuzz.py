"""Hypothesis: whatever the input, only the library's located error escapes the loaders."""

from __future__ import annotations

import contextlib

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from soracheck.storyboard.cursor import choices, definition, place_at
from soracheck.storyboard.documents import prompt_storyboard
from soracheck.storyboard.load import parse_storyboard
from soracheck.storyboard.sheet import parse_sheet, sheet_storyboard
from soracheck.storyboard.source import StoryboardError
from tests.conftest import SAMPLES

SAMPLE = (SAMPLES / "redline-coffee/storyboard.yaml").read_text()
KEYS = [
    "title",
    "shots",
    "id",
    "duration",
    "cast",
    "location",
    "characters",
    "name",
    "anchors",
    "directives",
    "beats",
    "at",
]
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12), st.sampled_from(KEYS))
documents = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(KEYS) | st.text(max_size=6), inner, max_size=5)
    ),
    max_leaves=25,
)


def _load(text: str) -> None:
    try:
        parse_storyboard(text, "fuzz.yaml")
    except StoryboardError as error:
        assert all(loc.line >= 1 and loc.column >= 1 for loc, _ in error.problems)
        assert str(error)


@given(st.text())
def test_any_text(text: str) -> None:
    _load(text)


@given(documents)
def test_any_yaml_document(document: object) -> None:
    _load(yaml.safe_dump(document, allow_unicode=True))


@settings(max_examples=200)
@given(st.integers(0, len(SAMPLE)), st.integers(0, 40), st.text(max_size=8))
def test_mutated_sample(at: int, cut: int, insert: str) -> None:
    _load(SAMPLE[:at] + insert + SAMPLE[at + cut :])


@given(st.text())
def test_any_sheet_or_prompt(text: str) -> None:
    with contextlib.suppress(StoryboardError):
        sheet_storyboard(parse_sheet(text, "fuzz.md"))
    if text.strip():
        prompt_storyboard(text, "fuzz.txt", "fuzz")


@given(
    st.lists(
        st.sampled_from(
            [
                "# T\n",
                "## Audio\n",
                "## Subject\n",
                "- Cues:\n",
                "  - [2s] x\n",
                "  - [x] y\n",
                "- Duration: ",
                "9s\n",
                "- Subject: A\n",
                "- Key features: a; b\n",
                "- Lens: 35mm\n",
            ]
        )
    ).map("".join)
)
def test_sheet_like_text(text: str) -> None:
    with contextlib.suppress(StoryboardError):
        sheet_storyboard(parse_sheet(text, "fuzz.md"))


BOARD, _ = parse_storyboard(SAMPLE, "redline.yaml")


@settings(max_examples=300)
@given(
    st.integers(0, len(SAMPLE)), st.integers(0, 40), st.text(alphabet=" -:[]{}<>,#'\"\n\r\tam", max_size=8), st.data()
)
def test_an_editor_may_ask_anywhere_in_a_storyboard_being_typed(
    at: int, cut: int, insert: str, data: st.DataObject
) -> None:
    text = SAMPLE[:at] + insert + SAMPLE[at + cut :]
    offset = data.draw(st.integers(0, len(text)))
    offset -= text[offset - 1 : offset] == "\r"  # an editor's position is never inside a line break
    place = place_at(text, offset)
    assert 0 <= place.start <= offset <= place.end <= len(text) and text[place.start : place.end] == place.word
    choices(place, BOARD, {"maya-chen": "Maya Chen"})
    found = definition(place, BOARD)
    assert found is None or isinstance(found, str) or found[0] in ("characters", "locations", "shots")
