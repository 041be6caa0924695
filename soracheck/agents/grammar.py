"""The offline interpreter's grammar of director notes: each form is a pattern and what it changes.

A note is read in two steps. First the storyboard's own names are found and replaced by tokens:
shots (``shot 3``, ``shot counter``, ``the counter shot``, ``the last shot``, ``the previous shot``,
``the close-up``, a hyphenated id like ``lamp-off``), characters (key, full or first name) and number
words (``five`` → ``5``). Then the tokenised note must match one form exactly; a note that matches
none, or names something the storyboard does not have, is reported — never guessed. The README
lists every form with an example.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from soracheck.agents.ops import (
    AddShot,
    AddToList,
    EditOp,
    MoveShot,
    RemoveFromList,
    RemoveShot,
    RenameShot,
    ReplaceInList,
    SetField,
)
from soracheck.storyboard.directives import continuation_of, shot_directives
from soracheck.storyboard.model import Shot, Storyboard
from soracheck.vocabulary.avoid import AVOID_SYNONYMS, AVOID_TAGS
from soracheck.vocabulary.camera import MOVING, SPEEDS, camera_moves, move_of
from soracheck.vocabulary.wardrobe import COLOUR_WORDS, GARMENT_WORDS, GARMENTS, wardrobe


class NotUnderstood(ValueError):
    """The note cannot be turned into edits without guessing; the message says why."""


_NUMBERS = {
    word: str(value)
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_ORDINALS = {
    word: value
    for value, word in enumerate(
        ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth"]
    )
}
#: A word of a descriptive shot reference ("the counter shot"): not a preposition.
_WORD = r"(?!(?:on|of|in|for|to|at|from|into|with|by|and|the|a|an)\b)[\w'-]+"
_SHOT_REF = re.compile(
    r"(?P<plural>\bshots?)\s+#?(?P<a>[\w][\w.-]*?)(?=[\s,:;.!?)]|$)(?:\s*(?:and|&|,|with)\s*#?(?P<b>[\w][\w.-]*?)(?=[\s,:;.!?)]|$))?"
    r"|\bthe\s+(?P<ordinal>first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final|opening|closing|previous|next)\s+shot\b"
    r"|\bthe\s+(?P<closeup>close-?ups?)\b"
    rf"|\bthe\s+(?P<desc>{_WORD}(?:\s+{_WORD}){{0,2}}?)\s+shot\b",
    re.IGNORECASE,
)
_SECONDS = r"(?P<n>\d+(?:\.\d+)?)\s*(?:s|secs?|seconds?)\b"
_ON = r"(?:\s+(?:on|in|for|to|of|at|into)\s+⟨s(?P<on>\d+)⟩)?"
_TRANSITION = (
    r"(?P<tr>match[- ]?cut|whip[- ]?pan|seamless(?:\s+cut)?|hard\s+cut|cut|cross-?dissolve|dissolve|"
    r"fade(?:\s+(?:in|out|through\s+black))?|time[- ]?jump(?:\s+(?:of\s+)?(?P<jump>\d+(?:\.\d+)?\s*[a-z]+)(?:\s+later)?)?)"
)


@dataclass
class Reading:
    """A note with the storyboard's names replaced by tokens."""

    text: str
    shots: list[str] = field(default_factory=list)
    characters: list[str] = field(default_factory=list)
    originals: dict[str, str] = field(default_factory=dict)

    def shot(self, token: str | None) -> str | None:
        return self.shots[int(token)] if token is not None else None

    def original(self, text: str) -> str:
        """``text`` with its tokens put back as the note wrote them."""
        return re.sub(r"⟨[sc]\d+⟩", lambda m: self.originals[m.group()], text)


class Names:
    """The storyboard's names: what a note may refer to."""

    def __init__(self, board: Storyboard) -> None:
        self.board = board
        self.ids = [s.id for s in board.shots]
        self.people: list[tuple[re.Pattern[str], str]] = []
        for key, character in board.characters.items():
            spellings = {key, character.name, character.name.split()[0]}
            pattern = "|".join(sorted((re.escape(s) for s in spellings), key=len, reverse=True))
            self.people.append((re.compile(rf"(?<![\w-])(?:{pattern})(?![\w-])", re.IGNORECASE), key))

    def read(self, note: str) -> Reading:
        note = note.replace("\u2019", "'").replace("\u2014", " - ").replace("\u2013", " - ")
        reading = Reading(note)
        relative: list[tuple[str, str]] = []

        def shot_token(shot_id: str, written: str) -> str:
            token = f"⟨s{len(reading.shots)}⟩"
            reading.shots.append(shot_id)
            reading.originals[token] = written
            return token

        def replace(m: re.Match[str]) -> str:
            if m.group("a"):
                first = self.by_name(m.group("a"), strict=True)
                second = self.by_name(m.group("b"), strict=False) if m.group("b") else None
                if second is None:
                    token = shot_token(first, f"{m.group('plural')} {m.group('a')}")
                    return token + m.group()[m.end("a") - m.start() :]
                return shot_token(first, m.group("a")) + " and " + shot_token(second, m.group("b"))
            if m.group("ordinal"):
                word = m.group("ordinal").lower()
                if word in ("previous", "next"):
                    token = shot_token("", m.group())
                    relative.append((token, word))
                    return token
                if word in ("last", "final", "closing"):
                    return shot_token(self.number(len(self.ids)), m.group())
                return shot_token(self.number(_ORDINALS.get(word, 0) + 1), m.group())
            if m.group("closeup"):
                return shot_token(self.describe("close"), m.group())
            return shot_token(self.describe(m.group("desc")), m.group())

        text = _SHOT_REF.sub(replace, note)
        dashed = [i for i in self.ids if re.search(r"[-_.\d]", i)]
        if dashed:
            bare = re.compile(
                rf"(?<![\w⟨-])({'|'.join(map(re.escape, sorted(dashed, key=len, reverse=True)))})(?![\w-])"
            )
            text = bare.sub(lambda m: shot_token(m.group(), m.group()), text)
        for token, word in relative:
            anchors = [s for s in reading.shots if s]
            if not anchors:
                raise NotUnderstood(f"'the {word} shot' of which shot? Name it, e.g. 'shot 4: ... the {word} shot'")
            at = self.ids.index(anchors[0]) + (-1 if word == "previous" else 1)
            if not 0 <= at < len(self.ids):
                raise NotUnderstood(f"shot {anchors[0]} has no {word} shot")
            reading.shots[int(token[2:-1])] = self.ids[at]
        for pattern, key in self.people:

            def person(m: re.Match[str], key: str = key) -> str:
                token = f"⟨c{len(reading.characters)}⟩"
                reading.characters.append(key)
                reading.originals[token] = m.group()
                return token

            text = pattern.sub(person, text)
        text = re.sub(
            r"(?<![\w-])(" + "|".join(_NUMBERS) + r")(?![\w-])", lambda m: _NUMBERS[m.group().lower()], text, flags=re.I
        )
        reading.text = re.sub(r"\s+", " ", text).strip().rstrip(".!")
        return reading

    def number(self, n: int) -> str:
        if not 1 <= n <= len(self.ids):
            raise NotUnderstood(f"there is no shot {n}: the storyboard has {len(self.ids)} shots")
        return self.ids[n - 1]

    def by_name(self, name: str, *, strict: bool) -> str | None:
        """``3`` or ``counter`` → a shot id."""
        if name.isdigit():
            return self.number(int(name))
        for shot_id in self.ids:
            if shot_id.casefold() == name.casefold():
                return shot_id
        if strict:
            raise NotUnderstood(f"there is no shot {name!r}; shots are: {', '.join(self.ids)}")
        return None

    def describe(self, words: str) -> str:
        """``counter`` or ``close-up`` → the one shot whose id or description has those words."""
        exact = self.by_name(words, strict=False)
        if exact:
            return exact
        wanted = [w for w in re.findall(r"[\w']+", words.lower().replace("close-up", "close")) if w != "the"]
        found = [
            shot.id
            for shot in self.board.shots
            if all(re.search(rf"(?<![\w]){re.escape(w)}", _description(shot)) for w in wanted)
        ]
        if len(found) == 1:
            return found[0]
        if found:
            raise NotUnderstood(f"'the {words}' could be shot {', '.join(found)}: name one by id or number")
        raise NotUnderstood(f"no shot matches 'the {words}'; shots are: {', '.join(self.ids)}")


def _description(shot: Shot) -> str:
    return " ".join(filter(None, (shot.id, shot.location, shot.action, shot.camera, shot.coverage))).lower()


# --- forms -------------------------------------------------------------------------------------

Handler = Callable[[re.Match[str], Reading, "Subject"], list[EditOp]]


@dataclass
class Subject:
    """What a note is about besides its match: the storyboard, its names, and the shot a ``shot 3:`` prefix named."""

    board: Storyboard
    names: Names
    shot: str | None

    def target(self, m: re.Match[str], reading: Reading, group: str = "on") -> str:
        named = reading.shot(m.groupdict().get(group))
        if named:
            return named
        if self.shot:
            return self.shot
        raise NotUnderstood("which shot? Name it, e.g. 'on shot 3' or 'shot 3: ...'")

    def get(self, shot_id: str) -> Shot:
        found = self.board.shot(shot_id)
        assert found is not None
        return found


FORMS: list[tuple[re.Pattern[str], Handler]] = []


def form(*patterns: str) -> Callable[[Handler], Handler]:
    def register(handler: Handler) -> Handler:
        FORMS.extend((re.compile(rf"^{p}$", re.IGNORECASE), handler) for p in patterns)
        return handler

    return register


def _set(shot: str, name: str, value: str | float | list[str] | None) -> SetField:
    return SetField(op="set_field", target="shot", key=shot, field=name, value=value)


def _add(shot: str | None, name: str, item: str) -> AddToList:
    target = "shot" if shot else "project"
    return AddToList(op="add_to_list", target=target, key=shot, field=name, item=item)


def _after(about: Subject, shot: str, previous: str) -> list[EditOp]:
    """Move ``shot`` right after ``previous`` unless it already is."""
    ids = about.names.ids
    if ids.index(shot) == ids.index(previous) + 1:
        return []
    if shot == previous:
        raise NotUnderstood("a shot cannot continue from itself")
    return [MoveShot(op="move_shot", shot=shot, after=previous)]


@form(
    rf"(?:make|set|change|have)?\s*(?:⟨s(?P<s>\d+)⟩(?:'s)?\s*(?:duration\s+)?)?(?:to\s+|should\s+be\s+|be\s+|is\s+|lasts?\s+|runs?\s+(?:for\s+)?)?{_SECONDS}(?:\s+long)?{_ON}",
)
def duration(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    shot = reading.shot(m.group("s")) or about.target(m, reading)
    return [_set(shot, "duration", float(m.group("n")))]


@form(
    rf"(?P<verb>shorten|trim|cut|lengthen|extend)\s+(?:⟨s(?P<s>\d+)⟩\s+)?by\s+{_SECONDS}{_ON}",
    rf"make\s+⟨s(?P<s>\d+)⟩\s+{_SECONDS}\s+(?P<verb>shorter|longer)",
)
def duration_change(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    shot = reading.shot(m.group("s")) or about.target(m, reading)
    current = about.get(shot).duration
    if current is None:
        raise NotUnderstood(f"shot {shot} has no duration to change; give one, e.g. 'make shot {shot} 8 seconds'")
    sign = -1 if m.group("verb").lower() in ("shorten", "trim", "cut", "shorter") else 1
    new = current + sign * float(m.group("n"))
    if new <= 0:
        raise NotUnderstood(f"shot {shot} lasts {current:g} s: it cannot be {m.group('n')} s shorter")
    return [_set(shot, "duration", new)]


@form(
    rf"(?:use|put|switch\s+to|go\s+to|try|shoot)\s+(?:it\s+)?(?:on\s+)?(?:an?\s+)?(?P<mm>\d+)\s*mm(?:\s+lens)?{_ON}",
    r"⟨s(?P<on>\d+)⟩\s+(?:on|with|at)\s+(?:an?\s+)?(?P<mm>\d+)\s*mm(?:\s+lens)?",
)
def lens(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    return [_set(about.target(m, reading), "lens", f"{m.group('mm')}mm")]


@form(
    r"(?:set\s+)?(?:the\s+)?camera(?:\s+(?:on|in|for|of)\s+⟨s(?P<on>\d+)⟩)?\s*(?::|\s+to|\s+should\s+be)\s*(?P<text>.+)"
)
def camera(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    return [_set(about.target(m, reading), "camera", reading.original(m.group("text")).strip())]


_VERB = re.compile(r"[a-z]+(?:s|ed)(?![a-z])", re.IGNORECASE)


@form(rf"(?:make\s+)?(?:the\s+|a\s+)?(?P<adj>{SPEEDS})\s+(?<![\w-])(?P<move>{MOVING})(?![\w-]){_ON}")
def camera_speed(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    shot = about.target(m, reading)
    camera = about.get(shot).camera or ""
    wanted = move_of(m.group("move"))
    # The move as a noun ("a slow pan"), not a verb ("pans left"): a speed is written before the noun.
    found = next(
        (mv for mv in camera_moves(camera) if mv.name == wanted and not _VERB.match(camera[mv.start : mv.end])), None
    )
    if found is None:
        raise NotUnderstood(
            f"shot {shot}'s camera has no {m.group('move')} to change; "
            f"say what it should do: 'camera on shot {shot}: {m.group('adj')} {m.group('move')}, as …'"
        )
    speed = re.search(rf"(?<![\w-])(?:{SPEEDS})\s+$", camera[: found.start], re.IGNORECASE)
    start = speed.start() if speed else found.start
    new = camera[:start] + f"{m.group('adj').lower()} {camera[found.start : found.end]}" + camera[found.end :]
    return [_set(shot, "camera", new)]


_NO = r"(?:\s*(?:[,;-]+|\s)\s*(?:and\s+)?no\s+(?P<no>[\w\s,-]+))?"


@form(
    rf"⟨s(?P<a>\d+)⟩\s+(?:continues|picks\s+up|carries\s+on)\s+(?:from|after)\s+⟨s(?P<b>\d+)⟩(?:\s+mid-action)?{_NO}",
    rf"continue\s+⟨s(?P<a>\d+)⟩\s+from\s+⟨s(?P<b>\d+)⟩{_NO}",
)
def continues(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    shot, previous = reading.shot(m.group("a")), reading.shot(m.group("b"))
    assert shot and previous
    ops: list[EditOp] = _after(about, shot, previous)
    if not continuation_of(shot_directives(about.board, about.names.ids.index(shot))):
        ops.append(_add(shot, "directives", "continue-shooting"))
    ops += [_add(shot, "avoid", tag) for tag in _tags(m.group("no") or "")]
    return ops


@form(
    rf"(?:⟨s(?P<s>\d+)⟩\s+)?(?:keeps?|match(?:es)?|holds?)\s+the\s+lighting\s+(?:from|of)\s+⟨s(?P<b>\d+)⟩{_ON}",
)
def keep_lighting(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    shot = reading.shot(m.group("s")) or about.target(m, reading)
    source = reading.shot(m.group("b"))
    assert source
    if source == shot:
        raise NotUnderstood("a shot cannot take its lighting from itself")
    ids = about.names.ids
    directive = "lighting-lock: current" if ids.index(source) + 1 == ids.index(shot) else f"match-lighting: {source}"
    return [_add(shot, "directives", directive)]


@form(r"lock\s+(?:the\s+)?lighting(?:\s+(?:on|of|in|for)\s+⟨s(?P<on>\d+)⟩)?\s+(?:to|at|on)\s+(?P<sig>[\w-]+)")
def lock_lighting(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    shot = about.target(m, reading)
    signatures = [loc.signature for loc in about.board.locations.values() if loc.signature]
    wanted = m.group("sig")
    if wanted != "current" and wanted not in signatures:
        known = ", ".join(["current", *signatures])
        raise NotUnderstood(f"no lighting signature {wanted!r}; the storyboard defines: {known}")
    return [_add(shot, "directives", f"lighting-lock: {wanted}")]


@form(
    r"⟨s(?P<a>\d+)⟩\s+match-?moves?\s+(?:from\s+|with\s+)?⟨s(?P<b>\d+)⟩",
    r"match-?move\s+⟨s(?P<a>\d+)⟩\s+(?:with|from|to|after)\s+⟨s(?P<b>\d+)⟩",
)
def match_move(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    shot, previous = reading.shot(m.group("a")), reading.shot(m.group("b"))
    assert shot and previous
    return [*_after(about, shot, previous), _add(shot, "directives", "match-move")]


@form(r"add\s+(?P<who>.+?)(?:\s+(?:to|in|into)\s+⟨s(?P<on>\d+)⟩)?")
def add_person(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    shot = about.target(m, reading)
    who = m.group("who")
    character = re.fullmatch(r"⟨c(\d+)⟩", who)
    if character:
        return [_add(shot, "cast", reading.characters[int(character.group(1))])]
    written = reading.original(who)
    named = re.match(r"(?:⟨c\d+⟩|[A-Z][\w'-]*)(?:\s*\([^)]*\))?\s+(?P<action>\S.*)", who)
    if not named or not re.search(r"[a-z]", named.group("action")):
        raise NotUnderstood("an NPC needs a name and one action, e.g. 'add Leo (barista) wiping the counter to shot 2'")
    return [_add(shot, "npcs", written)]


@form(r"(?:remove|drop|cut|delete|take)\s+(?P<who>.+?)\s+(?:out\s+)?(?:from|of)\s+⟨s(?P<on>\d+)⟩")
def remove_person(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    shot = about.target(m, reading)
    who = m.group("who")
    character = re.fullmatch(r"⟨c(\d+)⟩", who)
    if character:
        key = reading.characters[int(character.group(1))]
        if key in about.get(shot).cast:
            return [RemoveFromList(op="remove_from_list", target="shot", key=shot, field="cast", item=key)]
    name = re.sub(r"^(?:the|a|an)\s+", "", reading.original(who), flags=re.IGNORECASE)
    return [RemoveFromList(op="remove_from_list", target="shot", key=shot, field="npcs", item=name)]


def _placed(ids: list[str], other: str, relation: str) -> str | None:
    """The shot a shot placed ``after``/``before`` ``other`` follows (``None``: it becomes the first)."""
    if relation.lower() == "after":
        return other
    at = ids.index(other)
    return ids[at - 1] if at > 0 else None


@form(
    r"(?:move|put|place)\s+⟨s(?P<a>\d+)⟩\s+(?P<rel>after|before)\s+⟨s(?P<b>\d+)⟩",
    r"(?:move|put|place)\s+⟨s(?P<a>\d+)⟩\s+(?:to\s+|at\s+)?(?:the\s+)?(?P<end>start|beginning|front|end)",
)
def move(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    shot = reading.shot(m.group("a"))
    assert shot
    ids = [i for i in about.names.ids if i != shot]
    if m.groupdict().get("end"):
        after = ids[-1] if m.group("end").lower() == "end" else None
    else:
        other = reading.shot(m.group("b"))
        assert other
        if other == shot:
            raise NotUnderstood("a shot cannot move next to itself")
        after = _placed(ids, other, m.group("rel"))
    return [MoveShot(op="move_shot", shot=shot, after=after)]


@form(r"swap\s+⟨s(?P<a>\d+)⟩\s+(?:and|with)\s+⟨s(?P<b>\d+)⟩")
def swap(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    a, b = reading.shot(m.group("a")), reading.shot(m.group("b"))
    assert a and b
    ids = about.names.ids
    if a == b:
        raise NotUnderstood("swap needs two different shots")
    first, second = sorted((a, b), key=ids.index)
    before_first = ids[ids.index(first) - 1] if ids.index(first) > 0 else None
    ops: list[EditOp] = [MoveShot(op="move_shot", shot=second, after=before_first)]
    if ids.index(second) - ids.index(first) > 1:
        ops.append(MoveShot(op="move_shot", shot=first, after=ids[ids.index(second) - 1]))
    else:
        ops.append(MoveShot(op="move_shot", shot=first, after=second))
    return ops


@form(r"(?:remove|delete|cut|drop|lose)\s+⟨s(?P<a>\d+)⟩")
def remove_shot(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    shot = reading.shot(m.group("a"))
    assert shot
    return [RemoveShot(op="remove_shot", shot=shot)]


@form(
    r"(?:duplicate|copy|repeat)\s+⟨s(?P<a>\d+)⟩(?:\s+(?P<rel>after|before)\s+⟨s(?P<b>\d+)⟩|\s+(?:at|to)\s+the\s+(?P<end>end))?"
)
def duplicate(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    shot = reading.shot(m.group("a"))
    assert shot
    ids = about.names.ids
    number = 2
    while f"{shot}-{number}" in ids:
        number += 1
    if m.group("end"):
        after: str | None = ids[-1]
    elif m.group("b"):
        other = reading.shot(m.group("b"))
        assert other
        after = _placed(ids, other, m.group("rel"))
    else:
        after = shot
    return [AddShot(op="add_shot", id=f"{shot}-{number}", after=after, copy_of=shot, fields=[])]


@form(r"rename\s+⟨s(?P<a>\d+)⟩\s+(?:to|as)\s+(?P<id>[A-Za-z0-9][\w.-]*)")
def rename(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    shot = reading.shot(m.group("a"))
    assert shot
    return [RenameShot(op="rename_shot", shot=shot, new_id=m.group("id"))]


@form(
    rf"(?:avoid|add\s+avoid(?:\s+tags?)?|no)\s+(?P<tags>[\w\s,-]+?)(?P<all>\s+(?:everywhere|in\s+every\s+shot|in\s+all\s+shots|throughout))?{_ON}",
)
def avoid(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    shot = None if m.group("all") else (reading.shot(m.group("on")) or about.shot)
    return [_add(shot, "avoid", tag) for tag in _tags(m.group("tags"))]


#: Words that place an avoid tag ("in the booth", "on the end card", "all the way through") rather
#: than name it: the shot they mean was not read, and a tag must not swallow them.
_PLACED = re.compile(r"\b(?:in|on|at|of|for|from|into|the|anywhere|everywhere|throughout|through)\b")


def _tags(text: str) -> list[str]:
    """The avoid tags a note names: a documented tag (its synonym, or a near miss of its spelling) or
    the note's own words; refused when the words also say where, in a way the shot was not read from."""
    tags = []
    for part in re.split(r"\s*(?:,|\band\b|\bor\b)\s*", text.strip().lower()):
        part = re.sub(r"^no\s+", "", part.strip())
        if not part:
            continue
        if _PLACED.search(part):
            raise NotUnderstood(
                f"which shots should avoid {part!r}? Name them, e.g. 'avoid {part.split()[0]} on shot 2', or say 'everywhere'"
            )
        tag = AVOID_SYNONYMS.get(re.sub(r"\s+", "-", part), re.sub(r"\s+", "-", part))
        close = difflib.get_close_matches(tag, AVOID_TAGS, n=1, cutoff=0.85)
        tags.append(close[0] if close else tag)
    return tags


@form(
    rf"(?:use\s+|add\s+)?(?:an?\s+)?{_TRANSITION}\s+(?:into|to|before|on|for|in)\s+⟨s(?P<on>\d+)⟩",
    rf"⟨s(?P<on>\d+)⟩\s+(?:enters|opens|starts|comes\s+in|begins)\s+(?:with|on)\s+(?:an?\s+)?{_TRANSITION}",
    rf"(?:set\s+)?the\s+transition\s+(?:of|into|to|for)\s+⟨s(?P<on>\d+)⟩\s*(?:to|:|should\s+be)\s*(?:an?\s+)?{_TRANSITION}",
    rf"cut\s+(?:to|into)\s+⟨s(?P<on>\d+)⟩\s+(?:with|on)\s+(?:an?\s+)?{_TRANSITION}",
    rf"(?:transition|cut)\s*:\s*(?:an?\s+)?{_TRANSITION}{_ON}",
)
def transition(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    shot = about.target(m, reading)
    word = re.sub(r"\s+", "-", m.group("tr").lower())
    if word.startswith("time"):
        if not m.group("jump"):
            raise NotUnderstood("a time-jump needs its length, e.g. 'time-jump of 30 minutes into shot 5'")
        jump = re.sub(r"\s+", "-", m.group("jump").lower())
        return [_set(shot, "transition", f"time-jump: {jump}-later")]
    canonical = {"match-cut": "match-cut", "matchcut": "match-cut", "whip-pan": "whip-pan", "whippan": "whip-pan"}
    for prefix, value in (("seamless", "seamless"), ("hard", "cut"), ("cross", "dissolve"), ("fade", "fade")):
        if word.startswith(prefix):
            word = value
    return [_set(shot, "transition", canonical.get(word, word))]


_SCOPE = (
    r"(?P<scope>\s+(?:from\s+⟨s(?P<from>\d+)⟩\s+on(?:wards?)?|everywhere|throughout|in\s+every\s+shot|in\s+all\s+shots"
    r"|(?:in|on|for)\s+⟨s(?P<in>\d+)⟩(?:\s+only)?))?"
)


@form(
    rf"(?:make\s+)?⟨c(?P<c>\d+)⟩'s\s+(?P<item>{GARMENT_WORDS})\s+(?:should\s+be\s+|is\s+|be\s+|to\s+be\s+|becomes?\s+|turns?\s+)?"
    rf"(?P<colour>{COLOUR_WORDS})(?P<keep>\s+and\s+keep\s+it\s+(?:{COLOUR_WORDS}|that\s+way|so))?{_SCOPE}",
    rf"(?:give|put)\s+⟨c(?P<c>\d+)⟩\s+(?:in\s+)?(?:an?\s+|the\s+)?(?P<colour>{COLOUR_WORDS})\s+(?P<item>{GARMENT_WORDS})"
    rf"(?P<keep>\s+and\s+keep\s+it)?{_SCOPE}",
)
def wear(m: re.Match[str], reading: Reading, about: Subject) -> list[EditOp]:
    key = reading.characters[int(m.group("c"))]
    character = about.board.characters[key]
    item, colour = m.group("item").lower(), m.group("colour").lower()
    first_name = character.name.split()[0]
    phrase = f"{first_name}'s {colour} {item}"
    ids = about.names.ids
    start = reading.shot(m.group("from")) or reading.shot(m.group("in")) or about.shot
    scope = (m.group("scope") or "").strip().lower()
    if start is None or scope in ("everywhere", "throughout", "in every shot", "in all shots"):
        return _wear_everywhere(about, key, item, colour)
    if key not in about.get(start).cast:
        raise NotUnderstood(f"{character.name} is not in shot {start}: add them to its cast first")
    chosen = ids[ids.index(start) :] if (m.group("from") or m.group("keep")) else [start]
    ops: list[EditOp] = []
    for shot_id in chosen:
        shot = about.get(shot_id)
        if key not in shot.cast:
            continue
        same = [p for p in shot.persist if first_name.lower() in p.lower() and _names_item(p, item)]
        if same:
            ops.append(
                ReplaceInList(
                    op="replace_in_list", target="shot", key=shot_id, field="persist", item=same[0], new_item=phrase
                )
            )
        else:
            ops.append(_add(shot_id, "persist", phrase))
    return ops


def _names_item(text: str, item: str) -> bool:
    return any(
        GARMENTS[g] == GARMENTS[item]
        for g in GARMENTS
        if re.search(rf"(?<![\w-]){re.escape(g)}(?:e?s)?(?![\w-])", text, re.I)
    )


def _wear_everywhere(about: Subject, key: str, item: str, colour: str) -> list[EditOp]:
    """The character's anchor for the item gets the colour (or a new anchor names it)."""
    anchors = about.board.characters[key].anchors
    for anchor in anchors:
        worn = [w for w in wardrobe(anchor) if w.item == GARMENTS[item]]
        if worn:
            w = worn[0]
            end = w.colour_start + len(re.match(r"[\w]+", anchor[w.colour_start :]).group())  # type: ignore[union-attr]
            new = anchor[: w.colour_start] + colour + anchor[end:]
        elif _names_item(anchor, item):
            at = min(
                m.start()
                for g in GARMENTS
                if GARMENTS[g] == GARMENTS[item]
                for m in re.finditer(rf"(?<![\w-]){re.escape(g)}(?:e?s)?(?![\w-])", anchor, re.I)
            )
            new = anchor[:at] + f"{colour} " + anchor[at:]
        else:
            continue
        if new == anchor:
            return []
        return [
            ReplaceInList(op="replace_in_list", target="character", key=key, field="anchors", item=anchor, new_item=new)
        ]
    return [AddToList(op="add_to_list", target="character", key=key, field="anchors", item=f"{colour} {item}")]


def interpret_note(note: str, board: Storyboard, names: Names | None = None) -> list[EditOp]:
    """The edits one note asks for; :class:`NotUnderstood` when it is outside the grammar.

    A note may open with the shot it is about (``shot 3: make Maya's t-shirt red``); the rest is
    then read with that shot as its subject.
    """
    names = names or Names(board)
    reading = names.read(note)
    readings: list[tuple[str, str | None]] = [(reading.text, None)]
    prefix = re.match(r"^(?:in\s+|on\s+|for\s+)?⟨s(\d+)⟩\s*(?::|,|-)\s*(?P<rest>.+)$", reading.text)
    if prefix:
        readings.append((prefix.group("rest"), reading.shot(prefix.group(1))))
    for text, subject in readings:
        for pattern, handler in FORMS:
            m = pattern.match(text)
            if m:
                return handler(m, reading, Subject(board, names, subject))
    raise NotUnderstood("not a form the offline interpreter knows (see 'Director notes' in the README)")
