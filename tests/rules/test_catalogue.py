"""Every rule: unique code and name, and its documented example triggers it while its fix passes."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml

from soracheck.config import Config
from soracheck.rules.base import Context, Diagnostic, Rule
from soracheck.rules.registry import all_rules, run_rules
from soracheck.rules.renders import FrameRule
from soracheck.storyboard.edits import apply_edits
from soracheck.storyboard.load import validate
from soracheck.storyboard.model import Consent, Shot
from soracheck.storyboard.source import SourceMap
from soracheck.vocabulary.sound import cue_kind
from tests.rules.helpers import config, document
from tests.rules.measured import CASES as MEASURED
from tests.rules.measured import FPS, judge

RULES = all_rules()
_BLOCK = re.compile(
    r"^## (?P<section>Example|Fix|Configuration|Consent)\n.*?```(?P<lang>yaml|markdown|toml)\n(?P<text>.*?)```",
    re.MULTILINE | re.DOTALL,
)
#: The date consent examples are written for.
DATE = dt.date(2026, 12, 1)


def findings(
    rule: type[Rule], text: str, lang: str = "yaml", config: Config | None = None, consent: str | None = None
) -> list[Diagnostic]:
    doc = document(text, sheet=lang == "markdown")
    records = validate(Consent, yaml.safe_load(consent), SourceMap("consent.yaml", consent)) if consent else {}
    # A rule judging suppressions needs the rules they name to have run: run them all, keep its findings.
    rules = [r() for r in RULES.values()] if rule.late else [rule()]
    found = run_rules(doc.board, Context(doc, config or Config(), records, date=DATE), rules)
    return [d for d in found if d.code == rule.code]


def blocks(rule: type[Rule]) -> dict[str, tuple[str, str]]:
    """The documentation's code blocks by section; a ``## Consent`` block belongs to the example or fix
    above it (``Example consent``, ``Fix consent``), and the fix keeps the example's unless it has its own."""
    found: dict[str, tuple[str, str]] = {}
    last = ""
    for m in _BLOCK.finditer(rule.documentation()):
        section = m.group("section")
        if section == "Consent":
            found[f"{last} consent"] = (m.group("lang"), m.group("text"))
            if last == "Example":
                found.setdefault("Fix consent", found["Example consent"])
        else:
            found[section] = (m.group("lang"), m.group("text"))
            last = section
    return found


def consent_of(found: dict[str, tuple[str, str]], section: str) -> str | None:
    return found[f"{section} consent"][1] if f"{section} consent" in found else None


def configured(rule: type[Rule]) -> Config | None:
    found = blocks(rule).get("Configuration")
    return config(found[1]) if found else None


def test_codes_and_names_are_unique_and_well_formed() -> None:
    assert len({r.name for r in RULES.values()}) == len(RULES)
    for code, rule in RULES.items():
        assert re.fullmatch(r"(CT|CR|TM|CN|BR|PV|FR|SP|AU)\d{3}", code)
        assert re.fullmatch(r"[a-z]+(-[a-z]+)*", rule.name)


#: Frame rules judge renders: their examples are judged with the renders their fixture measured for
#: them (the ``example`` cases of tests/rules/fixtures/renders/CODE.yaml, see tests/rules/measured.py).
FRAME_RULES = [code for code, rule in RULES.items() if issubclass(rule, FrameRule)]


def clean_renders(example: str) -> dict:
    """A case measuring every shot of ``example`` as the storyboard asks: each render as long as its
    shot, steady, uncut, its cast's faces those of their references, its credentials intact, trusted
    and declaring AI, its sound at its placement's target with a sound beginning at each cue of one
    and silence after each cue of silence; a stitched cut with a cut where each shot begins."""
    board = document(example).board
    shots = board.shots
    starts = [sum(shot.duration or 0 for shot in shots[:i]) for i in range(len(shots) + 1)]
    # each character's face, far from every other's, in three frames of every shot they are cast in
    faces = {key: [3.0 * n, 0.0] for n, key in enumerate(board.characters)}
    targets = [Config().audio.loudness(p) for shot in shots for p in board.use_of(shot)[1]]
    level = next((t.target for t in targets if t is not None), -23.0)

    def sound(shot: Shot) -> dict:
        cues = sorted(shot.audio.cues, key=lambda cue: cue.at)
        ends = ([cue.at for cue in cues[1:]] + [shot.duration or 0])[: len(cues)]
        quiet = [[cue.at, end, -90.0] for cue, end in zip(cues, ends, strict=True) if cue_kind(cue.sound) == "silence"]
        return {"level": level, "levels": quiet, "onsets": [c.at for c in cues if cue_kind(c.sound) == "onset"]}

    return {
        "example": True,
        "references": {key: [face] for key, face in faces.items()},
        "renders": {
            shot.id: {"faces": [[faces[key] for key in shot.cast if key in faces]] * 3, "sound": sound(shot)}
            for shot in shots
        },
        "credentials": {shot.id: {"state": "trusted", "ai_generated": True} for shot in shots},
        "stitched": {
            "duration": starts[-1],
            "transitions": [{"kind": "cut", "frame": round(t * FPS)} for t in starts[1:-1]],
        },
    }


@pytest.mark.parametrize("code", FRAME_RULES)
def test_frame_rules_example_triggers_on_its_measured_renders_and_passes_on_clean_ones(code: str) -> None:
    rule = RULES[code]
    documentation = rule.documentation()
    assert "## Why" in documentation and "## Fix" in documentation
    lang, example = blocks(rule)["Example"]
    assert lang == "yaml"
    document(example)  # a valid storyboard
    cases = [case for stem, case in MEASURED if stem == code and case.get("example")]
    assert cases, f"{code}: no case of fixtures/renders/{code}.yaml measures its documented example"
    for case in cases:
        assert judge(code, case), f"{code}: its example does not trigger it on the renders measured for it"
    assert judge(code, clean_renders(example)) == [], f"{code}: its example triggers it on clean renders"


#: Judged across files, against a baseline: its example is a baseline, tested in tests/test_baseline.py.
ACROSS_FILES = ["SP003"]


@pytest.mark.parametrize("code", [c for c in RULES if c not in FRAME_RULES + ACROSS_FILES])
def test_documented_example_triggers_and_fix_passes(code: str) -> None:
    rule = RULES[code]
    assert "## Why" in rule.documentation()
    found = blocks(rule)
    assert {"Example", "Fix"} <= set(found), f"{code} needs a code block under ## Example and ## Fix"
    config = configured(rule)
    example, fix = (consent_of(found, section) for section in ("Example", "Fix"))
    assert findings(rule, found["Example"][1], found["Example"][0], config, example), (
        f"{code}: its example does not trigger it"
    )
    assert findings(rule, found["Fix"][1], found["Fix"][0], config, fix) == [], f"{code}: its fix still triggers it"
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


def test_readme_lists_every_rule_with_its_name_and_severity() -> None:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    for code, rule in RULES.items():
        assert f"| {code} | {rule.name} | {rule.severity} |" in readme, code
