"""The soracheck command line: each command parses, calls the library and renders — nothing more.

Built on :mod:`argparse`: it costs nothing at start-up, where typer builds a pydantic adapter for every
option of every run. Heavy modules (langgraph, openai, av, skimage) are imported only inside the
commands that need them. Every command returns its exit code: 0 clean, 1 failing findings, 2 usage,
configuration or input error.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from soracheck import __version__
from soracheck.storyboard.source import Location, StoryboardError

if TYPE_CHECKING:
    from soracheck.agents.history import History
    from soracheck.project import LintResult, Progress, Project

OUTPUT_FORMATS = ("full", "concise", "json")
#: The gate's formats: those of lint, and the HTML report.
GATE_FORMATS = (*OUTPUT_FORMATS, "html")
SCHEMA_KINDS = ("storyboard", "consent", "config")


def _input_error(error: StoryboardError | OSError) -> int:
    """Print an input problem as ``file:line:col: message``; the exit code of an input error."""
    print(str(error) if isinstance(error, StoryboardError) else f"soracheck: {error}", file=sys.stderr)
    return 2


def lint(args: argparse.Namespace) -> int:
    """Run the text rules on storyboards, production sheets and prompts. Exit 0 clean, 1 findings, 2 input error."""
    from soracheck.project import Project

    return _findings(args, lambda: Project(args.config, args.date).lint(args.paths))


def check(args: argparse.Namespace) -> int:
    """The CI gate: every rule on the storyboard, and the frame rules on its renders. Exit 0, 1 or 2."""
    from soracheck.project import Project

    return _findings(
        args, lambda: Project(args.config, args.date).lint([args.path], frames=not args.no_frames, progress=_progress())
    )


def frames(args: argparse.Namespace) -> int:
    """Only the frame rules, on the renders given (named after their shots, or one stitched cut)."""
    from soracheck.project import Project

    def run() -> LintResult:
        project = Project(args.config, args.date)
        board = args.storyboard or project.storyboard_for(args.renders[0])
        return project.lint([board], frames=True, renders=args.renders, only="FR", progress=_progress())

    return _findings(args, run)


def export(args: argparse.Namespace) -> int:
    """Write the storyboard and its renders as an OpenTimelineIO timeline, the findings as markers."""
    import opentimelineio as otio

    from soracheck.project import Project
    from soracheck.report.otio import timeline

    try:
        result = Project(args.config, args.date).lint([args.path], frames=not args.no_frames, progress=_progress())
    except StoryboardError as error:
        return _input_error(error)
    for error in result.errors:
        print(str(error), file=sys.stderr)
    if result.errors:
        return 2
    if len(result.documents) != 1:
        print(
            f"soracheck: {args.path} holds {len(result.documents)} storyboards: name the one to export", file=sys.stderr
        )
        return 2
    ((path, document),) = result.documents.items()
    if document.kind != "storyboard":
        print(f"soracheck: {path}: only a storyboard can be exported", file=sys.stderr)
        return 2
    findings = [d for d in result.diagnostics if d.location.path == path]
    try:
        otio.adapters.write_to_file(
            timeline(document.board, Path(path), findings, result.renders.get(path)), str(args.otio)
        )
    except (OSError, otio.exceptions.OTIOError) as error:
        print(f"soracheck: cannot write {args.otio}: {error}", file=sys.stderr)
        return 2
    print(f"wrote {args.otio}: {len(document.board.shots)} clips, {len(findings)} markers", file=sys.stderr)
    return 0


def render_done(args: argparse.Namespace) -> int:
    """Record RENDER as the current render of SHOT: its file, seed, model and the hash of the shot's spec now."""
    from soracheck.project import Project
    from soracheck.storyboard.edits import FileChangedError, replace_file, unified_diff
    from soracheck.storyboard.load import read_text
    from soracheck.storyboard.record import record_render

    try:
        board = args.storyboard or Project(args.config).storyboard_for(args.render.parent)
        if not args.render.exists():
            raise StoryboardError.at(Location(str(args.render)), "no such render")
        try:
            file = args.render.resolve().relative_to(board.resolve().parent).as_posix()
        except ValueError:
            file = args.render.resolve().as_posix()
        text = read_text(board)
        new = record_render(text, str(board), args.shot, file, args.seed, args.model)
        replace_file(board, text, new)
    except StoryboardError as error:
        return _input_error(error)
    except (OSError, FileChangedError) as error:
        print(f"soracheck: {error}", file=sys.stderr)
        return 2
    sys.stdout.write(unified_diff(os.path.relpath(board), text, new))
    return 0


def _findings(args: argparse.Namespace, run: Callable[[], LintResult]) -> int:
    """Run a linting command and print its findings in ``args.output_format`` (to ``-o FILE``); the exit code."""
    try:
        result = run()
    except StoryboardError as error:
        return _input_error(error)
    finally:
        if sys.stderr.isatty():
            sys.stderr.write("\r\x1b[K")  # clear a progress line a render that ended early left behind
    for error in result.errors:
        print(str(error), file=sys.stderr)
    target = getattr(args, "output", None)
    try:
        out = target.open("w", encoding="utf-8") if target else sys.stdout
    except OSError as error:
        return _input_error(error)
    with out if target else contextlib.nullcontext(out):
        if args.output_format == "json":
            from soracheck.report.json import render_json

            out.write(render_json(result.diagnostics, result.sources))
        elif args.output_format == "html":
            from soracheck.report.html import render_html

            out.write(render_html(result))
        else:
            from soracheck.report.text import render_concise, render_full, render_summary

            if args.output_format == "full":
                render_full(out, result.diagnostics, result.sources)
            else:
                render_concise(out, result.diagnostics)
            if result.files:
                render_summary(out, result.diagnostics, len(result.files))
    if target:
        print(f"wrote {target}", file=sys.stderr)
    if result.errors:
        return 2
    return 1 if result.failing else 0


def _progress() -> Progress | None:
    """A one-line progress report on a terminal's stderr while renders are measured."""
    if not sys.stderr.isatty():
        return None

    shown: list[tuple[str, int]] = []

    def show(name: str, share: float) -> None:
        percent = round(share * 100)
        if shown and shown[-1] == (name, percent):
            return  # called for every frame; drawn once a percent
        shown.append((name, percent))
        bar = "#" * (percent // 5)
        end = "\r\x1b[K" if percent >= 100 else ""
        sys.stderr.write(f"\r\x1b[Kmeasuring {name} [{bar:<20}] {percent:3d}%{end}")
        sys.stderr.flush()

    return show


def notes(args: argparse.Namespace) -> int:
    """Turn director notes into a storyboard diff, linted before anyone accepts it (the default command)."""
    from soracheck.agents.graph import CONSEQUENCES, AgentContext, build, outcome, start
    from soracheck.agents.interpret import choose, parse_notes
    from soracheck.project import Project
    from soracheck.report.notes import render_notes, render_notes_json
    from soracheck.report.text import display_path
    from soracheck.rules.base import Severity
    from soracheck.storyboard.edits import FileChangedError, replace_file
    from soracheck.storyboard.load import parse_storyboard, read_text

    try:
        project = Project(args.config)
        notes_text = read_text(args.notes)
        board_path = args.storyboard or project.storyboard_for(args.notes)
        text = read_text(board_path)
        parse_storyboard(text, str(board_path))
        config, _ = project.config_for(board_path)
        interpreter = choose(config.agent, offline=args.offline)
    except (StoryboardError, OSError) as error:
        return _input_error(error)
    found = parse_notes(notes_text)
    state = build().invoke(start(str(board_path), text, found), context=AgentContext(interpreter, project.lint_text))
    shown = display_path(str(board_path))
    result = {
        "interpreter": interpreter.name,
        "storyboard": shown,
        "notes": display_path(str(args.notes)),
        "state": state,
        **outcome(state, shown),
    }
    diff = result["diff"]
    if args.output_format == "json":
        sys.stdout.write(render_notes_json(result))
    else:
        render_notes(sys.stdout, result)
    if state.get("error"):
        return 2
    if args.patch and diff:
        args.patch.write_text(diff, encoding="utf-8")
    if args.write and diff:
        try:
            replace_file(board_path, text, state["text"])
        except (FileChangedError, OSError) as error:
            print(f"soracheck: {error}", file=sys.stderr)
            return 2
        from soracheck.agents.history import History

        history = History(project.root(board_path))
        plan = state["plan"] or {}
        revision = history.record(
            board_path, [n.text for n in found], plan.get("rationale", ""), interpreter.name, text, state["text"]
        )
        history.close()
        print(f"wrote {shown}: revision {revision.number} ('soracheck undo' reverts it)", file=sys.stderr)
    failing = Severity.named(config.fail_on)
    # Renders to redo are the change's expected consequence, reported above; they do not fail the run.
    found = [f for f in state.get("after", []) if f["code"] not in CONSEQUENCES]
    return 1 if any(Severity.named(f["severity"]) >= failing for f in found) else 0


def _history(args: argparse.Namespace) -> tuple[Project, Path, History]:
    """The project, storyboard and revision history that ``args.path`` (and ``args.config``) name."""
    from soracheck.agents.history import History
    from soracheck.project import Project

    project = Project(args.config)
    board = project.find_storyboard(args.path)
    return project, board, History(project.root(board))


def chat(args: argparse.Namespace) -> int:
    """Revise a storyboard note by note: see each linted diff, then approve, reject with a reason, or edit."""
    from soracheck.agents.chat import Chat, reader
    from soracheck.agents.interpret import choose
    from soracheck.report.text import display_path
    from soracheck.storyboard.load import parse_storyboard, read_text

    try:
        project, board, history = _history(args)
        shown = display_path(str(board))
        parse_storyboard(read_text(board), shown)
        config, _ = project.config_for(board)
        interpreter = choose(config.agent, offline=args.offline)
    except (StoryboardError, OSError) as error:
        return _input_error(error)
    session = Chat(board, shown, project, interpreter, history, reader(sys.stdin, sys.stdout), sys.stdout)
    try:
        session.run(resume=args.resume)
    except KeyboardInterrupt:
        print("\nstopped; a diff waiting for a decision is kept for 'soracheck chat --resume'")
    finally:
        history.close()
    return 0


def log(args: argparse.Namespace) -> int:
    """List the approved revisions of the storyboard, newest first, with their notes and rationale."""
    from soracheck.report.notes import log_json, render_log

    try:
        _, board, history = _history(args)
    except (StoryboardError, OSError) as error:
        return _input_error(error)
    revisions = history.revisions(board)
    history.close()
    if args.output_format == "json":
        sys.stdout.write(log_json(revisions))
    else:
        render_log(sys.stdout, revisions)
    return 0


def undo(args: argparse.Namespace) -> int:
    """Revert the last approved revision of the storyboard, if the file has not changed since."""
    from soracheck.agents.history import HistoryError
    from soracheck.report.text import display_path

    try:
        _, board, history = _history(args)
    except (StoryboardError, OSError) as error:
        return _input_error(error)
    try:
        revision = history.undo(board)
    except (HistoryError, OSError) as error:
        print(f"soracheck: {error}", file=sys.stderr)
        return 2
    finally:
        history.close()
    print(f"undid revision {revision.number}: {display_path(str(board))} is back as it was before it")
    return 0


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


def _command(
    commands: argparse._SubParsersAction, run: Callable[[argparse.Namespace], int], *shared: argparse.ArgumentParser
) -> argparse.ArgumentParser:
    """A subcommand named after ``run``, described by its docstring, with the ``shared`` options."""
    summary = (run.__doc__ or "").split("\n")[0]
    parser = commands.add_parser(
        run.__name__.replace("_", "-"), help=summary, description=run.__doc__, parents=list(shared)
    )
    parser.set_defaults(run=run)
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date as YYYY-MM-DD: {text!r}") from None


def _shared(*names: str, **options: Any) -> argparse.ArgumentParser:
    """One argument that several commands take alike."""
    parent = argparse.ArgumentParser(add_help=False)
    parent.add_argument(*names, **options)
    return parent


def parser() -> argparse.ArgumentParser:
    """The whole command line."""
    top = argparse.ArgumentParser(
        prog="soracheck", description="Edit-checker and continuity linter for AI-generated video storyboards."
    )
    top.add_argument("--version", action="version", version=f"soracheck {__version__}", help="Print the version.")
    commands = top.add_subparsers(title="commands", metavar="COMMAND")
    config = _shared("--config", type=Path, help="soracheck.toml to use instead of the nearest one.")
    date = _shared(
        "--date",
        type=_date,
        metavar="YYYY-MM-DD",
        help="The date consent is checked at (default: today), e.g. the day the piece ships.",
    )
    offline = _shared("--offline", action="store_true", help="Use the offline grammar even if a model is configured.")
    project = _shared(
        "path",
        nargs="?",
        type=Path,
        default=Path("."),
        metavar="PATH",
        help="The storyboard, or a folder of its project (default: here).",
    )

    command = _command(commands, lint, config, date)
    command.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="Storyboard .yaml, production sheet .md, prompt .txt, or a project folder.",
    )
    command.add_argument("--output-format", choices=OUTPUT_FORMATS, default="full", help="How to print findings.")

    gate_format = _shared(
        "--output-format",
        choices=GATE_FORMATS,
        default="full",
        help="How to report findings (html: a page with pictures).",
    )
    output = _shared(
        "-o", "--output", type=Path, metavar="FILE", help="Write the report to FILE instead of the terminal."
    )
    command = _command(commands, check, project, config, date, gate_format, output)
    command.add_argument("--no-frames", action="store_true", help="Skip measuring the renders (text rules only).")

    command = _command(commands, frames, config, date, gate_format, output)
    command.add_argument("renders", nargs="+", type=Path, metavar="RENDER", help="Video files or folders of frames.")
    command.add_argument("--storyboard", type=Path, help="The storyboard they render (default: the project's).")

    command = _command(commands, export, project, config, date)
    command.add_argument("--otio", type=Path, required=True, metavar="FILE", help="The timeline to write (.otio).")
    command.add_argument("--no-frames", action="store_true", help="Skip measuring the renders (text findings only).")

    command = _command(commands, render_done, config)
    command.add_argument("shot", metavar="SHOT", help="The shot's id.")
    command.add_argument("render", type=Path, metavar="RENDER", help="Its render file.")
    command.add_argument("--seed", type=int, help="The seed it was rendered with (default: the one recorded).")
    command.add_argument("--model", help="The model that rendered it, if not the project's.")
    command.add_argument("--storyboard", type=Path, help="The storyboard (default: the render's project's).")

    command = _command(commands, notes, offline, config)
    command.add_argument("notes", type=Path, metavar="NOTES.txt", help="Director notes, one per line.")
    command.add_argument("--storyboard", type=Path, help="The storyboard to change (default: the project's).")
    command.add_argument("--write", action="store_true", help="Apply the diff to the storyboard (atomically).")
    command.add_argument("--patch", type=Path, metavar="FILE", help="Write the diff as a patch 'git apply' accepts.")
    command.add_argument("--output-format", choices=("full", "json"), default="full", help="How to print the result.")

    command = _command(commands, chat, project, offline, config)
    command.add_argument("--resume", action="store_true", help="Continue the review left open by the last session.")

    command = _command(commands, log, project, config)
    command.add_argument("--output-format", choices=("full", "json"), default="full", help="How to print the log.")

    _command(commands, undo, project, config)

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
    """Parse ``argv`` (default: the process's arguments), run the command, return its exit code.

    A first argument that is neither a command nor an option is a notes file: ``soracheck notes.txt``
    is ``soracheck notes notes.txt``.
    """
    top = parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    commands = next(a for a in top._actions if isinstance(a, argparse._SubParsersAction)).choices
    if argv and not argv[0].startswith("-") and argv[0] not in commands:
        argv.insert(0, "notes")
    args = top.parse_args(argv)
    if not hasattr(args, "run"):
        top.print_help(sys.stderr)
        return 2
    return args.run(args)
