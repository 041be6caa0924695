"""The published-prompt corpus and its findings ledger: every finding on real prompts, each one read once.

The corpus (fetched by ``scripts/fetch_prompts.py``, kept out of the repository) is linted as a user
would lint it; the ledger (``tests/snapshots/published-prompts-ledger.tsv``) holds each finding with a
reviewer's verdict: ``true`` (a director would agree), ``false`` (a false alarm) or ``arguable``.
Precision is true findings over all findings, on warnings and errors.
"""

from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tests.conftest import REPO, soracheck

LEDGER = REPO / "tests/snapshots/published-prompts-ledger.tsv"
VERDICTS = ("true", "false", "arguable", "unreviewed")
HEADER = "verdict\tlocation\tcode\tseverity\tmessage\tnote"


def corpus_folder() -> Path:
    """``$SORACHECK_PROMPT_CORPUS``, else ``../prompt-corpus`` beside the repository."""
    return Path(os.environ.get("SORACHECK_PROMPT_CORPUS", REPO.parent / "prompt-corpus"))


def prompt_files(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.glob("*/[0-9][0-9][0-9].txt"))


@dataclass(frozen=True)
class Finding:
    location: str  # source/NNN.txt:line:column
    code: str
    severity: str
    message: str


@dataclass(frozen=True)
class Entry:
    verdict: str
    finding: Finding
    note: str


def lint(folder: Path) -> list[Finding]:
    """Every finding ``soracheck lint`` reports on the corpus, in file order."""
    result = soracheck("lint", "--output-format", "json", *prompt_files(folder), cwd=folder)
    assert result.returncode in (0, 1), result.stderr
    return [
        Finding(
            f"{d['filename']}:{d['location']['line']}:{d['location']['column']}", d["code"], d["severity"], d["message"]
        )
        for d in json.loads(result.stdout)
    ]


def read_ledger(path: Path = LEDGER) -> list[Entry]:
    entries = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        verdict, location, code, severity, message, note = line.split("\t")
        assert verdict in VERDICTS, f"{path}: unknown verdict {verdict!r}"
        entries.append(Entry(verdict, Finding(location, code, severity, message), note))
    return entries


def write_ledger(found: list[Finding], old: list[Entry], path: Path = LEDGER) -> None:
    """The ledger for ``found``: verdicts kept where a finding was reviewed before, ``unreviewed`` otherwise."""
    known = {e.finding: e for e in old}
    rows = [HEADER]
    for finding in found:
        entry = known.get(finding, Entry("unreviewed", finding, ""))
        rows.append("\t".join([entry.verdict, *vars(finding).values(), entry.note]))
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")


def precision(entries: list[Entry], severities: tuple[str, ...] = ("warning", "error")) -> tuple[int, int]:
    """(true findings, all findings) among those of ``severities``."""
    judged = [e for e in entries if e.finding.severity in severities]
    return sum(e.verdict == "true" for e in judged), len(judged)


def summary(entries: list[Entry], files: int) -> str:
    """Precision overall and by rule, and how many prompts lint clean."""
    true, total = precision(entries)
    flagged = len({e.finding.location.split(":")[0] for e in entries})
    lines = [
        f"{files} prompts, {files - flagged} lint clean; {len(entries)} findings",
        f"precision on warnings and errors: {true}/{total} = {true / total:.1%}" if total else "no warnings or errors",
    ]
    by_rule = Counter((e.finding.code, e.verdict) for e in entries)
    for code in sorted({e.finding.code for e in entries}):
        counts = ", ".join(f"{v} {by_rule[code, v]}" for v in VERDICTS if by_rule[code, v])
        lines.append(f"  {code}: {counts}")
    return "\n".join(lines)
