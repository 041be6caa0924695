"""The rule catalogue: every rule by code, the configuration's selection, and running them on a file."""

from __future__ import annotations

import functools
from collections.abc import Iterable

from soracheck.config import Config, ConfigError
from soracheck.rules import audio, brand, consent, continuity, craft, frames, provenance, suppression, timing
from soracheck.rules.base import Context, Diagnostic, Rule, Severity, matches
from soracheck.storyboard.model import Storyboard

#: The modules whose rules register themselves when imported.
FAMILIES = (audio, brand, consent, continuity, craft, frames, provenance, suppression, timing)


def all_rules() -> dict[str, type[Rule]]:
    """Every registered rule by code, in code order."""
    return dict(sorted(Rule.registry.items()))


@functools.cache
def catalogue() -> dict[str, str]:
    """Every rule's name by code (read only)."""
    return {code: rule.name for code, rule in all_rules().items()}


def known_selector(selector: str) -> bool:
    """Whether ``selector`` names at least one rule."""
    return any(matches(selector, rule.code, rule.name) for rule in all_rules().values())


def select_rules(config: Config) -> list[Rule]:
    """The rules the configuration selects, each with its severity: the override, else its default under it."""
    rules = all_rules()
    problems = []
    for key in ("select", "extend_select", "ignore"):
        for index, selector in enumerate(getattr(config, key)):
            if not known_selector(selector):
                problems.append((config.locate((key.replace("_", "-"), index)), f"unknown rule selector {selector!r}"))
    overrides: dict[str, Severity] = {}
    for selector, severity in config.severity.items():
        hits = [rule for rule in rules.values() if matches(selector, rule.code, rule.name)]
        if not hits:
            problems.append((config.locate(("severity", selector)), f"unknown rule selector {selector!r}"))
        overrides.update({rule.code: Severity.named(severity) for rule in hits})
    if problems:
        raise ConfigError(problems)
    chosen = []
    for code, rule in rules.items():
        selected = any(matches(s, code, rule.name) for s in [*config.select, *config.extend_select])
        if selected and not any(matches(s, code, rule.name) for s in config.ignore):
            instance = rule()
            # A configured severity wins over the rule's default, even one the configuration raises.
            instance.severity = overrides.get(code, rule.default_severity(config))
            chosen.append(instance)
    return chosen


def run_rules(board: Storyboard, ctx: Context, rules: Iterable[Rule]) -> list[Diagnostic]:
    """Every finding of ``rules`` on ``board`` that no suppression drops, in file order.

    The rules that judge suppressions (``late``) run last, once the others' findings are filtered.
    """
    rules = list(rules)
    ctx.catalogue = catalogue()
    ctx.ran = frozenset(rule.code for rule in rules if ctx.renders is not None or not rule.frames)
    found = [diagnostic for rule in rules if not rule.late for diagnostic in rule.check(board, ctx)]
    found = suppression.suppress(found, ctx)
    found += [diagnostic for rule in rules if rule.late for diagnostic in rule.check(board, ctx)]
    return sorted(found, key=Diagnostic.sort_key)
