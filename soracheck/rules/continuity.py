"""Continuity (CT): what breaks a character, a place or an action from one shot to the next."""

from __future__ import annotations

import difflib
from collections.abc import Iterator

from soracheck.rules.base import Applicability, Context, Diagnostic, Fix, Rule, Severity
from soracheck.storyboard.directives import continuation_of, transition_of
from soracheck.storyboard.edits import Edit
from soracheck.storyboard.model import Storyboard
from soracheck.storyboard.source import NodePath


class BrokenContinuation(Rule):
    """Flags a continuation directive on a shot that has nothing to continue.

    `continue-shooting` (and its aliases `no-recap`, `mid-scene-entry`, `action-continues`,
    `same-timeline`, `continue-shot`) and `match-move` say the shot picks up the previous one
    mid-action. There is nothing to pick up on the first shot, after a `time-jump` transition, or
    when the location changed since the previous shot.

    ## Why
    The field guide's No-Recap Protocol only holds when the environmental anchors match: when
    shot 1 is in a coffee shop and shot 2 is suddenly outdoors, the model ignores the marker and
    resets anyway — the recap the directive was meant to prevent.

    ## Example
    ```yaml
    title: Redline
    locations:
      booth: {description: back booth of Redline Coffee}
      street: {description: wet street outside the cafe}
    shots:
      - {id: order, location: booth, action: Maya orders a cortado}
      - {id: leave, location: street, directives: [continue-shooting], action: Maya steps into the rain}
    ```

    ## Fix
    Continue only within one location and timeline; mark a real change with a transition.
    ```yaml
    title: Redline
    locations:
      booth: {description: back booth of Redline Coffee}
      street: {description: wet street outside the cafe}
    shots:
      - {id: order, location: booth, action: Maya orders a cortado}
      - {id: leave, location: street, transition: seamless, action: Maya steps into the rain}
    ```
    """

    code = "CT001"
    name = "broken-continuation"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            found = continuation_of(board, index)
            if found is None:
                continue
            directive = found.directive
            why = self._why(board, index)
            if why is None:
                continue
            at = ctx.locate_text(found.path, directive.text) if found.inline else ctx.locate(found.path)
            fix = Fix(f"remove <<{directive.written}>>, or {why[1]}")
            yield self.report(
                f"<<{directive.written}>> {why[0]}: the model will restart the action", at, shot=shot.id, fix=fix
            )

    @staticmethod
    def _why(board: Storyboard, index: int) -> tuple[str, str] | None:
        if index == 0:
            return "on the first shot, with nothing before it", "add the shot it continues"
        transition = transition_of(board, index)
        if transition is not None and transition.kind == "time-jump":
            return "after a time-jump", "drop the time-jump"
        previous, shot = board.shots[index - 1], board.shots[index]
        if previous.location != shot.location:
            before = previous.location or "no location"
            return (
                f"across a change of location ({before} → {shot.location or 'no location'})",
                f"keep location {before!r}",
            )
        return None


class UndefinedReference(Rule):
    """Flags a shot whose `cast` or `location` names a character or location the storyboard does not define.

    ## Why
    Identity gravity comes from the character's definition — name, anchors, style origin — and
    lighting locks from the location's signature. A key that resolves to nothing sends the model
    a bare word, and the character or place is re-invented in that shot.

    ## Example
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, anchors: [asymmetrical bob]}
    shots:
      - {id: counter, cast: [mya], action: Maya orders a cortado}
    ```

    ## Fix
    Use a defined key (the fix suggests the closest one), or define the character.
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, anchors: [asymmetrical bob]}
    shots:
      - {id: counter, cast: [maya], action: Maya orders a cortado}
    ```
    """

    code = "CT002"
    name = "undefined-reference"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            base: NodePath = ("shots", index)
            for position, key in enumerate(shot.cast):
                if key not in board.characters:
                    yield self._report(
                        ctx, "character", key, list(board.characters), (*base, "cast", position), shot.id
                    )
            if shot.location and shot.location not in board.locations:
                yield self._report(ctx, "location", shot.location, list(board.locations), (*base, "location"), shot.id)

    def _report(self, ctx: Context, kind: str, key: str, known: list[str], node: NodePath, shot: str) -> Diagnostic:
        at = ctx.locate(node)
        message = f"{kind} {key!r} is not defined"
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        fix = None
        if close:
            message += f" (did you mean {close[0]!r}?)"
            edits = (Edit(at.start, at.end, close[0]),) if at.start is not None and at.end is not None else ()
            fix = Fix(f"replace with {close[0]!r}", edits, Applicability.UNSAFE)
        elif known:
            message += f"; defined {kind}s: {', '.join(known)}"
        return self.report(message, at, shot=shot, fix=fix)
