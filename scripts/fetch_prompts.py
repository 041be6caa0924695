"""Fetch the published-prompt corpus: real text-to-video prompts from public repositories, pinned by commit.

The prompts stay out of soracheck's repository (others wrote them); this script puts them in a
folder that `tests/rules/test_published_prompts.py` and `benchmarks/prompt_precision.py` read:
``$SORACHECK_PROMPT_CORPUS``, by default ``../prompt-corpus`` beside the repository. Each source
becomes a folder of ``NNN.txt`` files (one prompt each, exactly as written) with its licence and a
``SOURCE.md`` naming where every file came from.

    python scripts/fetch_prompts.py                       # from GitHub, at the pinned commits
    python scripts/fetch_prompts.py --mirror /work/.mirror  # from local bare clones (owner+name/repo)

A prompt that repeats one already taken (ignoring case, spacing and punctuation) is dropped, and so
is one written in a non-Latin script: the rules read English.
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def corpus_folder() -> Path:
    """Where the corpus lives: ``$SORACHECK_PROMPT_CORPUS``, else ``../prompt-corpus`` beside the repository."""
    return Path(os.environ.get("SORACHECK_PROMPT_CORPUS", REPO.parent / "prompt-corpus"))


@dataclass(frozen=True)
class Source:
    name: str
    repo: str
    commit: str
    paths: tuple[str, ...]
    licence: str
    extract: str  # "csv-text", "lines" or "fenced" / "fenced:LANG"
    note: str


SOURCES = (
    Source(
        "opensora-sora",
        "hpcaitech/Open-Sora",
        "7ad6a96a135feb81f755c84fb391818718f6beb2",
        ("assets/texts/sora.csv",),
        "Apache-2.0",
        "csv-text",
        "OpenAI's Sora showcase prompts (February 2024), as collected by Open-Sora: the `text` of each row.",
    ),
    Source(
        "vbench2-complex-plot",
        "Vchitect/VBench",
        "45e79ec14e69a2187202c675d2dbce1a71843d53",
        ("VBench-2.0/prompts/prompt/Complex_Plot.txt",),
        "Apache-2.0",
        "lines",
        "VBench-2.0's Complex Plot prompts: stories of several events in sequence, one per line.",
    ),
    Source(
        "awesome-sora2-zerolu",
        "ZeroLu/awesome-sora2",
        "bc9703964ec295f7701e990d28cb47905e48f605",
        ("README.md",),
        "MIT",
        "fenced:text",
        "Sora 2 prompts shared on X: timed shot lists, a bracketed shot list, a trailer (every ```text block).",
    ),
    Source(
        "awesome-sora2-zhangchenchen",
        "zhangchenchen/awesome_sora2_prompt",
        "68f991604383ac789363a3c9ec57895e78324c06",
        (
            "prompts/official-prompts.md",
            "prompts/sora2-viral-prompts.md",
            "prompts/hyperrealism-landscapes.md",
            "guides/cinematic-techniques.md",
        ),
        "MIT",
        "fenced",
        "OpenAI's showcase prompts, viral Sora 2 prompts from X and the authors' technique examples (every code block).",
    ),
    Source(
        "vbench2-aug-people",
        "Vchitect/VBench",
        "45e79ec14e69a2187202c675d2dbce1a71843d53",
        (
            "VBench-2.0/prompts/prompt_aug/VBench2_aug_prompt/Human_Interaction.txt",
            "VBench-2.0/prompts/prompt_aug/VBench2_aug_prompt/Human_Clothes.txt",
        ),
        "Apache-2.0",
        "lines",
        "VBench-2.0's prompts of people interacting and of clothes, as VBench extended them into long cinematic"
        " prompts. Added as held-out material: measured once, after the rules were changed on the other sources.",
    ),
)


def from_github(source: Source, path: str) -> str:
    url = f"https://raw.githubusercontent.com/{source.repo}/{source.commit}/{path}"
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read().decode("utf-8")


def from_mirror(mirror: Path) -> Callable[[Source, str], str]:
    def read(source: Source, path: str) -> str:
        git = mirror / source.repo.replace("/", "+") / "repo"
        shown = subprocess.run(
            ["git", "--git-dir", str(git), "show", f"{source.commit}:{path}"], capture_output=True, check=True
        )
        return shown.stdout.decode("utf-8")

    return read


def prompts(source: Source, text: str, path: str) -> Iterator[tuple[str, str]]:
    """Each prompt of a file with where it is: a CSV row's ``text``, a line, or a fenced code block."""
    kind, _, language = source.extract.partition(":")
    if kind == "csv-text":
        for row, record in enumerate(csv.DictReader(io.StringIO(text)), 1):
            yield record["text"], f"{path} data row {row}"
    elif kind == "lines":
        for number, line in enumerate(text.split("\n"), 1):
            yield line.rstrip("\r"), f"{path} line {number}"
    else:
        block: list[str] | None = None
        tag, count = "", 0
        for line in text.split("\n"):
            if line.startswith("```"):
                if block is None:
                    block, tag = [], line[3:].strip()
                else:
                    count += 1
                    if not language or tag == language:
                        yield "\n".join(block), f"{path} fenced block #{count} (```{tag})"
                    block = None
            elif block is not None:
                block.append(line)


def _key(prompt: str) -> str:
    return re.sub(r"[^0-9a-z]+", "", prompt.lower())


def _latin(prompt: str) -> bool:
    scripts = ("CJK", "HANGUL", "HIRAGANA", "KATAKANA", "CYRILLIC", "ARABIC", "THAI", "DEVANAGARI", "HEBREW", "GREEK")
    return not any(word in unicodedata.name(char, "") for char in prompt for word in scripts)


def fetch(read: Callable[[Source, str], str], out: Path) -> int:
    seen: dict[str, str] = {}
    total = 0
    for source in SOURCES:
        folder = out / source.name
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        index, dropped = [], []
        for path in source.paths:
            for prompt, origin in prompts(source, read(source, path), path):
                key = _key(prompt)
                if not key:
                    continue
                if key in seen:
                    dropped.append(f"- {origin}: the same prompt as {seen[key]}")
                elif not _latin(prompt):
                    dropped.append(f"- {origin}: not written in the Latin script")
                else:
                    name = f"{len(index) + 1:03d}.txt"
                    seen[key] = f"{source.name}/{name}"
                    (folder / name).write_text(prompt if prompt.endswith("\n") else prompt + "\n", encoding="utf-8")
                    index.append(f"| {name} | {origin} |")
        (folder / "LICENSE").write_text(read(source, "LICENSE"), encoding="utf-8")
        (folder / "SOURCE.md").write_text(
            f"# {source.name}\n\n{source.note}\n\n"
            f"- Repository: https://github.com/{source.repo} at `{source.commit}`\n"
            f"- Licence: {source.licence} (`LICENSE`); written by others, not part of soracheck\n\n"
            "## Dropped\n\n" + ("\n".join(dropped) or "- none") + "\n\n"
            "## Files\n\n| file | from |\n|---|---|\n" + "\n".join(index) + "\n",
            encoding="utf-8",
        )
        print(f"{source.name}: {len(index)} prompts ({len(dropped)} dropped)")
        total += len(index)
    return total


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mirror", type=Path, help="read bare clones under this folder (owner+name/repo) instead")
    parser.add_argument("--out", type=Path, default=corpus_folder(), help="the corpus folder (default: %(default)s)")
    args = parser.parse_args()
    read = from_mirror(args.mirror) if args.mirror else from_github
    print(f"{fetch(read, args.out)} prompts in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
