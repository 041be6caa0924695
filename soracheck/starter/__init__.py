"""The starter project ``soracheck init`` writes: a small storyboard that lints clean."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

from soracheck.storyboard.source import InputError, Span

FILES = ("storyboard.yaml", "consent.yaml", "soracheck.toml", "notes.txt")


def write_starter(folder: Path, *, force: bool = False) -> list[Path]:
    """Write the starter files into ``folder``; refuses to overwrite unless ``force``."""
    targets = [folder / name for name in FILES]
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        raise InputError([(Span(str(path)), "already exists (use --force to overwrite)") for path in existing])
    folder.mkdir(parents=True, exist_ok=True)
    package = resources.files(__name__)
    for path in targets:
        path.write_text(package.joinpath(path.name).read_text(encoding="utf-8"), encoding="utf-8")
    return targets
