"""Score ``soracheck frames`` on a folder of real clips against a key written before the run.

The key (``key.json`` in the folder, or ``--key``) maps each clip's path, relative to the folder, to
the findings it should raise: ``[]`` for a clean clip, else a list of
``{"code": "FR014", "from": 5, "to": 13}`` (the window the finding's time must fall in; add
``"optional": true`` for what is arguable either way). Each clip is judged on its own, without a
storyboard, as ``soracheck frames CLIP --output-format json`` judges it. Reported: each clip's
findings against its key, the clean clips with a false alarm, the expected findings found (by
their rule, in their window), the findings nobody expected, and what the gate said it could not
judge. Info findings are not counted.

    python benchmarks/frames_corpus.py FOLDER [--key KEY.json]

The corpora are not in the repository (their clips are other projects' files): a helper who had
not seen the code gathered them from public research repositories and wrote their keys first.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

SORACHECK = Path(sys.executable).parent / "soracheck"


def judged(clip: Path) -> tuple[list[tuple[str, float | None]], list[str]]:
    """The warnings and errors ``soracheck frames`` raises on ``clip`` (code, time), and what it did not judge."""
    done = subprocess.run(
        [str(SORACHECK), "frames", str(clip), "--output-format", "json"], capture_output=True, text=True
    )
    if done.returncode not in (0, 1):
        raise SystemExit(f"{clip}: soracheck exited {done.returncode}: {done.stderr.strip()}")
    report = json.loads(done.stdout)
    found = [
        (d["code"], d["evidence"]["time"] if d["evidence"] else None)
        for d in report["findings"]
        if d["severity"] != "info"
    ]
    said = [why for why in (report["measured"] or {}).get("not_judged", []) if "need a storyboard" not in why]
    return found, said


def matches(finding: tuple[str, float | None], expected: dict[str, Any]) -> bool:
    code, time = finding
    return code == expected["code"] and (time is None or expected["from"] <= time <= expected["to"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path)
    parser.add_argument("--key", type=Path, help="The key (default: FOLDER/key.json).")
    args = parser.parse_args()
    key: dict[str, list[dict[str, Any]]] = json.loads((args.key or args.folder / "key.json").read_text())
    clean = clean_alarms = expected = found_expected = unexpected = 0
    for name, wanted in key.items():
        if (args.folder / name).is_dir() and not any((args.folder / name).glob("*.png")):
            print(f"{name:60s} (a project, not a clip: not scored here)")
            continue
        found, said = judged(args.folder / name)
        hit = [any(matches(f, w) for f in found) for w in wanted]
        extra = [f for f in found if not any(matches(f, w) for w in wanted)]
        required = [w for w in wanted if not w.get("optional")]
        expected += len(required)
        found_expected += sum(h for h, w in zip(hit, wanted, strict=True) if not w.get("optional"))
        unexpected += len(extra)
        if not wanted:
            clean += 1
            clean_alarms += bool(found)
        shown = " ".join(f"{c}@{t:.2f}" if t is not None else c for c, t in found) or "-"
        missed = [f"{w['code']} {w['from']:g}-{w['to']:g}" for h, w in zip(hit, wanted, strict=True) if not h]
        notes = f"  missed: {', '.join(missed)}" if missed else ""
        notes += f"  not judged: {'; '.join(said)}" if said else ""
        print(f"{name:60s} {shown}{notes}")
    print(f"\nclean clips with a false alarm: {clean_alarms} of {clean}")
    print(f"expected findings found (rule and window): {found_expected} of {expected}")
    print(f"findings nobody expected: {unexpected}")


if __name__ == "__main__":
    main()
