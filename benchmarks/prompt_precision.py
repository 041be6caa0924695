"""Precision of the text rules on real published prompts: the reviewed findings ledger, summed.

Lints the published-prompt corpus (``python scripts/fetch_prompts.py`` fetches it; see
``tests/rules/published.py``) and prints, from ``tests/snapshots/published-prompts-ledger.tsv``, how
many prompts lint clean, precision on warnings and errors (true findings / all findings), and the
verdicts by rule and by source. Findings not yet in the ledger are listed: review them.

    python benchmarks/prompt_precision.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.rules.published import corpus_folder, lint, precision, prompt_files, read_ledger, summary


def main() -> int:
    folder = corpus_folder()
    if not folder.is_dir():
        print(f"{folder} is absent: run `python scripts/fetch_prompts.py` first")
        return 2
    entries = read_ledger()
    found = lint(folder)
    print(summary(entries, len(prompt_files(folder))))
    for source in sorted({e.finding.location.split("/")[0] for e in entries}):
        mine = [e for e in entries if e.finding.location.startswith(source + "/")]
        true, total = precision(mine)
        print(f"  {source}: {true}/{total} true, {Counter(e.verdict for e in mine).most_common()}")
    unreviewed = [f for f in found if f not in {e.finding for e in entries}]
    for finding in unreviewed:
        print(f"not in the ledger: {finding.location} {finding.code} {finding.message}")
    return 1 if unreviewed else 0


if __name__ == "__main__":
    sys.exit(main())
