"""Sound as storyboards write it: whether a timed cue is a sound that begins, silence, or a change
no one can place in time; whether an audio field declares sound, asks for silence, or says there is
none of its kind.

A cue is read by its first clause, the first thing heard ("a scream, then silence" begins with a
scream). Silence is the whole soundtrack going quiet ("silence", "all sound cuts out", "the room
goes quiet"); one sound stopping ("the alarm stops", "music cuts") is a change, as other sounds may
go on. A fade or a swell has no instant, not even a fade to silence. "Quiet" and "muted" are silence
only as the last word of a clause: "quiet piano" and "muted trumpet" are heard.
"""

from __future__ import annotations

import re
from typing import Literal

from soracheck.vocabulary.phrases import any_phrase

CueKind = Literal["onset", "silence", "change"]
FieldKind = Literal["sound", "silence", "nothing"]

#: Labels and stamps before a cue or field's words: "SFX:", "[2.5]", "0:03 -", "MUS".
_LABEL = re.compile(
    r"^\s*(?:[\[(]?\d+(?:[.:]\d+)*\s*s?[\])]?\s*[-\u2013\u2014:]?\s*)?"
    r"(?:(?:sfx|snd|sound(?:\s+effects?)?|fx|audio|music|mus|bgm|score|vo|v\.o\.|dialogue|dialog|ambience|ambient)"
    r"\s*[:\-\u2013\u2014]\s*)?",
    re.IGNORECASE,
)
#: Clause breaks: commas, semicolons, dashes, full stops, "then".
_CLAUSE = re.compile(
    r"[,;.!?\u2026]+\s|[,;\u2026]|\s[-\u2013\u2014]+\s|\s*[\u2013\u2014]\s*|\bthen\b|\band\s+then\b", re.IGNORECASE
)
_QUOTED = re.compile(r"[\"\u201c\u2018'][^\"\u201d\u2019]{2,}[\"\u201d\u2019']")

#: Words that ask for silence wherever they stand.
SILENCE = (
    "silence",
    "dead air",
    "zero sound",
    "zero audio",
    "without sound",
    "soundless",
    "stillness",
    "nothing heard",
    "nothing at all",
    "mute all",
    "mute everything",
    "all muted",
)
#: Silence in words that ask for it only as they stand: at the end of a clause ("the room goes quiet",
#: not "quiet piano" or "hushed voices"), "a hush", and "no sound" but not "no sound effects".
SILENCE_AS_SAID = re.compile(
    r"\b(?:quiet|mute|muted|still|silent|hushed)\W*$|\b(?:hush|quiets)\b|\bno\s+(?:sounds?|audio)\b(?!\s+(?:effects?|fx|design|cues?))",
    re.IGNORECASE,
)
#: The whole soundtrack, whose stopping is silence.
EVERYTHING = (
    "all sound",
    "all sounds",
    "all audio",
    "everything",
    "the sound",
    "sound",
    "audio",
    "soundtrack",
    "the mix",
    "all",
)
#: Verbs of a sound stopping.
STOPS = (
    "stops",
    "stop",
    "cuts out",
    "cut out",
    "cuts off",
    "cut off",
    "cuts",
    "drops out",
    "ends",
    "dies",
    "ceases",
    "goes quiet",
)
#: Verbs that stop the whole soundtrack when it follows them: "kill all audio", "cut all sound".
STOPPING = ("kill", "kills", "cut", "cuts", "mute", "mutes", "drop", "drops", "stop", "stops", "lose", "loses")
#: What breaks a silence, so the cue is the sound that does: "silence broken by a gunshot".
BROKEN = (
    "broken by",
    "interrupted by",
    "pierced by",
    "shattered by",
    "split by",
    "breaks the silence",
    "break the silence",
    "breaking the silence",
    "cuts through the silence",
    "pierces the silence",
    "shatters the silence",
    "but for",
    "except",
)
#: "until" breaks a silence with a sound, but not with the end: "silence until a gunshot", not "until the end".
_UNTIL = re.compile(r"\buntil\b(?!\s+(?:the\s+)?(?:end|cut|next))", re.IGNORECASE)
#: Changes with no instant: fades, swells, what goes on.
CHANGE = (
    "fade",
    "fading",
    "fade in",
    "fade out",
    "fade up",
    "fade down",
    "crossfade",
    "cross-fade",
    "swell",
    "swelling",
    "builds",
    "build up",
    "builds up",
    "building up",
    "rise",
    "rising",
    "grow",
    "growing",
    "continue",
    "continuing",
    "throughout",
    "picks up",
    "picking up",
    "ease",
    "eases off",
    "soften",
    "deepen",
    "dip",
    "gradually",
    "slowly",
    "little by little",
    "linger",
    "lingering",
    "sustain",
    "crescendo",
    "riser",
    "ramp",
    "ramps up",
    "creep",
    "creeps in",
    "bleed",
    "bleeds in",
    "ebb",
    "dies away",
    "dies down",
    "goes down",
    "go down",
    "trails off",
    "decay",
    "intensify",
    "intensifies",
    "louder",
    "quieter",
    "persist",
    "carries on",
    "goes on",
    "plays on",
    "rolls on",
    "rumbles on",
    "drones on",
    "keep",
    "keeps rolling",
    "keep rolling",
    "settle",
    "recede",
    "drift",
    "thicken",
    "still going",
    "plays under",
    "under",
    "underneath",
    "in the background",
    "bed",
    "loop",
    "looping",
)
#: Words of a silence that goes on, not a fade into it: "the silence continues".
GOING_ON = ("continue", "continuing", "throughout", "linger", "lingering", "persist", "settle", "hold", "holds")
#: Stops that belong to a sound going on: "the alarm stops", "music cuts".
_STOPPED = re.compile(
    rf"\b(?:{'|'.join(re.escape(s) for s in STOPS)})\b|\b(?:music|mus|sound|audio|sfx|bgm|score|vo|dialogue)\s+out\b",
    re.IGNORECASE,
)
#: A clause that begins by stopping a sound: "kill the music" (not "muted trumpet enters").
_STOPPING_FIRST = re.compile(r"^\W*(?:kill|cut|drop|stop|lose|mute)s?\b", re.IGNORECASE)
#: A clause that says what is not heard: "no music", "nobody speaks", "not even room tone".
_NEGATION = re.compile(
    r"^\W*(?:no|not|nobody|no one|nothing|never|without|zero)\b(?!\s+but\b)|\b(?:says?|said|speaks?)\s+nothing\W*$",
    re.IGNORECASE,
)
#: What a field says when there is none of its kind: "none", "n/a", "-", "no dialogue".
_NONE = re.compile(
    r"^\W*(?:none|nothing|n[/.]?a\.?|nil|null|tbd|tba|tbc|no|-+|\u2013|\u2014|no\s+[\w\s/-]+|without\s+[\w\s/-]+)?\W*$",
    re.IGNORECASE,
)


def _clauses(text: str) -> list[str]:
    """The clauses of ``text`` after any label, quoted speech kept whole and heard."""
    body = _LABEL.sub("", text, count=1)
    if _QUOTED.search(body) and not _QUOTED.sub("", body).strip(" .,:;-\u2013\u2014()[]"):
        return ["'speech'"]
    body = _QUOTED.sub(" 'speech' ", body)
    return [part.strip() for part in _CLAUSE.split(body) if part and part.strip(" ()[]*_")]


def _silent(clause: str) -> bool:
    """Whether ``clause`` asks for silence of everything."""
    if any_phrase(clause, SILENCE) or SILENCE_AS_SAID.search(clause):
        return True
    subject = any_phrase(clause, EVERYTHING)
    if subject and subject.start() <= 4:
        rest = clause[subject.end() :]
        if _STOPPED.search(rest) or re.match(r"\s+(?:out|off)\b", rest, re.IGNORECASE):
            return True
    verb = any_phrase(clause, STOPPING)
    return bool(verb and subject and 0 <= subject.start() - verb.end() <= 2)


def cue_kind(text: str) -> CueKind:
    """What a timed cue asks the soundtrack for at its time, read by its first clause that says what
    is heard (a clause of what is not, "nobody speaks", is passed over).

    >>> cue_kind("[2.5] door slams"), cue_kind("hard cut to silence"), cue_kind("music swells")
    ('onset', 'silence', 'change')
    >>> cue_kind("silence broken by a gunshot"), cue_kind("music fades to silence")
    ('onset', 'change')
    """
    kinds = [kind for kind in map(_clause_kind, _clauses(text)) if kind is not None]
    if not kinds:
        return "change"  # nothing heard begins: "no music"
    if kinds[0] == "stop":  # one sound stops, unless the cue says all is silent then: "music out - dead air"
        return "silence" if kinds[1:2] == ["silence"] else "change"
    if kinds[0] == "silence" and "onset" in kinds[1:]:  # "silence, then a gunshot": when, it does not say
        return "change"
    return kinds[0]


def _clause_kind(clause: str) -> Literal["onset", "silence", "change", "stop"] | None:
    """What one clause of a cue asks; ``None`` when it says what is not heard ("nobody speaks")."""
    if _silent(clause):
        if any_phrase(clause, BROKEN) or _UNTIL.search(clause):
            return "onset"
        return "change" if any_phrase(clause, CHANGE) and not any_phrase(clause, GOING_ON) else "silence"
    if _NEGATION.search(clause):
        return None
    if any_phrase(clause, CHANGE):
        return "change"
    return "stop" if _STOPPED.search(clause) or _STOPPING_FIRST.match(clause) else "onset"


def field_kind(text: str) -> FieldKind:
    """What a music, effects or dialogue field declares: sound, silence, or none of its kind.

    A field is heard when any clause of it declares a sound ("no music, just rain"); it asks for
    silence when a clause does and none is heard ("none, dead silence").

    >>> field_kind("rain on a tin roof"), field_kind("total silence"), field_kind("No dialogue.")
    ('sound', 'silence', 'nothing')
    """
    kinds = set()
    for clause in _clauses(text) or [""]:
        if any_phrase(clause, BROKEN) or (_UNTIL.search(clause) and _silent(clause)):
            kinds.add("sound")
        elif any_phrase(clause, SILENCE) or SILENCE_AS_SAID.search(clause):
            kinds.add("silence")
        elif _NONE.match(clause) or _NEGATION.search(clause):
            kinds.add("nothing")
        elif _silent(clause):
            kinds.add("silence")
        else:
            kinds.add("sound")
    return "sound" if "sound" in kinds else "silence" if "silence" in kinds else "nothing"
