"""Every rule's passing and failing cases, as small fixtures in tests/rules/fixtures/CODE.yaml (sqlfluff style).

A case has a ``storyboard`` (YAML) or a ``sheet`` (Markdown), an optional ``config`` (soracheck.toml
text), ``consent`` (consent.yaml text) and check ``date``, the ``expect``ed findings as ``[code, line]`` and, where the findings carry edits, the
``fixed`` text after applying all of them. An ``advice`` list, where given, is each finding's fix message, in order.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest
import yaml

from soracheck.rules.base import Context, Diagnostic
from soracheck.rules.registry import all_rules, run_rules
from soracheck.rules.renders import FrameRule
from soracheck.storyboard.edits import apply_edits
from soracheck.storyboard.load import parse_storyboard, validate
from soracheck.storyboard.model import Consent
from soracheck.storyboard.source import SourceMap
from tests.rules.helpers import config, document

FIXTURES = Path(__file__).parent / "fixtures"
RULES = all_rules()
CASES = [
    pytest.param(path.stem, case, id=f"{path.stem}-{case['name']}")
    for path in sorted(FIXTURES.glob("*.yaml"))
    for case in yaml.safe_load(path.read_text())["cases"]
]


def run(code: str, case: dict[str, Any]) -> tuple[str, list[Diagnostic]]:
    text = case["sheet"] if "sheet" in case else case["storyboard"]
    doc = document(text, sheet="sheet" in case)
    consent = case.get("consent")
    records = validate(Consent, yaml.safe_load(consent), SourceMap("consent.yaml", consent)) if consent else {}
    date = case.get("date", dt.date(2026, 12, 1))  # YAML reads dates as dates
    rule = RULES[code]
    # A rule judging suppressions needs the rules they name to have run: run them all, keep its findings.
    rules = [r() for r in RULES.values()] if rule.late else [rule()]
    found = run_rules(doc.board, Context(doc, config(case.get("config")), records, date=date), rules)
    return text, [d for d in found if d.code == code]


def test_every_rule_has_a_passing_and_a_failing_case() -> None:
    for code, rule in RULES.items():
        if issubclass(rule, FrameRule) or code == "SP003":
            continue  # frame rules judge renders (test_render_fixtures), SP003 a baseline (test_baseline)
        cases = [case for stem, case in (p.values for p in CASES) if stem == code]
        assert any(c["expect"] == [] for c in cases), f"{code} has no passing case"
        assert any(c["expect"] for c in cases), f"{code} has no failing case"


@pytest.mark.parametrize(("code", "case"), CASES)
def test_case(code: str, case: dict[str, Any]) -> None:
    text, found = run(code, case)
    assert [[d.code, d.location.line] for d in found] == case["expect"], [str(d.message) for d in found]
    if "advice" in case:
        assert [d.fix.message if d.fix else None for d in found] == case["advice"]
    edits = [edit for d in found if d.fix for edit in d.fix.edits]
    if "fixed" in case:
        assert apply_edits(text, edits) == case["fixed"]
        parse_storyboard(case["fixed"], "fixed.yaml") if "storyboard" in case else None
    else:
        assert not edits, "a case whose findings carry edits must show the fixed text"
