"""Text edits on an original file: every fix and every agent change is one of these.

Editing the text (not re-serialising a model) keeps comments, key order and formatting, and makes
every change a plain unified diff that ``git apply`` accepts.
"""

from __future__ import annotations

import contextlib
import difflib
import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml


class EditConflict(ValueError):
    """Two edits overlap, or an edit falls outside the text."""


@dataclass(frozen=True, order=True)
class Edit:
    """Replace ``text[start:end]`` (character offsets) with ``replacement``."""

    start: int
    end: int
    replacement: str


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """Apply non-overlapping edits, all addressed to the original text."""
    ordered = sorted(edits)
    pieces: list[str] = []
    at = 0
    for edit in ordered:
        if not at <= edit.start <= edit.end <= len(text):
            raise EditConflict(f"edit {edit.start}-{edit.end} overlaps another or falls outside the text")
        pieces.append(text[at : edit.start])
        pieces.append(edit.replacement)
        at = edit.end
    pieces.append(text[at:])
    return "".join(pieces)


def replace_file(path: Path, expected: str, text: str) -> None:
    """Write ``text`` to ``path`` atomically, only if the file still holds ``expected``.

    The new text goes to a temporary file beside it, is flushed to disk, and renamed over the
    original, so a reader sees the old file or the new one, never a mix; a file edited by someone
    else since it was read is left alone.
    """
    current = path.read_bytes().decode("utf-8-sig", errors="replace")
    if hashlib.sha256(current.encode()).digest() != hashlib.sha256(expected.encode()).digest():
        raise FileChangedError(f"{path} changed since it was read; nothing was written")
    write_atomic(path, text)


def write_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a flushed temporary file renamed over it (keeping its mode)."""
    fd, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as out:
            out.write(text)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


class FileChangedError(RuntimeError):
    """A file changed on disk between reading it and writing it back."""


def unified_diff(path: str, old: str, new: str) -> str:
    """A unified diff from ``a/path`` to ``b/path``, empty when nothing changed."""
    if old == new:
        return ""
    lines = difflib.unified_diff(old.splitlines(keepends=True), new.splitlines(keepends=True), f"a/{path}", f"b/{path}")
    return "".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines)


_PLAIN_UNSAFE = re.compile(r"^[\s\-?:,\[\]{}#&*!|>'\"%@`]|: |\s#|[,\[\]{}]|:$|\s$")


def yaml_scalar(value: str) -> str:
    """``value`` as a YAML scalar: plain when that reads back as the same text anywhere, else double-quoted."""
    if value and "\n" not in value and not _PLAIN_UNSAFE.search(value) and _reads_as_text(value):
        return value
    return json.dumps(value, ensure_ascii=False)


def _reads_as_text(plain: str) -> bool:
    """Whether a plain scalar is text, not a number, boolean, null or date (``12``, ``true``, ``~``)."""
    return _RESOLVER.resolve(yaml.ScalarNode, plain, (True, False)) == "tag:yaml.org,2002:str"


_RESOLVER = yaml.resolver.Resolver()


def scalar_edit(text: str, span: tuple[int, int], value: str, start: int, end: int, replacement: str) -> Edit:
    """Replace ``value[start:end]`` in the YAML scalar written at ``text[span[0]:span[1]]``.

    When the scalar is written plain, the result is re-quoted if the new value needs it (a comma
    in a flow list, ``: ``…); otherwise the whole scalar is rewritten as a double-quoted string.
    """
    new = value[:start] + replacement + value[end:]
    written = text[span[0] : span[1]]
    if written == value:
        return Edit(span[0], span[1], yaml_scalar(new))
    # A block scalar's span ends with its line break, which the quoted rewrite must keep.
    line_break = written[len(written.rstrip("\r\n")) :]
    return Edit(span[0], span[1], json.dumps(new, ensure_ascii=False) + line_break)
