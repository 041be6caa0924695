"""Where things are in source files: spans, source maps and the located input errors."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Self

#: A path to a node of a document, as pydantic reports it: ``("shots", 2, "duration")``.
NodePath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Span:
    """A span of a file: 1-based line and column, plus 0-based character offsets for edits; line 0 is
    no line of it (a command-line option, say)."""

    path: str
    line: int = 1
    column: int = 1
    end_line: int | None = None
    end_column: int | None = None
    start: int | None = None
    end: int | None = None

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}" if self.line else self.path


class InputError(Exception):
    """An input problem with where it is: one or more ``(span, message)`` pairs.

    The CLI prints each as ``file:line:col: message`` and exits with code 2. Raised as such for a
    file that cannot be read or a command's input (``init`` over existing files); the subclasses
    say which kind of file is wrong.
    """

    def __init__(self, problems: Iterable[tuple[Span, str]]) -> None:
        self.problems = sorted(problems, key=lambda p: (p[0].path, p[0].line, p[0].column))
        super().__init__("\n".join(f"{span}: {msg}" for span, msg in self.problems))

    @classmethod
    def at(cls, span: Span, message: str) -> Self:
        return cls([(span, message)])


class StoryboardError(InputError):
    """A storyboard, production sheet, prompt or consent file that does not parse or validate."""


class LineIndex:
    """Turns character offsets of a text into 1-based line and column numbers."""

    def __init__(self, text: str) -> None:
        self.text = text

    @functools.cached_property
    def _starts(self) -> list[int]:
        """Offsets where lines start; built on first use, since a clean file never needs them."""
        starts, find = [0], self.text.find
        at = find("\n")
        while at >= 0:
            starts.append(at + 1)
            at = find("\n", at + 1)
        return starts

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self._starts, offset) - 1
        return line + 1, offset - self._starts[line] + 1

    def span(self, path: str, start: int, end: int) -> Span:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Span(path, line, column, end_line, end_column, start, end)

    def line_text(self, line: int) -> str:
        """The text of a 1-based line, without its newline."""
        if not 1 <= line <= len(self._starts):
            return ""
        start = self._starts[line - 1]
        stop = self.text.find("\n", start)
        return self.text[start : stop if stop >= 0 else len(self.text)]


@dataclass
class SourceMap:
    """Node path → span of a document, for values and for mapping keys.

    Built by the loaders (YAML storyboards, production sheets, plain prompts) so that rules and
    validation can report ``file:line:col`` for anything in a model, and edits can target it.
    """

    path: str
    text: str
    values: dict[NodePath, tuple[int, int]] = field(default_factory=dict)
    keys: dict[NodePath, tuple[int, int]] = field(default_factory=dict)
    lines: LineIndex = field(init=False)

    def __post_init__(self) -> None:
        self.lines = LineIndex(self.text)

    def span(self, node: NodePath, *, key: bool = False) -> tuple[int, int] | None:
        """The span of the nearest mapped node at or above ``node``."""
        table = self.keys if key else self.values
        if key and node not in table:
            table = self.values
        for depth in range(len(node), -1, -1):
            found = table.get(node[:depth])
            if found is not None:
                return found
        return None

    def locate(self, node: NodePath = (), *, key: bool = False) -> Span:
        """The location of a node (or of its key), falling back to its nearest mapped parent."""
        found = self.span(node, key=key)
        if found is None:
            return Span(self.path)
        return self.lines.span(self.path, *found)

    def locate_text(self, node: NodePath, needle: str, occurrence: int = 0) -> Span:
        """The location of ``needle`` inside the source of a text value.

        Falls back to the whole value when the text is not found literally (escapes, folding).
        """
        found = self.span(node)
        if found is None:
            return Span(self.path)
        start, end = found
        at = start - 1
        for _ in range(occurrence + 1):
            at = self.text.find(needle, at + 1, end) if needle else -1
            if at < 0:
                return self.lines.span(self.path, start, end)
        return self.lines.span(self.path, at, at + len(needle))
