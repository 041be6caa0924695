"""``make demo``: soracheck on the sample projects, each finding labelled expected or not.

Every part runs the installed ``soracheck`` as a user would, prints its output, marks each finding
the samples are built to show as ``expected`` (and anything else as ``UNEXPECTED``), and checks the
exit code. It ends with one summary line per part and exits 1 if anything was unexpected.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
SORACHECK = Path(sys.executable).with_name("soracheck")
#: The day consent is judged at, so that the samples' dated consent records read the same every day.
DATE = "2026-12-01"
#: A finding as the concise report and the notes report print it.
FINDING = re.compile(r"^(?:new |fixed |remaining )?(?P<file>\S+?):(?P<line>\d+):(?:\d+:)? (?P<code>[A-Z]{2}\d{3}) ")


@dataclass
class Part:
    title: str
    commands: list[list[str]]
    #: The exit code of the (last) command.
    exit: int
    #: ``"file:line CODE"`` of each finding it must show, with why when that is not obvious.
    expected: list[tuple[str, str]] = field(default_factory=list)


REDLINE, MIRROR, BRAND = "redline-coffee", "mirror-that-remembers", "brand-spot"
DRIFT = sorted(str(p.relative_to(HERE)) for p in (HERE / REDLINE / "renders-drift").glob("*.mp4"))
PARTS = [
    Part("the samples lint clean", [["lint", REDLINE, f"{MIRROR}/sheet.md", MIRROR, "--date", DATE]], 0),
    Part(
        "the first draft of Redline Coffee, before soracheck",
        [["lint", f"{REDLINE}/drafts/first-draft.yaml", "--output-format", "concise", "--date", DATE]],
        1,
        [
            (f"first-draft.yaml:{line} {code}", "")
            for line, code in [
                (12, "CR008"),
                (17, "CN004"),
                (18, "CT001"),
                (24, "CT002"),
                (25, "CR005"),
                (27, "CR001"),
                (28, "TM002"),
                (30, "TM003"),
                (34, "CT003"),
                (34, "CT004"),
                (34, "CT009"),
                (41, "CR009"),
                (42, "CT006"),
            ]
        ],
    ),
    Part(
        "director notes on Redline Coffee, as a linted diff (nothing is written without --write)",
        [[f"{REDLINE}/notes.txt", "--offline"]],
        1,
        [
            ("storyboard.yaml:88 TM001", "the note shortens the booth shot to 8 s: two beats of 4 s each"),
            ("storyboard.yaml:88 TM001", "(its second beat)"),
        ],
    ),
    Part(
        "the CI gate on both projects, renders measured",
        [["check", REDLINE, "--date", DATE], ["check", MIRROR, "--date", DATE]],
        0,
        [
            (
                "storyboard.yaml:13 FR012",
                "said, not passed: Maya's face is not in the cup close-ups, and Leo never shows his beside her",
            ),
            ("storyboard.yaml:23 FR012", "said, not passed: Leo has no reference and is never alone on screen"),
            ("storyboard.yaml:7 FR012", "said, not passed: the cameraman stands in profile, no frontal face"),
        ],
    ),
    Part(
        "Redline Coffee against renders with seven injected drifts",
        [
            [
                "frames",
                *DRIFT,
                "--output-format",
                "html",
                "-o",
                f"{REDLINE}/.soracheck/drift-report.html",
                "--exit-zero",
            ],
            ["frames", *DRIFT, "--output-format", "concise"],
        ],
        1,
        [
            (
                "storyboard.yaml:13 FR012",
                "said, not passed: Maya's face is not in the cup close-ups, and Leo never shows his beside her",
            ),
            ("storyboard.yaml:23 FR012", "said, not passed: Leo has no reference and is never alone on screen"),
            ("storyboard.yaml:52 FR004", "another face over Maya's"),
            ("storyboard.yaml:65 FR005", "a cold grade across the lighting-lock"),
            ("storyboard.yaml:65 FR014", "the cold grade slides back to warm inside the shot"),
            ("storyboard.yaml:76 FR008", "flicker"),
            ("storyboard.yaml:88 FR006", "the booth shot restarts the push-in"),
            ("storyboard.yaml:100 FR009", "underexposed where darkness is avoided"),
            ("storyboard.yaml:112 FR007", "the match-move reversed"),
            ("storyboard.yaml:111 AU002", "the bus brakes heard two seconds after their cue"),
        ],
    ),
    Part(
        "governance: the Ember Oat spot in three variants",
        [["check", BRAND, "--output-format", "concise", "--date", DATE]],
        1,
        [
            ("spot-commuters.yaml:11 FR012", "said, not passed: the renders show no face"),
            ("spot-students.yaml:11 FR012", ""),
            ("spot-tv.yaml:10 FR012", ""),
            ("spot-commuters.yaml:14 BR003", "teal off the palette"),
            ("spot-commuters.yaml:45 PV001", "an unsigned render"),
            ("spot-students.yaml:15 CN002", "expired consent"),
            ("spot-students.yaml:30 BR002", "a competitor named"),
            ("spot-students.yaml:31 BR006", "a drone outside the house grammar"),
            ("spot-tv.yaml:2 BR005", "no AI-generation label"),
            ("spot-tv.yaml:6 AU005", "the TV cut goes on air with the web mix, 8.5 LU over R 128"),
            ("spot-tv.yaml:28 CN004", "consent excludes advertising"),
            ("spot-tv.yaml:33 BR007", "a banned tone word"),
            ("spot-tv.yaml:34 BR004", "a render off the palette"),
            ("spot-tv.yaml:44 PV005", "a stale render"),
            ("spot-tv.yaml:54 PV002", "a render changed after signing"),
        ],
    ),
]


def run_part(part: Part) -> str:
    """Run a part, printing its output labelled; its summary line."""
    print(f"\n--- {part.title}", flush=True)
    wanted = Counter(key for key, _ in part.expected)
    why = dict(part.expected)
    unexpected: list[str] = []
    code, early = 0, []
    for argv in part.commands:
        print("$ soracheck " + " ".join(argv), flush=True)
        done = subprocess.run([str(SORACHECK), *argv], cwd=HERE, capture_output=True, text=True, check=False)
        early += [code] if code else []  # every command but the last must exit 0
        code = done.returncode
        for line in done.stdout.splitlines():
            print(line + label(line, why, wanted, unexpected))
        sys.stdout.write(done.stderr)
        sys.stdout.flush()
    missing = sorted((+wanted).elements())
    problems = [f"{len(unexpected)} unexpected"] if unexpected else []
    problems += [f"missing {', '.join(missing)}"] if missing else []
    problems += [f"exit {code}, expected {part.exit}"] if code != part.exit else []
    problems += [f"an earlier command exited {early[0]}"] if early else []
    found = len(part.expected) - len(missing) + len(unexpected)
    verdict = "; ".join(problems) or ("all expected" if found else "clean")
    return f"{'FAIL' if problems else 'ok  '}  {part.title}: {found} finding(s), {verdict} (exit {code})"


def label(line: str, why: dict[str, str], wanted: Counter[str], unexpected: list[str]) -> str:
    """`` ← expected`` (with why) for a finding the part must show, `` ← UNEXPECTED`` for another."""
    match = FINDING.match(line)
    if match is None or line.startswith(("fixed ", "remaining ")):
        return ""
    key = next((k for k in wanted if wanted[k] > 0 and _same(k, match)), None)
    if key is None:
        unexpected.append(line)
        return "   ← UNEXPECTED"
    wanted[key] -= 1
    return f"   ← expected{': ' + why[key] if why[key] else ''}"


def _same(key: str, match: re.Match[str]) -> bool:
    where, code = key.split(" ")
    name, line = where.rsplit(":", 1)
    return code == match["code"] and line == match["line"] and match["file"].endswith(name)


def main() -> int:
    summaries = [run_part(part) for part in PARTS]
    print("\n--- summary")
    print("\n".join(summaries))
    return 1 if any(s.startswith("FAIL") for s in summaries) else 0


if __name__ == "__main__":
    sys.exit(main())
