from __future__ import annotations

from pathlib import Path

from soracheck.config import Config
from soracheck.rules.base import Context, Severity
from soracheck.rules.consent import CameoWithoutRecord
from soracheck.rules.continuity import BrokenContinuation, UndefinedReference
from soracheck.rules.craft import UnknownDirective
from soracheck.rules.registry import run_rules, select_rules
from soracheck.storyboard.documents import Document, load_document
from soracheck.storyboard.load import parse_storyboard
from soracheck.storyboard.model import ConsentRecord
from tests.conftest import SAMPLES


def lint(text: str, rule, **context) -> list:
    board, source = parse_storyboard(text, "s.yaml")
    return run_rules(board, Context(Document(Path("s.yaml"), "storyboard", board, source), **context), [rule])


TWO_ROOMS = """title: t
locations: {a: {description: room a}, b: {description: room b}}
shots:
  - {id: one, location: a}
"""


def test_continuation_within_one_location_passes() -> None:
    assert lint(TWO_ROOMS + "  - {id: two, location: a, directives: [no-recap]}\n", BrokenContinuation()) == []


def test_continuation_after_a_time_jump_fails() -> None:
    text = TWO_ROOMS + "  - {id: two, location: a, transition: 'time-jump: 2 hours', directives: [continue-shooting]}\n"
    (finding,) = lint(text, BrokenContinuation())
    assert finding.message.startswith("<<continue-shooting>> after a time-jump")
    assert (finding.location.line, finding.shot) == (5, "two")


def test_inline_continuation_is_located_in_the_text() -> None:
    text = TWO_ROOMS + "  - {id: two, location: b, action: 'she <<no-recap>> runs'}\n"
    (finding,) = lint(text, BrokenContinuation())
    assert (finding.location.line, finding.location.column) == (5, 41)
    assert "(a → b)" in finding.message


def test_undefined_location_lists_what_exists() -> None:
    (finding,) = lint(TWO_ROOMS + "  - {id: two, location: kitchen}\n", UndefinedReference())
    assert finding.message == "location 'kitchen' is not defined; defined locations: a, b"
    assert finding.fix is None


def test_unknown_directive_in_the_list_and_known_ones_pass() -> None:
    text = "title: t\nshots:\n  - {id: a, directives: [identity-lock, same-timline]}\n"
    (finding,) = lint(text, UnknownDirective())
    assert finding.message == "unknown directive <<same-timline>> (did you mean <<same-timeline>>?)"
    assert lint("title: t\nshots:\n  - {id: a, directives: [identity-lock, same-timeline]}\n", UnknownDirective()) == []


def test_cameo_with_a_record_passes() -> None:
    text = "title: t\ncharacters:\n  m: {name: M, cameo: m-key}\n"
    record = ConsentRecord(person="M", granted="2026-01-01")
    assert lint(text, CameoWithoutRecord(), consent={"m-key": record}) == []
    (finding,) = lint(text, CameoWithoutRecord(), consent={}, consent_path="consent.yaml")
    assert finding.character == "m" and "no consent record in consent.yaml" in finding.message


def test_rules_run_on_sheets_with_sheet_lines(tmp_path: Path) -> None:
    sheet = tmp_path / "s.md"
    sheet.write_text("# T\n## Subject / Scene Settings\n- Subject: Ana\n- Action: she waits <<contine-shooting>>\n")
    document = load_document(sheet)
    (finding,) = run_rules(document.board, Context(document), [UnknownDirective()])
    assert (finding.location.path, finding.location.line, finding.location.column) == (str(sheet), 4, 23)


def test_selection_by_prefix_name_and_severity_override() -> None:
    config = Config(select=["CT00", "unknown-directive"], ignore=["CT002"], severity={"CR001": "error"})
    chosen = {rule.code: rule.severity for rule in select_rules(config)}
    assert set(chosen) == {f"CT00{n}" for n in (1, 3, 4, 5, 6, 7, 8, 9)} | {"CR001"}
    assert (chosen["CT001"], chosen["CR001"], chosen["CT003"]) == (Severity.ERROR, Severity.ERROR, Severity.WARNING)


def test_samples_are_clean_with_every_rule() -> None:
    document = load_document(SAMPLES / "redline-coffee/storyboard.yaml")
    assert (
        run_rules(
            document.board,
            Context(document, consent={"maya-chen": ConsentRecord(person="Maya Chen", granted="2026-01-10")}),
            select_rules(Config()),
        )
        == []
    )
