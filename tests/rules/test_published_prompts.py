"""Precision on real published prompts (``scripts/fetch_prompts.py`` fetches them): every finding reviewed.

When a change moves the findings, rewrite the ledger with SORACHECK_UPDATE_SNAPSHOTS=1: reviewed
verdicts are kept, new findings come in as ``unreviewed``, and this test fails until each is read and
given a verdict (true, false or arguable). ``benchmarks/prompt_precision.py`` prints the numbers.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.rules.published import LEDGER, corpus_folder, lint, precision, read_ledger, write_ledger


@pytest.fixture(scope="module")
def corpus() -> Path:
    folder = corpus_folder()
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent: `python scripts/fetch_prompts.py` fetches the published prompts")
    return folder


def test_every_finding_on_published_prompts_is_in_the_ledger(corpus: Path) -> None:
    found = lint(corpus)
    if os.environ.get("SORACHECK_UPDATE_SNAPSHOTS"):
        write_ledger(found, read_ledger())
    assert found == [e.finding for e in read_ledger()], f"findings moved: see {LEDGER.name} (module docstring)"


def test_every_finding_has_a_verdict() -> None:
    unread = [e.finding.location for e in read_ledger() if e.verdict == "unreviewed"]
    assert not unread, f"findings without a verdict in {LEDGER.name}: {unread}"


def test_precision_on_warnings_and_errors_is_at_least_95_percent() -> None:
    true, total = precision(read_ledger())
    assert total and true / total >= 0.95, f"{true}/{total}"
