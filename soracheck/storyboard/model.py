"""Pydantic models of a soracheck project: the storyboard file and the consent records.

Field names are what a director types in YAML; every field is documented here, and the
documentation travels into the JSON Schema (``soracheck schema``) that editors use.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, field_validator

from soracheck.storyboard.source import NodePath

_SIZE = re.compile(r"^\d{2,5}x\d{2,5}$")
_SHOT_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")

Seconds = Annotated[float, Field(ge=0, allow_inf_nan=False)]


def _keyed_entry(value: Any) -> Any:
    """Accept ``- lighting-lock: tungsten`` (a one-key mapping in YAML) as ``"lighting-lock: tungsten"``."""
    if isinstance(value, dict) and len(value) == 1:
        ((name, argument),) = value.items()
        if isinstance(name, str) and (argument is None or isinstance(argument, str | int | float)):
            return name if argument is None else f"{name}: {argument}"
    return value


#: A list entry written ``name`` or ``name: argument`` (directives, suppressions).
KeyedEntry = Annotated[str, BeforeValidator(_keyed_entry)]


class Strict(BaseModel):
    """Unknown keys are errors; numbers are accepted where text is expected (``id: 3``)."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True, defer_build=True)


class TargetModel(Strict):
    """The text-to-video model the shots are rendered with."""

    name: str = Field(description="Model name, e.g. sora-2, sora-2-pro, veo-3.1.")
    size: str | None = Field(None, description="Frame size as WIDTHxHEIGHT, e.g. 1280x720.")

    @field_validator("size")
    @classmethod
    def _size(cls, value: str | None) -> str | None:
        if value is not None and not _SIZE.match(value):
            raise ValueError(f"size must be WIDTHxHEIGHT like 1280x720, not {value!r}")
        return value


class Style(Strict):
    """The requested look of the whole project."""

    look: str | None = Field(None, description="Rendering style, e.g. photorealistic, anime, claymation.")
    grade: str | None = Field(None, description="Colour grade and texture, e.g. 'warm tungsten, soft grain'.")


class Character(Strict):
    """A recurring character. Identity anchors are restated in every shot's prompt."""

    name: str = Field(description="Proper name: names anchor identity better than descriptions.")
    description: str | None = Field(None, description="Age, build, origin: who this is at a glance.")
    anchors: list[str] = Field(
        [],
        description="Identity anchors: specific, asymmetric details that must persist (haircut, glasses, a stain).",
    )
    style_origin: str | None = Field(None, description="The look the character was first generated in.")
    cameo: str | None = Field(
        None, description="Key of this person's record in consent.yaml; absent for fictional characters."
    )
    references: list[str] = Field([], description="Reference images of the character, relative to the storyboard.")


class Location(Strict):
    """A place shots happen in, with its lighting signature."""

    description: str = Field(description="What the place looks like: materials, props, layout.")
    lighting: str | None = Field(None, description="Lighting signature in words: sources, colour, shadow direction.")
    signature: str | None = Field(
        None,
        description="Short name of the lighting signature that `lighting-lock:` can refer to, e.g. tungsten-amber-window-45.",
    )


class Beat(Strict):
    """A timed action inside a shot."""

    at: Seconds = Field(description="Seconds from the start of the shot.")
    action: str = Field(description="What happens at that moment.")


class Cue(Strict):
    """A timed sound inside a shot."""

    at: Seconds = Field(description="Seconds from the start of the shot.")
    sound: str = Field(description="What is heard.")


class Audio(Strict):
    """Audio intent of a shot."""

    bgm: str | None = Field(None, description="Background music.")
    sfx: str | None = Field(None, description="Sound effects and ambience.")
    dialogue: str | None = Field(None, description="Dialogue, subtitles or voice-over.")
    cues: list[Cue] = Field([], description="Timed sounds.")


class Render(Strict):
    """The rendered file of a shot and what it was rendered from."""

    file: str = Field(description="Path of the render, relative to the storyboard.")
    seed: int | None = Field(None, description="Seed used for the render.")
    model: str | None = Field(None, description="Model that rendered it, if not the project's.")
    spec_hash: str | None = Field(
        None, description="Hash of the compiled prompt and settings the render was made from."
    )


class Shot(Strict):
    """One shot, rendered by one call to the model."""

    id: str = Field(description="Stable identifier, used by notes, renders and suppressions.")
    duration: Annotated[float, Field(gt=0, allow_inf_nan=False)] | None = Field(None, description="Length in seconds.")
    location: str | None = Field(None, description="Key of a location.")
    cast: list[str] = Field([], description="Keys of the characters in the shot.")
    npcs: list[str] = Field(
        [],
        description="Background people, each named with one action: 'Leo (barista) wipes the counter'.",
    )
    action: str | None = Field(None, description="What the characters physically do.")
    camera: str | None = Field(None, description="Camera placement and movement, with its motive.")
    lens: str | None = Field(None, description="Lens, e.g. 35mm.")
    lighting: str | None = Field(None, description="Lighting of this shot, when it differs from the location's.")
    coverage: str | None = Field(None, description="Framing plan, e.g. 'WS → MS → CU'.")
    persist: list[str] = Field([], description="What must stay unchanged through the shot.")
    beats: list[Beat] = Field([], description="Timed actions.")
    directives: list[KeyedEntry] = Field(
        [],
        description="Field-guide directives without brackets: continue-shooting, 'lighting-lock: current'.",
    )
    avoid: list[str] = Field([], description="Negative constraints, e.g. recap, morph, darkness.")
    transition: str | None = Field(
        None,
        description="How this shot is entered from the previous one: match-cut, whip-pan, seamless, 'time-jump: 30 minutes'.",
    )
    audio: Audio = Field(default_factory=Audio, description="Music, effects, dialogue and timed cues.")
    use: str | None = Field(None, description="Use of this shot, when it differs from the project's `use`.")
    placement: list[str] = Field([], description="Where this shot is shown, when it differs from the project's.")
    details: list[str] = Field([], description="Further prompt lines passed to the model as written.")
    prompt: str | None = Field(
        None, description="A literal prompt: when set, it is sent as written instead of the compiled one."
    )
    render: Render | None = Field(None, description="The rendered file of this shot.")
    ignore: list[KeyedEntry] = Field(
        [],
        description="Rules not reported on this shot, each with the reason: '- CT001: the dream restarts on purpose'. "
        "A code, a prefix (CT) or a rule name.",
    )

    def texts(self) -> Iterator[tuple[NodePath, str]]:
        """Every free-text value of the shot with its path relative to the shot, in file order."""
        for name in ("action", "camera", "lens", "lighting", "coverage", "prompt"):
            value = getattr(self, name)
            if value:
                yield (name,), value
        for name in ("npcs", "persist", "details"):
            for index, value in enumerate(getattr(self, name)):
                yield (name, index), value
        for index, beat in enumerate(self.beats):
            yield ("beats", index, "action"), beat.action
        for name in ("bgm", "sfx", "dialogue"):
            value = getattr(self.audio, name)
            if value:
                yield ("audio", name), value
        for index, cue in enumerate(self.audio.cues):
            yield ("audio", "cues", index, "sound"), cue.sound

    @field_validator("id")
    @classmethod
    def _id(cls, value: str) -> str:
        if not _SHOT_ID.match(value):
            raise ValueError(
                f"shot id {value!r} must be letters, digits, '-', '_' or '.', starting with a letter or digit"
            )
        return value


class Storyboard(Strict):
    """A soracheck storyboard: a project rendered shot by shot by a text-to-video model."""

    model_config = ConfigDict(title="soracheck storyboard")

    title: str = Field(description="Title of the piece.")
    model: TargetModel | None = Field(None, description="Target model and frame size.")
    style: Style = Field(default_factory=Style, description="Requested look of the whole project.")
    avoid: list[str] = Field([], description="Negative constraints for every shot.")
    use: str | None = Field(
        None,
        description="What the piece is for, as consent records name uses: narrative, advertising, political, "
        "social, internal.",
    )
    placement: list[str] = Field(
        [], description="Where the piece is shown, as consent records name placements: social, broadcast, web, cinema."
    )
    audience: str | None = Field(None, description="Who this version is for, when a piece has variants.")
    disclosure: str | None = Field(
        None, description="The AI-generation label shown with the piece, e.g. 'Made with AI'; carried into exports."
    )
    characters: dict[str, Character] = Field({}, description="Recurring characters by key.")
    locations: dict[str, Location] = Field({}, description="Locations by key.")
    shots: list[Shot] = Field([], description="The shots, in cut order.")

    def shot(self, shot_id: str) -> Shot | None:
        return next((s for s in self.shots if s.id == shot_id), None)

    def texts(self) -> Iterator[tuple[NodePath, str]]:
        """Every free-text value that reaches a prompt, with its path in the file, in file order."""
        if self.title:
            yield ("title",), self.title
        for name in ("look", "grade"):
            if value := getattr(self.style, name):
                yield ("style", name), value
        for key, character in self.characters.items():
            for name in ("name", "description"):
                if value := getattr(character, name):
                    yield ("characters", key, name), value
            for index, anchor in enumerate(character.anchors):
                yield ("characters", key, "anchors", index), anchor
        for key, location in self.locations.items():
            for name in ("description", "lighting"):
                if value := getattr(location, name):
                    yield ("locations", key, name), value
        for index, shot in enumerate(self.shots):
            for path, text in shot.texts():
                yield ("shots", index, *path), text

    def use_of(self, shot: Shot) -> tuple[str | None, list[str]]:
        """The use and placements a shot declares, falling back to the project's."""
        return shot.use or self.use, shot.placement or self.placement


class ConsentRecord(Strict):
    """What a real person agreed to when lending their likeness (a cameo)."""

    person: str = Field(description="The person's name as it may appear in shot text.")
    granted: dt.date = Field(description="Date consent was given.")
    expires: dt.date | None = Field(None, description="Date consent ends; absent for no end date.")
    scope: list[str] = Field([], description="Uses granted, e.g. narrative, social, advertising.")
    excluded: list[str] = Field([], description="Uses explicitly refused, e.g. political.")
    placements: list[str] = Field([], description="Placements granted, e.g. social, web; empty grants any.")
    references: list[str] = Field(
        [],
        description="Images of the person on file, relative to consent.yaml: a character using them needs this record.",
    )
    revoked: dt.date | None = Field(None, description="Date the person withdrew consent.")
    reason: str | None = Field(None, description="Why consent was revoked.")


#: consent.yaml: one record per cameo key.
Consent = dict[str, ConsentRecord]
