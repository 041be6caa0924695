"""Sound: cues added, moved and dropped, music and dialogue lines."""

from __future__ import annotations

import re

from soracheck.agents.grammar.subject import (
    CLAUSES,
    SECONDS,
    C,
    Claim,
    NotUnderstood,
    Q,
    S,
    Subject,
    cleaned,
    remove_from,
    set_to,
)
from soracheck.agents.ops import (
    AddCue,
    EditOp,
)
from soracheck.agents.reading import matches_item, words_of
from soracheck.vocabulary.notes import NUMBER, number


def heard(about: Subject, words: str) -> bool:
    """Whether the words name a sound of the storyboard ("no kettle click"): sound, not an avoid tag."""
    wanted = words_of(words)
    for shot in about.board.shots:
        audio = shot.audio
        if audio and any(
            matches_item(wanted, t) for t in (audio.sfx or "", audio.bgm or "", *(c.sound for c in audio.cues))
        ):
            return True
    return False


# --- sound ---------------------------------------------------------------------------------------


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
        rf"^(?:(?:could|can)\s+we\s+(?:hear|have|get|add)\s+|(?:add|put)\s+|(?:{S}\s*[:,-]\s*))?(?P<what>(?:[^⟨]|⟨s\d+⟩)*?|{C}\s+says\s+{Q})\s+(?:cue\s+)?(?:at|from)\s+{SECONDS}"
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
        sound_ = cleaned(about.reading.original(what))
        sound_ = re.sub(r"^(?i:pop|put|add|stick|drop|throw|slip|bring)\s+(?:in\s+)?", "", sound_)
        sound_ = re.sub(r"^(?:a|an|the)\s+|\s+in$", "", sound_)
    if not sound_ or len(sound_) > 60:
        return None
    at = number(m.group("n") or m.group("n2"))
    shots = about.targets(besides=tuple(re.findall(S, what)))
    return Claim([AddCue(op="add_cue", shot=shot, at=at, sound=sound_) for shot in shots], 0, len(text))


def _last_clause(text: str) -> str:
    """The clause of a note that holds a sound with its time ("… and pop a timer beep in at 14 s")."""
    timed = [c for c in CLAUSES.split(text) if c and re.search(rf"\b(?:at|from)\s+{NUMBER}", c, re.I)]
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
        rf"\bmove\s+the\s+(?P<what>[\w\s'-]+?)(?:\s+(?:in|on)\s+(?P<s>{S}))?\s+to\s+{SECONDS}"
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
    return Claim([set_to(shot, f"audio.cues.{index}.at", at)], m.start(), m.end())


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
    return Claim([remove_from("shot", shot, "audio.cues", sound_)], m.start(), m.end())


def _music(about: Subject, text: str) -> Claim | None:
    kill = re.search(
        rf"\b(?:kill|lose|drop|cut|remove|mute|no|take\s+out)\s+(?:the\s+)?(?P<what>music|bgm|score|[\w-]+)(?:\s+(?:on|in|from|under)\s+(?P<s>{S}))?",
        text,
        re.I,
    )
    if kill and not heard(about, kill.group("what")) and kill.group("what").lower() not in ("music", "bgm", "score"):
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
                ops.append(set_to(shot, "audio.bgm", None))
            elif audio and audio.bgm and matches_item([what], audio.bgm):
                ops.append(set_to(shot, "audio.bgm", None))
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
                ops.append(set_to(shot, "audio.sfx", None))
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
        value = cleaned(about.reading.original(setting.group("text") or setting.group("text2")), article=True)
        shot = about.one(setting.group("s") or setting.group("s2"))
        return Claim([set_to(shot, field, value)], setting.start(), setting.end())
    swapped = re.search(
        r"\b(?:swap|replace|change)\s+the\s+(?P<kind>sfx|music|bgm|score|ambience)\s+(?:for|with|to)\s+(?P<text>[^,.;!?]+)",
        text,
        re.I,
    )
    if swapped:
        field = "audio.bgm" if swapped.group("kind").lower() in ("music", "bgm", "score") else "audio.sfx"
        value = cleaned(about.reading.original(swapped.group("text")), article=True)
        besides = tuple(re.findall(S, swapped.group("text")))
        return Claim(
            [set_to(shot, field, value) for shot in about.targets(besides=besides)], swapped.start(), swapped.end()
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
        return Claim([set_to(shot, "audio.bgm", source.audio.bgm)], under.start(), under.end())
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
        return Claim(
            [set_to(shot, "audio.dialogue", f"{name}: {quoted}") for shot in shots], given.start(), given.end()
        )
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
    return Claim([set_to(shot, "audio.dialogue", value)], m.start(), m.end())
