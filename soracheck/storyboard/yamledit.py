"""YAML-aware text edits: set, insert and delete keys and list items in the text as written.

Every change is an :class:`Edit` on the original text, found through the document's source map, so
comments, key order, flow or block style and indentation survive. New keys go where the model
declares them (``lens`` after ``camera``), new items after the last one, in the collection's style.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from soracheck.storyboard.edits import Edit, yaml_scalar
from soracheck.storyboard.load import compose
from soracheck.storyboard.source import NodePath, SourceMap


class YamlEditError(ValueError):
    """The edit cannot be made on this text: a missing node, or a layout it cannot rewrite."""


def render(value: Any) -> str:
    """A value as YAML text that fits on one line anywhere: scalars plain or quoted, collections in flow style."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise YamlEditError(f"not a finite number: {value}")
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, str):
        return yaml_scalar(value)
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{yaml_scalar(str(k))}: {render(v)}" for k, v in value.items()) + "}"
    if isinstance(value, Sequence):
        return "[" + ", ".join(render(item) for item in value) + "]"
    raise YamlEditError(f"cannot write {type(value).__name__} as YAML")


@dataclass
class YamlText:
    """A YAML document's text with its plain data and source map, for computing edits on it."""

    text: str
    data: Any
    source: SourceMap

    @classmethod
    def parse(cls, text: str, path: str = "<text>") -> YamlText:
        data, source = compose(text, path)
        return cls(text, data, source)

    # --- reading -------------------------------------------------------------------------------

    def get(self, path: NodePath) -> Any:
        node = self.data
        for part in path:
            node = node[part]
        return node

    def exists(self, path: NodePath) -> bool:
        try:
            self.get(path)
        except (KeyError, IndexError, TypeError):
            return False
        return True

    def _span(self, path: NodePath) -> tuple[int, int]:
        if path not in self.source.values:
            raise YamlEditError(f"no node at {'.'.join(map(str, path)) or 'the top'}")
        return self.source.values[path]

    def _line_start(self, offset: int) -> int:
        return self.text.rfind("\n", 0, offset) + 1

    def _line_end(self, offset: int) -> int:
        end = self.text.find("\n", offset)
        return len(self.text) if end < 0 else end

    def _flow(self, path: NodePath) -> bool:
        start, _ = self._span(path)
        return self.text[start] in "[{"

    def _column(self, offset: int) -> int:
        return offset - self._line_start(offset)

    def _after_line(self, offset: int) -> int:
        """The start of the line after ``offset`` (or the end of the text)."""
        end = self._line_end(offset)
        return min(end + 1, len(self.text))

    def _dash(self, item: NodePath) -> int:
        """Offset of the ``-`` that opens a block-sequence item."""
        start, _ = self._span(item)
        dash = self.text.rfind("-", self._line_start(start), start)
        if dash < 0:
            raise YamlEditError(f"cannot find the '-' of item {item[-1]}")
        return dash

    def _empty(self, path: NodePath, empty: str) -> Edit:
        """Replace a (block) collection by an empty flow one: ``key: []``."""
        start, end = self._span(path)
        if path and path in self.source.keys:
            key_end = self.source.keys[path][1]
            return Edit(key_end, end, f": {empty}")
        return Edit(start, end, empty)

    # --- mappings ------------------------------------------------------------------------------

    def set(self, path: NodePath, value: Any, order: Sequence[str] = ()) -> Edit:
        """Set ``path`` to ``value``: replace it if present, else insert its key into the parent mapping.

        ``order`` is the declared order of the parent's keys: a new key goes after the last present
        key declared before it. Missing parent mappings are created (``audio: {sfx: …}``).
        """
        if self.exists(path):
            return self._replace(path, render(value))
        parent, key = path[:-1], path[-1]
        if not isinstance(key, str):
            raise YamlEditError(f"no item {key} in {'.'.join(map(str, parent))}")
        if not self.exists(parent):
            if not parent:
                raise YamlEditError("the document is empty")
            return self.set(parent, {key: value})
        mapping = self.get(parent)
        if mapping is None:
            return self._replace(parent, render({key: value}))
        if not isinstance(mapping, dict):
            raise YamlEditError(f"{'.'.join(map(str, parent))} is not a mapping")
        return self._insert_key(parent, mapping, key, render(value), order)

    def _replace(self, path: NodePath, rendered: str) -> Edit:
        start, end = self._span(path)
        if isinstance(self.get(path), dict | list) and not self._flow(path):
            if path in self.source.keys:  # a block collection under a key: rewrite from the colon
                return Edit(self.source.keys[path][1], end, f": {rendered}")
            raise YamlEditError(f"cannot replace the block collection at {'.'.join(map(str, path))}")
        return Edit(start, end, rendered)

    def _insert_key(
        self, parent: NodePath, mapping: dict[str, Any], key: str, rendered: str, order: Sequence[str]
    ) -> Edit:
        present = list(mapping)
        entry = f"{yaml_scalar(key)}: {rendered}"
        if not present:
            start, end = self._span(parent)
            return Edit(start, end, "{" + entry + "}")
        before = None
        if key in order:
            rank = order.index(key)
            earlier = [k for k in present if k in order and order.index(k) < rank]
            before = earlier[-1] if earlier else None
            if before is None and not any(k in order for k in present):
                before = present[-1]
        else:
            before = present[-1]
        flow = self._flow(parent)
        if before is not None:
            _, end = self._span((*parent, before))
            if flow:
                return Edit(end, end, f", {entry}")
            key_start = self.source.keys[(*parent, before)][0]
            at = self._line_end(end)
            return Edit(at, at, "\n" + " " * self._column(key_start) + entry)
        first = self.source.keys[(*parent, present[0])][0]
        if flow:
            return Edit(first, first, f"{entry}, ")
        return Edit(first, first, entry + "\n" + " " * self._column(first))

    def delete(self, path: NodePath) -> Edit:
        """Remove a mapping key with its value, or a list item."""
        if not self.exists(path) or path not in self.source.values:
            raise YamlEditError(f"nothing at {'.'.join(map(str, path))} to remove")
        parent = path[:-1]
        siblings = list(self.get(parent)) if isinstance(self.get(parent), dict) else list(range(len(self.get(parent))))
        position = siblings.index(path[-1])
        if len(siblings) == 1:
            return self._empty(parent, "{}" if isinstance(path[-1], str) else "[]")
        start = self.source.keys[path][0] if isinstance(path[-1], str) else self._span(path)[0]
        _, end = self._span(path)
        if self._flow(parent):
            if position + 1 < len(siblings):
                following = (*parent, siblings[position + 1])
                return Edit(start, self._start_of(following), "")
            previous = (*parent, siblings[position - 1])
            return Edit(self._span(previous)[1], end, "")
        if isinstance(path[-1], int):
            return self._delete_block_item(path, position, len(siblings))
        line_start = self._line_start(start)
        if self.text[line_start:start].strip() and isinstance(path[-1], str):
            # the first key of a sequence item, after its '-': pull the next key up onto the dash line
            following = (*parent, siblings[position + 1]) if position + 1 < len(siblings) else None
            if following is None:
                raise YamlEditError(f"cannot remove the last key of item {parent}")
            return Edit(start, self._start_of(following), "")
        return Edit(line_start, self._after_line(end), "")

    def _delete_block_item(self, item: NodePath, position: int, count: int) -> Edit:
        """An item's whole lines, with the blank lines after it (before it, for the last item)."""
        start = self._line_start(self._dash(item))
        end = self._after_line(self._span(item)[1])
        if position + 1 < count:
            while end < len(self.text) and self._blank(end):
                end = self._after_line(end)
        else:
            while start > 0 and self._blank(self._line_start(start - 1)):
                start = self._line_start(start - 1)
        return Edit(start, end, "")

    def _start_of(self, path: NodePath) -> int:
        return self.source.keys[path][0] if path in self.source.keys else self._span(path)[0]

    # --- lists ---------------------------------------------------------------------------------

    def insert(self, path: NodePath, index: int, value: Any, order: Sequence[str] = ()) -> Edit:
        """Insert ``value`` as item ``index`` of the list at ``path`` (created when missing)."""
        if not self.exists(path) or self.get(path) is None:
            return self.set(path, [value], order)
        items = self.get(path)
        if not isinstance(items, list):
            raise YamlEditError(f"{'.'.join(map(str, path))} is not a list")
        if isinstance(value, dict) and value and items and not self._flow(path):
            # a mapping in a block list is written as a block: "- id: x" and its keys below
            indent = " " * (self._column(self._dash((*path, 0))) + 2)
            lines = [f"{yaml_scalar(str(k))}: {render(v)}" for k, v in value.items()]
            return self.insert_source(path, index, indent[:-2] + "- " + ("\n" + indent).join(lines) + "\n")
        return self.insert_source(path, index, render(value))

    def insert_source(self, path: NodePath, index: int, source: str) -> Edit:
        """Insert an item written as ``source`` (one line, or block lines at the list's indentation)."""
        items = self.get(path)
        count = len(items)
        if not 0 <= index <= count:
            raise YamlEditError(f"no position {index} in a list of {count}")
        if count == 0:
            start, end = self._span(path)
            return Edit(start, end, f"[{source}]")
        if self._flow(path):
            if index < count:
                at = self._span((*path, index))[0]
                return Edit(at, at, f"{source}, ")
            at = self._span((*path, count - 1))[1]
            return Edit(at, at, f", {source}")
        if "\n" not in source:
            source = " " * self._column(self._dash((*path, 0))) + "- " + source
        source = source.removesuffix("\n")
        gap = self.separator(path)
        if index < count:
            at = self._line_start(self._dash((*path, index)))
            return Edit(at, at, source + "\n" + gap)
        at = self._line_end(self._span((*path, count - 1))[1])
        return Edit(at, at, "\n" + gap + source)

    def item_span(self, item: NodePath) -> tuple[int, int]:
        """Where a list item is written: its span in a flow list, its whole lines in a block list."""
        start, end = self._span(item)
        if self._flow(item[:-1]):
            return start, end
        return self._line_start(self._dash(item)), self._line_end(end)

    def item_source(self, item: NodePath) -> str:
        """The text of a list item, as :meth:`insert_source` takes it."""
        start, end = self.item_span(item)
        return self.text[start:end]

    def separator(self, path: NodePath) -> str:
        """The blank lines a block list puts between its items (``"\\n"`` for one, else ``""``)."""
        items = self.get(path)
        if self._flow(path) or len(items) < 2:
            return ""
        between = self.text[self._line_end(self._span((*path, 0))[1]) : self._dash((*path, 1))]
        return "\n" if any(not line.strip() for line in between.split("\n")[1:-1]) else ""

    def _blank(self, line_start: int) -> bool:
        return not self.text[line_start : self._line_end(line_start)].strip()
