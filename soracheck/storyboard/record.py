"""Record a render as current: its file, seed and model, and the hash of the spec it was made from."""

from __future__ import annotations

from soracheck.storyboard.edits import apply_edits
from soracheck.storyboard.load import parse_storyboard
from soracheck.storyboard.model import Render, Shot
from soracheck.storyboard.prompt import spec_hash
from soracheck.storyboard.source import Span, StoryboardError
from soracheck.storyboard.yamledit import YamlText


def record_render(text: str, path: str, shot_id: str, file: str, seed: int | None, model: str | None) -> str:
    """The storyboard ``text`` with shot ``shot_id``'s ``render`` set to ``file`` (relative to the storyboard),
    the seed and model given or else those already recorded, and the spec hash they make now."""
    board, _ = parse_storyboard(text, path)
    ids = [shot.id for shot in board.shots]
    if shot_id not in ids:
        raise StoryboardError.at(Span(path), f"no shot {shot_id!r}; shots are: {', '.join(ids)}")
    index = ids.index(shot_id)
    shot = board.shots[index]
    old = shot.render or Render(file=file)
    render = Render(file=file, seed=old.seed if seed is None else seed, model=old.model if model is None else model)
    render.spec_hash = spec_hash(board, shot.model_copy(update={"render": render}))
    value = render.model_dump(exclude_none=True)
    edit = YamlText.parse(text, path).set(("shots", index, "render"), value, list(Shot.model_fields))
    return apply_edits(text, [edit])
