from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from soracheck import __version__
from tests.conftest import SAMPLES, SORACHECK, soracheck


def test_version() -> None:
    result = soracheck("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"soracheck {__version__}"


def test_samples_lint_clean() -> None:
    mirror = SAMPLES / "mirror-that-remembers"
    result = soracheck("lint", SAMPLES / "redline-coffee", mirror / "sheet.md", mirror)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "All checks passed! (3 files)" in result.stdout


def test_first_draft_finds_exactly_the_documented_problems() -> None:
    result = soracheck("lint", "--output-format", "json", SAMPLES / "redline-coffee/drafts/first-draft.yaml")
    assert result.returncode == 1
    found = [(d["code"], d["location"]["line"], d["shot"]) for d in json.loads(result.stdout)]
    assert found == [
        ("CR008", 12, None),
        ("CN004", 17, "enter"),
        ("CT001", 18, "enter"),
        ("CT002", 24, "order"),
        ("CR005", 25, "order"),
        ("CR001", 27, "order"),
        ("TM002", 28, "order"),
        ("TM003", 30, "booth"),
        ("CT003", 34, "booth"),
        ("CT004", 34, "booth"),
        ("CT009", 34, "booth"),
        ("CR009", 41, "exit"),
        ("CT006", 42, "exit"),
    ]
    families = {code[:2] for code, _, _ in found}
    assert families == {"CT", "CR", "TM", "CN"}


def test_full_output_shows_source_line_and_caret() -> None:
    result = soracheck("lint", SAMPLES / "redline-coffee/drafts/first-draft.yaml")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    at = next(i for i, line in enumerate(lines) if "CR001" in line)
    assert lines[at + 1] == "27 |     directives: [contine-shooting]"
    assert lines[at + 2] == "   |                  " + "^" * len("contine-shooting")
    assert "Found 13 problems (8 errors, 5 warnings)" in result.stdout


def test_fail_on_error_lets_warnings_pass(tmp_path: Path) -> None:
    (tmp_path / "soracheck.toml").write_text('fail-on = "error"\n')
    board = tmp_path / "storyboard.yaml"
    board.write_text("title: t\nshots:\n  - {id: a, action: '<<contine-shooting>> walks'}\n")
    result = soracheck("lint", board)
    assert result.returncode == 0
    assert "CR001" in result.stdout


def test_ignore_in_config_drops_a_rule(tmp_path: Path) -> None:
    (tmp_path / "soracheck.toml").write_text('ignore = ["CR"]\n')
    board = tmp_path / "storyboard.yaml"
    board.write_text("title: t\nshots:\n  - {id: a, action: '<<contine-shooting>> walks'}\n")
    assert soracheck("lint", board).returncode == 0


def test_bad_file_does_not_stop_the_others(tmp_path: Path) -> None:
    good, bad = tmp_path / "good.yaml", tmp_path / "bad.yaml"
    good.write_text("title: t\nshots:\n  - {id: a, cast: [nobody]}\n")
    bad.write_text("title: [\n")
    result = soracheck("lint", "--output-format", "concise", bad, good)
    assert result.returncode == 2
    assert "bad.yaml:2:1: YAML syntax error" in result.stderr
    assert "CT002" in result.stdout


def test_missing_path_is_an_input_error(tmp_path: Path) -> None:
    result = soracheck("lint", tmp_path / "nope.yaml")
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path / 'nope.yaml'}:1:1: no such file or folder"


def test_init_writes_a_project_that_lints_clean_and_refuses_to_overwrite(tmp_path: Path) -> None:
    result = soracheck("init", tmp_path)
    assert result.returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "consent.schema.json",
        "consent.yaml",
        "notes.txt",
        "soracheck.toml",
        "storyboard.schema.json",
        "storyboard.yaml",
    ]
    assert soracheck("lint", tmp_path).returncode == 0
    # editors without the server complete keys from the schema the first line names, which holds the file
    for kind in ("storyboard", "consent"):
        first = (tmp_path / f"{kind}.yaml").read_text().splitlines()[0]
        assert first == f"# yaml-language-server: $schema={kind}.schema.json"
        schema = json.loads((tmp_path / f"{kind}.schema.json").read_text())
        assert schema == json.loads(soracheck("schema", kind).stdout)
        jsonschema.validate(yaml.safe_load((tmp_path / f"{kind}.yaml").read_text()), schema)
    again = soracheck("init", tmp_path)
    assert again.returncode == 2
    assert "already exists (use --force to overwrite)" in again.stderr
    assert soracheck("init", "--force", tmp_path).returncode == 0


@pytest.mark.parametrize("project", ["redline-coffee", "mirror-that-remembers"])
def test_schema_validates_the_sample_storyboards(project: str) -> None:
    result = soracheck("schema")
    assert result.returncode == 0
    schema = json.loads(result.stdout)
    jsonschema.Draft202012Validator.check_schema(schema)
    document = yaml.safe_load((SAMPLES / project / "storyboard.yaml").read_text())
    jsonschema.validate(document, schema)
    assert schema["properties"]["shots"]["description"]


def test_schema_rejects_what_the_loader_rejects() -> None:
    schema = json.loads(soracheck("schema").stdout)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "t", "shots": [{"id": "a", "duraton": 3}]}, schema)


def test_config_schema_uses_kebab_case() -> None:
    schema = json.loads(soracheck("schema", "config").stdout)
    assert "fail-on" in schema["properties"]
    assert "path" not in schema["properties"]


def test_rule_documentation() -> None:
    listing = soracheck("rule")
    assert listing.returncode == 0
    assert "CT001  broken-continuation" in listing.stdout
    one = soracheck("rule", "ct001")
    assert "## Example" in one.stdout and "## Fix" in one.stdout
    assert soracheck("rule", "XX999").returncode == 2


@pytest.mark.parametrize("command", ["lint", "log", "undo", "check --no-frames"])
def test_light_commands_do_not_import_heavy_modules(command: str, tmp_path: Path) -> None:
    board = tmp_path / "storyboard.yaml"
    shutil.copy(SAMPLES / "redline-coffee/storyboard.yaml", board)
    code = (
        "import sys\n"
        "from soracheck.cli import run\n"
        "run(sys.argv[1:])\n"
        "print(sorted(m for m in ('langgraph', 'openai', 'av', 'skimage', 'dlib', 'matplotlib', 'numpy', 'rich', 'watchfiles') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, *command.split(), str(board)], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip().splitlines()[-1] == "[]", result.stdout + result.stderr


def test_python_dash_m() -> None:
    result = subprocess.run([sys.executable, "-m", "soracheck", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert __version__ in result.stdout


def test_every_corpus_prompt_lints_without_a_traceback(shared: Path) -> None:
    prompts = sorted((shared / "corpus/prompts").glob("*.txt"))
    assert len(prompts) >= 20
    result = soracheck("lint", "--output-format", "json", *prompts)
    assert result.returncode in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    json.loads(result.stdout)


def _notes_project(tmp_path: Path) -> Path:
    project = tmp_path / "redline"
    shutil.copytree(SAMPLES / "redline-coffee", project)
    return project


def test_notes_default_command_prints_the_diff_and_writes_nothing(tmp_path: Path) -> None:
    project = _notes_project(tmp_path)
    before = (project / "storyboard.yaml").read_text()
    result = soracheck(project / "notes.txt", cwd=tmp_path)
    assert result.returncode == 1, result.stderr  # the notes introduce findings (a continuation after a time-jump)
    assert result.stdout.startswith("interpreter: offline\n")
    assert "+    lens: 85mm" in result.stdout
    assert "new redline/storyboard.yaml:" in result.stdout and "CT001" in result.stdout
    assert (project / "storyboard.yaml").read_text() == before


def test_notes_write_and_patch(tmp_path: Path) -> None:
    """A note not understood fails the run and holds the write back, unless --partial says to write the rest."""
    project = _notes_project(tmp_path)
    (project / "more.txt").write_text("use a 50mm on shot 2\nmake the mood happier\n")
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    before = (project / "storyboard.yaml").read_text()
    patch = tmp_path / "change.diff"
    held = soracheck(project / "more.txt", "--patch", patch, "--write", cwd=tmp_path)
    assert held.returncode == 1, held.stdout + held.stderr
    assert "more.txt:2: not understood: 'make the mood happier'" in held.stdout
    assert "nothing written (pass --partial" in held.stderr
    assert not patch.exists() and (project / "storyboard.yaml").read_text() == before
    result = soracheck(project / "more.txt", "--patch", patch, "--partial", cwd=tmp_path)
    assert result.returncode == 1
    check = subprocess.run(["git", "apply", "--check", str(patch)], cwd=tmp_path, capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    assert soracheck(project / "more.txt", "--write", "--partial", cwd=tmp_path).returncode == 1
    assert "    lens: 50mm\n    beats: [{at: 0, action: Maya orders}" in (project / "storyboard.yaml").read_text()
    (project / "good.txt").write_text("use a 35mm on shot 2\n")
    assert soracheck(project / "good.txt", "--write", cwd=tmp_path).returncode == 0


def test_notes_json_and_errors(tmp_path: Path) -> None:
    project = _notes_project(tmp_path)
    (project / "bad.txt").write_text("remove shot 9\nuse a 35mm on shot 3\n")
    result = soracheck(project / "bad.txt", "--output-format", "json")
    document = json.loads(result.stdout)
    assert document["interpreter"] == "offline"
    assert document["not_understood"] == [
        {
            "line": 1,
            "text": "remove shot 9",
            "reason": "there is no shot 9: the storyboard has 6 shots",
            "kind": "unclear",
        }
    ]
    assert [op["op"] for op in document["plan"]["ops"]] == ["set_field"]
    assert document["model_calls"] == 0
    missing = soracheck(tmp_path / "nowhere.txt")
    assert missing.returncode == 2 and "nowhere.txt" in missing.stderr and "Traceback" not in missing.stderr
    lonely = tmp_path / "lonely"
    lonely.mkdir()
    (lonely / "notes.txt").write_text("make shot 1 4 seconds\n")
    result = soracheck(lonely / "notes.txt", cwd=lonely)
    assert result.returncode == 2 and "no storyboard.yaml" in result.stderr


def test_replace_file_refuses_a_file_changed_since_it_was_read(tmp_path: Path) -> None:
    from soracheck.storyboard.edits import FileChangedError, replace_file

    path = tmp_path / "storyboard.yaml"
    path.write_text("title: edited by someone else\n")
    with pytest.raises(FileChangedError):
        replace_file(path, "title: as read\n", "title: new\n")
    assert path.read_text() == "title: edited by someone else\n"
    replace_file(path, "title: edited by someone else\n", "title: new\n")
    assert path.read_text() == "title: new\n"
    assert [p.name for p in tmp_path.iterdir()] == ["storyboard.yaml"]


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    shots = "".join(
        f"  - {{id: s{i}, duration: 4, action: she waits, directives: [contine-shooting]}}\n" for i in range(800)
    )
    board = tmp_path / "storyboard.yaml"
    board.write_text(f"title: Pipe\nmodel: {{name: sora-2}}\nshots:\n{shots}")
    with subprocess.Popen(
        [str(SORACHECK), "lint", str(board)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    ) as process:
        assert process.stdout is not None and process.stderr is not None
        process.stdout.readline()
        process.stdout.close()  # like `| head -1`
        stderr = process.stderr.read()
        assert process.wait(timeout=60) == 1
    assert "Traceback" not in stderr and "BrokenPipeError" not in stderr


def test_progress_is_a_rich_bar_on_a_terminal_and_a_line_per_render_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    from soracheck import cli

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    terminal = Terminal()
    stdout = sys.stdout
    monkeypatch.setattr(sys, "stderr", terminal)
    monkeypatch.delenv("NO_COLOR", raising=False)
    with cli._progress() as show:
        for name, number in (("cup.mp4", 1), ("sky.mp4", 2)):
            for frame in range(199):
                show(name, number, 2, frame / 199)  # the last frame starts before the end: never quite 1
        assert sys.stdout is stdout  # the report written meanwhile still goes where it was sent
    drawn = terminal.getvalue()
    assert "\x1b[2K" in drawn and "\x1b[?25h" in drawn  # drawn in place, taken down, the cursor shown again
    text = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", drawn)
    assert "measuring cup.mp4 (1/2)" in text and "measuring sky.mp4 (2/2)" in text
    assert "-:--:--" in text  # the time left, once it can be told
    plain = io.StringIO()
    monkeypatch.setattr(sys, "stderr", plain)
    with cli._progress() as show:
        for name, number in (("cup.mp4", 1), ("sky.mp4", 2)):
            for frame in range(200):
                show(name, number, 2, frame / 199)
    assert plain.getvalue() == "measuring cup.mp4 (1/2)\nmeasuring sky.mp4 (2/2)\n"


def test_render_done_records_the_spec_and_a_changed_shot_goes_stale(tmp_path: Path) -> None:
    project = tmp_path / "mirror"
    shutil.copytree(SAMPLES / "mirror-that-remembers", project, ignore=shutil.ignore_patterns(".soracheck"))
    board = project / "storyboard.yaml"
    assert soracheck("lint", board).returncode == 0
    board.write_text(board.read_text().replace("he raises his right hand", "he raises his left hand"))
    stale = soracheck("lint", board, "--output-format", "json")
    assert [(d["code"], d["shot"]) for d in json.loads(stale.stdout)] == [("PV005", "mirror")]
    done = soracheck("render-done", "mirror", "renders/mirror.mp4", "--seed", "77", cwd=project)
    assert done.returncode == 0, done.stderr
    assert "+    render: {file: renders/mirror.mp4, seed: 77, spec_hash: sha256:" in done.stdout
    assert soracheck("lint", board).returncode == 0
    missing = soracheck("render-done", "nope", "renders/mirror.mp4", cwd=project)
    assert missing.returncode == 2 and "no shot 'nope'; shots are: mirror" in missing.stderr


def test_a_mistyped_command_suggests_the_right_one(tmp_path: Path) -> None:
    mistyped = soracheck("chek", ".", cwd=tmp_path)
    assert mistyped.returncode == 2
    assert "No such command 'chek'" in mistyped.stderr and "Did you mean 'check'" in mistyped.stderr
    assert "Traceback" not in mistyped.stderr


def test_a_first_word_is_a_notes_file_only_when_that_file_exists(tmp_path: Path) -> None:
    shutil.copy(SAMPLES / "redline-coffee/storyboard.yaml", tmp_path / "storyboard.yaml")
    (tmp_path / "notes.txt").write_text("use an 85mm on the order shot\n", encoding="utf-8")
    read = soracheck("notes.txt", "--offline", cwd=tmp_path)
    assert read.returncode in (0, 1), read.stderr
    assert "+    lens: 85mm" in read.stdout
    assert not (tmp_path / ".soracheck").exists()  # a proposal writes nothing, not even the history
    unwritable = soracheck("notes.txt", "--offline", "--patch", tmp_path / "no/such/folder.diff", cwd=tmp_path)
    assert unwritable.returncode == 2 and "No such file or directory" in unwritable.stderr
    assert "Traceback" not in unwritable.stderr
    missing = soracheck("nots.txt", "--offline", cwd=tmp_path)
    assert missing.returncode == 2 and "nots.txt: no such notes file, nor a command" in missing.stderr
    assert "+    lens" not in missing.stdout


def test_help_is_rich_with_panels_and_completion_is_offered() -> None:
    top = soracheck("--help", env={"COLUMNS": "100"})
    assert top.returncode == 0
    for panel in ("Lint and gate", "Director notes", "Project"):
        assert re.search(rf"╭─ {panel} ─", top.stdout), top.stdout
    assert "--install-completion" in top.stdout and "--show-completion" in top.stdout
    lint = soracheck("lint", "--help", env={"COLUMNS": "100"})
    assert "╭─ Rule selection (wins over soracheck.toml) ─" in lint.stdout
    assert "╭─ Fixes and baselines ─" in lint.stdout
    # the script --show-completion prints, asked for without detecting the shell this test runs under
    shown = soracheck(env={"_SORACHECK_COMPLETE": "source_bash"})
    assert shown.returncode == 0 and "_soracheck_completion()" in shown.stdout and "_SORACHECK_COMPLETE" in shown.stdout


def test_usage_errors_exit_2_without_a_traceback(tmp_path: Path) -> None:
    for args in (
        ("lint",),
        ("check", "--date", "2026-13-01"),
        ("schema", "nope"),
        ("lint", "x.yaml", "--fail-on", "x"),
    ):
        done = soracheck(*args, cwd=tmp_path)
        assert done.returncode == 2, args
        assert "Traceback" not in done.stderr and done.stderr.strip(), args


def test_colour_follows_no_color_and_force_color(tmp_path: Path) -> None:
    draft = SAMPLES / "redline-coffee/drafts/first-draft.yaml"
    forced = soracheck("lint", draft, env={"FORCE_COLOR": "1"})
    assert "\x1b[1;31mCN004\x1b[0m" in forced.stdout
    plain = soracheck("lint", draft, env={"FORCE_COLOR": "1", "NO_COLOR": "1"})
    assert "\x1b[" not in plain.stdout and "CN004" in plain.stdout
    report = tmp_path / "report.txt"
    soracheck("lint", draft, "-o", report, env={"FORCE_COLOR": "1"})
    assert "CN004" in report.read_text(encoding="utf-8") and "\x1b[" not in report.read_text(encoding="utf-8")


def test_watch_follows_the_files_a_lint_reads_not_the_folders_named(tmp_path: Path) -> None:
    from soracheck.project import Project

    project = tmp_path / "project"
    shutil.copytree(SAMPLES / "redline-coffee", project, ignore=shutil.ignore_patterns(".soracheck", "renders*"))
    watched = Project().watched_files([project])
    assert project.resolve() not in watched  # a folder named is not watched itself (nor its parent, recursively)
    for name in ("storyboard.yaml", "soracheck.toml", "consent.yaml"):
        assert (project / name).resolve() in watched


def test_a_note_that_breaks_a_rule_is_refused_with_the_conflict_never_reversed(tmp_path: Path) -> None:
    """The starter's "shot 2: make Ana's jacket red": red there contradicts the yellow of shot 1, which
    it continues (CT004). The note is refused, naming the conflict; yellow is never written over it."""
    assert soracheck("init", tmp_path).returncode == 0
    before = (tmp_path / "storyboard.yaml").read_text(encoding="utf-8")
    (tmp_path / "n.txt").write_text("shot 2: make Ana's jacket red\n", encoding="utf-8")
    done = soracheck("n.txt", "--offline", "--write", cwd=tmp_path)
    assert not [line for line in done.stdout.splitlines() if line.startswith(("+ ", "- "))]
    assert 'n.txt:1: not applied: "shot 2: make Ana\'s jacket red": it would break' in done.stdout
    assert "rules: CT004 (shot lamp-off): Ana Ruiz's jacket is red here but yellow" in done.stdout
    assert done.returncode == 1
    assert (tmp_path / "storyboard.yaml").read_text(encoding="utf-8") == before
