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
from soracheck.report import FORMATS
from soracheck.storyboard.source import Span, StoryboardError

if TYPE_CHECKING:
    from soracheck.agents.history import History
    from soracheck.config import Overrides
    from soracheck.project import LintResult, Progress, Project

SCHEMA_KINDS = ("storyboard", "consent", "config")


def _input_error(error: StoryboardError | OSError) -> int:
    """Print an input problem as ``file:line:col: message``; the exit code of an input error."""
    print(str(error) if isinstance(error, StoryboardError) else f"soracheck: {error}", file=sys.stderr)
    return 2


def lint(args: argparse.Namespace) -> int:
    """Run the text rules on storyboards, production sheets and prompts. Exit 0 clean, 1 findings, 2 input error."""
    if args.watch:
        return _watch(args)
    return _gate(args, args.paths, project_files=args.project_files)


def check(args: argparse.Namespace) -> int:
    """The CI gate: every rule on the storyboard, and the frame rules on its renders. Exit 0, 1 or 2."""
    return _gate(args, [args.path], frames=not args.no_frames)


def frames(args: argparse.Namespace) -> int:
    """Only the frame rules, on the renders given (named after their shots, or one stitched cut)."""

    def run(project: Project) -> LintResult:
        board = args.storyboard or project.storyboard_for(args.renders[0])
        return project.lint([board], frames=True, renders=args.renders, only="FR", progress=_progress())

    return _gate(args, [], run=run)


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
            raise StoryboardError.at(Span(str(args.render)), "no such render")
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


def _overrides(args: argparse.Namespace) -> Overrides:
    """The selection options of the command line, checked: an unknown selector is a usage error."""
    from soracheck.config import Overrides
    from soracheck.rules.registry import known_selector

    def selectors(option: str) -> list[str] | None:
        given = getattr(args, option, None)
        if given is None:
            return None
        found = [s.strip() for value in given for s in value.split(",") if s.strip()]
        unknown = [s for s in found if not known_selector(s)]
        if unknown:
            raise ValueError(f"--{option.replace('_', '-')}: unknown rule selector {', '.join(map(repr, unknown))}")
        return found

    severity = {}
    for value in args.severity or []:
        selector, _, level = value.partition("=")
        if level.strip().lower() not in ("error", "warning", "info") or not known_selector(selector):
            raise ValueError(f"--severity: expected SELECTOR=error|warning|info with a known selector, not {value!r}")
        severity[selector.strip()] = level.strip().lower()
    return Overrides(
        select=selectors("select"),
        extend_select=selectors("extend_select") or [],
        ignore=selectors("ignore") or [],
        severity=severity,
        fail_on=args.fail_on,
    )


def _gate(
    args: argparse.Namespace,
    paths: list[Path],
    *,
    frames: bool = False,
    project_files: bool = False,
    run: Callable[[Project], LintResult] | None = None,
) -> int:
    """Lint ``paths`` (or ``run`` a lint) as the options say: fix, write a baseline, or report; the exit code."""
    from soracheck.project import Project

    try:
        overrides = _overrides(args)
    except ValueError as error:
        print(f"soracheck: {error}", file=sys.stderr)
        return 2
    writing = getattr(args, "write_baseline", None)
    project = Project(
        args.config, args.date, overrides=overrides, baseline=getattr(args, "baseline", None), baselines=not writing
    )
    if getattr(args, "fix", False) or getattr(args, "diff", False):
        code = _fix(args, project, paths, project_files)
        if args.diff or code:
            return code
    try:
        result = (
            run(project)
            if run
            else project.lint(
                paths, frames=frames, progress=_progress() if frames else None, project_files=project_files
            )
        )
    except StoryboardError as error:
        return _input_error(error)
    finally:
        if sys.stderr.isatty():
            sys.stderr.write("\r\x1b[K")  # clear a progress line a render that ended early left behind
    for error in result.errors:
        print(str(error), file=sys.stderr)
    if writing:
        return _write_baseline(writing, result)
    code = _report(args, result)
    if code or result.errors:
        return code or 2
    return 1 if result.failing and not args.exit_zero else 0


def _report(args: argparse.Namespace, result: LintResult) -> int:
    """Write the findings (or their statistics) in the chosen format, to ``-o FILE`` or the terminal."""
    from soracheck.report import write_report
    from soracheck.report.text import write_statistics

    target = args.output
    try:
        out = target.open("w", encoding="utf-8") if target else sys.stdout
    except OSError as error:
        return _input_error(error)
    with out if target else contextlib.nullcontext(out):
        if args.statistics:
            write_statistics(out, result, json_format=args.output_format == "json")
        else:
            write_report(args.output_format, out, result, unsafe_fixes=getattr(args, "unsafe_fixes", False))
    if target:
        print(f"wrote {target}", file=sys.stderr)
    return 0


def _fix(args: argparse.Namespace, project: Project, paths: list[Path], project_files: bool) -> int:
    """Apply (``--fix``) or show (``--diff``) the fixes of every file; 0 to go on and report, else the exit code.

    With ``--diff`` nothing is written: the exit code is 2 if a file could not be read, else 1 if there
    is anything to fix, else 0.
    """
    from soracheck.fixes import fix_file
    from soracheck.report.text import display_path
    from soracheck.storyboard.edits import FileChangedError, replace_file, unified_diff

    results, errors = [], []
    for path in paths:
        try:
            targets = project.project_files(path) if project_files else project.targets(path)
        except StoryboardError as error:
            errors.append(error)
            continue
        for target in targets:
            try:
                results += [fix_file(project, target, unsafe=args.unsafe_fixes)] if target.is_file() else []
            except (StoryboardError, OSError) as error:
                errors.append(error)  # one bad file does not keep the others from being fixed
    changed = [f for f in results if f.after != f.before]
    for f in results:
        for problem in f.problems:
            print(f"soracheck: {display_path(str(f.path))}: {problem}; not applied", file=sys.stderr)
    count = sum(f.count for f in changed)
    if args.diff:
        for error in errors:
            _input_error(error)  # with --fix, the report that follows names them
        for f in changed:
            sys.stdout.write(unified_diff(display_path(str(f.path)), f.before, f.after))
        files = f"{len(changed)} file{'s' * (len(changed) != 1)}"
        print(f"would fix {count} problem{'s' * (count != 1)} in {files}", file=sys.stderr)
        return 2 if errors else 1 if changed else 0
    for f in changed:
        try:
            replace_file(f.path, f.before, f.after)
        except (FileChangedError, OSError) as error:
            print(f"soracheck: {error}", file=sys.stderr)
            return 2
    if count:
        print(f"fixed {count} problem{'s' * (count != 1)} in {len(changed)} file(s)", file=sys.stderr)
    return 0


def _write_baseline(path: Path, result: LintResult) -> int:
    """Record the findings of ``result`` as the baseline at ``path`` (not when a file could not be read)."""
    from soracheck.baseline import render_baseline
    from soracheck.storyboard.edits import write_atomic

    if result.errors:
        print(f"soracheck: {path} not written: fix the input errors first", file=sys.stderr)
        return 2
    found = [d for d in result.diagnostics if d.code != "SP003"]
    try:
        write_atomic(path, render_baseline(path, found))
    except OSError as error:
        return _input_error(error)
    print(f"wrote {path}: {len(found)} finding(s) accepted; later runs report only new ones", file=sys.stderr)
    return 0


def _watch(args: argparse.Namespace) -> int:
    """Lint again whenever a linted file, its configuration or its consent records change, until Ctrl-C."""
    import time

    last: dict[Path, tuple[int, int]] | None = None
    try:
        while True:
            current = {path: _stamp(path) for path in _watched(args)}
            if current != last:
                last = current
                if sys.stdout.isatty():
                    sys.stdout.write("\x1b[2J\x1b[H")
                print(f"[{dt.datetime.now():%H:%M:%S}] soracheck lint: watching {len(current)} file(s), Ctrl-C stops")
                _gate(args, args.paths, project_files=args.project_files)
                sys.stdout.flush()
            time.sleep(0.25)
    except KeyboardInterrupt:
        return 0


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_mtime_ns, stat.st_size)


def _watched(args: argparse.Namespace) -> list[Path]:
    """The files a lint of ``args.paths`` reads: the linted files, their configuration and consent records."""
    from soracheck.config import find_config
    from soracheck.project import Project

    project = Project(args.config)
    found = list(args.paths)
    for path in args.paths:
        config_path = args.config or find_config(path)
        found += [config_path] if config_path else []
        try:
            targets = project.targets(path)
            config, _ = project.config_for(targets[0] if targets else path)
        except (StoryboardError, OSError):
            continue
        found += [*targets, (config.root if config.path else path.parent) / config.consent]
        found += [project.baseline_of(t) for t in targets if project.baseline_of(t)]
    return list(dict.fromkeys(p for p in found if p is not None))


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
    from soracheck.rules.registry import all_rules

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

    formats = _shared("--output-format", choices=FORMATS, default="full", help="How to report findings.")
    gate_formats = _shared(
        "--output-format",
        choices=(*FORMATS, "html"),
        default="full",
        help="How to report findings (html: a page with pictures).",
    )
    output = _shared(
        "-o", "--output", type=Path, metavar="FILE", help="Write the report to FILE instead of the terminal."
    )
    selection = argparse.ArgumentParser(add_help=False)
    group = selection.add_argument_group("rule selection (wins over soracheck.toml)")
    for option, text in (
        ("--select", "Rules to run instead of the configuration's selection: codes, prefixes, names or ALL."),
        ("--extend-select", "Rules to run besides the selected ones."),
        ("--ignore", "Rules not to run."),
    ):
        group.add_argument(option, action="append", metavar="RULES", help=text + " Comma-separated, repeatable.")
    group.add_argument(
        "--severity", action="append", metavar="RULE=LEVEL", help="Report a rule at another severity, e.g. CT002=error."
    )
    group.add_argument("--fail-on", choices=("error", "warning", "info"), help="Lowest severity that fails (exit 1).")
    group.add_argument("--exit-zero", action="store_true", help="Exit 0 even when findings fail (2 stays 2).")
    group.add_argument("--statistics", action="store_true", help="Count the findings by rule instead of listing them.")
    fixing = argparse.ArgumentParser(add_help=False)
    group = fixing.add_argument_group("fixes and baselines")
    group.add_argument("--fix", action="store_true", help="Apply the safe fixes (atomically), then report the rest.")
    group.add_argument("--unsafe-fixes", action="store_true", help="Apply (or count) the unsafe fixes too.")
    group.add_argument("--diff", action="store_true", help="Print the fixes as a diff, write nothing; exit 1 if any.")
    group.add_argument(
        "--baseline", type=Path, metavar="FILE", help="Report only findings this baseline does not accept."
    )
    group.add_argument(
        "--write-baseline", type=Path, metavar="FILE", help="Accept every current finding: write them to FILE."
    )

    command = _command(commands, lint, config, date, formats, output, selection, fixing)
    command.add_argument(
        "paths",
        nargs="+",
        type=Path,
        metavar="PATH",
        help="Storyboard .yaml, production sheet .md, prompt .txt, or a project folder.",
    )
    command.add_argument("--watch", action="store_true", help="Lint again on every save, until Ctrl-C.")
    command.add_argument(
        "--project-files",
        action="store_true",
        help="PATHs are changed files (a pre-commit hook's): lint a project's storyboards, or all of them for "
        "its soracheck.toml or consent records, and skip files of no soracheck project.",
    )

    command = _command(commands, check, project, config, date, gate_formats, output, selection, fixing)
    command.add_argument("--no-frames", action="store_true", help="Skip measuring the renders (text rules only).")

    command = _command(commands, frames, config, date, gate_formats, output, selection)
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
