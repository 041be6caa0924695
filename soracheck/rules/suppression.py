"""Suppressions: findings a person decided not to report, and the rules that keep them honest.

Each is written with its reason, in one of two ways:

- on a shot, ``ignore:`` entries (``- CT001: the dream restarts on purpose``) drop that shot's
  findings of those rules;
- an inline comment, ``# soracheck: ignore[CT001, BR003] reason`` (``<!-- … -->`` in a production
  sheet), drops the findings that start on its line, or on the next line when the comment stands
  alone.

A selector is a code, a prefix or a rule name, as in ``select``. SP001 reports suppressions that
no longer drop anything, SP002 those without a reason, SP003 baseline entries that no longer occur
(see :mod:`soracheck.baseline`).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from soracheck.rules.base import Applicability, Context, Diagnostic, Fix, Rule, Severity, matches
from soracheck.storyboard.documents import Document
from soracheck.storyboard.edits import Edit
from soracheck.storyboard.model import Storyboard
from soracheck.storyboard.source import Span

#: ``# soracheck: ignore[CT001, BR003] reason`` or ``<!-- soracheck: ignore[CT001] reason -->``.
_INLINE = re.compile(
    r"(?P<open>#|<!--)[ \t]*soracheck:[ \t]*ignore\[(?P<codes>[^\]\n]*)\][ \t]*(?P<reason>.*?)[ \t]*(?:-->)?[ \t]*$",
    re.MULTILINE,
)
#: A shot's ``ignore`` entry: the selector, then its reason after ``:`` or a space.
_ENTRY = re.compile(r"^(?P<selector>[^\s:]+)\s*:?\s*(?P<reason>.*)$", re.DOTALL)


@dataclass(frozen=True)
class Suppression:
    """Findings not to report: those of ``selectors`` about ``shot``, or starting on ``line``."""

    selectors: tuple[str, ...]
    reason: str
    #: Where it is written: the ``ignore`` entry or the comment.
    at: Span
    shot: str | None = None
    line: int | None = None
    #: The edit that deletes it.
    removal: Edit | None = None
    #: An inline comment's selector list (offsets), to rewrite when only some of them go.
    codes: tuple[int, int] | None = None

    def covers(self, d: Diagnostic) -> list[str]:
        """The selectors of this suppression that drop ``d``."""
        if self.shot is not None and d.shot != self.shot:
            return []
        if self.line is not None and d.location.line != self.line:
            return []
        return [s for s in self.selectors if matches(s, d.code, d.rule)]

    def scope(self) -> str:
        """What it applies to: ``shot order`` or ``line 12``."""
        return f"shot {self.shot}" if self.shot is not None else f"line {self.line}"


def find_suppressions(document: Document) -> list[Suppression]:
    """Every suppression written in the document: shots' ``ignore`` entries, then inline comments."""
    source, text = document.source, document.source.text
    found = []
    for index, shot in enumerate(document.board.shots):
        for number, entry in enumerate(shot.ignore):
            match = _ENTRY.match(entry)
            selector, reason = (match.group("selector"), match.group("reason").strip()) if match else (entry, "")
            at = source.locate(("shots", index, "ignore", number))
            found.append(Suppression((selector,), reason, at, shot=shot.id, removal=_entry_removal(text, at)))
    if document.kind == "prompt":
        return found  # a comment in a plain prompt would be sent to the model
    for match in _INLINE.finditer(text):
        start = match.start()
        if start and text[start - 1] not in " \t\n":
            continue  # '#' inside a word is not a comment
        line_start = text.rfind("\n", 0, start) + 1
        trailing = bool(text[line_start:start].strip())
        codes = tuple(c.strip() for c in match.group("codes").split(",") if c.strip())
        line, column = source.lines.position(start)
        at = Span(str(document.path), line, column, line, column + match.end() - start, start, match.end())
        if trailing:
            removal = Edit(len(text[:start].rstrip(" \t")), match.end(), "")
        else:
            end = text.find("\n", match.end())
            removal = Edit(line_start, len(text) if end < 0 else end + 1, "")
        target = line if trailing else _next_line(text, match.end(), line)
        found.append(
            Suppression(
                codes,
                match.group("reason"),
                at,
                line=target,
                removal=removal,
                codes=(match.start("codes"), match.end("codes")),
            )
        )
    return found


def _next_line(text: str, offset: int, line: int) -> int:
    """The number of the first line after ``line`` (ending at ``offset``) that holds more than a comment."""
    for number, content in enumerate(text[offset:].split("\n")[1:], start=line + 1):
        stripped = content.strip()
        if stripped and not stripped.startswith(("#", "<!--")):
            return number
    return line + 1


def _entry_removal(text: str, at: Span) -> Edit | None:
    """The edit deleting a list entry: its whole line in a block list, the item and a comma in a flow one."""
    if at.start is None or at.end is None:
        return None
    line_start = text.rfind("\n", 0, at.start) + 1
    if re.fullmatch(r"[ \t]*-[ \t]*", text[line_start : at.start]):
        end = text.find("\n", at.end)
        return Edit(line_start, len(text) if end < 0 else end + 1, "")
    after = re.match(r"[ \t]*,[ \t]*", text[at.end :])
    if after:
        return Edit(at.start, at.end + after.end(), "")
    before = re.search(r"[ \t]*,[ \t]*$", text[: at.start])
    return Edit(before.start() if before else at.start, at.end, "")


@dataclass
class _Judged:
    """The suppressions of a file and which of their selectors dropped a finding."""

    suppressions: list[Suppression]
    used: set[tuple[int, str]]


def suppress(found: list[Diagnostic], ctx: Context) -> list[Diagnostic]:
    """``found`` without the findings the document's suppressions drop (counted in ``ctx.suppressed``)."""
    suppressions = _suppressions(ctx)
    if not suppressions:
        return found
    used: set[tuple[int, str]] = set()
    kept = []
    for d in found:
        hits = [(index, selector) for index, s in enumerate(suppressions) for selector in s.covers(d)]
        used.update(hits)
        if hits:
            ctx.suppressed += 1
        else:
            kept.append(d)
    ctx.memo("judged", lambda: _Judged(suppressions, used))
    return kept


def _suppressions(ctx: Context) -> list[Suppression]:
    return ctx.memo("suppressions", lambda: find_suppressions(ctx.document))


class UnusedSuppression(Rule):
    """Flags a suppression that no longer drops any finding, or names no rule.

    A suppression is judged only when every rule it names ran: an ``ignore: FR003`` is not unused
    because ``soracheck lint`` does not measure renders.

    ## Why
    A suppression outlives the problem it hid: the shot is rewritten, the finding goes away, and the
    stale ``ignore`` silently hides the next real problem of that rule on that shot.

    ## Example
    ```yaml
    title: Redline
    shots:
      - id: order
        duration: 5
        action: Maya orders a cortado
        ignore:
          - CR001: the counter is dressed later
    ```

    ## Fix
    Delete it (the safe fix does).
    ```yaml
    title: Redline
    shots:
      - id: order
        duration: 5
        action: Maya orders a cortado
    ```
    """

    code = "SP001"
    name = "unused-suppression"
    severity = Severity.WARNING
    late = True

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        judged = ctx.memo("judged", lambda: _Judged(_suppressions(ctx), set()))
        for index, s in enumerate(judged.suppressions):
            unused = []
            for selector in s.selectors:
                named = [code for code, name in ctx.catalogue.items() if matches(selector, code, name)]
                if not named:
                    unused.append((selector, f"{selector!r} names no rule"))
                elif (index, selector) not in judged.used and set(named) <= ctx.ran:
                    unused.append((selector, f"no {selector} finding on {s.scope()}"))
            if unused:
                reasons = "; ".join(why for _, why in unused)
                yield self.report(
                    f"unused suppression: {reasons}",
                    s.at,
                    shot=s.shot,
                    fix=self._fix(s, [selector for selector, _ in unused], ctx),
                )

    @staticmethod
    def _fix(s: Suppression, unused: list[str], ctx: Context) -> Fix:
        kept = [selector for selector in s.selectors if selector not in unused]
        if kept and s.codes:
            edit = Edit(*s.codes, ", ".join(kept))
            return Fix(f"drop {', '.join(unused)} from the suppression", (edit,), Applicability.SAFE)
        if s.removal is None:
            return Fix("delete the suppression")
        return Fix("delete the suppression", (s.removal,), Applicability.SAFE)


class SuppressionWithoutReason(Rule):
    """Flags a suppression that does not say why the finding is accepted.

    ## Why
    A suppression is a decision; without its reason the next editor cannot tell a deliberate
    choice from a silenced mistake, and cannot know when it stops applying.

    ## Example
    ```yaml
    title: Redline
    shots:
      - id: order
        duration: 5
        action: Maya orders a cortado  # soracheck: ignore[CR002]
    ```

    ## Fix
    Write the reason after the selector.
    ```yaml
    title: Redline
    shots:
      - id: order
        duration: 5
        action: Maya orders a cortado  # soracheck: ignore[CR002] the framing is set by the previous shot
    ```
    """

    code = "SP002"
    name = "suppression-without-reason"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for s in _suppressions(ctx):
            if not s.reason:
                selectors = ", ".join(s.selectors)
                example = f"- {selectors}: why" if s.shot else f"# soracheck: ignore[{selectors}] why"
                yield self.report(
                    f"suppression of {selectors} on {s.scope()} gives no reason: write one, e.g. '{example}'",
                    s.at,
                    shot=s.shot,
                )


class OutdatedBaselineEntry(Rule):
    """Flags a baseline entry that records more findings than the run found.

    The baseline (``--baseline FILE``, or ``baseline`` in soracheck.toml) counts the findings a
    project had when it adopted soracheck, by rule and shot; a later run reports only findings
    beyond those counts. An entry is judged only for files the run linted, with rules that ran.

    ## Why
    Once a recorded problem is fixed, its entry would silently allow the next one: the baseline
    must shrink as the project improves. ``--write-baseline FILE`` rewrites it from what remains.

    ## Example
    ```json
    {"version": 1, "entries": [
      {"file": "storyboard.yaml", "code": "CR001", "shot": "order", "count": 2}
    ]}
    ```
    with one CR001 finding left on shot ``order``.

    ## Fix
    Rewrite the baseline: ``soracheck check --write-baseline soracheck-baseline.json``.
    """

    code = "SP003"
    name = "outdated-baseline-entry"
    severity = Severity.INFO

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        return iter(())  # judged across files by soracheck.baseline, once every file is linted
