"""The director's production sheet (Markdown) ↔ a one-shot storyboard.

A sheet is the seed's format: a ``# Title`` line, then sections of ``- Key: value`` bullets::

    # The Mirror That Remembers
    ## Subject / Scene Settings
    - Subject: Daniel Reyes
    - Key features: silver stubble; left ear missing its lobe; moth-eaten grey cardigan
    - Location: dusty attic, sloped rafters, a tall oval mirror on a stand
    ## Lighting / Grade
    - Lighting: single candle, warm key from frame left, deep falloff
    ## Visual Taste / Camera / Lens
    ## Coverage / Persist
    ## Audio (BGM & SFX)
    - Cues:
      - [0.0s] attic creak

Sections are matched by their words (``Lighting / Grade`` or ``Lighting``); any may be missing.
Known keys map onto shot fields (see :data:`KEYS`); unknown bullets are kept as prompt details.
Timed bullets ``[t] text`` (``[2.5s]``, ``[0:03]``) under ``Cues`` or ``Beats`` become cues/beats.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from soracheck.storyboard.load import validate
from soracheck.storyboard.model import Shot, Storyboard
from soracheck.storyboard.source import NodePath, SourceMap, StoryboardError

#: The sections a sheet has, in order, with the words that identify each heading.
SECTIONS: dict[str, tuple[str, ...]] = {
    "Subject / Scene Settings": ("subject", "scene"),
    "Lighting / Grade": ("lighting", "grade"),
    "Visual Taste / Camera / Lens": ("visual", "taste", "camera", "lens"),
    "Coverage / Persist": ("coverage", "persist"),
    "Audio (BGM & SFX)": ("audio", "bgm", "sfx", "sound"),
    "Dialogues / Subtitles / VO": ("dialogue", "dialogues", "subtitles", "vo"),
}
#: The sections a complete sheet must have (dialogue is optional in the seed).
REQUIRED_SECTIONS = tuple(SECTIONS)[:5]

#: Bullet key (normalised) → storyboard field it fills.
KEYS: dict[str, str] = {
    "subject": "subject",
    "character": "subject",
    "name": "subject",
    "description": "description",
    "age": "description",
    "key features": "anchors",
    "identity": "anchors",
    "anchors": "anchors",
    "style origin": "style_origin",
    "cameo": "cameo",
    "use": "use",
    "placement": "placement",
    "disclosure": "disclosure",
    "location": "location",
    "background/location": "location",
    "background / location": "location",
    "environment": "location",
    "setting": "location",
    "action": "action",
    "motion": "action",
    "npcs": "npcs",
    "background characters": "npcs",
    "duration": "duration",
    "transition": "transition",
    "directives": "directives",
    "avoid": "avoid",
    "beats": "beats",
    "lighting": "lighting",
    "signature": "signature",
    "grade": "grade",
    "visual taste": "look",
    "look": "look",
    "style": "look",
    "camera": "camera",
    "lens": "lens",
    "lens/focus": "lens",
    "lens / focus": "lens",
    "coverage": "coverage",
    "persist": "persist",
    "bgm": "bgm",
    "music": "bgm",
    "sfx": "sfx",
    "cues": "cues",
    "dialogue": "dialogue",
    "dialogues": "dialogue",
    "subtitles": "dialogue",
    "vo": "dialogue",
}

_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]+(?P<text>.*?)[ \t#]*$")
_BULLET = re.compile(r"^(?P<indent>[ \t]*)[-*+][ \t]+(?P<body>.*?)[ \t]*$")
_KEY = re.compile(r"^(?:\*\*)?(?P<key>[A-Za-z][A-Za-z /&()-]{0,40}?)(?:\*\*)?[ \t]*:(?:\*\*)?[ \t]*(?P<value>.*)$")
_TIMED = re.compile(r"^\[(?P<t>[^\]]+)\][ \t]*(?P<text>.*)$")
_TIME = re.compile(r"^(?:(?P<m>\d+):(?P<s2>\d{1,2}(?:\.\d+)?)|(?P<s>\d+(?:\.\d+)?)[ \t]*(?:s|sec|secs|seconds)?)$")


#: An HTML comment alone on a line, and one ending a bullet (``<!-- soracheck: ignore[CR009] why -->``).
_COMMENT_LINE = re.compile(r"^[ \t]*<!--.*-->[ \t]*$")
_TRAILING_COMMENT = re.compile(r"[ \t]*<!--.*?-->[ \t]*$")


@dataclass
class Bullet:
    key: str | None
    value: str
    start: int
    end: int
    indent: int
    section: str | None


@dataclass
class Sheet:
    """A parsed sheet: title, the sections present (canonical names) and their bullets."""

    path: str
    text: str
    title: str | None = None
    title_span: tuple[int, int] | None = None
    sections: dict[str, tuple[int, int]] = field(default_factory=dict)
    bullets: list[Bullet] = field(default_factory=list)


def section_of(heading: str) -> str | None:
    """The canonical section a heading names, by its words."""
    words = set(re.findall(r"[a-z]+", heading.lower()))
    return next((name for name, keys in SECTIONS.items() if words & set(keys)), None)


def parse_sheet(text: str, path: str) -> Sheet:
    """Sections and bullets of a Markdown sheet, with character spans."""
    sheet = Sheet(path, text)
    section: str | None = None
    offset = 0
    for line in text.splitlines(keepends=True):
        content = line.rstrip("\r\n")
        if heading := _HEADING.match(content):
            name = heading.group("text")
            if len(heading.group("hashes")) == 1 and sheet.title is None:
                sheet.title = name
                sheet.title_span = (offset + heading.start("text"), offset + heading.end("text"))
            else:
                section = section_of(name)
                if section:
                    sheet.sections.setdefault(section, (offset, offset + len(content)))
        elif _COMMENT_LINE.match(content):
            pass  # a suppression (or any) comment, read from the text by the suppressions: no part of a field
        elif bullet := _BULLET.match(content):
            body, body_at = _TRAILING_COMMENT.sub("", bullet.group("body")), offset + bullet.start("body")
            key_match = _KEY.match(body)
            key, value, value_at = (None, body, body_at)
            if key_match and not _TIMED.match(body):
                key = key_match.group("key").strip().lower()
                value, value_at = key_match.group("value"), body_at + key_match.start("value")
            indent = len(bullet.group("indent").expandtabs(4))
            sheet.bullets.append(Bullet(key, value, value_at, value_at + len(value), indent, section))
        elif content.strip() and sheet.bullets and not content.startswith(("#", ">")):
            last = sheet.bullets[-1]
            last.value = f"{last.value} {content.strip()}".strip()
            last.end = offset + len(content)
        offset += len(line)
    return sheet


def sheet_storyboard(sheet: Sheet) -> tuple[Storyboard, SourceMap]:
    """The one-shot storyboard a sheet describes, with a source map into the sheet."""
    source = SourceMap(sheet.path, sheet.text)
    title = sheet.title or "untitled sheet"
    shot_id = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-") or "shot"
    data: dict[str, Any] = {"title": title, "shots": [{"id": shot_id[:60]}]}
    if sheet.title_span:
        source.values[("title",)] = sheet.title_span
        source.values[("shots", 0, "id")] = sheet.title_span
    builder = _Builder(data, source)
    parent: Bullet | None = None
    for bullet in sheet.bullets:
        if (
            bullet.indent
            and parent is not None
            and KEYS.get(parent.key or "") in ("cues", "beats", "npcs", "anchors", "persist")
        ):
            builder.add(parent.key, bullet)
            continue
        parent = bullet
        builder.add(bullet.key, bullet)
    return validate(Storyboard, data, source), source


class _Builder:
    def __init__(self, data: dict[str, Any], source: SourceMap) -> None:
        self.data = data
        self.source = source
        self.shot: dict[str, Any] = data["shots"][0]
        self.character: str | None = None

    def _set(self, path: NodePath, value: Any, span: tuple[int, int]) -> None:
        target: Any = self.data
        for part, next_part in zip(path, (*path[1:], None), strict=True):
            if next_part is None:
                break
            default: Any = [] if isinstance(next_part, int) else {}
            target = target[part] if isinstance(target, list) else target.setdefault(part, default)
        if isinstance(target, list):
            target.append(value)
            path = (*path[:-1], len(target) - 1)
        else:
            target[path[-1]] = value
        self.source.values[path] = span

    def _append(self, path: NodePath, items: list[tuple[str, tuple[int, int]]]) -> None:
        for item, span in items:
            self._set((*path, -1), item, span)

    def add(self, key: str | None, bullet: Bullet) -> None:
        span = (bullet.start, bullet.end)
        target = KEYS.get(key or "")
        shot: NodePath = ("shots", 0)
        if target in ("cues", "beats"):
            self._timed(target, bullet)
        elif target == "subject":
            self.character = re.sub(r"[^a-z0-9]+", "-", bullet.value.lower()).strip("-") or "subject"
            self._set(("characters", self.character, "name"), bullet.value, span)
            self._set((*shot, "cast", -1), self.character, span)
        elif target in ("description", "anchors", "style_origin", "cameo"):
            if self.character is None:
                self.character = "subject"
                self._set(("characters", "subject", "name"), "the subject", span)
                self._set((*shot, "cast", -1), "subject", span)
            character: NodePath = ("characters", self.character, target)
            if target == "anchors":
                self._append(character, _split(bullet, ";"))
            else:
                self._set(character, bullet.value, span)
        elif target in ("lighting", "signature") and "scene" not in self.data.get("locations", {}):
            # No location described (yet): the lighting is the shot's own; a signature needs a place.
            if target == "lighting":
                self._set((*shot, "lighting"), bullet.value, span)
            else:
                self._append((*shot, "details"), [(f"Lighting signature: {bullet.value}", span)])
        elif target in ("location", "lighting", "signature"):
            name = "description" if target == "location" else target
            self._set(("locations", "scene", name), bullet.value, span)
            self._set((*shot, "location"), "scene", span)
        elif target in ("grade", "look"):
            self._set(("style", target), bullet.value, span)
        elif target in ("use", "disclosure"):
            self._set((target,), bullet.value, span)
        elif target == "placement":
            self._append(("placement",), _split(bullet, ","))
        elif target in ("bgm", "sfx", "dialogue"):
            self._set((*shot, "audio", target), bullet.value, span)
        elif target in ("npcs", "persist", "directives"):
            self._append((*shot, target), _split(bullet, ";"))
        elif target == "avoid":
            self._append((*shot, "avoid"), _split(bullet, ","))
        elif target == "duration":
            self._set((*shot, "duration"), _number(bullet.value), span)
        elif target is not None:
            self._set((*shot, target), bullet.value, span)
        elif bullet.value:
            self._set((*shot, "details", -1), f"{key.capitalize()}: {bullet.value}" if key else bullet.value, span)

    def _timed(self, target: str, bullet: Bullet) -> None:
        span = (bullet.start, bullet.end)
        for text, (start, end) in _split(bullet, ";"):
            match = _TIMED.match(text)
            at = _seconds(match.group("t")) if match else None
            if match is None or at is None:
                raise StoryboardError.at(
                    self.source.lines.span(self.source.path, start, end),
                    f"expected a timed entry like '[2.5s] {text}'",
                )
            if target == "cues":
                self._set(("shots", 0, "audio", "cues", -1), {"at": at, "sound": match.group("text")}, span)
            else:
                self._set(("shots", 0, target, -1), {"at": at, "action": match.group("text")}, span)
            self.source.values[("shots", 0, *(("audio", "cues") if target == "cues" else (target,)))] = span


def _split(bullet: Bullet, separator: str) -> list[tuple[str, tuple[int, int]]]:
    items = []
    at = bullet.start
    for part in bullet.value.split(separator):
        stripped = part.strip()
        if stripped:
            start = bullet.start + bullet.value.find(stripped, at - bullet.start)
            items.append((stripped, (start, start + len(stripped))))
        at += len(part) + len(separator)
    return items


def _seconds(text: str) -> float | None:
    match = _TIME.match(text.strip())
    if not match:
        return None
    if match.group("m"):
        return int(match.group("m")) * 60 + float(match.group("s2"))
    return float(match.group("s"))


def _number(text: str) -> float | str:
    seconds = _seconds(text)
    return text if seconds is None else seconds


def render_sheet(board: Storyboard, shot: Shot) -> str:
    """The production sheet of one shot; :func:`sheet_storyboard` reads it back to the same shot."""
    location = board.locations.get(shot.location) if shot.location else None
    subject: list[str] = []
    for key in shot.cast:
        character = board.characters.get(key)
        if character is None:
            continue
        subject.append(f"- Subject: {character.name}")
        subject += [f"- Description: {character.description}"] if character.description else []
        subject += [f"- Key features: {'; '.join(character.anchors)}"] if character.anchors else []
        subject += [f"- Style origin: {character.style_origin}"] if character.style_origin else []
        subject += [f"- Cameo: {character.cameo}"] if character.cameo else []
    use, placement = board.use_of(shot)
    subject += _line("Use", use) + _line("Placement", ", ".join(placement)) + _line("Disclosure", board.disclosure)
    subject += [f"- Location: {location.description}"] if location else []
    subject += _line("Action", shot.action) + _line("NPCs", "; ".join(shot.npcs))
    subject += _timed_lines("Beats", [(b.at, b.action) for b in shot.beats])
    subject += _line("Duration", f"{shot.duration:g}s" if shot.duration else None)
    subject += _line("Transition", shot.transition) + _line("Directives", "; ".join(shot.directives))
    subject += _line("Avoid", ", ".join(dict.fromkeys([*board.avoid, *shot.avoid]))) + [f"- {d}" for d in shot.details]
    lighting = _line("Lighting", location.lighting if location else None) + _line(
        "Signature", location.signature if location else None
    )
    lighting += _line("Grade", board.style.grade)
    camera = _line("Visual taste", board.style.look) + _line("Camera", shot.camera) + _line("Lens", shot.lens)
    coverage = _line("Coverage", shot.coverage) + _line("Persist", "; ".join(shot.persist))
    audio = _line("BGM", shot.audio.bgm) + _line("SFX", shot.audio.sfx)
    audio += _timed_lines("Cues", [(c.at, c.sound) for c in shot.audio.cues])
    dialogue = _line("Dialogue", shot.audio.dialogue)
    parts = [f"# {board.title}\n"]
    for name, lines in zip(SECTIONS, (subject, lighting, camera, coverage, audio, dialogue), strict=True):
        if lines or name in REQUIRED_SECTIONS:
            parts.append(f"## {name}\n" + "".join(f"{line}\n" for line in lines))
    return "\n".join(parts)


def _line(key: str, value: str | None) -> list[str]:
    return [f"- {key}: {value}"] if value else []


def _timed_lines(key: str, entries: list[tuple[float, str]]) -> list[str]:
    return [f"- {key}:"] + [f"  - [{at:g}s] {text}" for at, text in entries] if entries else []
