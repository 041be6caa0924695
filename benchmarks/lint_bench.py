"""Time `soracheck lint` against `yamllint` on generated 5,000-shot and 50-shot storyboards.

Both run as whole processes (start-up included), best of N runs each; prints the ratios.
Targets: ≤ 0.25x yamllint on the big file, ≤ 1.0x on the small one.
"""

from __future__ import annotations

import subprocess
import sys
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


def best(command: list[str], runs: int) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        for shots, runs in ((5000, 3), (50, 10)):
            path = Path(folder) / f"storyboard-{shots}.yaml"
            path.write_text(storyboard(shots))
            ours = best([str(BIN / "soracheck"), "lint", "--output-format", "concise", str(path)], runs)
            theirs = best([str(BIN / "yamllint"), "-f", "parsable", str(path)], runs)
            size = path.stat().st_size / 1024
            print(
                f"{shots:>5} shots ({size:,.0f} KiB): soracheck {ours:6.3f} s   yamllint {theirs:6.3f} s   ratio {ours / theirs:.2f}x"
            )


if __name__ == "__main__":
    main()
