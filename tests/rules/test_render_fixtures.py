"""Every render rule's passing and failing cases, on measured values: tests/rules/fixtures/renders/CODE.yaml.

The render rules (FR, BR004, PV001-PV004) judge measurements, not files: each case writes the
measured values of its renders (see tests/rules/measured.py for the keys) just inside or just
outside the rule's threshold, and the real rule judges them through ``run_rules``, as ``soracheck
check`` does. The end-to-end tests on real video are test_frames.py and test_provenance.py.
"""

from __future__ import annotations

from typing import Any

import pytest

from soracheck.rules.renders import FrameRule
from tests.rules.measured import CASES, RULES, judged

RENDER_RULES = sorted(code for code, rule in RULES.items() if issubclass(rule, FrameRule))


def test_every_render_rule_has_a_passing_and_a_failing_case() -> None:
    assert RENDER_RULES, "no render rule registered"
    for code in RENDER_RULES:
        cases = [case for stem, case in CASES if stem == code]
        assert any(c["expect"] == [] for c in cases), f"{code} has no passing case in fixtures/renders/{code}.yaml"
        assert any(c["expect"] for c in cases), f"{code} has no failing case in fixtures/renders/{code}.yaml"


def test_every_fixture_file_names_a_render_rule() -> None:
    assert {stem for stem, _ in CASES} <= set(RENDER_RULES)


@pytest.mark.parametrize(
    ("code", "case"), [pytest.param(code, case, id=f"{code}-{case['name']}") for code, case in CASES]
)
def test_case(code: str, case: dict[str, Any]) -> None:
    found, not_judged = judged(code, case)
    assert not_judged == case.get("not_judged", [])
    default = str(RULES[code].severity)
    got = [(d.code, d.shot, d.location.line, str(d.severity)) for d in found]
    wanted = [(e["code"], e.get("shot"), e["line"], e.get("severity", default)) for e in case["expect"]]
    assert got == wanted, [d.message for d in found]
    for diagnostic, expected in zip(found, case["expect"], strict=True):
        assert expected["message"] in diagnostic.message
        if "evidence" in expected:  # [value, threshold]
            assert diagnostic.evidence is not None
            value, threshold = expected["evidence"]
            assert (diagnostic.evidence.value, diagnostic.evidence.threshold) == pytest.approx(
                (value, threshold), abs=5e-3
            )
