"""The real published prompts of ../shared/corpus/prompts: a snapshot of every finding, each one read.

Set SORACHECK_UPDATE_SNAPSHOTS=1 to rewrite the snapshot after a deliberate change, then read the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import REPO, soracheck

SNAPSHOT = REPO / "tests/snapshots/corpus-prompts.txt"


def corpus_findings(shared: Path) -> list[str]:
    folder = shared / "corpus/prompts"
    names = sorted(p.name for p in folder.glob("*.txt"))
    result = soracheck("lint", "--output-format", "json", *names, cwd=folder)
    assert result.returncode in (0, 1), result.stderr
    return [
        f"{d['filename']}:{d['location']['line']}:{d['location']['column']}: {d['code']} {d['message']}"
        for d in json.loads(result.stdout)
    ]


def test_corpus_findings_match_the_reviewed_snapshot(shared: Path) -> None:
    found = corpus_findings(shared)
    if os.environ.get("SORACHECK_UPDATE_SNAPSHOTS"):
        SNAPSHOT.write_text("\n".join(found) + "\n")
    assert found == SNAPSHOT.read_text().splitlines()


def test_the_known_real_defect_is_found(shared: Path) -> None:
    found = corpus_findings(shared)
    assert "openai-cookbook-sora2-01.txt:38:29: CT009 'signage' contradicts avoid 'signage' in the prompt" in found
