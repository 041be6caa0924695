"""Every rule: unique code and name, and its documented example triggers it while its fix passes."""

from __future__ import annotations

import re

import pytest

from soracheck.config import Config
from soracheck.rules.base import Context, Diagnostic, Rule, all_rules, run_rules
from soracheck.storyboard.edits import apply_edits
from tests.rules.helpers import config, document

RULES = all_rules()
_BLOCK = re.compile(
    r"^## (?P<section>Example|Fix|Configuration)\n.*?```(?P<lang>yaml|markdown|toml)\n(?P<text>.*?)```",
    re.MULTILINE | re.DOTALL,
)


def findings(rule: type[Rule], text: str, lang: str = "yaml", config: Config | None = None) -> list[Diagnostic]:
    doc = document(text, sheet=lang == "markdown")
    return run_rules(doc.board, Context(doc, config or Config()), [rule()])


def blocks(rule: type[Rule]) -> dict[str, tuple[str, str]]:
    return {m.group("section"): (m.group("lang"), m.group("text")) for m in _BLOCK.finditer(rule.documentation())}


def configured(rule: type[Rule]) -> Config | None:
    found = blocks(rule).get("Configuration")
    return config(found[1]) if found else None


def test_codes_and_names_are_unique_and_well_formed() -> None:
    assert len({r.name for r in RULES.values()}) == len(RULES)
    for code, rule in RULES.items():
        assert re.fullmatch(r"(CT|CR|TM|CN|BR|PV|FR)\d{3}", code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)


#: Frame rules judge renders: their examples are storyboards with renders, tested in test_frames.py.
FRAME_RULES = [code for code in RULES if code.startswith("FR")]


@pytest.mark.parametrize("code", FRAME_RULES)
def test_frame_rules_are_documented_with_a_valid_example(code: str) -> None:
    rule = RULES[code]
    documentation = rule.documentation()
    assert "## Why" in documentation and "## Fix" in documentation
    lang, example = blocks(rule)["Example"]
    assert lang == "yaml"
    document(example)  # a valid storyboard
    assert findings(rule, example) == []  # without renders, a frame rule has nothing to judge


@pytest.mark.parametrize("code", [c for c in RULES if c not in FRAME_RULES])
def test_documented_example_triggers_and_fix_passes(code: str) -> None:
    rule = RULES[code]
    assert "## Why" in rule.documentation()
    found = blocks(rule)
    assert {"Example", "Fix"} <= set(found), f"{code} needs a code block under ## Example and ## Fix"
    config = configured(rule)
    assert findings(rule, found["Example"][1], found["Example"][0], config), f"{code}: its example does not trigger it"
    assert findings(rule, found["Fix"][1], found["Fix"][0], config) == [], f"{code}: its fix still triggers it"
    if config is not None:
        assert findings(rule, found["Example"][1], found["Example"][0]) == [], f"{code}: should need its configuration"


@pytest.mark.parametrize(
    "code",
    [c for c, r in RULES.items() if re.search(r"suggest|closest|nearest|inserts|sorts", r.documentation())],
)
def test_suggested_edit_of_the_example_makes_it_pass(code: str) -> None:
    rule = RULES[code]
    lang, example = blocks(rule)["Example"]
    config = configured(rule)
    edits = [e for d in findings(rule, example, lang, config) if d.fix for e in d.fix.edits]
    assert edits, f"{code} promises a suggested edit"
    assert findings(rule, apply_edits(example, edits), lang, config) == []
