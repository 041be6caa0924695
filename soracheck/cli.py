"""The soracheck command line: each command parses, calls the library and renders — nothing more.

Heavy modules (langgraph, openai, av, skimage) are imported only inside the commands that need them.
"""

from __future__ import annotations

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, NoReturn

import typer

from soracheck import __version__
from soracheck.storyboard.source import StoryboardError

app = typer.Typer(
    name="soracheck",
    help="Edit-checker and continuity linter for AI-generated video storyboards.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


class OutputFormat(StrEnum):
    full = "full"
    concise = "concise"
    json = "json"


class SchemaKind(StrEnum):
    storyboard = "storyboard"
    consent = "consent"
    config = "config"


def _input_error(error: StoryboardError | OSError) -> NoReturn:
    """Print an input problem as ``file:line:col: message`` and exit 2."""
    typer.echo(str(error) if isinstance(error, StoryboardError) else f"soracheck: {error}", err=True)
    raise typer.Exit(2)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"soracheck {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Edit-checker and continuity linter for AI-generated video storyboards."""


@app.command()
def lint(
    paths: Annotated[
        list[Path], typer.Argument(help="Storyboard .yaml, production sheet .md, prompt .txt, or a project folder.")
    ],
    output_format: Annotated[
        OutputFormat, typer.Option("--output-format", help="How to print findings.")
    ] = OutputFormat.full,
    config: Annotated[
        Path | None, typer.Option("--config", help="soracheck.toml to use instead of the nearest one.")
    ] = None,
) -> None:
    """Run the text rules on storyboards, production sheets and prompts. Exit 0 clean, 1 findings, 2 input error."""
    from soracheck.project import Project

    try:
        project = Project(config)
        result = project.lint(paths)
    except StoryboardError as error:
        _input_error(error)
    for error in result.errors:
        typer.echo(str(error), err=True)
    if output_format is OutputFormat.json:
        from soracheck.report.json import render_json

        sys.stdout.write(render_json(result.diagnostics, result.sources))
    else:
        from soracheck.report.text import render_concise, render_full, render_summary

        if output_format is OutputFormat.full:
            render_full(sys.stdout, result.diagnostics, result.sources)
        else:
            render_concise(sys.stdout, result.diagnostics)
        if result.files:
            render_summary(sys.stdout, result.diagnostics, len(result.files))
    if result.errors:
        raise typer.Exit(2)
    raise typer.Exit(1 if result.failing else 0)


@app.command()
def schema(kind: Annotated[SchemaKind, typer.Argument(help="Which file's schema.")] = SchemaKind.storyboard) -> None:
    """Print the JSON Schema of the storyboard (or consent, or config) file, for editors."""
    from pydantic import TypeAdapter

    from soracheck.config import Config
    from soracheck.storyboard.model import Consent, Storyboard

    target = {SchemaKind.storyboard: Storyboard, SchemaKind.consent: Consent, SchemaKind.config: Config}[kind]
    document = TypeAdapter(target).json_schema(by_alias=True)
    document["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    typer.echo(json.dumps(document, indent=2, ensure_ascii=False))


@app.command()
def init(
    folder: Annotated[Path, typer.Argument(help="Where to write the starter project.")] = Path("."),
    force: Annotated[bool, typer.Option("--force", help="Overwrite existing files.")] = False,
) -> None:
    """Write a starter project: storyboard.yaml, consent.yaml, soracheck.toml and notes.txt."""
    from soracheck.starter import write_starter

    try:
        written = write_starter(folder, force=force)
    except (StoryboardError, OSError) as error:
        _input_error(error)
    for path in written:
        typer.echo(f"wrote {path}")


@app.command()
def rule(
    code: Annotated[str | None, typer.Argument(help="A rule code or name, e.g. CT001.")] = None,
    all_: Annotated[bool, typer.Option("--all", help="Document every rule.")] = False,
) -> None:
    """Print a rule's documentation: what it flags, why, an example and the fix."""
    from soracheck.rules.base import all_rules

    rules = all_rules()
    if all_ or code is None:
        chosen = list(rules.values())
    else:
        chosen = [r for r in rules.values() if r.code == code.upper() or r.name == code.lower()]
        if not chosen:
            typer.echo(f"soracheck: unknown rule {code!r}; see 'soracheck rule --all'", err=True)
            raise typer.Exit(2)
    if code is None and not all_:
        for r in chosen:
            typer.echo(f"{r.code}  {r.name:<28} {r.summary()}")
        return
    for r in chosen:
        typer.echo(f"# {r.code} {r.name} ({r.severity})\n\n{r.documentation()}\n")
