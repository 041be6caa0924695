"""What every aspect of the note grammar reads with: the note's reading, the shots it names, the
claims aspects make, and the small edits they compose."""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from soracheck.agents.ops import (
    AddToList,
    EditOp,
    RemoveFromList,
    ReplaceInList,
    SetField,
)
from soracheck.agents.reading import Mention, Names, Reading
from soracheck.storyboard.model import Shot, Storyboard
from soracheck.vocabulary.notes import NUMBER


class NotUnderstood(ValueError):
    """The note cannot be turned into edits without guessing; the message says why."""


class Instruction(NotUnderstood):
    """The note reads as an instruction to the tool (or to a model behind it), not a note on the storyboard."""


class Several(NotUnderstood):
    """The note names several shots apart and does not say which one it changes."""


class Unresolved(NotUnderstood):
    """A shot the note names is ambiguous or missing; ``token`` is where the note names it."""

    def __init__(self, message: str, token: str) -> None:
        super().__init__(message)
        self.token = token


S = r"⟨s\d+⟩"
C = r"⟨c\d+⟩"
Q = r"⟨q\d+⟩"
SECONDS = rf"(?P<n>{NUMBER})\s*-?\s*(?:s|secs?|seconds?|sec)\b"
OLD = r"(?:instead\s+of|not|than|rather\s+than|from)\s+(?:the\s+)?"


@dataclass
class Claim:
    """Edits an aspect read in a note, and the span of the (tokenised) note they came from;
    ``follow``: the edits that keep the storyboard consistent with them (beats re-timed to a new
    duration), which the note did not ask for in words."""

    ops: list[EditOp]
    start: int
    end: int
    follow: list[EditOp] = field(default_factory=list)


@dataclass
class Subject:
    """What an aspect reads a note with: the storyboard, its names, the reading, and the shot a
    ``shot 3:`` prefix named."""

    board: Storyboard
    names: Names
    reading: Reading
    shot: str | None
    #: Shots named as where something comes from ("continues from X"), not what a note changes.
    references: set[str] = field(default_factory=set)

    @property
    def text(self) -> str:
        return self.reading.text

    def get(self, shot_id: str) -> Shot:
        found = self.board.shot(shot_id)
        assert found is not None
        return found

    def mentions(self, text: str | None = None) -> list[Mention]:
        """The shots the note names (not those a set leaves out: "… except the finale")."""
        found = [self.reading.mention(t) for t in re.findall(S, self.text if text is None else text)]
        return [m for m in found if m.scope != "except"]

    def targets(self, *, besides: tuple[str, ...] = (), text: str | None = None) -> list[str]:
        """The shots the note is about (its mentions other than the tokens in ``besides``), or the
        prefix's shot; a mention that is ambiguous or names nothing is the reason it is refused."""
        text = self.text if text is None else text
        tokens = [
            t
            for t in re.findall(S, text)
            if t not in besides and t not in self.references and self.reading.mention(t).scope != "except"
        ]
        for token in tokens:
            mention = self.reading.mention(token)
            if mention.problem:
                raise Unresolved(mention.problem, token)
        ranges = [t for t in tokens if self.reading.mention(t).written.lower().startswith("from")]
        sets = [t for t in tokens if t not in ranges and self.reading.mention(t).scope == "set"]
        if ranges and sets:  # "the kitchen shots from the sizzle onward": the kitchen shots in that range
            within = set.intersection(*(set(self.reading.mention(t).shots) for t in ranges + sets))
            return [s for s in self.names.ids if s in within] or _none(self, ranges + sets)
        singles = [t for t in tokens if self.reading.mention(t).scope == "one"]
        _joined(self, text, singles)
        shots: list[str] = []
        for token in tokens:
            shots += [s for s in self.reading.mention(token).shots if s not in shots]
        if shots:
            return shots
        if self.shot:
            return [self.shot]
        raise NotUnderstood("which shot? Name it, e.g. 'shot 3', 'the booth shot' or 'from shot 2 on'")

    def one(self, token: str) -> str:
        mention = self.reading.mention(token)
        if mention.problem:
            raise NotUnderstood(mention.problem)
        if len(mention.shots) != 1:
            raise NotUnderstood(f"'{mention.written}' is {len(mention.shots)} shots; name one")
        return mention.shots[0]

    def words(self, start: int, end: int) -> str:
        return self.reading.original(self.text[start:end])


def _none(about: Subject, tokens: list[str]) -> list[str]:
    named = " and ".join(repr(about.reading.mention(t).written) for t in tokens)
    raise NotUnderstood(f"no shot is both {named}")


def _joined(about: Subject, text: str, tokens: list[str]) -> None:
    """Several single shots are one target only when the note joins them ("the pour and the card");
    named apart ("the market especially, but the bit where Ben cracks the eggs…") they are a question."""
    distinct = {about.reading.mention(t).shots for t in tokens}
    if len(distinct) < 2:
        return
    for a, b in itertools.pairwise(tokens):
        between = text[text.index(a) + len(a) : text.index(b)]
        if not re.fullmatch(r"\s*(?:,|&|\band\b|,\s*and\b)?\s*(?:the\s+)?", between, re.I):
            shown = ", ".join(repr(about.reading.mention(t).written) for t in tokens)
            raise Several(f"the note names {shown}: say which shot it changes")


Aspect = Callable[[Subject], Claim | None]


def set_to(shot: str, name: str, value: str | float | list[str] | None) -> SetField:
    return SetField(op="set_field", target="shot", key=shot, field=name, value=value)


def add_to(shot: str | None, name: str, item: str) -> AddToList:
    return AddToList(op="add_to_list", target="shot" if shot else "project", key=shot, field=name, item=item)


def remove_from(target: str, key: str | None, name: str, item: str) -> RemoveFromList:
    return RemoveFromList(op="remove_from_list", target=target, key=key, field=name, item=item)  # type: ignore[arg-type]


def replace_in(target: str, key: str | None, name: str, item: str, new: str) -> ReplaceInList:
    return ReplaceInList(op="replace_in_list", target=target, key=key, field=name, item=item, new_item=new)  # type: ignore[arg-type]


def _whole(subject: Subject, ops: list[EditOp]) -> Claim:
    return Claim(ops, 0, len(subject.text))


def cleaned(text: str, *, article: bool = False) -> str:
    text = re.sub(r"^\s*(?:-\s*)?" + ("" if article else r"(?:an?|the)\s+"), "", text.strip(), flags=re.I)
    return text.strip().rstrip(".!?,;").strip().strip("'\"").strip()


CLAUSES = re.compile(r"[.?!;:]\s+|\s+-\s+|,\s+(?:and\s+|then\s+|also\s+)?|\s+(?:and|while|also|plus)\s+", re.I)
