"""The soracheck command line, on typer: each command parses, calls the library and renders — nothing more.

Each command is a plain function of one namespace of its options, returning its exit code: 0 clean,
1 failing findings, 2 a usage, configuration or input error. :func:`command` registers it with the
options it takes, so that options several commands share are declared once. Heavy modules
(langgraph, openai, av, skimage, rich) are imported only inside the commands that need them.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import inspect
import json
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from enum import Enum
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING, Annotated, Any

import typer

from soracheck import __version__
from soracheck.report import FORMATS
from soracheck.storyboard.source import InputError, Span

if TYPE_CHECKING:
    from soracheck.agents.history import History
    from soracheck.config import Overrides
    from soracheck.fixes import FixRun
    from soracheck.project import Project
    from soracheck.results import LintResult, Progress

Args = SimpleNamespace
SCHEMA_KINDS = ("storyboard", "consent", "config")
SELECTION, FIXING = "Rule selection (wins over soracheck.toml)", "Fixes and baselines"
GATE, NOTES, PROJECT = "Lint and gate", "Director notes", "Project"
SCALING = "Measuring many renders (wins over soracheck.toml)"

app = typer.Typer(
    name="soracheck",
    rich_markup_mode="rich",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _input_error(error: Exception) -> int:
    """Print an input problem (located, or an OS or database error) as ``file:line:col: message``; exit code 2."""
    print(str(error) if isinstance(error, InputError) else f"soracheck: {error}", file=sys.stderr)
    return 2


# --- options -------------------------------------------------------------------------------------


def choice(name: str, values: Sequence[str]) -> type[Enum]:
    """A typer choice of ``values`` (its members' values are the strings)."""
    return Enum(name, {value: value for value in values}, type=str)  # type: ignore[return-value]


Format = choice("Format", FORMATS)
GateFormat = choice("GateFormat", (*FORMATS, "html"))
Plain = choice("Plain", ("full", "json"))
ExecutorChoice = choice("ExecutorChoice", ("local", "ray"))
Level = choice("Level", ("error", "warning", "info"))
Kind = choice("Kind", SCHEMA_KINDS)


def option(name: str, kind: Any, default: Any, *flags: str, **info: Any) -> inspect.Parameter:
    """A command-line option ``--name`` (or ``flags``) of type ``kind``; ``info`` goes to ``typer.Option``."""
    flags = flags or ("--" + name.replace("_", "-"),)
    annotation = Annotated[kind, typer.Option(*flags, show_default=False, **info)]
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


def argument(name: str, kind: Any, default: Any = inspect.Parameter.empty, **info: Any) -> inspect.Parameter:
    """A positional argument ``NAME`` of type ``kind`` (required without ``default``)."""
    annotation = Annotated[kind, typer.Argument(metavar=info.pop("metavar", name.upper()), show_default=False, **info)]
    return inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default, annotation=annotation)


def flag(name: str, text: str, **info: Any) -> inspect.Parameter:
    return option(name, bool, False, help=text, **info)


CONFIG = option("config", Path | None, None, help="soracheck.toml to use instead of the nearest one.")


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise typer.BadParameter(f"not a date as YYYY-MM-DD: {text!r}") from None


DATE = option(
    "date",
    dt.date | None,
    None,
    parser=_date,
    metavar="YYYY-MM-DD",
    help="The date consent is checked at (default: today), e.g. the day the piece ships.",
)
OFFLINE = flag("offline", "Use the offline grammar even if a model is configured.")
PATH = argument(
    "path", Path, Path("."), metavar="PATH", help="The storyboard, or a folder of its project (default: here)."
)
OUTPUT = option("output", Path | None, None, "-o", "--output", metavar="FILE", help="Write the report to FILE.")
FORMAT = option("output_format", Format, "full", help="How to report findings.")
GATE_FORMAT = option("output_format", GateFormat, "full", help="How to report findings (html: a page with pictures).")
PLAIN = option("output_format", Plain, "full", help="How to print the result.")


def _rules(name: str, text: str) -> inspect.Parameter:
    return option(
        name,
        list[str] | None,
        None,
        metavar="RULES",
        rich_help_panel=SELECTION,
        help=text + " Comma-separated, repeatable.",
    )


SELECT = [
    _rules("select", "Rules to run instead of the configuration's selection: codes, prefixes, names or ALL."),
    _rules("extend_select", "Rules to run besides the selected ones."),
    _rules("ignore", "Rules not to run."),
    option(
        "severity",
        list[str] | None,
        None,
        metavar="RULE=LEVEL",
        rich_help_panel=SELECTION,
        help="Report a rule at another severity, e.g. CT002=error.",
    ),
    option("fail_on", Level | None, None, rich_help_panel=SELECTION, help="Lowest severity that fails (exit 1)."),
    flag("exit_zero", "Exit 0 even when findings fail (2 stays 2).", rich_help_panel=SELECTION),
    flag("statistics", "Count the findings by rule instead of listing them.", rich_help_panel=SELECTION),
]
MEASURING = [
    option(
        "jobs",
        int | None,
        None,
        "-j",
        "--jobs",
        min=0,
        metavar="N",
        rich_help_panel=SCALING,
        help="Renders measured at once, by worker processes (default: one per core; 1: one after another here).",
    ),
    option(
        "executor",
        ExecutorChoice | None,
        None,
        rich_help_panel=SCALING,
        help="Measure on this machine (local) or as Ray tasks (ray: pip install 'soracheck[ray]').",
    ),
    option(
        "ray_address",
        str | None,
        None,
        metavar="ADDRESS",
        rich_help_panel=SCALING,
        help="The Ray cluster: auto, host:6379, or ray://host:10001 (default: a local Ray instance).",
    ),
]
FIX = [
    flag("fix", "Apply the safe fixes (atomically), then report the rest.", rich_help_panel=FIXING),
    flag("unsafe_fixes", "Apply (or count) the unsafe fixes too.", rich_help_panel=FIXING),
    flag("diff", "Print the fixes as a diff, write nothing; exit 1 if any.", rich_help_panel=FIXING),
    option(
        "baseline",
        Path | None,
        None,
        metavar="FILE",
        rich_help_panel=FIXING,
        help="Report only findings this baseline does not accept.",
    ),
    option(
        "write_baseline",
        Path | None,
        None,
        metavar="FILE",
        rich_help_panel=FIXING,
        help="Accept every current finding: write them to FILE.",
    ),
]


def _plain(value: Any) -> Any:
    """An option's value as the commands use it: strings for choices."""
    return value.value if isinstance(value, Enum) else value


def command(run: Callable[[Args], int], *params: inspect.Parameter, panel: str) -> Callable[[Args], int]:
    """Register ``run`` as the command named after it, taking ``params``, described by its docstring."""

    def invoke(**values: Any) -> None:
        code = run(Args(**{name: _plain(value) for name, value in values.items()}))
        if code:
            raise typer.Exit(code)

    invoke.__signature__ = inspect.Signature(list(params))  # type: ignore[attr-defined]
    app.command(run.__name__.replace("_", "-"), help=run.__doc__, rich_help_panel=panel)(invoke)
    return run


def _version(value: bool) -> None:
    if value:
        print(f"soracheck {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """Edit-checker and continuity linter for AI-generated video storyboards.

    [bold]soracheck NOTES.txt[/bold] turns director notes into a linted storyboard diff (the notes command).
    Exit codes: 0 clean, 1 failing findings, 2 a usage, configuration or input error.
    """


# --- the gate ------------------------------------------------------------------------------------


def lint(args: Args) -> int:
    """Run the text rules on storyboards, production sheets and prompts. Exit 0 clean, 1 findings, 2 input error."""
    if args.watch:
        return _watch(args)
    return _gate(args, args.paths, project_files=args.project_files)


command(
    lint,
    argument(
        "paths",
        list[Path],
        metavar="PATH",
        help="Storyboard .yaml, production sheet .md, prompt .txt, or a project folder.",
    ),
    CONFIG,
    DATE,
    FORMAT,
    OUTPUT,
    flag("watch", "Lint again on every save, until Ctrl-C."),
    flag(
        "project_files",
        "PATHs are changed files (a pre-commit hook's): lint a project's storyboards, or all of them for its "
        "soracheck.toml or consent records, and skip files of no soracheck project.",
    ),
    *SELECT,
    *FIX,
    panel=GATE,
)


def check(args: Args) -> int:
    """The CI gate: every rule on the storyboard, and the frame rules on its renders. Exit 0, 1 or 2."""
    return _gate(args, [args.path], frames=not args.no_frames, gate=True)


command(
    check,
    PATH,
    CONFIG,
    DATE,
    GATE_FORMAT,
    OUTPUT,
    flag("no_frames", "Skip measuring the renders (text rules only)."),
    *SELECT,
    *FIX,
    *MEASURING,
    panel=GATE,
)


def frames(args: Args) -> int:
    """Only the frame rules, the audio rules and the likeness check (CN007), on the renders given (named
    after their shots, or one stitched cut)."""

    def run(project: Project) -> LintResult:
        board = args.storyboard or project.storyboard_near(args.renders[0])
        if board is None:
            return _alone(project, args.renders)
        return _measured(project, [board], renders=args.renders, only=("FR", "AU", "CN007"))

    return _gate(args, [], run=run, gate=True)


command(
    frames,
    argument("renders", list[Path], metavar="RENDER", help="Video files or folders of frames."),
    option("storyboard", Path | None, None, help="The storyboard they render (default: the project's)."),
    CONFIG,
    DATE,
    GATE_FORMAT,
    OUTPUT,
    *SELECT,
    *MEASURING,
    panel=GATE,
)


def _measured(project: Project, paths: list[Path], **options: Any) -> LintResult:
    """Lint ``paths`` with their renders measured (the progress shown), then save the pictures of the
    frame findings, which the findings then name."""
    from soracheck.report.evidence import save_result_evidence

    with _progress() as progress:
        result = project.lint(paths, frames=True, progress=progress, **options)
    save_result_evidence(result, project.evidence_folder)
    return result


def _alone(project: Project, renders: list[Path]) -> LintResult:
    """The frame rules that need no storyboard, on renders given without one; what was skipped is said."""
    from soracheck.project import WITHOUT_INTENT, skipped_without_intent
    from soracheck.report.evidence import save_result_evidence

    with _progress() as progress:
        result = project.lint_renders(renders, progress)
    save_result_evidence(result, project.evidence_folder)
    _, rules = project.config_for(renders[0].parent / "storyboard.yaml")
    skipped = ", ".join(rule.code for rule in skipped_without_intent(rules))
    judged = ", ".join(code for code in WITHOUT_INTENT if any(rule.code == code for rule in rules))
    left = f"; skipped {skipped}, which need a storyboard (name one with --storyboard)" if skipped else ""
    print(
        f"soracheck: no storyboard here or above: judged damage, cuts, flicker, steps and drift inside "
        f"each render, and its sound's peaks, clipping and length ({judged}){left}",
        file=sys.stderr,
    )
    if skipped:
        result.not_judged.append(f"{skipped} (they need a storyboard)")
    return result


def _overrides(args: Args) -> Overrides:
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
        jobs=getattr(args, "jobs", None),
        executor=getattr(args, "executor", None),
        ray_address=getattr(args, "ray_address", None),
    )


def _gate(
    args: Args,
    paths: list[Path],
    *,
    frames: bool = False,
    project_files: bool = False,
    run: Callable[[Project], LintResult] | None = None,
    gate: bool = False,
) -> int:
    """Lint ``paths`` (or ``run`` a lint) as the options say: fix, write a baseline, or report; the exit code.

    The ``gate``'s report (check, frames) says what was measured in every format."""
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
        if run:
            result = run(project)
        elif frames:
            result = _measured(project, paths)
        else:
            result = project.lint(paths, project_files=project_files)
    except InputError as error:
        return _input_error(error)
    result.gate = gate
    for error in result.errors:
        print(str(error), file=sys.stderr)
    if writing:
        return _write_baseline(writing, result)
    code = _report(args, result)
    if code or result.errors:
        return code or 2
    return 1 if result.failing and not args.exit_zero else 0


def _report(args: Args, result: LintResult) -> int:
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


def _fix(args: Args, project: Project, paths: list[Path], project_files: bool) -> int:
    """Apply (``--fix``) or show (``--diff``) the fixes of every file; 0 to go on and report, else the exit code.

    With ``--diff`` nothing is written: the exit code is 2 if a file could not be read, else 1 if there
    is anything to fix, else 0.
    """
    from soracheck.fixes import fix_paths
    from soracheck.storyboard.edits import FileChangedError

    run = fix_paths(project, paths, unsafe=args.unsafe_fixes, project_files=project_files)
    _fix_problems(run)
    if args.diff:
        return _show_diff(run)
    try:
        run.write()
    except (FileChangedError, OSError) as error:
        print(f"soracheck: {error}", file=sys.stderr)
        return 2
    if run.count:
        print(f"fixed {run.count} problem{'s' * (run.count != 1)} in {len(run.changed)} file(s)", file=sys.stderr)
    return 0


def _fix_problems(run: FixRun) -> None:
    from soracheck.report.text import display_path

    for f in run.fixed:
        for problem in f.problems:
            print(f"soracheck: {display_path(str(f.path))}: {problem}; not applied", file=sys.stderr)


def _show_diff(run: FixRun) -> int:
    from soracheck.report.text import display_path
    from soracheck.storyboard.edits import unified_diff

    for error in run.errors:
        _input_error(error)  # with --fix, the report that follows names them
    for f in run.changed:
        sys.stdout.write(unified_diff(display_path(str(f.path)), f.before, f.after))
    files = f"{len(run.changed)} file{'s' * (len(run.changed) != 1)}"
    print(f"would fix {run.count} problem{'s' * (run.count != 1)} in {files}", file=sys.stderr)
    return 2 if run.errors else 1 if run.changed else 0


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


def _watch(args: Args) -> int:
    """Lint again whenever a linted file, its configuration, consent records or baseline change, until Ctrl-C.

    The folders of those files are watched (an editor's save often replaces a file by renaming), and
    the set of files is found again after every lint, since a changed configuration can name others.
    """
    import watchfiles

    from soracheck.project import Project

    try:
        while True:
            if sys.stdout.isatty():
                sys.stdout.write("\x1b[2J\x1b[H")
            files = set(Project(args.config, baseline=args.baseline).watched_files(args.paths))
            before = {path: _stamp(path) for path in files}
            print(f"[{dt.datetime.now():%H:%M:%S}] soracheck lint: watching {len(files)} file(s), Ctrl-C stops")
            _gate(args, args.paths, project_files=args.project_files)
            sys.stdout.flush()
            folders = sorted({str(path.parent) for path in files if path.parent.is_dir()})
            events = watchfiles.watch(
                *folders,
                watch_filter=lambda _, name, files=files: Path(name).resolve() in files,
                recursive=False,  # every file watched is in one of these folders, not below them
                yield_on_timeout=True,
                rust_timeout=500,
            )
            for number, changes in enumerate(events):
                # The first (empty) yield comes once the watcher runs: a save made while linting shows as a
                # changed stamp then, and only then; after it, only the events count.
                if changes or (number == 0 and any(_stamp(path) != stamp for path, stamp in before.items())):
                    break
    except KeyboardInterrupt:
        return 0


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_mtime_ns, stat.st_size)


@contextlib.contextmanager
def _progress() -> Iterator[Progress]:
    """How measuring renders is shown on stderr: a rich progress bar on a terminal (taken down when the
    block ends, however it ends), else a line per render."""
    if not sys.stderr.isatty():
        started: set[str] = set()

        def plain(name: str, number: int, total: int, share: float) -> None:
            if name not in started:  # told first when it is done: measured by a worker, or cached
                started.add(name)
                print(
                    f"{'measured' if share >= 1 else 'measuring'} {name} ({number}/{total})",
                    file=sys.stderr,
                    flush=True,
                )

        yield plain
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeRemainingColumn

    bar = Progress(
        TextColumn("measuring [bold]{task.description}[/bold] {task.fields[count]}"),
        BarColumn(),
        TaskProgressColumn(),
        TimeRemainingColumn(),
        console=Console(stderr=True),
        transient=True,
        redirect_stdout=False,
        redirect_stderr=False,
    )
    tasks: dict[str, Any] = {}

    def show(name: str, number: int, total: int, share: float) -> None:
        if name not in tasks:
            for done in tasks.values():
                bar.remove_task(done)  # renders are measured one after another: one line at a time
            tasks.clear()
            tasks[name] = bar.add_task(name, total=1.0, count=f"({number}/{total})")
        bar.update(tasks[name], completed=share)

    with bar:
        yield show


# --- notes -----------------------------------------------------------------------------------------


def notes(args: Args) -> int:
    """Turn director notes into a storyboard diff, linted before anyone accepts it ([bold]soracheck NOTES.txt[/bold])."""
    import sqlite3

    from soracheck.agents.interpret import parse_notes
    from soracheck.agents.pipeline import Revise
    from soracheck.project import Project
    from soracheck.report.notes import render_notes, render_notes_json
    from soracheck.report.text import display_path
    from soracheck.storyboard.edits import FileChangedError
    from soracheck.storyboard.load import read_text

    try:
        project = Project(args.config)
        found = parse_notes(read_text(args.notes))
        board = args.storyboard or project.storyboard_for(args.notes)
        revise = Revise.open(project, board, display_path(str(board)), offline=args.offline)
    except (InputError, OSError) as error:
        return _input_error(error)
    try:
        state = revise.propose(found)
        result = {**revise.result(state), "notes": display_path(str(args.notes))}
        if args.output_format == "json":
            sys.stdout.write(render_notes_json(result))
        else:
            render_notes(sys.stdout, result)
        if state.get("error"):
            return 2
        unclear = state.get("unclear", [])
        held = bool(unclear) and not args.partial and (args.write or args.patch)
        if held and result["diff"]:
            print(
                f"soracheck: {len(unclear)} note(s) not applied: nothing written "
                "(pass --partial to write the notes that were read)",
                file=sys.stderr,
            )
        try:
            if args.patch and result["diff"] and not held:
                args.patch.write_text(result["diff"], encoding="utf-8")
            revision = revise.write(state) if args.write and result["diff"] and not held else None
        except (FileChangedError, OSError, sqlite3.Error) as error:
            print(f"soracheck: {error}", file=sys.stderr)
            return 2
        if revision is not None:
            print(f"wrote {revise.shown}: revision {revision.number} ('soracheck undo' reverts it)", file=sys.stderr)
        return 1 if unclear or revise.failing(state) else 0
    finally:
        revise.close()


command(
    notes,
    argument("notes", Path, metavar="NOTES.txt", help="Director notes, one per line."),
    option("storyboard", Path | None, None, help="The storyboard to change (default: the project's)."),
    flag("write", "Apply the diff to the storyboard (atomically); nothing if a note was not applied."),
    flag("partial", "With --write or --patch: write the notes that were read even if others were not."),
    option("patch", Path | None, None, metavar="FILE", help="Write the diff as a patch 'git apply' accepts."),
    PLAIN,
    OFFLINE,
    CONFIG,
    panel=NOTES,
)


def chat(args: Args) -> int:
    """Revise a storyboard note by note: see each linted diff, then approve, reject with a reason, edit or drop it."""
    import sqlite3

    from soracheck.agents.chat import Chat, lines
    from soracheck.agents.pipeline import Revise
    from soracheck.project import Project
    from soracheck.report.text import display_path

    try:
        project = Project(args.config)
        board = project.find_storyboard(args.path)
        revise = Revise.open(project, board, display_path(str(board)), offline=args.offline)
        # At a terminal: line editing, and the notes typed before in .soracheck/chat-history.
        session = Chat(revise, lines(sys.stdin, sys.stdout, revise.history.folder), sys.stdout)
    except (InputError, OSError, sqlite3.Error) as error:
        return _input_error(error)
    try:
        session.run(resume=args.resume)
    except KeyboardInterrupt:
        print("\nstopped; a diff waiting for a decision is kept for 'soracheck chat --resume'")
    finally:
        revise.close()
    return 0


command(
    chat,
    PATH,
    flag("resume", "Continue the review left open by the last session."),
    OFFLINE,
    CONFIG,
    panel=NOTES,
)


def _history(args: Args) -> tuple[Path, History]:
    """The storyboard and revision history that ``args.path`` (and ``args.config``) name."""
    from soracheck.agents.history import History
    from soracheck.project import Project

    project = Project(args.config)
    board = project.find_storyboard(args.path)
    return board, History(project.root(board))


def log(args: Args) -> int:
    """List the approved revisions of the storyboard, newest first, with their notes and rationale."""
    import sqlite3

    from soracheck.report.notes import log_json, render_log

    try:
        board, history = _history(args)
        revisions = history.revisions(board)
        history.close()
    except (InputError, OSError, sqlite3.Error) as error:
        return _input_error(error)
    if args.output_format == "json":
        sys.stdout.write(log_json(revisions))
    else:
        render_log(sys.stdout, revisions)
    return 0


command(log, PATH, PLAIN, CONFIG, panel=NOTES)


def undo(args: Args) -> int:
    """Revert the last approved revision of the storyboard, if the file has not changed since."""
    return _step(args, redo=False)


def redo(args: Args) -> int:
    """Write again the revision the last undo reverted, if the file has not changed since that undo."""
    return _step(args, redo=True)


def _step(args: Args, *, redo: bool) -> int:
    """``soracheck undo`` or ``soracheck redo``: one step back or forward in the storyboard's history."""
    import sqlite3

    from soracheck.agents.history import HistoryError
    from soracheck.report.text import display_path

    try:
        board, history = _history(args)
    except (InputError, OSError, sqlite3.Error) as error:
        return _input_error(error)
    try:
        revision = history.redo(board) if redo else history.undo(board)
    except (HistoryError, OSError, sqlite3.Error) as error:
        print(f"soracheck: {error}", file=sys.stderr)
        return 2
    finally:
        history.close()
    shown = display_path(str(board))
    if redo:
        print(f"redid revision {revision.number}: {shown} is as that revision left it")
    else:
        print(f"undid revision {revision.number}: {shown} is back as it was before it")
    return 0


command(undo, PATH, CONFIG, panel=NOTES)
command(redo, PATH, CONFIG, panel=NOTES)


# --- the project -----------------------------------------------------------------------------------


def export(args: Args) -> int:
    """Write the storyboard and its renders as an OpenTimelineIO timeline, the findings as markers."""
    import opentimelineio as otio

    from soracheck.project import Project
    from soracheck.report.otio import timeline

    project = Project(args.config, args.date)
    try:
        result = project.lint([args.path]) if args.no_frames else _measured(project, [args.path])
    except InputError as error:
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


command(
    export,
    PATH,
    option("otio", Path, inspect.Parameter.empty, metavar="FILE", help="The timeline to write (.otio)."),
    flag("no_frames", "Skip measuring the renders (text findings only)."),
    CONFIG,
    DATE,
    panel=PROJECT,
)


def render_done(args: Args) -> int:
    """Record RENDER as the current render of SHOT: its file, seed, model and the hash of the shot's spec now."""
    from soracheck.project import Project
    from soracheck.storyboard.edits import FileChangedError, replace_file, unified_diff
    from soracheck.storyboard.load import read_text
    from soracheck.storyboard.record import record_render

    try:
        board = args.storyboard or Project(args.config).storyboard_for(args.render.parent)
        if not args.render.exists():
            raise InputError.at(Span(str(args.render)), "no such render")
        try:
            file = args.render.resolve().relative_to(board.resolve().parent).as_posix()
        except ValueError:
            file = args.render.resolve().as_posix()
        text = read_text(board)
        new = record_render(text, str(board), args.shot, file, args.seed, args.model)
        replace_file(board, text, new)
    except (InputError, OSError, FileChangedError) as error:
        return _input_error(error)
    sys.stdout.write(unified_diff(os.path.relpath(board), text, new))
    return 0


command(
    render_done,
    argument("shot", str, metavar="SHOT", help="The shot's id."),
    argument("render", Path, metavar="RENDER", help="Its render file."),
    option("seed", int | None, None, help="The seed it was rendered with (default: the one recorded)."),
    option("model", str | None, None, help="The model that rendered it, if not the project's."),
    option("storyboard", Path | None, None, help="The storyboard (default: the render's project's)."),
    CONFIG,
    panel=PROJECT,
)


def init(args: Args) -> int:
    """Write a starter project: storyboard.yaml, consent.yaml, soracheck.toml and notes.txt."""
    from soracheck.starter import write_starter

    try:
        written = write_starter(args.folder, force=args.force)
    except (InputError, OSError) as error:
        return _input_error(error)
    for path in written:
        print(f"wrote {path}")
    return 0


command(
    init,
    argument("folder", Path, Path("."), metavar="FOLDER", help="Where to write the starter project."),
    flag("force", "Overwrite existing files."),
    panel=PROJECT,
)


def server(args: Args) -> int:
    """Run the language server over stdin and stdout, for an editor: findings, fixes and rule documentation as you write."""
    from soracheck.server import serve

    serve()
    return 0


command(server, panel=PROJECT)


def rule(args: Args) -> int:
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


command(
    rule,
    argument("code", str | None, None, metavar="CODE", help="A rule code or name, e.g. CT001."),
    flag("all", "Document every rule."),
    panel=PROJECT,
)


def schema(args: Args) -> int:
    """Print the JSON Schema of the storyboard (or consent, or config) file, for editors."""
    from soracheck.starter import json_schema

    print(json.dumps(json_schema(args.kind), indent=2, ensure_ascii=False))
    return 0


command(schema, argument("kind", Kind, "storyboard", metavar="KIND", help="Which file's schema."), panel=PROJECT)


def run(argv: Sequence[str] | None = None) -> int:
    """Parse ``argv`` (default: the process's arguments), run the command, return its exit code.

    A first argument that is no command but an existing file is a notes file: ``soracheck notes.txt``
    is ``soracheck notes notes.txt``. Anything else unknown is a usage error that suggests a command.
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    cli = typer.main.get_command(app)
    commands = getattr(cli, "commands", {})
    first = argv[0] if argv else ""
    if first and not first.startswith("-") and first not in commands:
        if Path(first).is_file():
            argv.insert(0, "notes")
        elif Path(first).suffix or "/" in first:
            print(
                f"soracheck: {first}: no such notes file, nor a command ('soracheck --help' lists them)",
                file=sys.stderr,
            )
            return 2
    try:
        cli.main(args=argv, prog_name="soracheck")
    except SystemExit as done:
        return done.code if isinstance(done.code, int) else 0 if done.code is None else 2
    return 0
