"""``soracheck chat``, ``log`` and ``undo`` through the installed entry point, scripted on stdin.

Each ``soracheck(...)`` call is a new process, so a review left open and resumed, or a revision
logged and undone, has gone through the SQLite file under ``.soracheck/`` and nothing else.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLES, soracheck
from tests.openai_stub import StubServer, plan


@pytest.fixture
def project(tmp_path: Path) -> Path:
    folder = tmp_path / "redline"
    shutil.copytree(SAMPLES / "redline-coffee", folder)
    return folder


def chat(project: Path, *lines: str, resume: bool = False, env: dict[str, str] | None = None):
    args = ["chat", "--resume"] if resume else ["chat"]
    return soracheck(*args, cwd=project, stdin="".join(line + "\n" for line in lines), env=env)


def lens(text: str) -> str:
    """The lens of the second shot (order) in a Redline Coffee storyboard text."""
    order = text.index("- id: order")
    return text[text.index("lens: ", order) + 6 : text.index("\n", text.index("lens: ", order))]


def test_approve_leave_open_resume_log_and_undo(project: Path) -> None:
    board = project / "storyboard.yaml"
    original = board.read_text()

    first = chat(project, "use a 50mm on shot 2", "a", "shorten the booth shot by 4 seconds", "q")
    assert first.returncode == 0, first.stderr
    assert "-    lens: 35mm\n+    lens: 50mm" in first.stdout
    assert "wrote storyboard.yaml: revision 1" in first.stdout
    assert "new storyboard.yaml:85: TM001" in first.stdout  # the second diff was linted before review
    assert first.stdout.rstrip().endswith("the review stays open: 'soracheck chat --resume' continues it.")
    approved = board.read_text()
    assert lens(approved) == "50mm" and "duration: 8" not in approved

    resumed = chat(project, "a", resume=True)
    assert "resuming the review left open:" in resumed.stdout
    assert "-    duration: 12\n+    duration: 8" in resumed.stdout
    assert "wrote storyboard.yaml: revision 2" in resumed.stdout
    assert "duration: 8" in board.read_text()

    again = chat(project, resume=True)
    assert "no review was left open." in again.stdout

    log = soracheck("log", "--output-format", "json", cwd=project)
    revisions = json.loads(log.stdout)
    assert [(r["number"], r["notes"], r["undone"]) for r in revisions] == [
        (2, ["shorten the booth shot by 4 seconds"], False),
        (1, ["use a 50mm on shot 2"], False),
    ]
    assert revisions[1]["interpreter"] == "offline"
    assert "+    lens: 50mm" in revisions[1]["diff"]

    assert soracheck("undo", cwd=project).stdout.startswith("undid revision 2")
    assert board.read_text() == approved
    assert soracheck("undo", project / "storyboard.yaml").stdout.startswith("undid revision 1")
    assert board.read_text() == original
    nothing = soracheck("undo", cwd=project)
    assert nothing.returncode == 2
    assert nothing.stderr == "soracheck: storyboard.yaml: no approved revision to undo\n"
    text_log = soracheck("log", project).stdout
    assert text_log.startswith("revision 2  ") and "+1 -1  [offline]  (undone)" in text_log
    assert "  note: use a 50mm on shot 2\n  plan: Read 1 of 1 notes with the offline grammar." in text_log


def test_undo_refuses_a_storyboard_edited_since(project: Path) -> None:
    board = project / "storyboard.yaml"
    chat(project, "use a 50mm on shot 2", "a")
    board.write_text(board.read_text() + "# a hand edit\n")
    edited = board.read_text()
    result = soracheck("undo", cwd=project)
    assert result.returncode == 2
    assert "storyboard.yaml has changed since revision 1 was approved; nothing was undone" in result.stderr
    assert board.read_text() == edited


def test_an_approval_never_overwrites_a_file_changed_during_review(project: Path) -> None:
    board = project / "storyboard.yaml"
    chat(project, "use a 50mm on shot 2", "q")
    board.write_text(board.read_text().replace("title: Redline Mornings", "title: Redline Evenings"))
    edited = board.read_text()
    result = chat(project, "a", resume=True)
    assert "not written:" in result.stdout and "changed since it was read" in result.stdout
    assert board.read_text() == edited
    assert soracheck("log", cwd=project).stdout == "No approved revisions yet.\n"


def test_edit_the_note_then_approve(project: Path) -> None:
    result = chat(project, "use a 50mm on shot 2", "e use a 24mm on shot 2", "approve")
    assert "+    lens: 50mm" in result.stdout and "+    lens: 24mm" in result.stdout
    assert lens((project / "storyboard.yaml").read_text()) == "24mm"
    log = json.loads(soracheck("log", "--output-format", "json", cwd=project).stdout)
    assert log[0]["notes"] == ["use a 24mm on shot 2"]


def test_offline_rejection_drops_the_proposal(project: Path) -> None:
    board = project / "storyboard.yaml"
    original = board.read_text()
    result = chat(project, "use a 50mm on shot 2", "r", "r too long a lens", "/log")
    assert "answer a (approve), r REASON (reject, saying why)" in result.stdout  # a bare r asks why
    assert "rejected and dropped. The offline grammar cannot use a reason" in result.stdout
    assert result.stdout.rstrip().endswith("No approved revisions yet.")
    assert board.read_text() == original


def test_a_rejection_reason_goes_back_to_the_model(project: Path, openai_stub: StubServer) -> None:
    fifty = {"op": "set_field", "target": "shot", "key": "order", "field": "lens", "value": "50mm"}
    openai_stub.script(plan("A longer lens.", [fifty]), plan("Wider, as asked.", [dict(fifty, value="24mm")]))
    env = {"OPENAI_BASE_URL": openai_stub.url, "SORACHECK_MODEL": "stub-model"}
    result = chat(project, "change the lens on the order shot", "r wider, not longer", "a", env=env)
    assert f"with the openai (stub-model at {openai_stub.url}/) interpreter" in result.stdout
    assert "plan: Wider, as asked." in result.stdout
    assert lens((project / "storyboard.yaml").read_text()) == "24mm"
    first, second = (r.user_message() for r in openai_stub.requests)
    assert "rejected" not in first
    assert "The director rejected your previous plan: wider, not longer" in second
    assert '"value": "50mm"' in second  # the model sees which plan was rejected
    log = json.loads(soracheck("log", "--output-format", "json", cwd=project).stdout)
    assert log[0]["rationale"] == "Wider, as asked." and log[0]["interpreter"].startswith("openai (stub-model")


def test_notes_not_understood_and_unknown_commands(project: Path) -> None:
    result = chat(project, "make it pop", "/frobnicate", "/help", "/quit", "use a 50mm on shot 2")
    assert "not understood: 'make it pop'" in result.stdout
    assert "[a]pprove" not in result.stdout  # nothing to review
    assert "unknown command '/frobnicate'; /help lists them" in result.stdout
    assert "/undo reverts the last one" in result.stdout
    assert "lens: 50mm" not in result.stdout  # /quit stopped before the last line


def test_notes_write_is_a_revision_that_undo_reverts(project: Path) -> None:
    board = project / "storyboard.yaml"
    original = board.read_text()
    written = soracheck("notes.txt", "--write", "--offline", cwd=project)
    assert "wrote storyboard.yaml: revision 1 ('soracheck undo' reverts it)" in written.stderr
    assert board.read_text() != original
    log = json.loads(soracheck("log", "--output-format", "json", cwd=project).stdout)
    assert len(log[0]["notes"]) == 5
    assert soracheck("undo", cwd=project).returncode == 0
    assert board.read_text() == original


def test_bad_input_is_one_message(project: Path, tmp_path: Path) -> None:
    board = project / "storyboard.yaml"
    board.write_text(board.read_text().replace("  - id: order\n", "  - id: order\n    colour: red\n"))
    result = chat(project, "use a 50mm on shot 2")
    assert result.returncode == 2
    assert result.stderr.startswith("storyboard.yaml:") and "colour" in result.stderr
    assert "Traceback" not in result.stderr
    missing = soracheck("log", tmp_path / "nowhere")
    assert missing.returncode == 2 and "nowhere: no such file or folder" in missing.stderr
