"""Documents and configurations from text, for rule tests."""

from __future__ import annotations

import tomllib
from pathlib import Path

from soracheck.config import Config, toml_source_map
from soracheck.storyboard.documents import Document
from soracheck.storyboard.load import parse_storyboard, validate
from soracheck.storyboard.sheet import parse_sheet, sheet_storyboard


def document(text: str, *, sheet: bool = False) -> Document:
    """A storyboard (YAML) or, with ``sheet``, a production sheet (Markdown) document."""
    if sheet:
        parsed = parse_sheet(text, "case.md")
        return Document(Path("case.md"), "sheet", *sheet_storyboard(parsed), sheet=parsed)
    return Document(Path("case.yaml"), "storyboard", *parse_storyboard(text, "case.yaml"))


def config(toml: str | None) -> Config:
    """The configuration a soracheck.toml text gives (defaults for ``None``)."""
    if toml is None:
        return Config()
    return validate(Config, tomllib.loads(toml), toml_source_map(toml, "soracheck.toml"))
