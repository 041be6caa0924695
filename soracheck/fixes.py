"""``--fix``: apply the findings' fixes to a file's text, round after round, until none applies.

Each round lints the text as it now is and applies every fix whose edits overlap no other chosen
edit, so fixes never fight over the same characters; a later round picks up what one fix revealed
or what an overlap postponed. A fix whose result would no longer validate is left out: a fix never
leaves a file that soracheck itself cannot read.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from soracheck.project import Project
from soracheck.rules.base import Diagnostic
from soracheck.storyboard.edits import Edit, apply_edits, replace_file
from soracheck.storyboard.load import read_text
from soracheck.storyboard.source import InputError

#: Rounds before giving up on a file whose fixes keep producing fixes.
MAX_ROUNDS = 10


@dataclass
class Fixed:
    """A file's text before and after its fixes, and how many were applied."""

    path: Path
    before: str
    after: str
    count: int = 0
    #: Fixes left out, and why.
    problems: list[str] = field(default_factory=list)


@dataclass
class FixRun:
    """The fixes of every file a command names, and the files that could not be read."""

    fixed: list[Fixed] = field(default_factory=list)
    errors: list[InputError | OSError] = field(default_factory=list)

    @property
    def changed(self) -> list[Fixed]:
        return [f for f in self.fixed if f.after != f.before]

    @property
    def count(self) -> int:
        """How many fixes apply, in all."""
        return sum(f.count for f in self.changed)

    def write(self) -> None:
        """Replace each changed file atomically, if it still holds the text that was fixed.

        Raises :class:`~soracheck.storyboard.edits.FileChangedError` or :class:`OSError` at the first
        file that cannot be replaced.
        """
        for f in self.changed:
            replace_file(f.path, f.before, f.after)


def fix_paths(project: Project, paths: list[Path], *, unsafe: bool = False, project_files: bool = False) -> FixRun:
    """The fixes of each file ``paths`` name (as :meth:`Project.targets`, or :meth:`Project.project_files`).

    One file that cannot be read does not keep the others from being fixed: it is recorded in ``errors``.
    """
    run = FixRun()
    for path in paths:
        try:
            targets = project.project_files(path) if project_files else project.targets(path)
        except InputError as error:
            run.errors.append(error)
            continue
        for target in targets:
            try:
                run.fixed += [fix_file(project, target, unsafe=unsafe)] if target.is_file() else []
            except (InputError, OSError) as error:
                run.errors.append(error)
    return run


def fix_file(project: Project, path: Path, *, unsafe: bool = False) -> Fixed:
    """The text of ``path`` with its safe fixes applied (and its unsafe ones with ``unsafe``)."""
    before = read_text(path)
    fixed = Fixed(path, before, before)
    seen = {before}
    for _ in range(MAX_ROUNDS):
        found = [d for d in project.lint_text(fixed.after, str(path)) if d.fixable(unsafe=unsafe)]
        chosen = compatible_fixes(found)
        text = apply_readable(project, path, fixed, chosen)
        if text is None or text in seen:
            break  # nothing applies, or fixes undo each other
        seen.add(text)
        fixed.after = text
    return fixed


def apply_readable(project: Project, path: Path, fixed: Fixed, chosen: list[Diagnostic]) -> str | None:
    """``fixed.after`` with the ``chosen`` fixes applied, leaving out any that would make it unreadable."""
    kept: list[Diagnostic] = []
    if chosen and _readable(project, path, _edited(fixed.after, chosen)):
        kept = chosen  # the usual case: all of them together
    else:
        for d in chosen:
            if _readable(project, path, _edited(fixed.after, [*kept, d])):
                kept.append(d)
            else:
                fixed.problems.append(f"the fix of {d.code} at line {d.location.line} would make the file unreadable")
    if not kept:
        return None
    fixed.count += len(kept)
    return _edited(fixed.after, kept)


def _edited(text: str, fixes: list[Diagnostic]) -> str:
    return apply_edits(text, [edit for d in fixes if d.fix for edit in d.fix.edits])


def _readable(project: Project, path: Path, text: str) -> bool:
    try:
        project.lint_text(text, str(path))
    except InputError:
        return False
    return True


def compatible_fixes(found: list[Diagnostic]) -> list[Diagnostic]:
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
