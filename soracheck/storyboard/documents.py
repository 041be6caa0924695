"""Any document soracheck lints → a storyboard and its source map.

``.yaml``/``.yml`` is a storyboard, ``.md`` a production sheet, anything else (``.txt``) a plain
prompt: one shot whose literal prompt is the whole text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from soracheck.storyboard.load import parse_storyboard, read_text
from soracheck.storyboard.model import Shot, Storyboard
from soracheck.storyboard.source import SourceMap, Span, StoryboardError

if TYPE_CHECKING:
    from soracheck.storyboard.sheet import Sheet


@dataclass
class Document:
    """A linted file: what it says (a storyboard) and where (its source map)."""

    path: Path
    kind: str  # "storyboard" | "sheet" | "prompt"
    board: Storyboard
    source: SourceMap
    sheet: Sheet | None = None


def load_document(path: Path) -> Document:
    """Read and validate one file by its suffix; problems raise a located :class:`InputError`
    (a :class:`StoryboardError` for one that does not parse or validate)."""
    return parse_document(read_text(path), path)


def parse_document(text: str, path: Path) -> Document:
    """Validate the text of a file (as it is, or would be, at ``path``), read by the path's suffix."""
    name = str(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        return Document(path, "storyboard", *parse_storyboard(text, name))
    if suffix in (".md", ".markdown"):
        from soracheck.storyboard.sheet import parse_sheet, sheet_storyboard

        sheet = parse_sheet(text, name)
        return Document(path, "sheet", *sheet_storyboard(sheet), sheet=sheet)
    if not text.strip():
        raise StoryboardError.at(Span(name), "empty prompt")
    return Document(path, "prompt", *prompt_storyboard(text, name, path.stem))


def prompt_storyboard(text: str, path: str, title: str) -> tuple[Storyboard, SourceMap]:
    """A plain prompt as a one-shot storyboard whose literal prompt spans the whole file."""
    shot_id = re.sub(r"[^A-Za-z0-9_.-]+", "-", title).strip("-.") or "prompt"
    board = Storyboard(title=title, shots=[Shot(id=shot_id, prompt=text)])
    source = SourceMap(path, text)
    source.values[("shots", 0, "prompt")] = (0, len(text))
    return board, source
