"""The soracheck command line: each command parses, calls the library and renders — nothing more.

Built on :mod:`argparse`: it costs nothing at start-up, where typer builds a pydantic adapter for every
option of every run. Heavy modules (langgraph, openai, av, skimage) are imported only inside the
commands that need them. Every command returns its exit code: 0 clean, 1 failing findings, 2 usage,
configuration or input error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from soracheck import __version__
from soracheck.storyboard.source import StoryboardError

OUTPUT_FORMATS = ("full", "concise", "json")
SCHEMA_KINDS = ("storyboard", "consent", "config")


def _input_error(error: StoryboardError | OSError) -> int:
    """Print an input problem as ``file:line:col: message``; the exit code of an input error."""
    print(str(error) if isinstance(error, StoryboardError) else f"soracheck: {error}", file=sys.stderr)
    return 2


def lint(args: argparse.Namespace) -> int:
    """Run the text rules on storyboards, production sheets and prompts. Exit 0 clean, 1 findings, 2 input error."""
    from soracheck.project import Project

    try:
        result = Project(args.config).lint(args.paths)
    except StoryboardError as error:
        return _input_error(error)
    for error in result.errors:
        print(str(error), file=sys.stderr)
    if args.output_format == "json":
        from soracheck.report.json import render_json

        sys.stdout.write(render_json(result.diagnostics, result.sources))
    else:
        from soracheck.report.text import render_concise, render_full, render_summary

        if args.output_format == "full":
            render_full(sys.stdout, result.diagnostics, result.sources)
        else:
            render_concise(sys.stdout, result.diagnostics)
        if result.files:
            render_summary(sys.stdout, result.diagnostics, len(result.files))
    if result.errors:
        return 2
    return 1 if result.failing else 0


def schema(args: argparse.Namespace) -> int:
    """Print the JSON Schema of the storyboard (or consent, or config) file, for editors."""
    from pydantic import TypeAdapter

    from soracheck.config import Config
    from soracheck.storyboard.model import Consent, Storyboard

    target = {"storyboard": Storyboard, "consent": Consent, "config": Config}[args.kind]
    document = TypeAdapter(target).json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    print(json.dumps(document, indent=2, ensure_ascii=False))
    return 0


def init(args: argparse.Namespace) -> int:
    """Write a starter project: storyboard.yaml, consent.yaml, soracheck.toml and notes.txt."""
    from soracheck.starter import write_starter

    try:
        written = write_starter(args.folder, force=args.force)
    except (StoryboardError, OSError) as error:
        return _input_error(error)
    for path in written:
        print(f"wrote {path}")
    return 0


def rule(args: argparse.Namespace) -> int:
    """Print a rule's documentation: what it flags, why, an example and the fix."""
    from soracheck.rules.base import all_rules

    rules = all_rules().values()
    if args.code is None and not args.all:
        for r in rules:
            print(f"{r.code}  {r.name:<28} {r.summary()}")
        return 0
    chosen = [r for r in rules if args.all or args.code.upper() == r.code or args.code.lower() == r.name]
    if not chosen:
        print(f"soracheck: unknown rule {args.code!r}; see 'soracheck rule --all'", file=sys.stderr)
        return 2
    for r in chosen:
        print(f"# {r.code} {r.name} ({r.severity})\n\n{r.documentation()}\n")
    return 0


def _command(commands: argparse._SubParsersAction, run: Callable[[argparse.Namespace], int]) -> argparse.ArgumentParser:
    """A subcommand named after ``run``, described by its docstring."""
    summary = (run.__doc__ or "").split("\n")[0]
    parser = commands.add_parser(run.__name__, help=summary, description=run.__doc__)
    parser.set_defaults(run=run)
    return parser


def parser() -> argparse.ArgumentParser:
    """The whole command line."""
    top = argparse.ArgumentParser(
        prog="soracheck", description="Edit-checker and continuity linter for AI-generated video storyboards."
    )
    top.add_argument("--version", action="version", version=f"soracheck {__version__}", help="Print the version.")
    commands = top.add_subparsers(title="commands", metavar="COMMAND")

    command = _command(commands, lint)
    command.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="Storyboard .yaml, production sheet .md, prompt .txt, or a project folder.",
    )
    command.add_argument("--output-format", choices=OUTPUT_FORMATS, default="full", help="How to print findings.")
    command.add_argument("--config", type=Path, help="soracheck.toml to use instead of the nearest one.")

    command = _command(commands, schema)
    command.add_argument("kind", nargs="?", choices=SCHEMA_KINDS, default="storyboard", help="Which file's schema.")

    command = _command(commands, init)
    command.add_argument("folder", nargs="?", type=Path, default=Path("."), help="Where to write the starter project.")
    command.add_argument("--force", action="store_true", help="Overwrite existing files.")

    command = _command(commands, rule)
    command.add_argument("code", nargs="?", help="A rule code or name, e.g. CT001.")
    command.add_argument("--all", action="store_true", help="Document every rule.")
    return top


def run(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (default: the process's arguments), run the command, return its exit code."""
    top = parser()
    args = top.parse_args(argv)
    if not hasattr(args, "run"):
        top.print_help(sys.stderr)
        return 2
    return args.run(args)
