"""The starter project ``soracheck init`` writes: a small storyboard that lints clean, and the JSON
Schemas its YAML files name in their first line, for editors without the language server
(yaml-language-server reads the ``# yaml-language-server: $schema=…`` modeline)."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from soracheck.storyboard.source import InputError, Span

FILES = ("storyboard.yaml", "consent.yaml", "soracheck.toml", "notes.txt")
#: The schemas written beside them, by the kind of file (see :func:`json_schema`).
SCHEMAS = {"storyboard": "storyboard.schema.json", "consent": "consent.schema.json"}


def json_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a ``storyboard``, ``consent`` or ``config`` file."""
    from pydantic import TypeAdapter

    from soracheck.config import Config
    from soracheck.storyboard.model import Consent, Storyboard

    target = {"storyboard": Storyboard, "consent": Consent, "config": Config}[kind]
    document = TypeAdapter(target).json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return document


def write_starter(folder: Path, *, force: bool = False) -> list[Path]:
    """Write the starter files into ``folder``; refuses to overwrite unless ``force``."""
    targets = [folder / name for name in (*FILES, *SCHEMAS.values())]
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        raise InputError([(Span(str(path)), "already exists (use --force to overwrite)") for path in existing])
    folder.mkdir(parents=True, exist_ok=True)
    package = resources.files(__name__)
    for name in FILES:
        (folder / name).write_text(package.joinpath(name).read_text(encoding="utf-8"), encoding="utf-8")
    for kind, name in SCHEMAS.items():
        (folder / name).write_text(json.dumps(json_schema(kind), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return targets
