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
    r"^\s*(?:[\[(]?\d+(?:[.:]\d+)*\s*s?[\])]?\s*[-–—:]?\s*)?"
    r"(?:(?:sfx|snd|sound(?:\s+effects?)?|fx|audio|music|mus|bgm|score|vo|v\.o\.|dialogue|dialog|ambience|ambient)"
    r"\s*[:\-–—]\s*)?",
    re.IGNORECASE,
)
#: Clause breaks: commas, semicolons, dashes, full stops, "then".
_CLAUSE = re.compile(r"[,;.!?…]+\s|[,;…]|\s[-–—]+\s|\s*[–—]\s*|\bthen\b|\band\s+then\b", re.IGNORECASE)
_QUOTED = re.compile(r"[\"\u201c\u2018'][^\"\u201d\u2019]{2,}[\"\u201d\u2019']")

#: Words that ask for silence wherever they stand.
SILENCE = (
    "silence",
    "silent",
    "silently",
    "dead air",
    "hush",
    "hushed",
    "no sound",
    "no sounds",
    "no audio",
    "without sound",
    "soundless",
    "stillness",
    "nothing heard",
    "nothing at all",
    "mute all",
    "mute everything",
    "all muted",
)
#: Words for silence only at the end of a clause ("the room goes quiet", not "quiet piano").
SILENCE_LAST = re.compile(r"\b(?:quiet|mute|muted|still|nothing)\W*$", re.IGNORECASE)
#: The whole soundtrack, whose stopping is silence.
EVERYTHING = ("all sound", "all sounds", "all audio", "everything", "the sound", "sound", "audio", "soundtrack", "the mix", "all")
#: Verbs of a sound stopping.
STOPS = ("stops", "stop", "cuts out", "cut out", "cuts", "drops out", "ends", "dies", "ceases", "goes out", "out", "off")
#: What breaks a silence, so the cue is the sound that does: "silence broken by a gunshot".
BROKEN = ("broken by", "interrupted by", "pierced by", "shattered by", "split by", "until", "but for", "except")
#: Changes with no instant: fades, swells, what goes on.
CHANGE = (
    "fade",
    "fades",
    "fading",
    "faded",
    "fade in",
    "fade out",
    "fade up",
    "fade down",
    "swell",
    "swells",
    "swelling",
    "build",
    "builds",
    "building",
    "rise",
    "rises",
    "rising",
    "grows",
    "growing",
    "continue",
    "continues",
    "continuing",
    "throughout",
    "picks up",
    "soften",
    "softens",
    "gradually",
    "slowly",
    "lingers",
    "lingering",
    "sustains",
    "sustained",
    "crescendo",
    "ramps up",
    "ramps",
    "creeps in",
    "creeps",
    "ebbs",
    "dies away",
    "dies down",
    "trails off",
    "decays",
    "intensifies",
    "louder",
    "quieter",
    "persists",
    "carries on",
    "keeps",
    "settles",
    "recedes",
    "drifts",
    "thickens",
    "still going",
    "plays under",
    "under",
    "underneath",
    "in the background",
    "bed",
    "loops",
    "looping",
)
#: Stops that belong to a sound going on: "the alarm stops", "music cuts".
_STOPPED = re.compile(rf"\b(?:{'|'.join(re.escape(s) for s in STOPS if s not in ('out', 'off'))})\b|\b(?:out|off)\W*$", re.IGNORECASE)
#: What a field says when there is none of its kind: "none", "n/a", "-", "no dialogue".
_NONE = re.compile(
    r"^\W*(?:none|nothing|n/?a|nil|null|tbd|tba|tbc|no|-+|–|—|no\s+[\w\s/-]+|without\s+[\w\s/-]+)?\W*$", re.IGNORECASE
)


def _clauses(text: str) -> list[str]:
    """The clauses of ``text`` after any label, quoted speech kept whole and heard."""
    body = _LABEL.sub("", text, count=1)
    if _QUOTED.search(body) and not _QUOTED.sub("", body).strip(" .,:;-–—()[]"):
        return ["'speech'"]
    body = _QUOTED.sub(" 'speech' ", body)
    return [part.strip() for part in _CLAUSE.split(body) if part and part.strip(" ()[]*_")]


def _silent(clause: str) -> bool:
    """Whether ``clause`` asks for silence of everything."""
    if any_phrase(clause, SILENCE) or SILENCE_LAST.search(clause):
        return True
    subject = any_phrase(clause, EVERYTHING)
    return bool(subject and subject.start() <= 4 and _STOPPED.search(clause, subject.end()))


def cue_kind(text: str) -> CueKind:
    """What a timed cue asks the soundtrack for at its time, read by its first clause.

    >>> cue_kind("[2.5] door slams"), cue_kind("hard cut to silence"), cue_kind("music swells")
    ('onset', 'silence', 'change')
    >>> cue_kind("silence broken by a gunshot"), cue_kind("music fades to silence")
    ('onset', 'change')
    """
    parts = _clauses(text)
    if not parts:
        return "onset"
    first = parts[0]
    if _silent(first):
        if any_phrase(first, BROKEN):
            return "onset"
        fading = any_phrase(first, CHANGE)
        if fading and not any_phrase(first, ("continue", "continues", "continuing", "throughout", "lingers", "persists", "settles")):
            return "change"
        return "silence"
    if any_phrase(first, CHANGE) or _STOPPED.search(first):
        return "change"
    return "onset"


def field_kind(text: str) -> FieldKind:
    """What a music, effects or dialogue field declares: sound, silence, or none of its kind.

    A field is heard when any clause of it declares a sound ("no music, just rain"); it asks for
    silence when a clause does and none is heard ("none — dead silence").

    >>> field_kind("rain on a tin roof"), field_kind("total silence"), field_kind("No dialogue.")
    ('sound', 'silence', 'nothing')
    """
    kinds = set()
    for clause in _clauses(text) or [""]:
        if any_phrase(clause, BROKEN):
            kinds.add("sound")
        elif any_phrase(clause, SILENCE):
            kinds.add("silence")
        elif _NONE.match(clause):
            kinds.add("nothing")
        elif _silent(clause):
            kinds.add("silence")
        else:
            kinds.add("sound")
    return "sound" if "sound" in kinds else "silence" if "silence" in kinds else "nothing"
