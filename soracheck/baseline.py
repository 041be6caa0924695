"""Baselines: the findings a project had when it adopted soracheck, so later runs report only new ones.

A baseline counts findings by file, rule code and shot id, not by line, so editing a storyboard
does not invalidate it. A run drops up to the recorded count of each key's findings (the first
ones, in file order) and reports the rest; an entry that records more findings than remain is
reported by SP003, so the baseline shrinks as the project improves. The file is JSON, one entry per
line, so that a review shows which entries changed::

    {
      "version": 1,
      "entries": [
        {"file": "storyboard.yaml", "code": "CR001", "shot": "order", "count": 2}
      ]
    }
"""

from __future__ import annotations

import json
import os
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from soracheck.rules.base import Diagnostic
from soracheck.storyboard.load import read_text
from soracheck.storyboard.source import InputError, Span

VERSION = 1
#: What a baseline counts: the file (relative to the baseline's folder), the rule code, the shot id.
Key = tuple[str, str, str | None]


class BaselineError(InputError):
    """A baseline file that is not one soracheck wrote: not JSON, or entries of another shape."""


@dataclass(frozen=True)
class Outdated:
    """A baseline entry that records more findings than the run found."""

    key: Key
    recorded: int
    found: int
    at: Span


@dataclass
class Baseline:
    path: Path
    counts: dict[Key, int] = field(default_factory=dict)
    #: Where each entry is written, for SP003.
    locations: dict[Key, Span] = field(default_factory=dict)
    text: str = ""

    def key(self, d: Diagnostic) -> Key:
        return (relative_to(d.location.path, self.path.parent), d.code, d.shot)

    def apply(
        self, found: list[Diagnostic], judged: dict[str, frozenset[str]]
    ) -> tuple[list[Diagnostic], int, list[Outdated]]:
        """``found`` without the findings the baseline accepts; how many it dropped; its outdated entries.

        ``judged`` gives, for each file linted, the codes of the rules that ran on it: only those
        entries can be outdated.
        """
        seen: Counter[Key] = Counter()
        kept = []
        for d in found:
            key = self.key(d)
            seen[key] += 1
            if seen[key] > self.counts.get(key, 0):
                kept.append(d)
        ran = {relative_to(path, self.path.parent): codes for path, codes in judged.items()}
        outdated = [
            Outdated(key, recorded, seen[key], self.locations.get(key, Span(str(self.path))))
            for key, recorded in self.counts.items()
            if seen[key] < recorded and key[1] in ran.get(key[0], frozenset())
        ]
        return kept, len(found) - len(kept), outdated


def relative_to(path: str, folder: Path) -> str:
    """``path`` relative to ``folder``, with forward slashes."""
    return Path(os.path.relpath(Path(path).resolve(), folder.resolve())).as_posix()


def render_baseline(path: Path, found: Iterable[Diagnostic]) -> str:
    """The text of a baseline at ``path`` accepting every finding of ``found``."""
    counts = Counter(Baseline(path).key(d) for d in found)
    entries = [
        json.dumps({"file": file, "code": code, "shot": shot, "count": count}, ensure_ascii=False)
        for (file, code, shot), count in sorted(
            counts.items(), key=lambda item: (item[0][0], item[0][1], item[0][2] or "")
        )
    ]
    body = ",\n".join(f"    {entry}" for entry in entries)
    return f'{{\n  "version": {VERSION},\n  "entries": [\n{body}{chr(10) if body else ""}  ]\n}}\n'


def load_baseline(path: Path) -> Baseline:
    """Read a baseline; a malformed one is a located input error."""
    text = read_text(path)
    where = Span(str(path))
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise BaselineError.at(Span(str(path), error.lineno, error.colno), f"not JSON: {error.msg}") from None
    if not isinstance(data, dict) or data.get("version") != VERSION or not isinstance(data.get("entries"), list):
        raise BaselineError.at(where, f'not a soracheck baseline: expected {{"version": {VERSION}, "entries": [...]}}')
    lines = _entry_lines(text)
    baseline = Baseline(path, text=text)
    for index, entry in enumerate(data["entries"]):
        at = Span(str(path), lines[index]) if index < len(lines) else where
        if (
            not isinstance(entry, dict)
            or set(entry) != {"file", "code", "shot", "count"}
            or not isinstance(entry["file"], str)
            or not isinstance(entry["code"], str)
            or not isinstance(entry["shot"], str | None)
            or not isinstance(entry["count"], int)
            or entry["count"] < 1
        ):
            raise BaselineError.at(at, "a baseline entry is {file, code, shot, count} with a count of at least 1")
        key = (entry["file"], entry["code"], entry["shot"])
        baseline.counts[key] = baseline.counts.get(key, 0) + entry["count"]
        baseline.locations.setdefault(key, at)
    return baseline


def _entry_lines(text: str) -> list[int]:
    """The line of each entry, when they are written one per line (as soracheck writes them)."""
    found = []
    for number, line in enumerate(text.splitlines(), start=1):
        try:
            if isinstance(json.loads(line.strip().rstrip(",")), dict) and '"code"' in line:
                found.append(number)
        except json.JSONDecodeError:
            continue
    return found
