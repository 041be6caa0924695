"""The offline interpreter's grammar of director notes: aspects that compose, not a list of sentences.

A note is first read against the storyboard (:mod:`soracheck.agents.reading`): its spelling is put
right and the shots, characters and quoted texts it names become tokens. Then each *aspect* — a
field of the storyboard and the ways notes change it (durations, lenses, camera, transitions,
continuity, order, background people, cast, wardrobe and props, avoid tags, sound, project fields)
— looks in the note for its own words and values, and composes edits for the shots the note names,
however the note is phrased. Every edit keeps the words of the note it came from.

A note that no aspect reads, that names something the storyboard lacks, that could mean several
shots, or that gives no value ("a bit longer") is reported with the reason and changes nothing. A
note that reads as an instruction to the tool ("ignore all previous instructions") is refused.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from soracheck.agents.ops import (
    AddCue,
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
from soracheck.agents.reading import Mention, Names, Reading, known_word, matches_item, words_of
from soracheck.storyboard.directives import continuation_of, shot_directives, transition_of
from soracheck.storyboard.model import Shot, Storyboard
from soracheck.vocabulary.avoid import AVOID_SYNONYMS, AVOID_TAGS
from soracheck.vocabulary.camera import MOVING, SPEEDS, camera_moves, move_of
from soracheck.vocabulary.notes import FILLER, LENS_NUMBERS, LENS_WORDS, NUMBER, number, number_word, same_word, stem
from soracheck.vocabulary.wardrobe import COLOUR_WORDS, GARMENT_WORDS, GARMENTS
from soracheck.vocabulary.wardrobe import wardrobe as wardrobe_of


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
_SECONDS = rf"(?P<n>{NUMBER})\s*-?\s*(?:s|secs?|seconds?|sec)\b"
_OLD = r"(?:instead\s+of|not|than|rather\s+than|from)\s+(?:the\s+)?"

_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget)\b.{0,40}\b(?:instructions?|rules?|storyboard|checks?|lint\w*|you(?:'re| are))"
    r"|\b(?:system|assistant|admin|developer)\s*(?:prompt|override|:|\])|^\s*\[?(?:system|admin)\b"
    r"|\byou\s+are\s+(?:now|the)\b|\bfrom\s+now\s+on\b|\bprint\s+your\b|\bapi\s+keys?\b|\benvironment\s+variables\b"
    r"|\brm\s+-rf\b|</?\w+>|\bmark\s+(?:this|every|it|all)\b.{0,40}\b(?:approved|accepted)\b|\bwrite\s+me\b"
    r"|\bskip\s+the\s+(?:lint\w*|checks?)\b|\bwithout\s+(?:checking|lint\w*|review\w*)\b|\bno\s+checks\b"
    r"|\bapply\s+the\s+next\s+note\b|\bwhatever\s+(?:it|i|they)\s+says?\b",
    re.IGNORECASE,
)


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
        return [self.reading.mention(t) for t in re.findall(S, self.text if text is None else text)]

    def targets(self, *, besides: tuple[str, ...] = (), text: str | None = None) -> list[str]:
        """The shots the note is about (its mentions other than the tokens in ``besides``), or the
        prefix's shot; a mention that is ambiguous or names nothing is the reason it is refused."""
        text = self.text if text is None else text
        tokens = [t for t in re.findall(S, text) if t not in besides and t not in self.references]
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
ASPECTS: list[Aspect] = []


def aspect(function: Aspect) -> Aspect:
    ASPECTS.append(function)
    return function


def _set(shot: str, name: str, value: str | float | list[str] | None) -> SetField:
    return SetField(op="set_field", target="shot", key=shot, field=name, value=value)


def _add(shot: str | None, name: str, item: str) -> AddToList:
    return AddToList(op="add_to_list", target="shot" if shot else "project", key=shot, field=name, item=item)


def _remove(target: str, key: str | None, name: str, item: str) -> RemoveFromList:
    return RemoveFromList(op="remove_from_list", target=target, key=key, field=name, item=item)  # type: ignore[arg-type]


def _replace(target: str, key: str | None, name: str, item: str, new: str) -> ReplaceInList:
    return ReplaceInList(op="replace_in_list", target=target, key=key, field=name, item=item, new_item=new)  # type: ignore[arg-type]


def _whole(subject: Subject, ops: list[EditOp]) -> Claim:
    return Claim(ops, 0, len(subject.text))


def _cleaned(text: str, *, article: bool = False) -> str:
    text = re.sub(r"^\s*(?:-\s*)?" + ("" if article else r"(?:an?|the)\s+"), "", text.strip(), flags=re.I)
    return text.strip().rstrip(".!?,;").strip().strip("'\"").strip()


# --- durations ---------------------------------------------------------------------------------


@aspect
def duration(about: Subject) -> Claim | None:
    """How long shots run: ``trim it to 4 seconds``, ``4 s shorter``, ``twice as long``, ``a third of
    its length``, ``16 s apiece``, ``lose four seconds``, ``could we get it down to 4?``."""
    text = about.text
    per = re.search(
        rf"(?P<n>{NUMBER})\s*(?:s\b|secs?\b|seconds?\b)?\s*(?:per\s+shot|a\s+shot|apiece|each)\b", text, re.I
    )
    factor = re.search(
        r"\b(?P<f>twice|double(?!\s+up)|half|halve[ds]?|(?:a|one|two)\s+(?:third|quarter|half)s?)\b"
        r"(?:\s+(?:as\s+long|the\s+length|its\s+length|of\s+its\s+length|its\s+running\s+time))?",
        text,
        re.I,
    )
    more = re.search(rf"(?P<n>{NUMBER})\s+(?:more|extra|additional)\s+(?:s|secs?|seconds?)\b", text, re.I)
    if more:
        return _durations(about, more, lambda current: current + number(more.group("n")))
    found = [m for m in re.finditer(_SECONDS, text, re.I) if not _cue_time(text, m.start())]
    fresh = [m for m in found if not re.search(rf"{_OLD}$", text[: m.start()], re.I)]
    if per:  # "the whole spot 30 seconds, ten per shot": the share per shot is the value
        claim = _durations(about, per, lambda current: number(per.group("n")))
        claim.start = 0
        return claim
    corrected = re.search(
        rf"\b(?:but|and)\s+(?:it\s+)?(?:should|needs?\s+to|ought\s+to)\s+be\s+(?P<n>{NUMBER})\b(?!\s*(?:mm|minutes?|hours?))",
        text,
        re.I,
    )
    if corrected and fresh:  # "is 12 seconds but should be 8"
        return _durations(about, corrected, lambda current: number(corrected.group("n")))
    if fresh:
        # "is 12 seconds but should be 8 seconds": the value asked for, not the one the shot has
        asked = [
            f
            for f in fresh
            if re.search(
                r"\b(?:should|must|needs?\s+to|ought\s+to|make\s+it|to)\s+(?:be\s+)?(?:just\s+)?$",
                text[: f.start()],
                re.I,
            )
        ]
        m = (asked or fresh)[0]
        amount = number(m.group("n"))
        after, before = text[m.end() : m.end() + 24].lower(), text[max(0, m.start() - 30) : m.start()].lower()
        if re.match(r"\s*(?:shorter|less|too\s+long|off\b)", after) or re.search(
            r"\b(?:shorten\w*|trim\w*|cut|lose|loses|take|minus|drop|knock)\b(?:\s+(?:it|⟨s\d+⟩|the\s+\w+))?\s+(?:by\s+)?$",
            before,
        ):
            return _durations(about, m, lambda current: current - amount)
        if re.match(r"\s*(?:longer|more|extra|too\s+short)", after) or re.search(
            r"\b(?:lengthen\w*|extend\w*|add|plus)\b(?:\s+(?:it|⟨s\d+⟩|the\s+\w+))?\s+(?:by\s+)?$", before
        ):
            return _durations(about, m, lambda current: current + amount)
        if re.search(r"\b(?:more|another|extra)\s+$", before):
            return _durations(about, m, lambda current: current + amount)
        return _durations(about, m, lambda current: amount)
    if (factor and re.search(r"\b(?:long|length|shorter|longer|running|halve)", text, re.I)) or (
        factor and factor.group("f").lower().startswith("double")
    ):
        assert factor is not None
        word = factor.group("f").lower()
        share = {"twice": 2.0, "double": 2.0, "half": 0.5}.get(word.split()[-1] if " " not in word else "", 0.0)
        if word.startswith("halve"):
            share = 0.5
        if " " in word:
            count = {"a": 1, "one": 1, "two": 2}[word.split()[0]]
            share = count * {"third": 1 / 3, "quarter": 0.25, "half": 0.5}[word.split()[1].rstrip("s")]
            if re.search(r"\b(?:lose|loses|cut|trim|take|shorten)\b(?!.*\bdown\s+to\b)", text[: factor.start()], re.I):
                share = 1 - share
        return _durations(about, factor, lambda current: round(current * share, 3))
    bare = re.search(rf"\b(?:down|up)\s+to\s+(?P<n>{NUMBER})(?!\s*(?:mm|minutes?|hours?))\b", text, re.I) or re.search(
        rf"\b(?:trim|cut|shorten|lengthen|tighten|bring|up|push|take)\w*\s+(?:it\s+|{S}\s+)?(?:back\s+|right\s+|all\s+the\s+way\s+)?"
        rf"(?:down\s+|up\s+)?to\s+(?P<n>{NUMBER})(?!\s*(?:mm|m\b|minutes?|hours?))\b",
        text,
        re.I,
    )
    if bare and re.search(
        r"\b(?:drags?|long|short|length|trim|cut|shorten|lengthen|tighten|bring|up\s+it)", text, re.I
    ):
        return _durations(about, bare, lambda current: number(bare.group("n")))
    vague = re.search(
        r"\b(?:(?:a\s+)?(?:bit|touch|little|few|tad)|slightly|somewhat|more\s+room)\b.{0,25}\b(?:longer|shorter|seconds?|more|trim)"
        r"|\b(?:trim|shorten|lengthen|extend)\w*\b.{0,25}\b(?:a\s+(?:bit|touch|little|tad))\b"
        r"|\b(?:longer|shorter)\s+on\b|\bshould\s+be\s+(?:longer|shorter)\b",
        text,
        re.I,
    )
    if vague:
        raise NotUnderstood(
            f"'{about.words(vague.start(), vague.end())}' gives no number of seconds; say e.g. '8 seconds'"
        )
    return None


def _cue_time(text: str, at: int) -> bool:
    """Whether a time is when a sound lands ("at 2 s", "from 10 s", "land at 8") rather than a length."""
    return bool(re.search(r"\b(?:at|from|right\s+at|to\s+land\s+at|land\s+at)\s+$", text[:at], re.I)) or bool(
        re.search(r"\bmove\s+the\s+[\w\s'-]+?\s+to\s+$", text[:at], re.I)
    )


def _durations(about: Subject, m: re.Match[str], new: Callable[[float], float]) -> Claim:
    ops: list[EditOp] = []
    follow: list[EditOp] = []
    for shot_id in about.targets():
        current = about.get(shot_id).duration
        if current is None:
            raise NotUnderstood(f"shot {shot_id} has no duration to change; give one, e.g. '{shot_id}: 8 seconds'")
        value = float(f"{new(current):.3g}")
        if value <= 0:
            raise NotUnderstood(f"shot {shot_id} lasts {current:g} s: it cannot be made {value:g} s long")
        ops.append(_set(shot_id, "duration", value))
        follow += _retimed(about.get(shot_id), current, value)
    return Claim(ops, m.start(), m.end(), follow)


def _retimed(shot: Shot, old: float, new: float) -> list[EditOp]:
    """Beats scaled to a new duration, and the cues that would fall at or past its end: the same
    moments, in the same proportion of the shot."""
    if new == old:
        return []
    scale = new / old
    ops: list[EditOp] = [
        _set(shot.id, f"beats.{i}.at", _rounded(beat.at * scale)) for i, beat in enumerate(shot.beats) if beat.at
    ]
    cues = shot.audio.cues if shot.audio else []
    ops += [_set(shot.id, f"audio.cues.{i}.at", _rounded(c.at * scale)) for i, c in enumerate(cues) if c.at >= new]
    return ops


def _rounded(value: float) -> float:
    return round(value * 2) / 2


# --- lenses ------------------------------------------------------------------------------------


@aspect
def lens(about: Subject) -> Claim | None:
    """Lenses: ``50mm instead of the 85``, ``on a 24``, ``go from 35 to 50mm``, ``wants the 100mm``."""
    text = about.text
    found = [
        m
        for m in re.finditer(
            r"(?P<mm>\d{2,3})\s*mm\b(?:\s+lens)?"
            rf"|\b(?:on|at|to|wants?|use|try|needs?)\s+(?:an?|the)\s+(?P<bare>\d{{2,3}}|{LENS_NUMBERS})(?!\s*(?:s\b|secs?|seconds?|%|minutes?|-))\b",
            text,
            re.I,
        )
        if not re.search(rf"{_OLD}$", text[: m.start()], re.I)
    ]
    if not found:
        vague = re.search(r"\b(?:wider|tighter|longer\s+lens|closer)\b", text, re.I)
        if vague and not re.search(r"camera|dolly|push|pan", text, re.I):
            raise NotUnderstood(f"'{vague.group()}' names no lens; say which, e.g. 'a 50mm'")
        return None
    m = next((f for f in found if f.group("mm")), found[0])  # "cramped on the 35 … try it on a 24mm"
    value = f"{m.group('mm') or LENS_WORDS.get(m.group('bare').lower(), m.group('bare'))}mm"
    return Claim([_set(shot, "lens", value) for shot in about.targets()], m.start(), m.end())


# --- camera ------------------------------------------------------------------------------------


@aspect
def camera(about: Subject) -> Claim | None:
    """The camera as written (``camera on X: …``), its move's speed (``fast, not slow``, ``slower
    push-in``) or direction (``pan right, not left``; ``right to left, not left to right``)."""
    text = about.text
    written = re.search(
        rf"\b(?:new\s+)?camera(?:\s+(?:on|for|of|in)\s+(?P<s>{S}))?\s*(?::|\s+should\s+be|\s+(?:ought|needs|has|wants)\s+to\s+be|\s+to\s+be|\s+with\s*:|\s+-)\s*(?P<text>.+)$",
        text,
        re.I,
    )
    if written:
        value = _cleaned(about.reading.original(written.group("text")), article=True)
        if about.reading.quotes and re.fullmatch(Q, written.group("text").strip().rstrip(".")):
            value = about.reading.quotes[int(written.group("text").strip().rstrip(".")[2:-1])]
        besides = tuple(re.findall(S, written.group("text")))
        return Claim(
            [_set(shot, "camera", value) for shot in about.targets(besides=besides)], written.start(), len(text)
        )
    direction = re.search(
        r"\b(?P<new>right\s+to\s+left|left\s+to\s+right|left|right|up|down)\b(?:[^,]*?)\s*,?\s*(?:not|instead\s+of|rather\s+than)\s+"
        r"(?P<old>right\s+to\s+left|left\s+to\s+right|left|right|up|down)\b",
        text,
        re.I,
    )
    if direction and re.search(rf"\b(?:camera|{MOVING}|crane|craning|tilts?|tilting)\b", text, re.I):
        ops: list[EditOp] = []
        for shot_id in about.targets():
            current = about.get(shot_id).camera or ""
            old = re.sub(r"\s+", " ", direction.group("old").lower())
            places = list(re.finditer(rf"(?<![\w-]){re.escape(old)}(?![\w-])", current, re.I))
            if len(places) != 1:
                raise NotUnderstood(f"shot {shot_id}'s camera does not say '{old}' once; write the camera out")
            at = places[0]
            ops.append(
                _set(shot_id, "camera", current[: at.start()] + direction.group("new").lower() + current[at.end() :])
            )
        return Claim(ops, direction.start(), direction.end())
    speed = re.search(
        rf"(?<![\w-])(?P<adj>{SPEEDS})\s+(?P<move>{MOVING})(?![\w-])"
        rf"|(?<![\w-])(?P<move2>{MOVING})(?![\w-]).{{0,40}}?\b(?:should\s+be\s+|be\s+|to\s+)?(?P<adj2>{SPEEDS})\b\s*,?\s*(?:not|instead\s+of)",
        text,
        re.I,
    )
    if speed:
        adj = (speed.group("adj") or speed.group("adj2")).lower()
        move = speed.group("move") or speed.group("move2")
        return Claim([_speed(about, shot, move, adj) for shot in about.targets()], speed.start(), speed.end())
    if re.search(r"\bspeed\s+up\b.{0,30}\b(?:camera|move)", text, re.I):
        shots = about.targets()
        for shot_id in shots:
            if not list(camera_moves(about.get(shot_id).camera or "")):
                raise NotUnderstood(f"shot {shot_id}'s camera has no move to speed up")
        raise NotUnderstood("say how the move should go, e.g. 'faster pan on shot 2'")
    return None


_VERB = re.compile(r"[a-z]+(?:s|ed)(?![a-z])", re.IGNORECASE)


def _speed(about: Subject, shot: str, move: str, adj: str) -> SetField:
    current = about.get(shot).camera or ""
    wanted = move_of(move)
    found = next(
        (mv for mv in camera_moves(current) if mv.name == wanted and not _VERB.match(current[mv.start : mv.end])), None
    )
    if found is None:
        raise NotUnderstood(f"shot {shot}'s camera has no {move} to change; write it out: 'camera on {shot}: …'")
    before = re.search(rf"(?<![\w-])(?:{SPEEDS})\s+$", current[: found.start], re.IGNORECASE)
    start = before.start() if before else found.start
    return _set(shot, "camera", current[:start] + f"{adj} {current[found.start : found.end]}" + current[found.end :])


# --- transitions -------------------------------------------------------------------------------

_TRANSITION = (
    r"(?P<tr>match[- ]?cut|whip[- ]?pan|seamless(?:ly)?|(?:hard|straight|plain|clean)\s+cut|cross-?dissolve|dissolve"
    r"|fade(?:\s+in|\s+out|\s+through\s+black)?|(?:time[- ]?)?jump)"
)


@aspect
def transition(about: Subject) -> Claim | None:
    """How a shot is entered: ``whip-pan into X``, ``dissolve from X into Y``, ``fade in on X``,
    ``time jump of 10 minutes into X``, ``X should come in seamless``, ``hard cut instead of the dissolve``."""
    text = about.text
    for m in re.finditer(_TRANSITION, text, re.I):
        if re.search(rf"{_OLD}(?:an?\s+)?$", text[: m.start()], re.I) or (
            re.search(r"\b(?:drop|lose|kill|remove|cut|no)\s+(?:the\s+)?$", text[: m.start()], re.I)
        ):
            continue
        word = m.group("tr").lower()
        if word.endswith("jump") and not re.search(r"time|jump\s+into", text, re.I):
            continue
        if word == "jump" and not re.search(r"\bjump\s+(?:into|in|to)\b", text, re.I):
            continue
        into = re.search(rf"\b(?:into|onto|in\s+on|on|to|in|for)\s+(?P<s>{S})", text[m.end() :], re.I) or re.search(
            rf"\b(?:into|onto)\s+(?P<s>{S})", text, re.I
        )
        from_to = re.search(rf"\bfrom\s+(?P<a>{S})\s+(?:into|to)\s+(?P<b>{S})", text, re.I)
        if from_to:
            shots = [_entering(about, from_to.group("b"))]
        elif into:
            shots = [_entering(about, into.group("s"))]
        else:
            shots = about.targets()
        value = _transition_value(word, text[m.start() :] + " " + text[: m.start()], about)
        return Claim([_set(shot, "transition", value) for shot in shots], m.start(), m.end())
    return None


def _entering(about: Subject, token: str) -> str:
    """The shot a transition goes into: the one named, or of a place's shots the one that enters it."""
    mention = about.reading.mention(token)
    if mention.problem and len(mention.shots) > 1:
        ids = about.names.ids
        entering = [
            s
            for s in mention.shots
            if ids.index(s) == 0 or about.get(ids[ids.index(s) - 1]).location != about.get(s).location
        ]
        if len(entering) == 1:
            return entering[0]
    return about.one(token)


def _transition_value(word: str, rest: str, about: Subject) -> str:
    if word.endswith("jump"):
        length = re.search(rf"(?P<n>{NUMBER})[\s-]*(?P<unit>minutes?|hours?|days?|weeks?|years?|mins?)\b", rest, re.I)
        if not length:
            raise NotUnderstood("a time-jump needs its length, e.g. 'time jump of 30 minutes into shot 5'")
        n = number(length.group("n"))
        unit = length.group("unit").lower()
        unit = {"min": "minutes", "mins": "minutes"}.get(unit, unit)
        unit = unit if n != 1 else unit.rstrip("s")
        unit = unit if n == 1 or unit.endswith("s") else unit + "s"
        return f"time-jump: {n:g}-{unit}-later"
    for prefix, value in (
        ("match", "match-cut"),
        ("whip", "whip-pan"),
        ("seamless", "seamless"),
        ("cross", "dissolve"),
        ("dissolve", "dissolve"),
        ("fade", "fade"),
    ):
        if word.startswith(prefix):
            return value
    return "cut"


# --- continuity --------------------------------------------------------------------------------


@aspect
def continues(about: Subject) -> Claim | None:
    """A continuation: ``X continues straight from Y``, ``X picks up mid-action from Y``,
    ``continue-shooting on X`` (optionally with ``no recap``, read by the avoid aspect)."""
    text = about.text
    m = re.search(
        rf"\b(?:continues?|continuing|picks?\s+up|carr(?:y|ies)(?:\s+(?:straight|right))?\s+on)\b(?:\s+(?:straight|right|directly|mid-action|on))*"
        rf"\s+(?:from|after)\s+(?P<b>{S})|\bpicks?\s+up\s+(?:right\s+|just\s+)?where\s+(?P<b2>{S})\s+(?:leaves|left)\s+off",
        text,
        re.I,
    )
    if m:
        token = m.group("b") or m.group("b2")
        previous = about.one(token)
        about.references.add(token)
        shots = about.targets()
        ops: list[EditOp] = []
        for shot in shots:
            if shot == previous:
                raise NotUnderstood("a shot cannot continue from itself")
            ops += _after(about, shot, previous)
            found = continuation_of(shot_directives(about.board, about.names.ids.index(shot)))
            if not found or found.directive.name != "continue-shooting":
                ops.append(_add(shot, "directives", "continue-shooting"))
        return Claim(ops, m.start(), m.end())
    m = re.search(rf"\bcontinue-shooting\s+(?:on|for|in)\s+(?P<s>{S})", text, re.I)
    if m:
        shot = about.one(m.group("s"))
        return Claim([_add(shot, "directives", "continue-shooting")], m.start(), m.end())
    return None


def _after(about: Subject, shot: str, previous: str) -> list[EditOp]:
    ids = about.names.ids
    if ids.index(shot) == ids.index(previous) + 1:
        return []
    return [MoveShot(op="move_shot", shot=shot, after=previous)]


@aspect
def match_move(about: Subject) -> Claim | None:
    """``match the camera move of X in Y``, ``Y should match-move X``."""
    text = about.text
    m = re.search(
        rf"\bmatch(?:es)?\s+the\s+camera(?:\s+move(?:ment)?)?\s+(?:of|from)\s+(?P<b>{S})"
        rf"|\bmatch-?moves?\s+(?:from\s+|with\s+)?(?P<b2>{S})",
        text,
        re.I,
    )
    if not m:
        return None
    token = m.group("b") or m.group("b2")
    previous = about.one(token)
    about.references.add(token)
    ops: list[EditOp] = []
    for shot in about.targets():
        if shot == previous:
            raise NotUnderstood("a shot cannot match its own move")
        if about.names.ids.index(shot) != about.names.ids.index(previous) + 1:
            raise NotUnderstood(
                f"shot {shot} does not follow shot {previous}: a match-move carries a move across one cut"
            )
        ops.append(_add(shot, "directives", "match-move"))
    return Claim(ops, m.start(), m.end())


@aspect
def lighting(about: Subject) -> Claim | None:
    """Lighting continuity: ``keep the lighting consistent from X into Y``, ``Y should match the
    lighting of X``, ``lock the lighting on X to SIGNATURE``, ``X: lighting-lock SIGNATURE``,
    ``lock the lighting to whatever X ends on``."""
    text = about.text
    flow = re.search(rf"\blighting\b.{{0,30}}?\bfrom\s+(?P<a>{S})\s+(?:into|to|through)\s+(?P<b>{S})", text, re.I)
    if flow:
        source, shot = about.one(flow.group("a")), about.one(flow.group("b"))
        about.references.add(flow.group("a"))
        return Claim([_add(shot, "directives", _lighting_from(about, shot, source))], flow.start(), flow.end())
    match = re.search(
        rf"\b(?:match(?:es)?|keeps?|holds?|same)\s+(?:the\s+)?lighting\s+(?:of|from|as)\s+(?P<b>{S})"
        rf"|\b(?:keep|hold|match)\s+(?P<b2>{S})(?:'s)?\s+lighting",
        text,
        re.I,
    )
    if match:
        token = match.group("b") or match.group("b2")
        source = about.one(token)
        about.references.add(token)
        ops: list[EditOp] = []
        for shot in about.targets():
            if shot == source:
                raise NotUnderstood("a shot cannot take its lighting from itself")
            ops.append(_add(shot, "directives", _lighting_from(about, shot, source)))
        return Claim(ops, match.start(), match.end())
    signatures = [loc.signature for loc in about.board.locations.values() if loc.signature]
    lock = re.search(
        r"\block(?:ed)?\s+(?:the\s+)?(?:(?P<s>⟨s\d+⟩)(?:'s)?\s+)?(?:\w+\s+)?lighting(?:\s+(?:on|of|in|for)\s+(?P<on>⟨s\d+⟩))?"
        r"\s+(?:to|at|on)\s+(?P<sig>whatever\b.*|[\w-]+)"
        r"|\blighting[- ]lock\s*:?\s+(?:it\s+|them\s+)?(?:to\s+)?(?P<sig2>[a-z][\w-]*)|(?P<sig3>[a-z][\w-]*)\s+lighting[- ]lock\b"
        r"|\blighting\s+lock(?:ed)?\s+(?:to|at|on)\s+(?P<sig4>[a-z][\w-]*)"
        r"|\block\s+(?P<s5>⟨s\d+⟩)\s+to\s+(?P<sig5>[a-z][\w-]*)"
        r"|\blocked\s+to\s+(?:the\s+)?(?P<sig6>[a-z][\w-]*)\s+signature",
        text,
        re.I,
    )
    if lock:
        wanted = next(lock.group(g) for g in ("sig", "sig2", "sig3", "sig4", "sig5", "sig6") if lock.group(g)).lower()
        if lock.group("sig5") and wanted not in signatures:
            return None  # "lock the pour to the beat": not a lighting signature
        if wanted.startswith("whatever"):
            wanted = "current"
        if wanted != "current" and wanted not in signatures:
            known = ", ".join(["current", *signatures])
            raise NotUnderstood(f"no lighting signature {wanted!r}; the storyboard defines: {known}")
        besides = tuple(re.findall(S, lock.group("sig") or ""))
        targets = about.targets(besides=besides, text=text if not besides else text[: lock.start("sig")])
        return Claim(
            [_add(shot, "directives", f"lighting-lock: {wanted}") for shot in targets], lock.start(), lock.end()
        )
    return None


def _lighting_from(about: Subject, shot: str, source: str) -> str:
    ids = about.names.ids
    return "lighting-lock: current" if ids.index(source) + 1 == ids.index(shot) else f"match-lighting: {source}"


# --- order -------------------------------------------------------------------------------------


@aspect
def order(about: Subject) -> Claim | None:
    """The cut order: swap or flip shots, move one before or after another or to the start or end,
    open on one, drop shots, duplicate one (``put the copy at the end``)."""
    text = about.text
    ids = about.names.ids
    swap = re.search(
        rf"\b(?:swap|switch|flip|reverse)\s+(?P<a>{S})(?:\s*(?:and|with|&|,)\s*(?P<b>{S}))?"
        rf"|(?P<a2>{S})\s+(?:the\s+other\s+way\s+(?:round|around)|(?:swapped|flipped|reversed)(?:\s+round)?)",
        text,
        re.I,
    )
    if swap:
        if swap.group("b"):
            a, b = about.one(swap.group("a")), about.one(swap.group("b"))
        else:
            pair = about.reading.mention(swap.group("a") or swap.group("a2"))
            if pair.problem or len(pair.shots) != 2:
                raise NotUnderstood(pair.problem or f"'{pair.written}' is not two shots to swap")
            a, b = pair.shots
        if a == b:
            raise NotUnderstood("swap needs two different shots")
        return Claim(_swap(ids, a, b), swap.start(), swap.end())
    duplicate = re.search(rf"\b(?:duplicate|repeat|copy|double\s+up)\s+(?P<a>{S})", text, re.I)
    if duplicate:
        shot = about.one(duplicate.group("a"))
        rest = text[duplicate.end() :]
        number_ = 2
        while f"{shot}-{number_}" in ids:
            number_ += 1
        place = re.search(rf"\b(?P<rel>after|before)\s+(?P<b>{S})", rest, re.I)
        if re.search(r"\b(?:at\s+the\s+(?:very\s+)?end|last)\b", rest, re.I):
            after: str | None = ids[-1]
        elif place:
            after = _placed(ids, about.one(place.group("b")), place.group("rel"))
        else:
            after = shot
        new = AddShot(op="add_shot", id=f"{shot}-{number_}", after=after, copy_of=shot, fields=[])
        return Claim([new], duplicate.start(), len(text))
    rename = re.search(rf"\brename\s+(?P<a>{S})\s+(?:to|as)\s+(?P<id>[A-Za-z0-9][\w.-]*)", text, re.I)
    if rename:
        shot = about.one(rename.group("a"))
        return Claim([RenameShot(op="rename_shot", shot=shot, new_id=rename.group("id"))], rename.start(), rename.end())
    move = _move(about)
    if move:
        return move
    drop = re.search(
        rf"\b(?:cut|drop|lose|remove|delete|kill|scrap|bin|ditch|get\s+rid\s+of|we\s+(?:can\s+)?(?:lose|drop|cut))\s+(?P<a>{S})"
        r"(?=\s*$|\s*[,.;!?]|\s+-|\s+(?:entirely|completely|altogether|from\s+the\s+(?:edit|cut|spot)))",
        text,
        re.I,
    )
    if drop and not re.search(rf"\b(?:from|in|of)\s+{re.escape(drop.group('a'))}", text, re.I):
        mention = about.reading.mention(drop.group("a"))
        if mention.problem:
            raise NotUnderstood(mention.problem)
        return Claim([RemoveShot(op="remove_shot", shot=s) for s in mention.shots], drop.start(), drop.end())
    return None


def _swap(ids: list[str], a: str, b: str) -> list[EditOp]:
    first, second = sorted((a, b), key=ids.index)
    before_first = ids[ids.index(first) - 1] if ids.index(first) > 0 else None
    ops: list[EditOp] = [MoveShot(op="move_shot", shot=second, after=before_first)]
    if ids.index(second) - ids.index(first) > 1:
        ops.append(MoveShot(op="move_shot", shot=first, after=ids[ids.index(second) - 1]))
    else:
        ops.append(MoveShot(op="move_shot", shot=first, after=second))
    return ops


def _placed(ids: list[str], other: str, relation: str) -> str | None:
    if relation.lower() == "after":
        return other
    rest = ids
    at = rest.index(other)
    return rest[at - 1] if at > 0 else None


def _move(about: Subject) -> Claim | None:
    text = about.text
    ids = about.names.ids
    start = (
        r"(?:the\s+(?:very\s+)?(?:start|beginning|front|top)|first|the\s+open(?:ing)?)"
        r"|(?P<end>(?:the\s+(?:very\s+)?end|last|the\s+close|the\s+back))"
    )
    m = re.search(
        rf"\b(?:move|put|place|bring|stick|shift)\s+(?P<a>{S}|that\s+shot|it)\s+(?:(?:right|straight|directly)\s+)?"
        rf"(?:(?P<rel>after|before|behind|ahead\s+of)\s+(?P<b>{S})|(?:to|at|in)\s+(?:{start}))"
        rf"|(?P<a2>{S})\s+(?:should\s+)?(?:go(?:es)?|went|come[s]?|be|plays?|sits?)\s+(?:(?:at|to)\s+)?(?:(?:right|straight)\s+)?"
        rf"(?:(?P<rel2>after|before)\s+(?P<b2>{S})|{start.replace('(?P<end>', '(?P<end2>')})"
        rf"|\b(?:start|open|begin)\s+(?:the\s+\w+\s+)?(?:on|with)\s+(?P<a3>{S})"
        rf"|\b(?:cold\s+open|open\s+cold)\s+(?:on|with)\s+(?P<a4>{S})",
        text,
        re.I,
    )
    if not m:
        return None
    token = m.group("a") or m.group("a2") or m.group("a3") or m.group("a4")
    if token in ("that shot", "it"):
        earlier = re.findall(S, text[: m.start()])
        if len(earlier) != 1:
            raise NotUnderstood("move which shot? Name it")
        token = earlier[0]
    shot = about.one(token)
    rest = [i for i in ids if i != shot]
    other_token = m.group("b") or m.group("b2")
    if other_token:
        other = about.one(other_token)
        if other == shot:
            raise NotUnderstood("a shot cannot move next to itself")
        relation = (m.group("rel") or m.group("rel2")).lower()
        after = _placed(rest, other, "after" if relation == "after" else "before")
    elif m.group("end") or m.group("end2"):
        after = rest[-1]
    else:
        after = None
    ops: list[EditOp] = [MoveShot(op="move_shot", shot=shot, after=after)]
    then = re.search(rf"\bthen\s+(?P<c>{S})", text[m.end() :], re.I)
    if then and after is None:
        follower = about.one(then.group("c"))
        ops.append(MoveShot(op="move_shot", shot=follower, after=shot))
    return Claim(ops, m.start(), m.end())


# --- background people and cast -------------------------------------------------------------------

_REMOVE = r"(?:lose|remove|drop|cut|delete|kill|get\s+rid\s+of|take(?:\s+out)?|no\s+more|ditch)"


@aspect
def npcs(about: Subject) -> Claim | None:
    """Background people: add one (``add two gulls circling the mast to the horn shot``, ``two kids
    eating cereal in the opener``), remove one (``lose the deckhand in the gangway shot``, ``the guy
    with the bike can go``), or change a count (``five gulls over the wake, not three``)."""
    text = about.text
    count = re.search(
        rf"\b(?:make\s+it\s+)?(?P<n>{NUMBER})\s+(?P<what>[\w\s'-]+?)\b.*?,?\s*(?:not|instead\s+of)\s+(?P<old>{NUMBER})\b",
        text,
        re.I,
    )
    if count:
        return _recount(about, count)
    removal = re.search(
        rf"\b{_REMOVE}\s+(?P<who>(?:the|that|this)\s+[^,.;!?⟨]+?|her|him|them|{C})(?:\s+out)?(?:\s+(?:in|from|of|on)\s+(?P<s>{S}))?(?='s\s+background|\s*$|\s*[,.;!?]|\s+-|\s+(?:in|from|of|on)\b)"
        rf"|\b(?P<who2>the\s+[^,.;!?⟨]+?)\s+(?:in|from|on|at)\s+(?P<s2>{S})\s+(?:can|has\s+to|should|must)\s+go\b",
        text,
        re.I,
    )
    if removal:
        return _unpeople(about, removal)
    adding = re.search(
        rf"^(?i:(?:can|could)\s+we\s+(?:get|have|add)\s+|add\s+|put\s+|i\s+want\s+|"
        rf"(?:in\s+)?{S}\s*[,:]?\s*(?:i'd\s+like|i\s+want|we\s+need|let's\s+have|add)?\s*)?"
        rf"(?P<who>(?:an?\s+|(?:{NUMBER})\s+|{C}\s*\([^)]*\)\s+|[A-Z][\w'-]+(?:\s+[A-Z][\w'-]+)?\s*(?:\([^)]*\))?\s+)[^⟨]*?)"
        rf"(?:\s+(?:to|in|into|on|at)\s+(?P<s>{S}))?(?:\s*,?\s*(?:please|pls|too))?\s*[.?!]?$",
        re.split(r"(?<=[.?!])\s+", text)[0],
    )
    if (
        adding
        and _person_with_action(adding.group("who"))
        and not re.search(r"\b(?:would|could|should|might|is|are|was|were|be|too)\b", adding.group("who"), re.I)
    ):
        who = _cleaned(about.reading.original(adding.group("who")))
        if re.match(r"(?i)(?:a\s+few|some|more|several)\b", adding.group("who")):
            raise NotUnderstood("how many? Give a count and an action, e.g. 'two gulls circling the mast'")
        shots = about.targets(besides=tuple(re.findall(S, adding.group("who"))))
        return Claim([_add(shot, "npcs", who) for shot in shots], adding.start("who"), adding.end("who"))
    if re.search(
        r"\b(?:more|a\s+few|some|extra)\s+(?:\w+\s+)?(?:birds|gulls|extras|people|customers|background)", text, re.I
    ):
        raise NotUnderstood("how many, doing what, and in which shot? e.g. 'add two gulls circling the mast to shot 5'")
    return None


_ACTION = re.compile(
    r"\b\w+ing\b|\b(?:reads?|waits?|sits?|stands?|queues?|walks?|wipes?|hops?|naps?|watch(?:es)?)\b", re.I
)


def _person_with_action(who: str) -> bool:
    """A background person as the guide writes one: a count or a name, and an action."""
    words = who.split()
    if len(words) < 2 or not _ACTION.search(who):
        return False
    first = words[0].lower()
    if re.fullmatch(NUMBER, first, re.I) or first in ("a", "an") or first[0] == "⟨":
        return True
    return words[0][0].isupper() and ("(" in who or not known_word(first))


def _recount(about: Subject, m: re.Match[str]) -> Claim | None:
    what = words_of(m.group("what"))[:1]
    if not what:
        return None
    old = number(m.group("old"))
    ops: list[EditOp] = []
    named = about.targets() if about.mentions() or about.shot else None
    shots = named or [s.id for s in about.board.shots if any(matches_item(what, i) for i in s.npcs)]
    if not any(matches_item(what, i) for s in shots for i in about.get(s).npcs):
        return None
    for shot_id in shots:
        items = [i for i in about.get(shot_id).npcs if matches_item(what, i)]
        if len(items) != 1:
            raise NotUnderstood(f"shot {shot_id} has {len(items) or 'no'} background {what[0]} item(s) to recount")
        item = items[0]
        counted = re.search(rf"(?<![\w-])(?:{re.escape(number_word(old))}|{old:g})(?![\w-])", item, re.I)
        if not counted:
            raise NotUnderstood(f"'{item}' does not say {number_word(old)}")
        written = m.group("n")
        ops.append(_replace("shot", shot_id, "npcs", item, item[: counted.start()] + written + item[counted.end() :]))
    return Claim(ops, m.start(), m.end())


def _unpeople(about: Subject, m: re.Match[str]) -> Claim | None:
    who = m.group("who") or m.group("who2")
    token = m.group("s") or m.group("s2")
    named = about.reading.mention(token) if token else None
    if named and named.problem and len(named.shots) > 1:
        words = words_of(about.reading.original(who))
        shots = [s for s in named.shots if any(matches_item(words, i) for i in about.get(s).npcs)]
        if len(shots) != 1:
            raise NotUnderstood(named.problem)
    elif token:
        shots = [about.one(token)]
    elif about.mentions() or about.shot:
        shots = about.targets()
    else:
        words = words_of(about.reading.original(who))
        shots = [s.id for s in about.board.shots if any(matches_item(words, i) for i in s.npcs)]
        if len(shots) > 1:
            raise NotUnderstood(
                f"'{about.reading.original(who)}' are in the background of shots {', '.join(shots)}: say which"
            )
        if not shots:
            return None
    character = re.fullmatch(C, who.strip())
    ops: list[EditOp] = []
    for shot_id in shots:
        shot = about.get(shot_id)
        if character:
            key = about.reading.character(who.strip())
            if key in shot.cast:
                ops += _uncast(about, shot_id, key)
                continue
            name = about.board.characters[key].name.split()[0]
            items = [i for i in shot.npcs if re.search(rf"\b{re.escape(name)}\b", i, re.I)]
        elif who.lower() in ("her", "him", "them"):
            named = re.findall(r"\b([A-Z][a-z]+)\b(?=[^.]*\b(?:is|are)\s+too\b)", about.reading.original(about.text))
            items = [i for i in shot.npcs if named and re.search(rf"\b{re.escape(named[-1])}\b", i)]
        else:
            words = words_of(re.sub(r"\b(?:in|from)\s+the\s+background\b", "", about.reading.original(who)))
            items = [i for i in shot.npcs if matches_item(words, i)]
            if not items:
                return None
            # "lose the newspaper" names what a person reads, not the person: a word of the note must
            # be one of the item's first words, where the guide writes who it is
            if not any(matches_item([w], " ".join(i.split()[:5])) for i in items for w in words):
                raise NotUnderstood(
                    f"{about.reading.original(who)!r} is not who is in the background: {'; '.join(items)}"
                )
        if len(items) != 1:
            what = about.reading.original(who)
            if not items:
                raise NotUnderstood(f"shot {shot_id} has no {what!s} to remove")
            raise NotUnderstood(
                f"'{what}' could be {len(items)} background people in shot {shot_id}: {'; '.join(items)}"
            )
        ops.append(_remove("shot", shot_id, "npcs", items[0]))
    return Claim(ops, m.start(), m.end())


@aspect
def cast(about: Subject) -> Claim | None:
    """Who is in a shot: ``put the skipper in the horn shot``, ``Marit should be in the stare too``,
    ``bring Leo into shot 4``, ``take Pip out of the pop``, ``remove Marit from the horn shot``."""
    text = about.text
    adding = re.search(
        rf"\b(?:put|bring|add|have|get|cast)\s+(?P<c>{C})\s+(?:in(?:to)?|to|on)\s+(?P<s>{S})"
        rf"|(?P<c2>{C})\s+(?:should|needs?\s+to|ought\s+to|has\s+to|must|could|can)\s+(?:also\s+)?be\s+in\s+(?P<s2>{S})",
        text,
        re.I,
    )
    if adding:
        key = about.reading.character(adding.group("c") or adding.group("c2"))
        shot = about.one(adding.group("s") or adding.group("s2"))
        if key in about.get(shot).cast:
            return Claim([], adding.start(), adding.end())
        return Claim([_add(shot, "cast", key)], adding.start(), adding.end())
    removing = re.search(
        rf"\b(?:take|remove|drop|cut|lose)\s+(?P<c>{C})\s+(?:out\s+of|from|off)\s+(?P<s>{S})(?!'s\s+background)"
        rf"|(?P<c2>{C})\s+(?:doesn't|does\s+not|don't|shouldn't|should\s+not|needn't)\s+(?:need\s+to\s+)?be\s+in\s+(?P<s2>{S})",
        text,
        re.I,
    )
    if removing:
        key = about.reading.character(removing.group("c") or removing.group("c2"))
        shot = about.one(removing.group("s") or removing.group("s2"))
        if key not in about.get(shot).cast:
            name = about.board.characters[key].name
            raise NotUnderstood(f"{name} is not in shot {shot}")
        return Claim(_uncast(about, shot, key), removing.start(), removing.end())
    return None


def _uncast(about: Subject, shot: str, key: str) -> list[EditOp]:
    """A character out of a shot's cast, with what the shot keeps of theirs ("Wes's overcoat")."""
    first = about.board.characters[key].name.split()[0]
    theirs = [p for p in about.get(shot).persist if re.match(rf"(?i){re.escape(first)}'s\b", p)]
    return [_remove("shot", shot, "cast", key), *(_remove("shot", shot, "persist", p) for p in theirs)]


# --- wardrobe and props --------------------------------------------------------------------------

_GARMENT = rf"(?P<item>(?:[\w-]+\s+){{0,2}}?(?:{GARMENT_WORDS}|tail|ear|earrings?|ring|bandana|wellies|oilskin|paw|straw)(?:e?s)?)"
_COLOUR = rf"(?P<colour>(?:{COLOUR_WORDS})(?:-\w+)?|[\w]+-(?:tipped|cream|coloured|colored)|ink|oat-cream)"


@aspect
def wardrobe(about: Subject) -> Claim | None:
    """What a character wears or carries: a colour changed (``Tomas's cap should be red from shot 5
    on``, ``Make Fennel's bandana blue everywhere``), an item added (``give Maya a navy scarf from
    the exit on``), removed (``cap off in the stare``, ``lose the scarf from the horn shot on``,
    ``lose Leo's thumb ring``) or a prop kept in frame (``Tomas's steel thermos in frame``)."""
    text = about.text
    change = re.search(
        rf"(?P<c>{C})'s\s+{_GARMENT}\s+(?:should\s+be|(?:ought|needs|has|wants)\s+to\s+be|must\s+be|is|to\s+be|be|goes|turns?|becomes?|in)\s+{_COLOUR}"
        rf"(?:\s*,?\s*(?:not|instead\s+of|rather\s+than)\s+(?P<old>[\w-]+))?"
        rf"|\bmake\s+(?P<c2>{C})'s\s+{_GARMENT.replace('item>', 'item2>')}\s+{_COLOUR.replace('colour>', 'colour2>')}"
        rf"|(?P<c3>{C})'s\s+{_GARMENT.replace('item>', 'item3>')}\s+(?:be\s+)?(?P<colour3>[\w-]+)\s+instead\s+of\s+(?P<old3>[\w-]+)",
        text,
        re.I,
    )
    if change:
        key = about.reading.character(change.group("c") or change.group("c2") or change.group("c3"))
        item = (change.group("item") or change.group("item2") or change.group("item3")).lower()
        colour = (change.group("colour") or change.group("colour2") or change.group("colour3")).lower()
        old = (change.group("old") or change.group("old3") or "").lower() or None
        return _recolour(about, change, key, item, colour, old)
    removal = re.search(
        rf"(?:(?P<c>{C})'s\s+|(?<![\w'⟩]))(?P<item>(?:[\w-]+\s+)?(?:{GARMENT_WORDS}|bandana|earrings?|ring|wellies|mug|cup|straw))\s+off\b"
        rf"|\b(?:lose|remove|drop|take\s+off|no)\s+(?:(?P<c2>{C})'s\s+|the\s+)?(?P<item2>(?:[\w-]+\s+)?(?:{GARMENT_WORDS}|bandana|earrings?|ring|wellies|mug))"
        rf"(?:\s+on\s+(?P<c3>{C}|the\s+\w+))?(?!\w)",
        text,
        re.I,
    )
    if removal:
        return _unwear(about, removal)
    give = re.search(
        rf"\bgive\s+(?P<c>{C})\s+(?:an?\s+|the\s+)?(?P<what>[^,.;!?⟨]+?)(?=\s+(?:from|in|on|everywhere|throughout|for|all)\b|\s+⟨|\s*$|\s*[,.;!?])"
        rf"|(?P<c2>{C})\s+(?:wears|is\s+wearing|should\s+wear|has|carries)\s+(?:an?\s+|the\s+)?(?P<what2>[^,.;!?⟨]+?)(?=\s+(?:from|in|on|everywhere|throughout)\b|\s+⟨|\s*$|\s*[,.;!?])",
        text,
        re.I,
    )
    if give and not re.search(r"\bline\b", give.group("what") or give.group("what2")):
        key = about.reading.character(give.group("c") or give.group("c2"))
        what = _cleaned(about.reading.original(give.group("what") or give.group("what2")))
        return _wear(about, give, key, what)
    prop = re.search(
        rf"(?:(?P<c>{C})'s\s+(?P<what>[^,.;!?⟨]+?)\s+(?:in\s+frame|in\s+shot|visible)|"
        rf"\b(?:keep|have)\s+(?!(?:no|any|more|less|some)\b)(?:(?P<c2>{C})'s\s+)?(?P<what2>[^,.;!?⟨]+?(?:\s+in\s+(?:her|his|their)\s+[\w\s-]+?)?)\s+(?:in\s+frame|(?={S})|(?=in\s+{S})|for\s+the\s+whole)"
        rf"|\b(?:should|needs?\s+to)\s+have\s+(?:the\s+)?(?P<what3>(?:[^,.;!?⟨]|{S})+?\s+in\s+(?:her|his|their)\s+[\w-]+\s+hand)"
        rf"|(?:the\s+)?(?P<what4>[\w\s-]+?\s+)stays\s+(?P<where>in\s+(?:her|his|their)\s+[\w-]+\s+hand))",
        text,
        re.I,
    )
    if prop:
        return _keep(about, prop)
    hand = re.search(
        rf"(?P<c>{C})\s+holds\s+the\s+(?P<thing>[\w\s-]+?)\s+in\s+(?:his|her|their)\s+(?P<new>left|right)\s+\w+,?\s*(?:not|instead\s+of)\s+(?:his|her|their|the)\s+(?P<old>left|right)",
        text,
        re.I,
    )
    if hand:
        return _rehand(about, hand)
    return None


def _scope(about: Subject, key: str) -> list[str] | None:
    """The shots a wardrobe note covers (the character's own in the named ones), or ``None`` for
    every appearance (the character's anchors)."""
    mentions = about.mentions()
    if not mentions and not about.shot:
        return None
    if any(m.scope == "all" for m in mentions):
        return None
    return [s for s in about.targets() if key in about.get(s).cast]


def _names_item(text: str, item: str) -> bool:
    words = item.lower().split()
    head = words[-1]
    kind = GARMENTS.get(head) or GARMENTS.get(head.rstrip("s"))
    for word in re.findall(r"[\w-]+", text.lower()):
        if same_word(word, head) or (kind and GARMENTS.get(word, GARMENTS.get(word.rstrip("s"))) == kind):
            return True
    return False


def _recolour(about: Subject, m: re.Match[str], key: str, item: str, colour: str, old: str | None) -> Claim:
    first = about.board.characters[key].name.split()[0]
    scope = _scope(about, key)
    head = item.split()[-1]
    keep = re.search(
        r"\band\s+(?:keep\s+it|stays?|leave\s+it)\b(?:\s+(?:that\s+way|so|[\w-]+))?", about.text[m.start() :], re.I
    )
    ranged = bool(keep) or any(x.written.lower().startswith("from") for x in about.mentions())
    if scope and keep:
        ids = about.names.ids
        scope = [s for s in ids[ids.index(scope[0]) :] if key in about.get(s).cast]
    if scope and ranged and scope == [s.id for s in about.board.shots if key in s.cast]:
        scope = None  # from their first shot on is every appearance: the character's anchors
    if scope is None:
        anchors = about.board.characters[key].anchors
        named = [a for a in anchors if _names_item(a, head)]
        worn = [
            (shot.id, p)
            for shot in about.board.shots
            for p in shot.persist
            if p.lower().startswith(f"{first.lower()}'s") and _names_item(p, head)
        ]
        if not named and worn:  # what they wear is kept shot by shot: change it in every shot
            ops = [_replace("shot", shot, "persist", p, _coloured(p, head, colour, old)) for shot, p in worn]
            return Claim(ops, m.start(), m.end())
        if not named:
            raise NotUnderstood(
                f"{about.board.characters[key].name} has no {item} to recolour; to add one: 'give {first} a {colour} {item}'"
            )
        if len(named) != 1:
            raise NotUnderstood(f"{first} has {len(named)} anchors naming a {head}: {'; '.join(named)}")
        return Claim(
            [_replace("character", key, "anchors", named[0], _coloured(named[0], head, colour, old))],
            m.start(),
            m.end(),
        )
    if not scope:
        raise NotUnderstood(f"{about.board.characters[key].name} is not in the shot(s) named")
    end = m.start() + keep.end() if keep else m.end()
    ops: list[EditOp] = []
    for shot_id in scope:
        items = [p for p in about.get(shot_id).persist if first.lower() in p.lower() and _names_item(p, head)]
        if items:
            ops.append(_replace("shot", shot_id, "persist", items[0], _coloured(items[0], head, colour, old)))
        else:
            ops.append(_add(shot_id, "persist", f"{first}'s {colour} {item}"))
    if ranged and _worn_before(about, key, head, scope[0]) not in (None, colour):
        ops.append(_add(scope[0], "directives", f"wardrobe-change: {key}"))
    return Claim(ops, m.start(), end)


def _worn_before(about: Subject, key: str, head: str, shot: str) -> str | None:
    """The colour of the character's ``head`` item as the storyboard last set it before ``shot`` (its
    anchors, then earlier shots' `persist`), or ``None`` when nothing set it or a time-jump leads in."""
    kind = GARMENTS.get(head, GARMENTS.get(head.rstrip("s"), head))
    character = about.board.characters[key]
    anchored = next((w.colour for a in character.anchors for w in wardrobe_of(a) if w.item == kind), None)
    colour = anchored
    first = character.name.split()[0].lower()
    ids = about.names.ids
    for index, earlier in enumerate(ids[: ids.index(shot) + 1]):
        transition = transition_of(shot_directives(about.board, index))
        if transition is not None and transition.kind == "time-jump":
            colour = None  # time passed: what they are seen in next sets it
        if earlier == shot:
            break
        if colour is None and key in about.get(earlier).cast:
            colour = anchored  # seen again, in what their anchors say
        for p in about.get(earlier).persist:
            if p.lower().startswith(f"{first}'s"):
                colour = next((w.colour for w in wardrobe_of(p) if w.item == kind), colour)
    return colour


def _coloured(text: str, head: str, colour: str, old: str | None) -> str:
    """``text`` with the colour of its ``head`` item (or the word ``old``) replaced by ``colour``."""
    if old:
        at = re.search(rf"(?<![\w-]){re.escape(old)}(?=[\s-]|$)", text, re.I)
        if at:
            return text[: at.start()] + colour + text[at.end() :]
    words = list(re.finditer(r"[\w-]+", text))
    for index, word in enumerate(words):
        kind = GARMENTS.get(word.group().lower())
        if same_word(word.group(), head) or (kind is not None and kind == GARMENTS.get(head)):
            for earlier in reversed(words[max(0, index - 3) : index]):
                if re.fullmatch(COLOUR_WORDS, earlier.group(), re.I) or re.fullmatch(
                    r"[\w]+-(?:tipped|cream)", earlier.group()
                ):
                    return text[: earlier.start()] + colour + text[earlier.end() :]
            return text[: word.start()] + f"{colour} " + text[word.start() :]
    raise NotUnderstood(f"'{text}' names no {head} to recolour")


def _unwear(about: Subject, m: re.Match[str]) -> Claim | None:
    item = (m.group("item") or m.group("item2")).lower()
    token = (
        m.group("c") or m.group("c2") or (m.group("c3") if m.group("c3") and m.group("c3").startswith("⟨") else None)
    )
    key = about.reading.character(token) if token else None
    if key is None and m.group("c3"):
        role = m.group("c3").split()[-1]
        keys = [k for k, c in about.board.characters.items() if role in (c.description or "").lower()]
        key = keys[0] if len(keys) == 1 else None
    words = words_of(item)
    mentions = about.mentions()
    everywhere = not mentions or any(x.scope == "all" for x in mentions)
    ops: list[EditOp] = []
    shots = about.names.ids if everywhere else about.targets()
    for shot_id in shots:
        shot = about.get(shot_id)
        for p in shot.persist:
            if matches_item(words, p) and (
                key is None or about.board.characters[key].name.split()[0].lower() in p.lower()
            ):
                ops.append(_remove("shot", shot_id, "persist", p))
    if everywhere:
        owners = [key] if key else list(about.board.characters)
        for owner in owners:
            for anchor in about.board.characters[owner].anchors:
                if matches_item(words, anchor):
                    ops.append(_remove("character", owner, "anchors", anchor))
    if not ops:
        where = "anywhere" if everywhere else f"in shot {', '.join(shots)}"
        raise NotUnderstood(f"there is no {item} {where} to take off")
    return Claim(ops, m.start(), m.end())


def _wear(about: Subject, m: re.Match[str], key: str, what: str) -> Claim:
    first = about.board.characters[key].name.split()[0]
    scope = _scope(about, key)
    if scope is None:
        return Claim(
            [AddToList(op="add_to_list", target="character", key=key, field="anchors", item=what)], m.start(), m.end()
        )
    if not scope:
        raise NotUnderstood(f"{about.board.characters[key].name} is not in the shot(s) named")
    return Claim([_add(shot, "persist", f"{first}'s {what}") for shot in scope], m.start(), m.end())


def _keep(about: Subject, m: re.Match[str]) -> Claim | None:
    token = m.group("c") or m.group("c2")
    what = m.group("what") or m.group("what2") or m.group("what3") or m.group("what4")
    after = re.match(rf"\s*({S})", about.text[m.end("what2") :]) if m.group("what2") else None
    if after and not about.reading.mention(after.group(1)).written.lower().startswith("from"):
        return None
    if m.group("where"):
        what = what + m.group("where")
    thing = _cleaned(about.reading.original(what))
    shots = about.targets(besides=tuple(re.findall(S, what)))
    if token:
        key = about.reading.character(token)
        thing = f"{about.board.characters[key].name.split()[0]}'s {thing}"
        shots = [s for s in shots if key in about.get(s).cast]
        if not shots:
            raise NotUnderstood(f"{about.board.characters[key].name} is not in the shot(s) named")
    return Claim([_add(shot, "persist", thing) for shot in shots], m.start(), m.end())


def _rehand(about: Subject, m: re.Match[str]) -> Claim:
    thing = words_of(m.group("thing"))
    old, new = m.group("old").lower(), m.group("new").lower()
    ops: list[EditOp] = []
    shots = (
        about.names.ids if not about.mentions() or any(x.scope == "all" for x in about.mentions()) else about.targets()
    )
    for shot_id in shots:
        for p in about.get(shot_id).persist:
            if matches_item(thing, p) and re.search(rf"\b{old}\b", p):
                ops.append(_replace("shot", shot_id, "persist", p, re.sub(rf"\b{old}\b", new, p, count=1)))
    if not ops:
        raise NotUnderstood(f"no shot keeps the {m.group('thing')} in a {old} hand")
    return Claim(ops, m.start(), m.end())


# --- avoid tags ----------------------------------------------------------------------------------


@aspect
def avoid(about: Subject) -> Claim | None:
    """Avoid tags: ``avoid static on every shot on the deck``, ``no recap``, ``watch for darkness on
    the walk``, ``empty backgrounds are a no on X``, ``avoid overacting everywhere`` (the project's
    list), ``X doesn't need the re-entry avoid anymore`` (removed)."""
    text = about.text
    removal = re.search(
        r"\b(?:doesn't|does\s+not|don't|no\s+longer)\s+need\s+the\s+(?P<tag>[\w-]+)\s+avoid", text, re.I
    )
    if removal:
        tag = _tag(removal.group("tag"))
        shots = about.targets()
        ops: list[EditOp] = []
        for shot in shots:
            if tag not in about.get(shot).avoid:
                raise NotUnderstood(f"shot {shot} does not avoid {tag}")
            ops.append(_remove("shot", shot, "avoid", tag))
        return Claim(ops, removal.start(), removal.end())
    m = re.search(
        rf"\b(?:avoid(?:s|ing)?|watch\s+(?:out\s+)?for|without(?:\s+an?)?(?=\s+(?:{_KNOWN_TAGS})\b)|(?<![\w-])no)\s+(?P<tags>[\w\s,'-]+?)(?=\s*$|\s*[.;!?:]|\s+-|\s+⟨|\s+(?:on|in|for|at|from|anywhere|everywhere|throughout|either|too|please|all)\b|\s*,\s+(?!and\b|or\b))"
        r"|(?P<tags2>[\w\s-]+?)\s+(?:are|is)\s+a\s+no\b",
        text,
        re.I,
    )
    if not m:
        return None
    words = m.group("tags") or m.group("tags2")
    not_tags = r"\s*(?:web|social|broadcast|tv|cinema|streaming|ooh|music|bgm|score|sfx|sound|audio|dialogue|voice)\s*"
    if _heard(about, words) or re.fullmatch(not_tags, words, re.I):
        return None
    if re.search(r"\b(?:no\s+)?(?:one|more|longer|need|way|change|cheap)\b", words, re.I):
        return None
    parts = [p for p in re.split(r"\s*(?:,|\band\b|\bor\b)\s*", words.strip()) if p.strip()]
    if not parts or any(
        len(p.split()) > 3 or re.search(r"\b(?:on|in|into|onto|to|around|at|the|of|for)\b", p, re.I) for p in parts
    ):
        return None
    tags = [_tag(part) for part in parts]
    mentions = about.mentions()
    everywhere = any(x.scope == "all" for x in mentions) or re.search(
        r"\b(?:in\s+the\s+spot|the\s+whole)\b", text, re.I
    )
    unread_place = re.search(r"\b(?:on|in|at|for)\s+the\s+[a-z]", text, re.I)
    if (everywhere or not (mentions or about.shot or unread_place)) and not [x for x in mentions if x.scope != "all"]:
        return Claim([_add(None, "avoid", tag) for tag in tags], m.start(), m.end())
    shots = about.targets()
    return Claim([_add(shot, "avoid", tag) for shot in shots for tag in tags], m.start(), m.end())


_KNOWN_TAGS = "|".join(
    re.escape(t)
    for t in sorted({*AVOID_TAGS, *(t.replace("-", " ") for t in AVOID_TAGS), *AVOID_SYNONYMS}, key=len, reverse=True)
)


def _heard(about: Subject, words: str) -> bool:
    """Whether the words name a sound of the storyboard ("no kettle click"): sound, not an avoid tag."""
    wanted = words_of(words)
    for shot in about.board.shots:
        audio = shot.audio
        if audio and any(
            matches_item(wanted, t) for t in (audio.sfx or "", audio.bgm or "", *(c.sound for c in audio.cues))
        ):
            return True
    return False


def _tag(words: str) -> str:
    import difflib

    part = re.sub(r"\s+", "-", words.strip().lower())
    part = AVOID_SYNONYMS.get(part, part)
    for form in (part, part.rstrip("s"), re.sub(r"s$", "", part), part.replace("ing", "")):
        if form in AVOID_TAGS:
            return form
    close = difflib.get_close_matches(part, AVOID_TAGS, n=1, cutoff=0.82) or difflib.get_close_matches(
        part.rstrip("s"), AVOID_TAGS, n=1, cutoff=0.82
    )
    if close:
        return close[0]
    if stem(part) in ("morph", "reset"):
        return {"morph": "morph", "reset": "character-reset"}[stem(part)]
    return part


# --- sound ---------------------------------------------------------------------------------------


@aspect
def sound(about: Subject) -> Claim | None:
    """Sound: timed cues added (``a horn blast at 2 s in shot 5``), moved (``move the bus brakes to
    8 seconds``, ``the rope slap should land at 8 seconds, not 7``) or dropped (``drop the church
    bell``); music and effects set or killed (``music on X: …``, ``kill the music on the walk``,
    ``no kettle click on the opener``); a line of dialogue changed (``change Lena's line to '…'``)."""
    text = about.text
    for reader in (_line, _cue_moved, _cue_dropped, _music, _cue_added):
        claim = reader(about, text)
        if claim:
            return claim
    return None


def _cue_added(about: Subject, text: str) -> Claim | None:
    m = re.search(
        rf"^(?:(?:could|can)\s+we\s+(?:hear|have|get|add)\s+|(?:add|put)\s+|(?:{S}\s*[:,-]\s*))?(?P<what>(?:[^⟨]|⟨s\d+⟩)*?|{C}\s+says\s+{Q})\s+(?:cue\s+)?(?:at|from)\s+{_SECONDS}"
        rf"(?:\s+(?:in|on|into)\s+(?P<s>{S}))?\s*[?.!]?$"
        rf"|(?:put|add)\s+an?\s+(?P<what2>[\w\s-]+?)\s+cue\s+at\s+(?P<n2>{NUMBER})\s*(?:s|secs?|seconds?)\b(?:\s+(?:in|on)\s+(?P<s2>{S}))?",
        _last_clause(text),
        re.I,
    )
    if not m:
        return None
    what = m.group("what") or m.group("what2")
    said = re.fullmatch(rf"(?P<c>{C})\s+says\s+(?P<q>{Q})", what.strip())
    if said:
        name = about.board.characters[about.reading.character(said.group("c"))].name.split()[0]
        sound_ = f"{name}: {about.reading.quotes[int(said.group('q')[2:-1])]}"
    else:
        sound_ = _cleaned(about.reading.original(what))
        sound_ = re.sub(r"^(?i:pop|put|add|stick|drop|throw|slip|bring)\s+(?:in\s+)?", "", sound_)
        sound_ = re.sub(r"^(?:a|an|the)\s+|\s+in$", "", sound_)
    if not sound_ or len(sound_) > 60:
        return None
    at = number(m.group("n") or m.group("n2"))
    shots = about.targets(besides=tuple(re.findall(S, what)))
    return Claim([AddCue(op="add_cue", shot=shot, at=at, sound=sound_) for shot in shots], 0, len(text))


def _last_clause(text: str) -> str:
    """The clause of a note that holds a sound with its time ("… and pop a timer beep in at 14 s")."""
    timed = [c for c in _CLAUSES.split(text) if c and re.search(rf"\b(?:at|from)\s+{NUMBER}", c, re.I)]
    if len(timed) == 1:
        return re.sub(r"^(?i:(?:and|while|also|then|so)\s+)?(?i:you're\s+in\s+there\s+)?", "", timed[0].strip())
    return text


def _cue_items(about: Subject, words: list[str], shots: list[str] | None) -> list[tuple[str, int, str]]:
    found = []
    for shot in about.board.shots:
        if shots is not None and shot.id not in shots:
            continue
        for index, cue in enumerate(shot.audio.cues if shot.audio else []):
            if matches_item(words, cue.sound):
                found.append((shot.id, index, cue.sound))
    return found


def _one_cue(about: Subject, phrase: str, token: str | None) -> tuple[str, int, str] | None:
    words = [w for w in words_of(about.reading.original(phrase)) if w not in ("cue", "sound", "sfx", "effect")]
    if not words:
        return None
    if token:
        mention = about.reading.mention(token)
        shots: list[str] | None = list(mention.shots) if mention.shots else [about.one(token)]
    else:
        shots = about.targets() if about.mentions() or about.shot else None
    found = _cue_items(about, words, shots)
    if not found:
        return None
    # "lose the gulls", no shot named: the birds of one shot, or the cry of another
    people = [s.id for s in about.board.shots if any(matches_item(words, i) for i in s.npcs)]
    if people and shots is None:
        raise NotUnderstood(
            f"'{about.reading.original(phrase)}' could be the sound ({found[0][2]!r}, shot {found[0][0]}) "
            f"or who is in the background of shot {', '.join(people)}"
        )
    if len(found) > 1:
        listed = ", ".join(f"{s}: {sound_}" for s, _, sound_ in found)
        raise NotUnderstood(f"'{about.reading.original(phrase)}' could be any of: {listed}")
    return found[0]


def _cue_moved(about: Subject, text: str) -> Claim | None:
    m = re.search(
        rf"\bmove\s+the\s+(?P<what>[\w\s'-]+?)(?:\s+(?:in|on)\s+(?P<s>{S}))?\s+to\s+{_SECONDS}"
        rf"|\bthe\s+(?P<what2>[\w\s'-]+?)(?:\s+(?:in|on)\s+(?P<s2>{S}))?\s+(?:should|could|can|needs\s+to|is\s+late|is\s+early)"
        rf"[^⟨]*?\b(?:land|hit|come|be)\s+(?:right\s+)?at\s+(?P<n2>{NUMBER})\s*(?:s|secs?|seconds?)?\b",
        text,
        re.I,
    )
    if not m:
        return None
    cue = _one_cue(about, m.group("what") or m.group("what2"), m.group("s") or m.group("s2"))
    if cue is None:
        return None
    shot, index, _ = cue
    at = number(m.group("n") or m.group("n2"))
    return Claim([_set(shot, f"audio.cues.{index}.at", at)], m.start(), m.end())


def _cue_dropped(about: Subject, text: str) -> Claim | None:
    m = re.search(
        rf"\b(?:drop|lose|cut|remove|kill|no)\s+the\s+(?P<what>[\w\s'-]+?)(?:\s+(?:in|on|from)\s+(?P<s>{S}))?(?=\s*$|\s*[,.;!?]|\s+-)",
        text,
        re.I,
    )
    if not m:
        return None
    cue = _one_cue(about, m.group("what"), m.group("s"))
    if cue is None:
        return None
    shot, _, sound_ = cue
    return Claim([_remove("shot", shot, "audio.cues", sound_)], m.start(), m.end())


def _music(about: Subject, text: str) -> Claim | None:
    kill = re.search(
        rf"\b(?:kill|lose|drop|cut|remove|mute|no|take\s+out)\s+(?:the\s+)?(?P<what>music|bgm|score|[\w-]+)(?:\s+(?:on|in|from|under)\s+(?P<s>{S}))?",
        text,
        re.I,
    )
    if kill and not _heard(about, kill.group("what")) and kill.group("what").lower() not in ("music", "bgm", "score"):
        kill = None
    if kill:
        token = kill.group("s")
        shots = [about.one(token)] if token else about.targets()
        ops: list[EditOp] = []
        what = kill.group("what").lower()
        for shot in shots:
            audio = about.get(shot).audio
            if what in ("music", "bgm", "score"):
                if not audio or not audio.bgm:
                    raise NotUnderstood(f"shot {shot} has no music to take out")
                ops.append(_set(shot, "audio.bgm", None))
            elif audio and audio.bgm and matches_item([what], audio.bgm):
                ops.append(_set(shot, "audio.bgm", None))
            elif (
                audio
                and audio.sfx
                and matches_item(
                    words_of(
                        about.reading.original(
                            text[kill.start("what") : kill.end("what") + 20].split(" on ")[0].split(" in ")[0]
                        )
                    ),
                    audio.sfx,
                )
            ):
                ops.append(_set(shot, "audio.sfx", None))
            else:
                return None
        return Claim(ops, kill.start(), kill.end())
    setting = re.search(
        rf"\b(?P<kind>music|bgm|score|sfx|sound\s+effects|ambience)\s+(?:on|for|in|under)\s+(?P<s>{S})\s*(?::|should\s+be|to)\s*(?P<text>[^⟨]+)$"
        rf"|(?P<s2>{S})\s+(?P<kind2>music|bgm|score|sfx|ambience)\s*(?::|should\s+be|to)\s*(?P<text2>[^⟨]+?)(?:\s*,?\s+instead\s+of\s+.*)?$",
        text,
        re.I,
    )
    if setting:
        kind = (setting.group("kind") or setting.group("kind2")).lower()
        field = "audio.sfx" if kind in ("sfx", "sound effects", "ambience") else "audio.bgm"
        value = _cleaned(about.reading.original(setting.group("text") or setting.group("text2")), article=True)
        shot = about.one(setting.group("s") or setting.group("s2"))
        return Claim([_set(shot, field, value)], setting.start(), setting.end())
    swapped = re.search(
        r"\b(?:swap|replace|change)\s+the\s+(?P<kind>sfx|music|bgm|score|ambience)\s+(?:for|with|to)\s+(?P<text>[^,.;!?]+)",
        text,
        re.I,
    )
    if swapped:
        field = "audio.bgm" if swapped.group("kind").lower() in ("music", "bgm", "score") else "audio.sfx"
        value = _cleaned(about.reading.original(swapped.group("text")), article=True)
        besides = tuple(re.findall(S, swapped.group("text")))
        return Claim(
            [_set(shot, field, value) for shot in about.targets(besides=besides)], swapped.start(), swapped.end()
        )
    under = re.search(rf"\brun\s+(?P<a>{S})'s\s+(?P<what>[\w\s-]+?)\s+under\s+(?P<b>{S})", text, re.I)
    if under:
        source, shot = about.get(about.one(under.group("a"))), about.one(under.group("b"))
        if (
            not source.audio
            or not source.audio.bgm
            or not matches_item(words_of(under.group("what")), source.audio.bgm)
        ):
            return None
        return Claim([_set(shot, "audio.bgm", source.audio.bgm)], under.start(), under.end())
    return None


def _line(about: Subject, text: str) -> Claim | None:
    given = re.search(
        rf"\bgive\s+(?P<c>{C})\s+(?:a|the)\s+line(?:\s+(?:in|on)\s+(?P<s>{S}))?\s*:?\s*(?P<q>{Q})"
        rf"|(?P<c2>{C})\s+(?:should|could|can|needs\s+to|has\s+to)?\s*says?\s+(?P<q2>{Q})(?:\s+(?:in|on)\s+(?P<s2>{S}))?",
        text,
        re.I,
    )
    if given and not (given.group("c2") and re.search(rf"\bat\s+{NUMBER}\s*(?:s|secs?|seconds?)\b", text, re.I)):
        name = about.board.characters[about.reading.character(given.group("c") or given.group("c2"))].name.split()[0]
        quoted = about.reading.quotes[int((given.group("q") or given.group("q2"))[2:-1])]
        token = given.group("s") or given.group("s2")
        shots = [about.one(token)] if token else about.targets()
        return Claim([_set(shot, "audio.dialogue", f"{name}: {quoted}") for shot in shots], given.start(), given.end())
    m = re.search(
        rf"(?<![\w⟩])(?:change\s+)?(?:(?P<c>{C})'s|(?P<who>[A-Z][a-z]+)'s|the\s+(?:vo|voice-?over|line))\s+(?:line|vo|voice-?over)?\s*(?:(?:on|in)\s+(?P<s>{S})\s+)?(?:should\s+be|to|:)\s*(?P<q>{Q})"
        rf"|\blose\s+(?P<cut>{Q})\s+from\s+(?:(?P<c2>{C})'s|(?P<who2>[A-Z][a-z]+)'s)\s+line",
        text,
        re.I,
    )
    if not m:
        return None
    token = m.group("c") or m.group("c2")
    name = (
        about.board.characters[about.reading.character(token)].name.split()[0]
        if token
        else (m.group("who") or m.group("who2"))
    )
    shots = [about.one(m.group("s"))] if m.group("s") else None
    speaking = shots or [
        s.id
        for s in about.board.shots
        if s.audio and s.audio.dialogue and name and s.audio.dialogue.lower().startswith(name.lower())
    ]
    if len(speaking) != 1:
        raise NotUnderstood(f"{len(speaking) or 'no'} shot(s) have {name or 'that'} line(s) of dialogue")
    shot = speaking[0]
    current = about.get(shot).audio.dialogue or ""  # type: ignore[union-attr]
    if m.group("cut"):
        cut = about.reading.quotes[int(m.group("cut")[2:-1])]
        if cut not in current:
            raise NotUnderstood(f"'{cut}' is not in the line '{current}'")
        value = re.sub(r"\s{2,}", " ", current.replace(cut, "")).replace(": ", ": ").strip()
        value = re.sub(r":\s+", ": ", value)
    else:
        quoted = about.reading.quotes[int(m.group("q")[2:-1])]
        speaker = re.match(r"([^:]+):", current)
        who = speaker.group(1) if speaker else name
        value = quoted if ":" in quoted or not who else f"{who}: {quoted}"
    return Claim([_set(shot, "audio.dialogue", value)], m.start(), m.end())


# --- project fields and prompt text --------------------------------------------------------------


@aspect
def project(about: Subject) -> Claim | None:
    """Fields of the whole piece: disclosure, title, audience, placement, style look."""
    text = about.text
    quoted = re.search(
        rf"\b(?P<field>disclosure|title)\b[^⟨]*?(?P<q>{Q})|\bretitle\s*:?\s*(?:(?:it|this|the\s+\w+)\s+)?(?:to\s+|as\s+)?(?P<q2>{Q})",
        text,
        re.I,
    )
    if quoted:
        field = (quoted.group("field") or "title").lower()
        value = about.reading.quotes[int((quoted.group("q") or quoted.group("q2"))[2:-1])]
        return Claim(
            [SetField(op="set_field", target="project", key=None, field=field, value=value)],
            quoted.start(),
            quoted.end(),
        )
    audience = re.search(
        r"\baudience\s+(?:for\s+(?:this|the)\s+\w+\s+)?(?:should\s+be|is|:|to\s+be|now)\s+(?P<v>.+)$", text, re.I
    )
    if audience:
        value = _cleaned(about.reading.original(audience.group("v")))
        return Claim(
            [SetField(op="set_field", target="project", key=None, field="audience", value=value)],
            audience.start(),
            audience.end(),
        )
    places = ("web", "social", "broadcast", "cinema", "tv", "ooh", "streaming")
    also = re.search(
        rf"\b(?:also\s+runs?\s+on|also\s+goes\s+on|runs?\s+also\s+on|(?:going|goes|go)\s+out\s+on|airs?\s+on)\s+(?:the\s+)?"
        rf"(?P<p>{'|'.join(places)})\b",
        text,
        re.I,
    )
    if also:
        return Claim([_add(None, "placement", also.group("p").lower())], also.start(), also.end())
    only = re.search(
        rf"\b(?P<p>{'|'.join(places)})\s+only\b|\bonly\s+(?:on\s+)?(?P<p2>{'|'.join(places)})\b", text, re.I
    )
    if only:
        value = [(only.group("p") or only.group("p2")).lower()]
        return Claim(
            [SetField(op="set_field", target="project", key=None, field="placement", value=value)],
            only.start(),
            only.end(),
        )
    grade = re.search(rf"\bgrade\b[^⟨]*?(?P<q>{Q})|\bgrade\s*(?::|should\s+be)\s*(?P<v>[^⟨]+)$", text, re.I)
    if (
        grade
        and grade.group("v")
        and re.fullmatch(r"\s*(?:more\s+|less\s+)?\w+(?:er|est)\s*[.!?]?\s*", grade.group("v"))
    ):
        raise NotUnderstood(
            f"'{grade.group('v').strip()}' is a direction, not a grade; write the grade, e.g. 'grade: cool blue, soft grain'"
        )
    if grade:
        value = about.reading.quotes[int(grade.group("q")[2:-1])] if grade.group("q") else _cleaned(grade.group("v"))
        return Claim(
            [SetField(op="set_field", target="project", key=None, field="style.grade", value=value)],
            grade.start(),
            grade.end(),
        )
    look = re.search(
        r"\bmake\s+the\s+whole\s+(?:spot|piece|film|thing)\s+(?P<look>[\w-]+)(?:\s+instead\s+of\s+[\w-]+)?", text, re.I
    )
    if look:
        return Claim(
            [
                SetField(
                    op="set_field", target="project", key=None, field="style.look", value=look.group("look").lower()
                )
            ],
            look.start(),
            look.end(),
        )
    return None


@aspect
def action(about: Subject) -> Claim | None:
    """A shot's action as written: ``walk action: Maya continues left to right, sipping``."""
    m = re.search(rf"(?:(?P<s>{S})\s+)?action\s*(?::|should\s+be)\s*(?P<text>.+)$", about.text, re.I)
    if not m:
        return None
    shots = [about.one(m.group("s"))] if m.group("s") else about.targets()
    value = _cleaned(about.reading.original(m.group("text")))
    return Claim([_set(shot, "action", value) for shot in shots], m.start(), len(about.text))


# --- reading a note ------------------------------------------------------------------------------


@dataclass
class Understood:
    """The edits a note asks for, each with the words of the note it came from; ``follow`` of them
    (at the end of ``ops``) only keep the storyboard consistent with the rest."""

    ops: list[EditOp]
    words: list[str]
    follow: int = 0


def interpret_note(note: str, board: Storyboard, names: Names | None = None) -> list[EditOp]:
    """The edits one note asks for; :class:`NotUnderstood` when no reading is certain."""
    return read_note(note, board, names).ops


_REQUESTS = re.compile(r"\s*(?:;|,?\s+and\s+(?:then\s+|also\s+)?|,\s+then\s+|\s+-\s+)\s*", re.I)


def read_note(note: str, board: Storyboard, names: Names | None = None) -> Understood:
    """Every aspect's reading of the note, composed; :class:`NotUnderstood` when none reads it.

    A note that asks for two things of two shots ("trim the market to eight and put the eggs on a
    fifty") is read request by request when it cannot be read whole: each must be read, or give a
    reason ("we'll end on the clink"), or nothing is applied."""
    names = names or Names(board)
    try:
        return _read_note(note, board, names)
    except Several:
        parts = [p for p in _REQUESTS.split(note) if p.strip()]
        if len(parts) < 2:
            raise
        read = Understood([], [])
        for part in parts:
            if _REASON.match(part.strip()):
                continue
            one = _read_note(part, board, names)
            asked = len(one.ops) - one.follow
            read.ops[len(read.ops) - read.follow : len(read.ops) - read.follow] = one.ops[:asked]
            read.words[len(read.words) - read.follow : len(read.words) - read.follow] = one.words[:asked]
            read.ops += one.ops[asked:]
            read.words += one.words[asked:]
            read.follow += one.follow
        if not read.ops:
            raise
        return read


def _read_note(note: str, board: Storyboard, names: Names) -> Understood:
    if _INSTRUCTION.search(note):
        raise Instruction("this reads as an instruction to the tool, not a note on the storyboard; it was not applied")
    for index, clause in enumerate(re.split(r"(?<=[.?!;])\s+|\s+[-\u2014\u2013]+\s+|,\s+", note)):
        refused = _NOT_A_REQUEST.search(clause)
        if refused and not (index and _gives_reason(clause)):
            why = _NOT_A_REQUEST_WHY[next(k for k, v in refused.groupdict().items() if v)]
            raise NotUnderstood(f"{why} ({refused.group()!r})")
    reading = names.read(FILLER.sub(" ", note))
    subject = None
    prefix = re.match(rf"^(?:(?:in|on|for)\s+)?(?P<s>{S})\s*(?::|,|-)\s*", reading.text)
    if prefix:
        mention = reading.mention(prefix.group("s"))
        if mention.problem:
            raise NotUnderstood(mention.problem)
        if len(mention.shots) == 1:
            subject = mention.shots[0]
    reading.text = _masked(reading)
    about = Subject(board, names, reading, subject)
    about.references |= _reasons(reading)
    about.references |= set(
        re.findall(rf"\b(?:same\s+as|just\s+like|like\s+in|like|as\s+in|matching)\s+({S})", reading.text, re.I)
    )
    claims: list[Claim] = []
    reasons: list[str] = []
    unresolved: list[Unresolved] = []
    several = False
    for read in ASPECTS:
        try:
            claim = read(about)
        except Unresolved as error:
            unresolved.append(error)
            continue
        except NotUnderstood as error:
            several = several or isinstance(error, Several)
            reasons.append(str(error))
            continue
        if claim is not None and not any(c.start < claim.end and claim.start < c.end for c in claims):
            claims.append(claim)
    # A name that is ambiguous only in a clause no aspect read ("we have enough of the quay") is no reason.
    reasons += [
        str(e) for e in unresolved if not claims or any(c.start <= reading.text.index(e.token) < c.end for c in claims)
    ]
    if several:  # several shots named apart: read request by request, if the note has several
        raise Several(next(r for r in reasons if "say which shot it changes" in r))
    if not claims:
        raise NotUnderstood(reasons[0] if reasons else _unread(reading))
    if reasons:
        raise NotUnderstood(f"part of the note was read, but {reasons[0]}")
    unread = _unclaimed(reading, claims)
    if unread:
        raise NotUnderstood(f"part of the note was read, but not {unread!r}; write it as a note of its own")
    claims.sort(key=lambda c: c.start)
    ops = [op for claim in claims for op in claim.ops]
    follow = [op for claim in claims for op in claim.follow]
    words = [_words(about, claim) for claim in claims for _ in claim.ops]
    words += [_words(about, claim) for claim in claims for _ in claim.follow]
    return Understood([*ops, *follow], words, len(follow))


_REASON = re.compile(
    r"^(?:i\s+(?:think|feel|love)|it'?s|it\s+(?:is|was|reads|feels|looks|loses|gets)|so\s|because|since|"
    r"that'?s|this\s+is|the\s+client|legal|we\s+(?:have|had|will|'ll)|we'll|(?:she|he|they)\s+(?:is|are|looks?|feels?|seems?))\b",
    re.IGNORECASE,
)
#: What makes a note no request to carry out: it says what not to do, asks, reports, excludes, or
#: offers a choice. Each is refused with why, never read as if it asked for the change it mentions.
_NOT_A_REQUEST = re.compile(
    r"(?P<negated>\b(?:don't|do\s+not|never|shouldn't|should\s+not|mustn't|must\s+not|can't|cannot|won't|isn't|is\s+not"
    r"|aren't|no\s+need\s+to|doesn't\s+need\s+to\s+be\s+(?!in\b)|not\s+(?:sure|web|social|broadcast)\b|I\s+don't\s+(?:think|want)))"
    r"|(?P<asked>^\s*(?:did|was|were|how|why|who|when|where|is\s+(?:it|the|there)|has|have\s+we|do\s+we)\b[^.]*\?)"
    r"|(?P<reported>\b(?:last\s+time|asked\s+for|used\s+to|we\s+tried|i\s+disagree|earlier\s+note|undo|ignore)\b)"
    r"|(?P<excepted>\b(?:except|apart\s+from|other\s+than|excluding|save\s+for|but\s+not|besides)\b)"
    r"|(?P<choice>\beither\b(?=.*\bor\b)|\bor\s+(?:maybe|the|shot|a|an|\d)\b)",
    re.IGNORECASE,
)
_NOT_A_REQUEST_WHY = {
    "negated": "it says what not to do, not what to change; write the change itself",
    "asked": "it asks a question; write the change as a note",
    "reported": "it reports or revisits an earlier note or decision; write the change itself (or 'soracheck undo')",
    "excepted": "it names shots by exception; name the shots it changes",
    "choice": "it offers a choice; pick one",
}


def _gives_reason(clause: str) -> bool:
    """Whether a clause after a note's first one gives a reason ("we don't need to see him yet")
    rather than a request ("can we …", "we should …", "I'd …")."""
    clause = clause.strip()
    if re.match(r"(?i)(?:can|could|would)\s+(?:we|you)|we\s+(?:should|need\s+to)|let's|i'd|i\s+want", clause):
        return False
    return bool(
        _REASON.match(clause) or re.match(r"(?i)(?:we|you|she|he|they|it|that|this|i|[A-Z]\w+'s\s+not)\b", clause)
    )


def _masked(reading: Reading) -> str:
    """The note with its reason clauses (after the first clause: "…, it's like the exit on a 50mm")
    blanked, keeping offsets and the shots they name, so that no aspect reads a value in them."""
    text = reading.text
    bounds = [0, *(m.end() for m in re.finditer(r"[.?!;]\s+|\s+-\s+|,\s+", text)), len(text)]
    for index, (start, end) in enumerate(itertools.pairwise(bounds)):
        if index and _REASON.match(text[start:end].strip()):
            kept = " ".join(re.findall(S, text[start:end]))
            text = text[:start] + kept.ljust(end - start) + text[end:]
    return text


def _reasons(reading: Reading) -> set[str]:
    """Shots named only in a clause that gives a reason ("I want the rain stacked up between us"),
    after the note's first clause: they are not what the note changes."""
    tokens: set[str] = set()
    for index, clause in enumerate(re.split(r"[.?!;]\s+|\s+-\s+|,\s+", reading.text)):
        if index and _REASON.match(clause.strip()):
            tokens |= set(re.findall(S, clause))
    named = set(re.findall(S, reading.text))
    return tokens if tokens != named else set()


_CLAUSES = re.compile(r"[.?!;:]\s+|\s+-\s+|,\s+(?:and\s+|then\s+|also\s+)?|\s+(?:and|while|also|plus)\s+", re.I)
#: Words a clause asks for a change with, when it begins with one (after "can we", "please" …).
_ASKS = re.compile(
    r"^(?:(?:and|while|also|then|so)\s+)?(?:(?:can|could|would)\s+(?:we|you)\s+|let's\s+|(?:i'd|we'd)\s+(?:like\s+to\s+|rather\s+)?"
    r"|you're\s+in\s+there\s+)?"
    r"(?:add|put|pop|stick|drop|lose|cut|remove|make|move|swap|give|set|change|use|avoid|kill|lock|"
    r"shorten|lengthen|trim|extend|duplicate|repeat|fade|dissolve|whip|bring|take|get\s+rid|replace|turn)\b",
    re.IGNORECASE,
)


def _unclaimed(reading: Reading, claims: list[Claim]) -> str | None:
    """A clause that asks for a change (it starts with a verb of one) that no aspect read."""
    text = reading.text
    changed = {getattr(op, "key", None) or getattr(op, "shot", None) for c in claims for op in c.ops}
    bounds = [0, *(m.end() for m in _CLAUSES.finditer(text)), len(text)]
    for start, end in itertools.pairwise(bounds):
        clause = text[start:end].strip(" ,.;:-")
        others = [t for t in re.findall(S, clause) if not set(reading.mention(t).shots) <= changed]
        valued = re.search(rf"{NUMBER}|{Q}", re.sub(r"⟨[sc]\d+⟩", "", clause), re.I) or others
        if clause and valued and _ASKS.match(clause) and not any(c.start < end and start < c.end for c in claims):
            return re.sub(r"\s+(?:and|then|also|plus|while)$", "", reading.original(clause), flags=re.I)
    return None


def _words(about: Subject, claim: Claim) -> str:
    """The clauses of the note a claim was read from, as the note wrote them."""
    text = about.text
    bounds = [
        0,
        *(m.end() for m in re.finditer(r"[.?!;:]\s+|\s+-\s+|,\s+(?:and\s+|then\s+)?|\s+and\s+", text)),
        len(text),
    ]
    start = max(b for b in bounds if b <= claim.start)
    end = min((b for b in bounds if b >= claim.end and b > start), default=len(text))
    words = re.sub(r"[\s,.;:-]*(?:\b(?:and|then)\s*)?$", "", about.reading.original(text[start:end]))
    return words.strip(" ,.;:-")


#: Words that say which field a note is about, and how a note gives that field a value.
_FIELD_HINTS = (
    (r"\b(?:long|longer|short|shorter|length|drags?|seconds?|secs?|quick|quicker|slow)\b", "{shot}: 8 seconds"),
    (r"\b(?:lens|mm|wide|wider|tight|tighter|close|closer)\b", "{shot} on a 50mm"),
    (r"\b(?:camera|pan|dolly|push|tilt|track|handheld|static|crane)\b", "camera on {shot}: …, as if …"),
    (r"\b(?:music|sound|sfx|bgm|audio|quiet|loud|silence)\b", "music on {shot}: …"),
    (r"\b(?:light|lighting|lit|dark|bright)\b", "lock the lighting on {shot} to current"),
)


def _unread(reading: Reading) -> str:
    problems = [m.problem for m in reading.mentions if m.problem]
    if problems:
        return problems[0]
    named = next((m.written for m in reading.mentions if m.shots), None)
    if named:
        hints = [form for pattern, form in _FIELD_HINTS if re.search(pattern, reading.note, re.I)]
        examples = hints[:1] or [form for _, form in _FIELD_HINTS[:3]]
        shown = " or ".join(repr(e.format(shot=named)) for e in examples)
        return f"it names {named!r} but gives nothing to set; say it with a value, e.g. {shown}"
    return (
        "no field or value the offline interpreter reads (durations, lenses, camera, transitions, continuity, "
        "order, background people, cast, wardrobe, props, avoid tags, sound; see 'Director notes' in the README)"
    )
