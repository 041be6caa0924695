"""What CI systems need to track a finding across commits: repository paths and fingerprints."""

from __future__ import annotations

import functools
import hashlib
import os
from collections import Counter
from pathlib import Path

from soracheck.rules.base import Diagnostic


@functools.lru_cache(maxsize=8)
def repository_root(cwd: str) -> Path:
    """The nearest folder at or above ``cwd`` with a ``.git``, else ``cwd`` itself."""
    here = Path(cwd).resolve()
    return next((folder for folder in (here, *here.parents) if (folder / ".git").exists()), here)


def repository_path(path: str) -> str:
    """``path`` relative to the repository root, with forward slashes (absolute if outside it)."""
    resolved = Path(path).resolve()
    try:
        return resolved.relative_to(repository_root(os.getcwd())).as_posix()
    except ValueError:
        return resolved.as_posix()


def fingerprints(diagnostics: list[Diagnostic]) -> list[str]:
    """A stable fingerprint of each finding: its file, code and shot (or character), and how many such
    findings come before it in the file. Editing other lines, or other shots, changes none of them."""
    seen: Counter[tuple[str, ...]] = Counter()
    found = []
    for d in diagnostics:
        key = (repository_path(d.location.path), d.code, d.shot or "", d.character or "")
        found.append(hashlib.sha256("\0".join((*key, str(seen[key]))).encode()).hexdigest()[:32])
        seen[key] += 1
    return found
