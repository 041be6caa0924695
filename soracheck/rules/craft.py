"""Craft (CR): how a shot is written — what the model responds to and what it ignores."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from soracheck.rules.base import Applicability, Context, Diagnostic, Fix, Rule, Severity
from soracheck.storyboard.directives import NAMES, shot_directives
from soracheck.storyboard.edits import Edit
from soracheck.storyboard.model import Storyboard


class UnknownDirective(Rule):
    """Flags a `<<directive>>` whose name is not one the field guide documents.

    Known names: continue-shooting (aliases no-recap, mid-scene-entry, action-continues,
    same-timeline, continue-shot), match-move, lighting-lock, match-lighting, style-override,
    identity-lock, transition and avoid. A close misspelling gets a "did you mean".

    ## Why
    Directives are the field guide's command structure: the model recognises the exact
    timeline and consistency markers. A misspelt one is prose the model reads as noise, so the
    continuity it was meant to buy silently disappears.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: counter, action: Maya orders a cortado}
      - {id: booth, action: "<<continue-shootng>> Maya carries the cup to the booth"}
    ```

    ## Fix
    Spell the directive as documented (the fix replaces it with the closest known name).
    ```yaml
    title: Redline
    shots:
      - {id: counter, action: Maya orders a cortado}
      - {id: booth, action: "<<continue-shooting>> Maya carries the cup to the booth"}
    ```
    """

    code = "CR001"
    name = "unknown-directive"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            for found in shot_directives(board, index):
                directive = found.directive
                if directive.name is not None or not directive.written:
                    continue
                at = ctx.locate_text(found.path, directive.written)
                message = f"unknown directive <<{directive.written}>>"
                close = difflib.get_close_matches(directive.written.lower(), list(NAMES), n=1, cutoff=0.7)
                fix = None
                if close:
                    message += f" (did you mean <<{close[0]}>>?)"
                    edits = (Edit(at.start, at.end, close[0]),) if at.start is not None and at.end is not None else ()
                    fix = Fix(f"replace with {close[0]!r}", edits, Applicability.UNSAFE)
                yield self.report(message, at, shot=shot.id, fix=fix)
