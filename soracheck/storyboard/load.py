"""YAML → models, with every problem located as ``file:line:col``.

PyYAML's C parser composes a node graph that keeps marks; we walk it ourselves (rejecting
duplicate keys, recursive aliases and alias bombs that PyYAML would accept) and record a
:class:`SourceMap`, then pydantic validates and its error locations are mapped back to the file.
"""

from __future__ import annotations

import difflib
import functools
import typing
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, TypeAdapter, ValidationError

from soracheck.storyboard.model import Consent, Storyboard
from soracheck.storyboard.source import InputError, NodePath, SourceMap, Span, StoryboardError

T = TypeVar("T")

#: Nodes visited at the most while walking one document: aliases can expand exponentially.
MAX_NODES = 2_000_000
MAX_PROBLEMS = 20
_STR = "tag:yaml.org,2002:str"


def read_text(path: Path) -> str:
    """The UTF-8 text of a file, or a located error for a missing, binary or non-UTF-8 file."""
    where = Span(str(path))
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError.at(where, "file not found") from None
    except IsADirectoryError:
        raise InputError.at(where, "is a directory, not a file") from None
    except OSError as exc:
        raise InputError.at(where, f"cannot read file: {exc.strerror}") from None
    if b"\0" in data:
        at = data.index(b"\0")
        raise InputError.at(_byte_location(path, data, at), "binary file (NUL byte), expected UTF-8 text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError.at(
            _byte_location(path, data, exc.start), f"not UTF-8 text: invalid byte 0x{data[exc.start]:02x}"
        ) from None


def _byte_location(path: Path, data: bytes, offset: int) -> Span:
    line = data.count(b"\n", 0, offset) + 1
    column = offset - (data.rfind(b"\n", 0, offset) + 1) + 1
    return Span(str(path), line, column)


def compose(text: str, path: str) -> tuple[Any, SourceMap]:
    """Parse YAML text into plain Python data and its source map."""
    source = SourceMap(path, text)
    loader = yaml.CSafeLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return None, source
        data = _Walker(loader, source).walk(root, ())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        problem = exc.problem or exc.context or "invalid YAML"
        what = "invalid YAML" if isinstance(exc, yaml.constructor.ConstructorError) else "YAML syntax error"
        raise StoryboardError.at(Span(path, line, column), f"{what}: {problem}") from None
    except yaml.YAMLError as exc:
        raise StoryboardError.at(Span(path), f"YAML error: {exc}") from None
    except RecursionError:
        raise StoryboardError.at(Span(path), "YAML nested too deeply") from None
    finally:
        loader.dispose()
    return data, source


class _Walker:
    def __init__(self, loader: yaml.CSafeLoader, source: SourceMap) -> None:
        self.loader = loader
        self.source = source
        self.visited = 0
        self.open: set[int] = set()

    def _error(self, node: yaml.Node, message: str) -> StoryboardError:
        return StoryboardError.at(
            self.source.lines.span(self.source.path, node.start_mark.index, node.end_mark.index), message
        )

    def walk(self, node: yaml.Node, path: NodePath) -> Any:
        self.visited += 1
        if self.visited > MAX_NODES:
            raise self._error(node, f"document expands to more than {MAX_NODES:,} nodes (alias bomb?)")
        end = node.end_mark.index
        if not isinstance(node, yaml.ScalarNode):  # a block collection ends where the next token starts
            text = self.source.text
            while end > node.start_mark.index and text[end - 1] in " \t\r\n":
                end -= 1
        self.source.values.setdefault(path, (node.start_mark.index, end))
        if isinstance(node, yaml.ScalarNode):
            # Plain text is most of a storyboard: take it as is rather than through the constructor.
            return node.value if node.tag == _STR else self.loader.construct_object(node, deep=True)
        if id(node) in self.open:
            raise self._error(node, "recursive alias: a node contains itself")
        self.open.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.walk(item, (*path, i)) for i, item in enumerate(node.value)]
            return self._mapping(node, path)
        finally:
            self.open.discard(id(node))

    def _mapping(self, node: yaml.MappingNode, path: NodePath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first: dict[str, yaml.Node] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self._error(key_node, "a key must be plain text, not a list or mapping")
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise self._error(key_node, "merge keys (<<) are not supported: write the keys out")
            key = key_node.value
            if key in first:
                raise self._error(key_node, f"duplicate key {key!r} (first at line {first[key].start_mark.line + 1})")
            first[key] = key_node
            self.source.keys[(*path, key)] = (key_node.start_mark.index, key_node.end_mark.index)
            result[key] = self.walk(value_node, (*path, key))
        return result


@functools.cache
def _adapter(kind: Any) -> TypeAdapter[Any]:
    return TypeAdapter(kind)


def _validator(kind: Any) -> Any:
    """A model validates itself (no second schema build); other types go through a cached adapter."""
    return (
        kind.model_validate
        if isinstance(kind, type) and issubclass(kind, BaseModel)
        else _adapter(kind).validate_python
    )


def validate(kind: type[T] | Any, data: Any, source: SourceMap) -> T:
    """Validate plain data as ``kind``, turning pydantic's errors into located, readable problems."""
    try:
        return _validator(kind)(data)
    except ValidationError as exc:
        problems = [_problem(error, source, kind) for error in exc.errors(include_url=False)[:MAX_PROBLEMS]]
        raise StoryboardError(problems) from None


def _problem(error: Any, source: SourceMap, kind: Any) -> tuple[Span, str]:
    loc: NodePath = tuple(part for part in error["loc"] if part != "[key]")
    error_type = error["type"]
    if error_type == "missing":
        return source.locate(loc[:-1]), f"missing required key {loc[-1]!r}"
    if error_type == "extra_forbidden":
        key = str(loc[-1])
        message = f"unknown key {key!r}"
        model = _model_at(kind, loc[:-1])
        allowed = [info.alias or name for name, info in model.model_fields.items()] if model else []
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        renamed: dict[str, str] = getattr(model, "RENAMED", {})
        if key in renamed:
            message += f": it was replaced by {renamed[key]}"
        elif close:
            message += f" (did you mean {close[0]!r}?)"
        elif allowed:
            message += f"; expected one of: {', '.join(allowed)}"
        return source.locate(loc, key=True), message
    message = error["msg"].removeprefix("Value error, ")
    message = message[0].lower() + message[1:]
    value = error.get("input")
    if isinstance(value, str | int | float | bool) and error_type != "value_error":
        shown = value if len(str(value)) <= 40 else f"{str(value)[:37]}..."
        message += f", got {shown!r}"
    elif isinstance(value, dict | list) and error_type != "value_error":
        message += f", got a {'mapping' if isinstance(value, dict) else 'list'}"
    name = next((str(p) for p in reversed(loc) if isinstance(p, str)), "")
    return source.locate(loc), f"{name}: {message}" if name else message


def _model_at(kind: Any, loc: NodePath) -> type[BaseModel] | None:
    """The model found at ``loc`` inside ``kind`` (whose keys are offered for "did you mean"), if any."""
    current: Any = kind
    for part in loc:
        current = unwrap(current)
        if isinstance(current, type) and issubclass(current, BaseModel) and isinstance(part, str):
            fields = {info.alias or name: info for name, info in current.model_fields.items()}
            current = fields[part].annotation if part in fields else None
        else:
            args = typing.get_args(current)
            current = args[-1] if args else None
    current = unwrap(current)
    return current if isinstance(current, type) and issubclass(current, BaseModel) else None


def unwrap(annotation: Any) -> Any:
    """Strip ``Optional`` and ``Annotated`` down to the model (or container) inside."""
    while True:
        origin = typing.get_origin(annotation)
        args = typing.get_args(annotation)
        if origin is typing.Annotated:
            annotation = args[0]
        elif args and type(None) in args:
            annotation = next(a for a in args if a is not type(None))
        else:
            return annotation


def parse_storyboard(text: str, path: str) -> tuple[Storyboard, SourceMap]:
    """A storyboard from YAML text; every problem is a located :class:`StoryboardError`."""
    data, source = compose(text, path)
    if data is None:
        raise StoryboardError.at(Span(path), "empty storyboard: expected a mapping with at least 'title' and 'shots'")
    if not isinstance(data, dict):
        raise StoryboardError.at(
            source.locate(()), f"expected a mapping of storyboard keys at the top, got {_kind(data)}"
        )
    board = validate(Storyboard, data, source)
    seen: dict[str, int] = {}
    problems = []
    for index, shot in enumerate(board.shots):
        if shot.id in seen:
            first = source.locate(("shots", seen[shot.id], "id")).line
            problems.append(
                (source.locate(("shots", index, "id")), f"duplicate shot id {shot.id!r} (first at line {first})")
            )
        seen.setdefault(shot.id, index)
    if problems:
        raise StoryboardError(problems)
    return board, source


def load_storyboard(path: Path) -> tuple[Storyboard, SourceMap]:
    return parse_storyboard(read_text(path), str(path))


def load_consent(path: Path) -> tuple[Consent, SourceMap]:
    """consent.yaml: a mapping of cameo key → record. An empty file holds no records."""
    data, source = compose(read_text(path), str(path))
    if data is None:
        return {}, source
    if not isinstance(data, dict):
        raise StoryboardError.at(source.locate(()), f"expected a mapping of cameo keys to records, got {_kind(data)}")
    return validate(Consent, data, source), source


def _kind(value: Any) -> str:
    return "a list" if isinstance(value, list) else f"the value {value!r}"
