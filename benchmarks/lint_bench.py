"""Time `soracheck lint` against `yamllint` on generated 5,000-shot and 50-shot storyboards.

Both run as whole processes (start-up included: typer, pydantic, the rules), best of N alternating
runs each; prints the ratios. Targets: ≤ 0.25x yamllint on the big file, ≤ 1.25x on the small one.
Then a warm in-process lint of the 50-shot file, as an editor server would run it on every keystroke
(the project, its configuration and rules already loaded): the best of N, in milliseconds.
"""

from __future__ import annotations

import compileall
import subprocess
import sys
import sysconfig
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def storyboard(shots: int) -> str:
    lines = [
        "title: Benchmark",
        "model: {name: sora-2, size: 1280x720}",
        "characters:",
        "  maya:",
        "    name: Maya Chen",
        "    anchors: [asymmetrical bob, round wire-frame glasses, faded band t-shirt]",
        "locations:",
        "  cafe: {description: 'brick cafe, Edison bulbs', lighting: warm tungsten, signature: tungsten}",
        "  street: {description: wet street, lighting: golden hour}",
        "shots:",
    ]
    for i in range(shots):
        location = "cafe" if (i // 10) % 2 == 0 else "street"
        lines += [
            f"  - id: shot-{i}",
            "    duration: 5.5",
            f"    location: {location}",
            "    cast: [maya]",
            "    npcs: ['Leo (barista) wipes the counter in slow loops']",
            f"    action: Maya crosses to table {i}, sets the cup down, glasses slide down her nose",
            "    camera: handheld, her friend filming, follows at shoulder height",
            "    lens: 35mm",
            "    beats: [{at: 0, action: enters}, {at: 2.5, action: sits}]",
            f"    directives: [{'continue-shooting' if i % 10 else 'identity-lock'}]",
            "    avoid: [recap, morph]",
            "    audio: {sfx: espresso hiss, cues: [{at: 1.0, sound: cup on saucer}]}",
        ]
    return "\n".join(lines) + "\n"


def best_of(commands: list[list[str]], runs: int) -> list[float]:
    """Best wall time of each command; runs alternate between the commands so drift hits both alike."""
    times: list[list[float]] = [[] for _ in commands]
    for _ in range(runs):
        for command, taken in zip(commands, times, strict=True):
            start = time.perf_counter()
            subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            taken.append(time.perf_counter() - start)
    return [min(taken) for taken in times]


def main() -> None:
    # Measure both as installed: pip byte-compiles what it installs, but not under
    # PYTHONDONTWRITEBYTECODE (set on this project's machines), and an editable install is never
    # compiled; each run would then recompile pydantic, PyYAML and the rest from source. Compile the
    # environment's packages (both tools' dependencies alike) and soracheck itself once.
    for folder in {sysconfig.get_path("purelib"), sysconfig.get_path("platlib")}:
        compileall.compile_dir(folder, quiet=1, workers=0)
    compileall.compile_dir(Path(__file__).resolve().parent.parent / "soracheck", quiet=1)
    with tempfile.TemporaryDirectory() as folder:
        for shots, runs in ((5000, 3), (50, 10)):
            path = Path(folder) / f"storyboard-{shots}.yaml"
            path.write_text(storyboard(shots))
            ours, theirs = best_of(
                [
                    [str(BIN / "soracheck"), "lint", "--output-format", "concise", str(path)],
                    [str(BIN / "yamllint"), "-f", "parsable", str(path)],
                ],
                runs,
            )
            size = path.stat().st_size / 1024
            print(
                f"{shots:>5} shots ({size:,.0f} KiB): soracheck {ours:6.3f} s   yamllint {theirs:6.3f} s   ratio {ours / theirs:.2f}x"
            )
        print(f"   50 shots, warm in-process lint: {warm_lint(Path(folder) / 'storyboard-50.yaml') * 1000:.1f} ms")


def warm_lint(path: Path, runs: int = 20) -> float:
    """Best seconds of linting ``path``'s text again in a process that has linted it once."""
    from soracheck.project import Project

    project = Project()
    text = path.read_text(encoding="utf-8")
    project.lint_text(text, str(path))  # load the configuration and rules, compile the patterns
    taken = []
    for _ in range(runs):
        start = time.perf_counter()
        project.lint_text(text, str(path))
        taken.append(time.perf_counter() - start)
    return min(taken)


if __name__ == "__main__":
    main()
