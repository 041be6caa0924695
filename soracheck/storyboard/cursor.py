"""What is at a place in a storyboard's text, for an editor: the keys above it, the directive and
the word it is in; what may be written there; and where the thing named there is defined.

The keys are read from the text's indentation and flow brackets, not from a parse, since a
document being typed seldom parses. A list item is ``"-"`` among the keys: the cursor in
``cast: [mara, |]`` of a shot is at ``("shots", "-", "cast", "-")``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from soracheck.storyboard.directives import NAMES, SPECS, TRANSITIONS, Spec, normalise_signature
from soracheck.storyboard.model import Shot, Storyboard
from soracheck.storyboard.source import NodePath
from soracheck.vocabulary.avoid import AVOID_TAGS

#: ``key:`` starting a YAML line's content (after its ``-`` items), with what follows.
_KEY = re.compile(r"(?P<key>[A-Za-z_][\w.-]*|\"[^\"\n]*\"|'[^'\n]*')[ \t]*:(?=[ \t\r]|$)")
_WORD = re.compile(r"[\w.-]+")
#: The lines that may hold a parent, by the column and kind of the element (see ``_line_above``).
_ABOVE: dict[tuple[int, bool], re.Pattern[str]] = {}
#: Where an inline directive is still open before the cursor: ``<<name`` or ``<<name: argument``.
_OPEN = re.compile(r"<<(?P<name>[^<>:\n]*)(?::(?P<argument>[^<>\n]*))?$")


@dataclass(frozen=True)
class Place:
    """A position in a storyboard's text, as an editor asks about it."""

    #: The YAML keys from the top down to the position, ``"-"`` for a list item.
    keys: tuple[str, ...]
    #: Whether the position is where a key is written (nothing after it but its name being typed).
    key: bool
    #: The word at the position: its text and its offsets (where a completion replaces).
    word: str
    start: int
    end: int
    #: The directive the position is in (``<<name: …>>``, a ``directives:`` entry, a ``transition:``):
    #: the name written, and whether the position is in its argument.
    directive: str | None = None
    argument: bool = False

    @property
    def spec(self) -> Spec | None:
        """The known directive the position is in."""
        return NAMES.get((self.directive or "").strip().lower())

    def under(self, *keys: str) -> bool:
        """Whether the keys end with ``keys`` (``"*"`` matches any one)."""
        tail = self.keys[-len(keys) :] if keys else ()
        return len(tail) == len(keys) and all(k in ("*", t) for k, t in zip(keys, tail, strict=True))


def place_at(text: str, offset: int) -> Place:
    """Where ``offset`` of a storyboard's text is: its keys, word and directive (see :class:`Place`)."""
    line_start = text.rfind("\n", 0, offset) + 1
    line_end = text.find("\n", offset)
    line = text[line_start : len(text) if line_end < 0 else line_end].removesuffix("\r")
    column = min(offset - line_start, len(line))
    word_start, word_end = _word_around(line, column)
    dashes, key, content = _elements(line)
    first = dashes[0] if dashes else content
    parents, colon = _parents(text, line_start, first, bool(dashes))
    keys = [*parents, *("-" for d in dashes if d < column)]
    if colon is not None and _block_scalar(text, colon):  # "CU: her face" in an action written with >
        keys, flow, is_key = parents, [], False
    elif key is not None and column >= key[2]:
        keys.append(key[0])
        flow, is_key = _flow(line[key[2] : column])
    elif key is None and not dashes and colon is not None:  # a line inside a value begun above
        flow, is_key = _flow(text[colon:offset])
    elif key is None:
        flow, is_key = _flow(line[content:column])
        is_key = is_key or (not flow and _plain_key(line[content:column]))
    else:
        flow, is_key = [], True
    is_key = is_key and not line.lstrip().startswith("#")
    place = Place((*keys, *flow), is_key, line[word_start:word_end], line_start + word_start, line_start + word_end)
    return _with_directive(place, line, column)


def _block_scalar(text: str, colon: int) -> bool:
    """Whether the value after the colon at ``colon`` is a block scalar (``|``, ``>-`` …)."""
    stop = text.find("\n", colon)
    return text[colon : len(text) if stop < 0 else stop].lstrip(" \t").startswith(("|", ">"))


def _word_around(line: str, column: int) -> tuple[int, int]:
    start = column
    while start > 0 and (line[start - 1].isalnum() or line[start - 1] in "_.-"):
        start -= 1
    match = _WORD.match(line, column)
    return start, match.end() if match else column


def _plain_key(written: str) -> bool:
    """Whether ``written`` (a line's content up to the cursor) may be a key being typed."""
    return not written.startswith(("[", "{", '"', "'", "<", "|", ">", "#")) and ":" not in written


def _elements(line: str) -> tuple[list[int], tuple[str, int, int] | None, int]:
    """A line's ``-`` columns, its key (name, column, end of the colon) and where its content starts."""
    dashes: list[int] = []
    at = len(line) - len(line.lstrip(" "))
    while line.startswith("-", at) and (at + 1 == len(line) or line[at + 1] in " \t\r"):
        dashes.append(at)
        at += 1
        while at < len(line) and line[at] in " \t":
            at += 1
    match = _KEY.match(line, at)
    key = (match.group("key").strip("\"'"), at, match.end()) if match else None
    return dashes, key, at


def _flow(value: str) -> tuple[list[str], bool]:
    """The keys inside the flow collections still open at the end of ``value`` (the text after a
    ``key:``), and whether the end is where a flow mapping's key is written."""
    frames: list[list[str | None]] = []  # [bracket, key]
    token, quote = "", ""
    for at, char in enumerate(value):
        if quote:
            quote, token = ("" if char == quote else quote), token + char
        elif char in "\"'" and not token.strip():
            quote, token = char, token + char
        elif char in "[{":
            frames.append([char, None])
            token = ""
        elif char in "]}" and frames:
            frames.pop()
            token = ""
        elif char == "," and frames:
            frames[-1][1], token = None, ""
        elif char == ":" and frames and frames[-1][0] == "{" and value[at + 1 : at + 2] in ("", " ", ",", "}"):
            frames[-1][1], token = token.strip().strip("\"'"), ""
        elif char == "#" and not frames and (at == 0 or value[at - 1] in " \t"):
            break
        else:
            token += char
    keys = [str(key) if bracket == "{" else "-" for bracket, key in frames if bracket == "[" or key]
    return keys, bool(frames) and frames[-1][0] == "{" and frames[-1][1] is None


def _parents(text: str, line_start: int, first: int, dash_first: bool) -> tuple[list[str], int | None]:
    """The keys of the lines above that contain a line whose first element is at column ``first``,
    and the offset just after the nearest one's colon."""
    found: list[str] = []
    colon: int | None = None
    threshold, dash = first, dash_first
    end = line_start - 1
    while end > 0 and (threshold > 0 or dash):
        start = _line_above(text, end, threshold, dash)
        if start is None:
            break
        line = text[start:end] if (stop := text.find("\n", start, end)) < 0 else text[start:stop]
        end = start - 1
        dashes, key, _ = _elements(line)
        taken = [("-", d) for d in dashes if d < threshold]
        if key is not None and (key[1] < threshold or (dash and key[1] == threshold)):
            taken.append((key[0], key[1]))
            colon = start + key[2] if colon is None and not found else colon
        if taken:
            found[:0] = [name for name, _ in taken]
            threshold, dash = taken[0][1], taken[0][0] == "-"
            colon = -1 if colon is None else colon  # the nearest parent is a list item, not a key
        # else: a continued plain scalar, a flow collection's inner line, or a sibling list item
    return found, None if colon is None or colon < 0 else colon


def _line_above(text: str, end: int, threshold: int, dash: bool) -> int | None:
    """Where the nearest line before ``end`` starts that may hold a parent of an element at column
    ``threshold``: content indented less, or (when the element is a ``-``) a key at that column.
    Searched in windows growing backwards, so a deep document is not read whole."""
    pattern = _ABOVE.get((threshold, dash))
    if pattern is None:
        less = rf" {{0,{threshold - 1}}}[^ \t\r\n#]" if threshold else "(?!)"
        same = rf"| {{{threshold}}}(?!-[ \t\r]|-$)[^ \t\r\n#]" if dash else ""
        pattern = _ABOVE[threshold, dash] = re.compile(rf"^(?:{less}{same})", re.M)
    window = 256
    while True:
        low = max(0, end - window)
        last = None
        for last in pattern.finditer(text, low, end):  # noqa: B007 — the last one is wanted
            pass
        if last is not None or low == 0:
            return None if last is None else last.start()
        window *= 8


def _with_directive(place: Place, line: str, column: int) -> Place:
    """``place`` with the directive it is in: inline, a ``directives:`` entry, or a ``transition:``."""
    for match in re.finditer(r"<<([^<>\n]*)>>", line):
        if match.start() < column < match.end():
            name, colon, _ = match.group(1).partition(":")
            inside = column - match.start() - 2
            return replace(place, directive=name.strip(), argument=bool(colon) and inside > len(name))
    if (open_ := _OPEN.search(line[:column])) is not None:
        return replace(place, directive=open_.group("name").strip(), argument=open_.group("argument") is not None)
    if place.under("directives", "-") or (place.under("directives", "-", "*") and not place.key):
        # "- lighting-lock: x" is a one-key mapping in YAML, and still an entry
        keys = place.keys if place.keys[-1] == "-" else place.keys[:-1]
        _, _, content = _elements(line)
        begun = max(line.rfind("[", content, column), line.rfind(",", content, column)) + 1 or content
        entry = re.split(r"[,\]#]", line[begun:])[0].strip(" \t\"'")
        name = entry.partition(":")[0].strip()
        return replace(place, keys=keys, key=False, directive=name, argument=":" in line[begun:column])
    if place.under("shots", "-", "transition"):
        return replace(place, directive="transition", argument=True)
    return place


@dataclass(frozen=True)
class Choice:
    """Something that may be written at a place: its text, what it is (for an editor's icon) and a line about it."""

    label: str
    kind: str  # "directive" | "character" | "location" | "signature" | "shot" | "value" | "key" | "person"
    detail: str


def choices(
    place: Place,
    board: Storyboard | None,
    people: dict[str, str] | None = None,
    codes: dict[str, str] | None = None,
) -> list[Choice]:
    """What may be written at ``place`` of a storyboard like ``board`` (its last version that parsed);
    ``people`` is the project's consent records, key → person; ``codes`` the rules, code → name."""
    board = board or Storyboard(title="")
    if place.directive is not None:
        if not place.argument:
            return [Choice(spec.name, "directive", spec.summary) for spec in SPECS]
        return _arguments(place.spec, board)
    if place.key and (keys := _keys(place.keys)):
        return keys
    if place.under("shots", "-", "cast", "-") or place.under("shots", "-", "cast"):
        return _characters(board)
    if place.under("shots", "-", "location"):
        return [Choice(key, "location", _first_line(loc.description)) for key, loc in board.locations.items()]
    if place.under("avoid", "-") or place.under("avoid"):
        return [Choice(tag, "value", "avoid tag") for tag in AVOID_TAGS]
    if place.under("characters", "*", "cameo"):
        return [Choice(key, "person", person) for key, person in (people or {}).items()]
    if place.under("shots", "-", "ignore", "-") or place.under("shots", "-", "ignore"):
        return [Choice(code, "value", name) for code, name in (codes or {}).items()]
    return []


def _arguments(spec: Spec | None, board: Storyboard) -> list[Choice]:
    if spec is None:
        return []
    if spec.name == "lighting-lock":
        signatures = [Choice("current", "signature", "the lighting of the previous shot's last frame")]
        return signatures + [
            Choice(loc.signature, "signature", f"{key}: {_first_line(loc.lighting or loc.description)}")
            for key, loc in board.locations.items()
            if loc.signature
        ]
    if spec.name == "match-lighting":
        return [Choice(shot.id, "shot", _first_line(shot.action or "")) for shot in board.shots]
    if spec.name in ("identity-lock", "wardrobe-change"):
        return _characters(board)
    if spec.name == "transition":
        return [Choice(kind, "value", "transition") for kind in TRANSITIONS]
    if spec.name == "avoid":
        return [Choice(tag, "value", "avoid tag") for tag in AVOID_TAGS]
    return []


def _characters(board: Storyboard) -> list[Choice]:
    return [Choice(key, "character", character.name) for key, character in board.characters.items()]


def _keys(keys: tuple[str, ...]) -> list[Choice]:
    """The fields of the model at ``keys`` (a shot's, a character's, the storyboard's …)."""
    from soracheck.storyboard.model import Audio, Beat, Character, Cue, Location, Render, Style, TargetModel

    models = {
        (): Storyboard,
        ("shots", "-"): Shot,
        ("characters", "*"): Character,
        ("locations", "*"): Location,
        ("model",): TargetModel,
        ("style",): Style,
        ("shots", "-", "audio"): Audio,
        ("shots", "-", "beats", "-"): Beat,
        ("shots", "-", "audio", "cues", "-"): Cue,
        ("shots", "-", "render"): Render,
    }
    for pattern, model in models.items():
        if len(pattern) == len(keys) and all(p in ("*", k) for p, k in zip(pattern, keys, strict=True)):
            return [
                Choice(name, "key", _first_line(field.description or "")) for name, field in model.model_fields.items()
            ]
    return []


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""


def definition(place: Place, board: Storyboard) -> NodePath | str | None:
    """Where what is named at ``place`` is defined in ``board``: the node path of a character, a
    location or a shot (its ``id``); a cameo key is returned as itself, a key of the consent records."""
    word = place.word
    spec = place.spec
    if spec is not None and place.argument:
        if spec.name in ("identity-lock", "wardrobe-change") and word in board.characters:
            return ("characters", word)
        if spec.name == "match-lighting":
            index = next((i for i, shot in enumerate(board.shots) if shot.id == word), None)
            return None if index is None else ("shots", index, "id")
        if spec.name == "lighting-lock":
            signature = normalise_signature(word)
            for key, location in board.locations.items():
                if location.signature and normalise_signature(location.signature) == signature:
                    return ("locations", key, "signature")
        return None
    if (place.under("shots", "-", "cast", "-") or place.under("shots", "-", "cast")) and word in board.characters:
        return ("characters", word)
    if place.under("shots", "-", "location") and word in board.locations:
        return ("locations", word)
    if place.under("characters", "*", "cameo") and word:
        return word
    if place.key and place.keys in (("characters",), ("locations",)) and word in getattr(board, place.keys[0]):
        return (place.keys[0], word)  # the definition itself
    return None
