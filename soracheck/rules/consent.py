"""Consent (CN): a real person's likeness used only within the consent they gave."""

from __future__ import annotations

from collections.abc import Iterator

from soracheck.rules.base import Context, Diagnostic, Rule, Severity
from soracheck.storyboard.model import Storyboard


class CameoWithoutRecord(Rule):
    """Flags a character whose `cameo` names no record in the project's consent file.

    ## Why
    A cameo is a real person's likeness. Without a consent record there is no evidence that
    the person agreed to this use, for how long, or for what kind of work — and nothing the
    scope and expiry checks can hold the project to.

    ## Example
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, cameo: maya-chen}
    shots:
      - {id: counter, cast: [maya], action: Maya orders a cortado}
    ```

    ## Fix
    Add the person's record to consent.yaml under the cameo key, or make the character
    fictional by removing `cameo`.
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen}
    shots:
      - {id: counter, cast: [maya], action: Maya orders a cortado}
    ```
    """

    code = "CN001"
    name = "cameo-without-record"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        where = ctx.consent_path or "consent.yaml (not found)"
        for key, character in board.characters.items():
            if character.cameo and character.cameo not in ctx.consent:
                at = ctx.locate(("characters", key, "cameo"))
                message = f"cameo {character.cameo!r} of {character.name} has no consent record in {where}"
                yield self.report(message, at, character=key)
