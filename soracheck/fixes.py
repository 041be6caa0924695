"""``--fix``: apply the findings' fixes to a file's text, round after round, until none applies.

Each round lints the text as it now is and applies every fix whose edits overlap no other chosen
edit, so fixes never fight over the same characters; a later round picks up what one fix revealed
or what an overlap postponed. A round whose result no longer validates is undone and ends the loop:
a fix never leaves a file that soracheck itself cannot read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from soracheck.project import Project
from soracheck.rules.base import Diagnostic
from soracheck.storyboard.edits import Edit, apply_edits
from soracheck.storyboard.load import read_text
from soracheck.storyboard.source import StoryboardError

#: Rounds before giving up on a file whose fixes keep producing fixes.
MAX_ROUNDS = 10


@dataclass
class Fixed:
    """A file's text before and after its fixes, and how many were applied."""

    path: Path
    before: str
    after: str
    count: int = 0
    #: Why fixing stopped early, if it did.
    problem: str | None = None


def fix_file(project: Project, path: Path, *, unsafe: bool = False) -> Fixed:
    """The text of ``path`` with its safe fixes applied (and its unsafe ones with ``unsafe``)."""
    before = read_text(path)
    fixed = Fixed(path, before, before)
    seen = {before}
    for _ in range(MAX_ROUNDS):
        found = [d for d in project.lint_text(fixed.after, str(path)) if d.fixable(unsafe=unsafe)]
        chosen = _compatible(found)
        if not chosen:
            break
        text = apply_edits(fixed.after, [edit for d in chosen for edit in d.fix.edits if d.fix])
        try:
            project.lint_text(text, str(path))
        except StoryboardError as error:
            codes = ", ".join(sorted({d.code for d in chosen}))
            fixed.problem = f"a fix of {codes} would leave the file unreadable ({error}); it was not applied"
            break
        if text in seen:
            break  # fixes undoing each other
        seen.add(text)
        fixed.after, fixed.count = text, fixed.count + len(chosen)
    return fixed


def _compatible(found: list[Diagnostic]) -> list[Diagnostic]:
    """The fixes to apply together: in file order, each whose edits touch none already chosen."""
    chosen: list[Diagnostic] = []
    taken: list[Edit] = []
    for d in found:
        edits = d.fix.edits if d.fix else ()
        if any(_overlap(a, b) for a in edits for b in taken):
            continue
        chosen.append(d)
        taken.extend(edits)
    return chosen


def _overlap(a: Edit, b: Edit) -> bool:
    return (a.start < b.end and b.start < a.end) or a.start == b.start
