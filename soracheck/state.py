"""The folder in a project's root where soracheck keeps its state: revisions, chat sessions, caches."""

from __future__ import annotations

from pathlib import Path

#: Its name, in the project's root (the folder of soracheck.toml, else of the storyboard).
FOLDER = ".soracheck"


def state_folder(root: Path) -> Path:
    """``root/.soracheck``, created on first use with a .gitignore that keeps it out of version control."""
    folder = root / FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(
            "# soracheck's local state: revisions, chat sessions, measurement cache\n*\n", encoding="utf-8"
        )
    return folder
