"""Edit operations on a storyboard, and the plan an interpreter makes of director notes.

Operations address shots by id and characters and locations by key, never by list index alone.
Each becomes text edits on the file as written (comments, key order and style survive), and a plan
applies all or nothing: an operation that names something missing, or that would leave the
storyboard invalid, rejects the whole plan with its reason.

The models double as the JSON schema a language model answers in (OpenAI structured outputs, strict
mode): the operations are a plain union of models tagged by ``op``, with no defaults and every
nullable field required.
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from soracheck.storyboard.edits import Edit, EditConflict, apply_edits, scalar_edit, yaml_scalar
from soracheck.storyboard.load import parse_storyboard, unwrap
from soracheck.storyboard.model import Character, Cue, Location, Shot, Storyboard
from soracheck.storyboard.source import NodePath, SourceMap, StoryboardError
from soracheck.storyboard.yamledit import YamlEditError, YamlText

Target = Literal["project", "shot", "character", "location"]
#: What a field can be set to: text, a number, a flag, a list of texts, or null to remove it.
Value = str | float | bool | list[str] | None

_MODELS: dict[str, type[BaseModel]] = {
    "project": Storyboard,
    "shot": Shot,
    "character": Character,
    "location": Location,
}
_COLLECTIONS = {"shot": "shots", "character": "characters", "location": "locations"}


class _Op(BaseModel):
    model_config = ConfigDict(extra="forbid")


class _Traced(_Op):
    """An operation that says which note it came from."""

    line: int | None = Field(None, description="Line of the notes file of the note this edit comes from.")
    words: str | None = Field(None, description="The words of that note this edit carries out, verbatim.")


class _FieldOp(_Traced):
    """An operation on one field of the project, a shot, a character or a location."""

    target: Target
    key: str | None = Field(description="Shot id, character key or location key; null for the project.")
    field: str = Field(description="Field name, dotted when nested: duration, lens, camera, avoid, audio.sfx.")


class SetField(_FieldOp):
    """Set a field of the project, a shot, a character or a location; a null value removes it."""

    op: Literal["set_field"]
    value: Value = Field(description="The new value; null removes the field.")

    def describe(self) -> str:
        return f"set {_subject(self.target, self.key)} {self.field} = {_shown(self.value)}"


class AddToList(_FieldOp):
    """Add one text item to a list field (cast, npcs, avoid, directives, anchors, persist, details…)."""

    op: Literal["add_to_list"]
    item: str = Field(description="The item to add, e.g. 'recap' or 'Leo (barista) wipes the counter'.")

    def describe(self) -> str:
        return f"add {self.item!r} to {_subject(self.target, self.key)} {self.field}"


class RemoveFromList(_FieldOp):
    """Remove the item of a list field that equals, or alone contains, the given text."""

    op: Literal["remove_from_list"]
    item: str = Field(description="The item, or a part of it that only one item contains (e.g. an NPC's name).")

    def describe(self) -> str:
        return f"remove {self.item!r} from {_subject(self.target, self.key)} {self.field}"


class ReplaceInList(_FieldOp):
    """Replace the item of a list field that equals, or alone contains, the given text, keeping its place."""

    op: Literal["replace_in_list"]
    item: str = Field(description="The item, or a part of it that only one item contains.")
    new_item: str = Field(description="The text that replaces the whole item.")

    def describe(self) -> str:
        return f"replace {self.item!r} with {self.new_item!r} in {_subject(self.target, self.key)} {self.field}"


class AddCue(_Traced):
    """Add a timed sound to a shot's audio cues, in time order."""

    op: Literal["add_cue"]
    shot: str = Field(description="Id of the shot.")
    at: float = Field(description="Seconds from the start of the shot.")
    sound: str = Field(description="What is heard, e.g. 'door chime' or 'Maya: thanks, Leo'.")

    def describe(self) -> str:
        return f"add cue {self.sound!r} at {self.at:g} s to shot {self.shot}"


class FieldValue(_Op):
    """One field of a new shot."""

    field: str = Field(description="Field name of a shot, dotted when nested.")
    value: Value


class AddShot(_Traced):
    """Add a shot after another (or first), new or as a copy of an existing one, with fields set."""

    op: Literal["add_shot"]
    id: str = Field(description="Id of the new shot: letters, digits, '-', '_', '.'.")
    after: str | None = Field(description="Id of the shot it follows; null to make it the first shot.")
    copy_of: str | None = Field(description="Id of a shot to duplicate; null for a new shot.")
    fields: list[FieldValue] = Field(description="Fields to set on the new shot (after copying).")

    def describe(self) -> str:
        where = f"after {self.after}" if self.after else "first"
        origin = f" as a copy of {self.copy_of}" if self.copy_of else ""
        return f"add shot {self.id} {where}{origin}" + "".join(f", {f.field} = {_shown(f.value)}" for f in self.fields)


class RemoveShot(_Traced):
    """Remove a shot."""

    op: Literal["remove_shot"]
    shot: str = Field(description="Id of the shot.")

    def describe(self) -> str:
        return f"remove shot {self.shot}"


class MoveShot(_Traced):
    """Move a shot after another (or first)."""

    op: Literal["move_shot"]
    shot: str = Field(description="Id of the shot to move.")
    after: str | None = Field(description="Id of the shot it should follow; null to make it the first shot.")

    def describe(self) -> str:
        return f"move shot {self.shot} " + (f"after {self.after}" if self.after else "to the start")


class RenameShot(_Traced):
    """Give a shot a new id, updating the directives that name it."""

    op: Literal["rename_shot"]
    shot: str = Field(description="Current id.")
    new_id: str = Field(description="New id.")

    def describe(self) -> str:
        return f"rename shot {self.shot} to {self.new_id}"


EditOp = SetField | AddToList | RemoveFromList | ReplaceInList | AddCue | AddShot | RemoveShot | MoveShot | RenameShot


class EditPlan(BaseModel):
    """What to change, and why: the interpretation of a set of director notes."""

    model_config = ConfigDict(extra="forbid")

    rationale: str = Field(description="One or two sentences: how the notes were read.")
    ops: list[EditOp] = Field(description="The edits, applied in order.")
    not_understood: list[str] = Field(
        description="Notes (verbatim) that could not be turned into edits without guessing."
    )


def traced(plan: EditPlan) -> list[dict[str, Any]]:
    """The plan's edits grouped by the words of the note each came from, in order: ``line``, ``words``
    (``None`` when the interpreter did not say) and the ``edits`` described."""
    groups: list[dict[str, Any]] = []
    for op in plan.ops:
        line, words = getattr(op, "line", None), getattr(op, "words", None)
        if groups and (groups[-1]["line"], groups[-1]["words"]) == (line, words):
            groups[-1]["edits"].append(op.describe())
        else:
            groups.append({"line": line, "words": words, "edits": [op.describe()]})
    return groups


class OpRejected(ValueError):
    """An operation of a plan cannot be applied; the plan is rejected as a whole."""

    def __init__(self, index: int, op: EditOp, reason: str) -> None:
        self.index, self.op, self.reason = index, op, reason
        super().__init__(f"edit {index + 1} ({op.describe()}): {reason}")


@dataclass
class Applied:
    """The storyboard after a plan: its new text, model and source map."""

    text: str
    board: Storyboard
    source: SourceMap


def apply_plan(text: str, path: str, plan: EditPlan) -> Applied:
    """Apply every operation of ``plan`` to the storyboard ``text``, or raise :class:`OpRejected`.

    Each operation is turned into edits of the text as it stands after the previous ones, and the
    result of each is validated, so a rejection names the operation that broke the storyboard.
    """
    current = text
    for index, op in enumerate(plan.ops):
        try:
            current = _apply(op, current, path)
            parse_storyboard(current, path)
        except (YamlEditError, EditConflict) as error:
            raise OpRejected(index, op, str(error)) from None
        except StoryboardError as error:
            location, message = error.problems[0]
            raise OpRejected(
                index, op, f"it would make the storyboard invalid: line {location.line}: {message}"
            ) from None
    board, source = parse_storyboard(current, path)
    return Applied(current, board, source)


def _apply(op: EditOp, text: str, path: str) -> str:
    doc = YamlText.parse(text, path)
    match op:
        case SetField():
            return _set_field(doc, op)
        case AddToList():
            node, order = _list_field(doc, op.target, op.key, op.field)
            items = doc.get(node) if doc.exists(node) and doc.get(node) is not None else []
            if op.item in items:
                return text
            return apply_edits(text, [doc.insert(node, len(items), op.item, order)])
        case RemoveFromList() | ReplaceInList():
            node, _ = _list_field(doc, op.target, op.key, op.field)
            items = doc.get(node) if doc.exists(node) and doc.get(node) is not None else []
            item = (*node, _find_item(items, op.item, op))
            if isinstance(op, RemoveFromList):  # the last item goes with its field
                return apply_edits(text, [doc.delete(node if len(items) == 1 else item)])
            return apply_edits(text, [doc.set(item, op.new_item)])
        case AddCue():
            return _add_cue(doc, op)
        case AddShot():
            return _add_shot(doc, op, path)
        case RemoveShot():
            return apply_edits(text, [doc.delete(("shots", _shot_index(doc, op.shot)))])
        case MoveShot():
            index = _shot_index(doc, op.shot)
            to = 0 if op.after is None else _shot_index(doc, op.after) + 1
            if op.after == op.shot:
                raise YamlEditError("a shot cannot follow itself")
            if to in (index, index + 1):
                return text
            block = doc.item_source(("shots", index))
            return apply_edits(text, [doc.delete(("shots", index)), doc.insert_source(("shots",), to, block)])
        case RenameShot():
            return _rename_shot(doc, op)
    raise YamlEditError(f"unknown operation {op!r}")  # pragma: no cover - the union is closed


# --- addressing --------------------------------------------------------------------------------


def _shots(doc: YamlText) -> list[dict[str, Any]]:
    shots = doc.data.get("shots") if isinstance(doc.data, dict) else None
    return shots if isinstance(shots, list) else []


def _shot_index(doc: YamlText, shot_id: str) -> int:
    ids = [str(s.get("id")) for s in _shots(doc) if isinstance(s, dict)]
    if shot_id in ids:
        return ids.index(shot_id)
    raise YamlEditError(f"no shot {shot_id!r}{_suggest(shot_id, ids, 'shots')}")


def _suggest(name: str, known: list[str], what: str) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6)
    if close:
        return f" (did you mean {close[0]!r}?)"
    return f"; {what} are: {', '.join(known)}" if known else f"; there are no {what}"


def _target(doc: YamlText, target: str, key: str | None) -> NodePath:
    if target == "project":
        return ()
    if key is None:
        raise YamlEditError(f"a {target} edit needs the {target}'s {'id' if target == 'shot' else 'key'}")
    if target == "shot":
        return ("shots", _shot_index(doc, key))
    collection = _COLLECTIONS[target]
    known = doc.data.get(collection) if isinstance(doc.data, dict) else None
    known = known if isinstance(known, dict) else {}
    if key not in known:
        raise YamlEditError(f"no {target} {key!r}{_suggest(key, list(known), collection)}")
    return (collection, key)


def _field(target: str, dotted: str) -> tuple[tuple[str, ...], list[str], Any]:
    """A dotted field name → its node path, the declared key order of its parent, its annotation."""
    model: Any = _MODELS[target]
    parts = tuple(dotted.split("."))
    annotation: Any = None
    order: list[str] = []
    for depth, part in enumerate(parts):
        model = unwrap(model)
        if part.isdigit() and typing.get_origin(model) is list:
            model = typing.get_args(model)[0]
            continue
        if not (isinstance(model, type) and issubclass(model, BaseModel)):
            raise YamlEditError(f"{'.'.join(parts[:depth])} has no fields")
        fields = list(model.model_fields)
        if part not in fields:
            raise YamlEditError(f"a {target} has no field {dotted!r}{_suggest(part, fields, 'its fields')}")
        order = fields
        annotation = model = model.model_fields[part].annotation
    parts = tuple(int(p) if p.isdigit() else p for p in parts)  # type: ignore[misc]
    if target == "project" and parts[0] in ("shots", "characters", "locations"):
        raise YamlEditError(f"edit {parts[0]} one by one, not as a whole")
    if target == "shot" and parts == ("id",):
        raise YamlEditError("a shot's id changes with rename_shot, which also updates references")
    return parts, order, annotation


def _list_field(doc: YamlText, target: str, key: str | None, field: str) -> tuple[NodePath, list[str]]:
    parts, order, annotation = _field(target, field)
    annotation = unwrap(annotation)
    if typing.get_origin(annotation) is not list or unwrap(typing.get_args(annotation)[0]) not in (str, Cue):
        raise YamlEditError(f"{field} is not a list of texts")
    return (*_target(doc, target, key), *parts), order


def _find_item(items: list[Any], wanted: str, op: RemoveFromList | ReplaceInList) -> int:
    texts = [str(item) if not isinstance(item, dict) else _item_text(item) for item in items]
    exact = [i for i, text in enumerate(texts) if text.casefold() == wanted.casefold()]
    if exact:
        return exact[0]
    pattern = re.compile(rf"(?<!\w){re.escape(wanted)}(?!\w)", re.IGNORECASE)
    containing = [i for i, text in enumerate(texts) if pattern.search(text)]
    if len(containing) == 1:
        return containing[0]
    subject = f"{_subject(op.target, op.key)} {op.field}"
    if containing:
        raise YamlEditError(
            f"{wanted!r} matches {len(containing)} items of {subject}: {', '.join(texts[i] for i in containing)}"
        )
    listed = "; items are: " + ", ".join(texts) if texts else " (it is empty)"
    raise YamlEditError(f"no item {wanted!r} in {subject}{listed}")


def _item_text(item: dict[str, Any]) -> str:
    """A mapping item as text: a cue by its sound, a keyed entry as ``key: value``."""
    if "sound" in item:
        return str(item["sound"])
    return ": ".join(map(str, next(iter(item.items()))))


# --- operations --------------------------------------------------------------------------------


def _set_field(doc: YamlText, op: SetField) -> str:
    parts, order, _ = _field(op.target, op.field)
    node = (*_target(doc, op.target, op.key), *parts)
    if op.value is None:
        if not doc.exists(node):
            raise YamlEditError(f"{_subject(op.target, op.key)} has no {op.field} to remove")
        return apply_edits(doc.text, [doc.delete(node)])
    return apply_edits(doc.text, [doc.set(node, op.value, order)])


def _add_cue(doc: YamlText, op: AddCue) -> str:
    node = (*_target(doc, "shot", op.shot), "audio", "cues")
    cues = doc.get(node) if doc.exists(node) and doc.get(node) is not None else []
    at = sum(1 for cue in cues if isinstance(cue, dict) and float(cue.get("at", 0)) <= op.at)
    cue = {"at": int(op.at) if op.at == int(op.at) else op.at, "sound": op.sound}
    return apply_edits(doc.text, [doc.insert(node, at, cue, ["at", "sound"])])


def _add_shot(doc: YamlText, op: AddShot, path: str) -> str:
    ids = [str(s.get("id")) for s in _shots(doc) if isinstance(s, dict)]
    if op.id in ids:
        raise YamlEditError(f"there is already a shot {op.id!r}")
    at = 0 if op.after is None else _shot_index(doc, op.after) + 1
    if op.copy_of is None:
        text = apply_edits(doc.text, [doc.insert(("shots",), at, {"id": op.id})])
    else:
        origin = ("shots", _shot_index(doc, op.copy_of))
        offset, _ = doc.item_span(origin)
        block = doc.item_source(origin)
        start, end = doc.source.values[(*origin, "id")]
        block = block[: start - offset] + yaml_scalar(op.id) + block[end - offset :]
        text = apply_edits(doc.text, [doc.insert_source(("shots",), at, block)])
    for field in op.fields:
        text = _set_field(
            YamlText.parse(text, path),
            SetField(op="set_field", target="shot", key=op.id, field=field.field, value=field.value),
        )
    return text


_MATCH_LIGHTING = re.compile(r"<<\s*match-lighting\s*:\s*(?P<arg>[^<>\n]*?)\s*>>")


def _rename_shot(doc: YamlText, op: RenameShot) -> str:
    index = _shot_index(doc, op.shot)
    if op.new_id != op.shot and op.new_id in [str(s.get("id")) for s in _shots(doc) if isinstance(s, dict)]:
        raise YamlEditError(f"there is already a shot {op.new_id!r}")
    edits = [doc.set(("shots", index, "id"), op.new_id)]
    for number, shot in enumerate(_shots(doc)):
        if not isinstance(shot, dict):
            continue
        for k, entry in enumerate(shot.get("directives") or []):
            node: NodePath = ("shots", number, "directives", k)
            if isinstance(entry, dict) and entry.get("match-lighting") == op.shot:
                edits.append(doc.set((*node, "match-lighting"), op.new_id))
            elif isinstance(entry, str) and re.fullmatch(rf"match-lighting\s*:\s*{re.escape(op.shot)}", entry.strip()):
                edits.append(doc.set(node, f"match-lighting: {op.new_id}"))
        for node, value in _texts(shot, ("shots", number)):
            for m in _MATCH_LIGHTING.finditer(value):
                if m.group("arg") == op.shot:
                    span = doc.source.values[node]
                    edits.append(scalar_edit(doc.text, span, value, m.start("arg"), m.end("arg"), op.new_id))
                    break  # one edit per scalar; a second reference in the same text is rare
    return apply_edits(doc.text, _merge(edits))


def _texts(value: Any, path: NodePath) -> Iterator[tuple[NodePath, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key != "directives":
                yield from _texts(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _texts(item, (*path, index))


def _merge(edits: list[Edit]) -> list[Edit]:
    return sorted(set(edits))


def _subject(target: str, key: str | None) -> str:
    return "the project" if target == "project" else f"{target} {key}"


def _shown(value: Value) -> str:
    if isinstance(value, float):
        return f"{value:g}"
    return repr(value) if isinstance(value, str) else str(value)
