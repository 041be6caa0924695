from __future__ import annotations

from pathlib import Path

import pytest

from soracheck.config import ConfigError, find_config, load_config
from soracheck.project import Project
from soracheck.rules.registry import select_rules


def problems(path: Path) -> list[str]:
    with pytest.raises(ConfigError) as caught:
        select_rules(load_config(path))
    return [f"{loc.line}:{loc.column}: {message}" for loc, message in caught.value.problems]


def test_unknown_keys_and_bad_values_are_located(tmp_path: Path) -> None:
    path = tmp_path / "soracheck.toml"
    path.write_text('fail-on = "warnin"\n\n[house-style]\nlense = ["35mm"]\n[brand]\npalette = ["red"]\n')
    assert problems(path) == [
        "1:11: fail-on: input should be 'error', 'warning' or 'info', got 'warnin'",
        "4:1: unknown key 'lense' (did you mean 'lenses'?)",
        "6:11: palette: palette colours must be #RRGGBB, not 'red'",
    ]


def test_a_replaced_key_says_what_replaced_it(tmp_path: Path) -> None:
    path = tmp_path / "soracheck.toml"
    path.write_text("[frames]\nmin-identity-similarity = 0.7\n")
    assert problems(path) == [
        "2:1: unknown key 'min-identity-similarity': it was replaced by 'min-face-similarity', "
        "a new measure (dlib's face descriptor; 0.5 is the default)"
    ]


def test_toml_syntax_error(tmp_path: Path) -> None:
    path = tmp_path / "soracheck.toml"
    path.write_text('select = ["ALL"\n')
    assert problems(path)[0].startswith("2:1: TOML syntax error")


def test_unknown_rule_selector_is_located(tmp_path: Path) -> None:
    path = tmp_path / "soracheck.toml"
    path.write_text('select = ["CT"]\nignore = ["CT999"]\n[severity]\nnope = "error"\n')
    assert problems(path) == ["2:10: unknown rule selector 'CT999'", "4:1: unknown rule selector 'nope'"]


def test_pyproject_tool_section_is_found_and_read(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "x"\n\n[tool.soracheck]\nfail-on = "error"\nbogus = 1\n'
    )
    (tmp_path / "sub").mkdir()
    assert find_config(tmp_path / "sub" / "storyboard.yaml") == tmp_path / "pyproject.toml"
    assert problems(tmp_path / "pyproject.toml") == [
        "6:1: unknown key 'bogus'; expected one of: select, extend-select, ignore, fail-on, severity, storyboard, consent, baseline, consent-warning-days, jobs, executor, ray-address, house-style, brand, provenance, frames, audio, agent, models"
    ]


def test_consent_errors_are_located(tmp_path: Path) -> None:
    (tmp_path / "storyboard.yaml").write_text("title: t\n")
    (tmp_path / "consent.yaml").write_text("maya:\n  person: Maya\n  granted: someday\n")
    result = Project().lint([tmp_path])
    (error,) = result.errors
    assert (
        str(error)
        == f"{tmp_path / 'consent.yaml'}:3:12: granted: input should be a valid date or datetime, input is too short, got 'someday'"
    )
