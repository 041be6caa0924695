"""Every rule: unique code and name, and its documented example triggers it while its fix passes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from soracheck.rules.base import Context, Rule, all_rules, run_rules
from soracheck.storyboard.documents import Document
from soracheck.storyboard.edits import apply_edits
from soracheck.storyboard.load import parse_storyboard

RULES = all_rules()
_BLOCK = re.compile(r"^## (?P<section>Example|Fix)\n.*?```yaml\n(?P<yaml>.*?)```", re.MULTILINE | re.DOTALL)


def findings(rule: type[Rule], text: str) -> list:
    board, source = parse_storyboard(text, "doc.yaml")
    return run_rules(board, Context(Document(Path("doc.yaml"), "storyboard", board, source)), [rule()])


def test_codes_and_names_are_unique_and_well_formed() -> None:
    assert len({r.name for r in RULES.values()}) == len(RULES)
    for code, rule in RULES.items():
        assert re.fullmatch(r"(CT|CR|TM|CN|BR|PV|FR)\d{3}", code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)


@pytest.mark.parametrize("code", RULES)
def test_documented_example_triggers_and_fix_passes(code: str) -> None:
    rule = RULES[code]
    doc = rule.documentation()
    assert "## Why" in doc
    blocks = {m.group("section"): m.group("yaml") for m in _BLOCK.finditer(doc)}
    assert set(blocks) == {"Example", "Fix"}, f"{code} needs a yaml block under ## Example and ## Fix"
    assert findings(rule, blocks["Example"]), f"{code}: its example does not trigger it"
    assert findings(rule, blocks["Fix"]) == [], f"{code}: its fix still triggers it"


@pytest.mark.parametrize(
    "code", [c for c, r in RULES.items() if "suggest" in r.documentation() or "closest" in r.documentation()]
)
def test_suggested_edit_of_the_example_makes_it_pass(code: str) -> None:
    rule = RULES[code]
    example = _BLOCK.search(rule.documentation()).group("yaml")  # type: ignore[union-attr]
    edits = [e for d in findings(rule, example) if d.fix for e in d.fix.edits]
    assert edits, f"{code} promises a suggested edit"
    assert findings(rule, apply_edits(example, edits)) == []
