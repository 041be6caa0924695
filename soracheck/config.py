"""soracheck.toml (or ``[tool.soracheck]`` in pyproject.toml) → :class:`Config`.

Keys are kebab-case, as in ruff's configuration. Unknown keys are errors, located by line.
The nearest configuration file above the linted file wins; without one, defaults apply.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator

from soracheck.storyboard.load import read_text, validate
from soracheck.storyboard.source import InputError, NodePath, SourceMap, Span, StoryboardError

SeverityName = Literal["error", "warning", "info"]
_HEX = re.compile(r"^#[0-9A-Fa-f]{6}$")


class ConfigError(InputError):
    """A configuration that does not parse or validate: soracheck.toml, or a rule selection in it or on the command line."""


def _kebab(name: str) -> str:
    return name.replace("_", "-")


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", alias_generator=_kebab, populate_by_name=True, defer_build=True)


class HouseStyle(Section):
    """House style: the studio's habits that craft and timing rules enforce."""

    beat_seconds: tuple[float, float] = Field((4.8, 6.2), description="Allowed seconds per emotional beat (min, max).")
    lenses: list[str] = Field([], description="Allowed lenses; empty allows any.")
    max_runtime: Annotated[float, Field(gt=0)] | None = Field(None, description="Longest total runtime in seconds.")
    max_drift_shots: Annotated[int, Field(ge=1)] = Field(
        2, description="Consecutive shots without location or identity detail before an anchor shot is due."
    )
    reproducible: bool = Field(
        False, description="Whether every render must record the seed and model it was made with."
    )

    @field_validator("beat_seconds")
    @classmethod
    def _band(cls, value: tuple[float, float]) -> tuple[float, float]:
        if not 0 < value[0] <= value[1]:
            raise ValueError("beat-seconds must be [min, max] with 0 < min <= max")
        return value


class Brand(Section):
    """Brand rules: terms, palette, disclosure, camera grammar and tone."""

    banned_terms: list[str] = Field([], description="Terms that must not appear in any shot.")
    competitor_terms: list[str] = Field([], description="Competitors' names and products.")
    palette: list[str] = Field([], description="Brand colours as #RRGGBB; empty allows any colour.")
    max_palette_delta_e: Annotated[float, Field(gt=0)] = Field(
        15.0, description="CIEDE2000 distance to the nearest palette colour beyond which a colour is off the palette."
    )
    allow_neutrals: bool = Field(False, description="Whether greys, black and white are allowed beside the palette.")
    disclosure: Literal["required", "optional"] = Field(
        "optional", description="Whether an AI-generated label is required."
    )
    disclosure_label: str | None = Field(
        None, description="Wording the label must contain when required, e.g. 'AI-generated'."
    )
    camera_moves: list[str] = Field(
        [], description="Camera moves allowed (static, pan, tilt, dolly, truck, crane, zoom…); empty allows any."
    )
    banned_tone_words: list[str] = Field([], description="Words the brand's dialogue never uses.")

    @field_validator("palette")
    @classmethod
    def _palette(cls, value: list[str]) -> list[str]:
        bad = [colour for colour in value if not _HEX.match(colour)]
        if bad:
            raise ValueError(f"palette colours must be #RRGGBB, not {', '.join(map(repr, bad))}")
        return value

    @field_validator("camera_moves")
    @classmethod
    def _moves(cls, value: list[str]) -> list[str]:
        from soracheck.vocabulary.camera import MOVES

        bad = [move for move in value if move.strip().lower() not in MOVES]
        if bad:
            raise ValueError(f"unknown camera move {', '.join(map(repr, bad))}; known: {', '.join(MOVES)}")
        return [move.strip().lower() for move in value]


class Provenance(Section):
    """Where renders come from: Content Credentials (C2PA)."""

    trust_anchors: str | None = Field(
        None,
        description="PEM file of the certificates whose signatures are trusted, relative to this file; "
        "an untrusted signer (PV003) is then a warning, not information, unless [severity] sets it.",
    )


class Frames(Section):
    """Thresholds of the frame rules (FR)."""

    #: Keys of earlier versions, and what replaced them (said when one is met).
    RENAMED: ClassVar[dict[str, str]] = {
        "min-identity-similarity": "'min-face-similarity', a new measure (dlib's face descriptor; 0.5 is the default)"
    }

    max_boundary_delta_e: Annotated[float, Field(gt=0)] = Field(
        8.0,
        description="CIEDE2000 jump of the mean colour allowed where a shot continues the last one "
        "(twice this between two shots of one location).",
    )
    min_face_similarity: Annotated[float, Field(ge=0, le=1)] = Field(
        0.5,
        description="Face similarity (0-1: one minus the distance of dlib's face descriptors) at or above "
        "which two faces are one person; a character's face below it in a shot drifted "
        "(calibrated on real generated faces: benchmarks/face_calibration.py).",
    )
    max_flicker: Annotated[float, Field(ge=0, le=1)] = Field(
        0.02, description="Brightness jitter (mean frame-to-frame swing of luminance, 0-1) counted as flicker."
    )
    min_luminance: Annotated[float, Field(ge=0, le=1)] = Field(
        0.2, description="Mean luminance (0-1) below which a frame is dark, for shots that avoid darkness."
    )
    min_likeness_similarity: Annotated[float, Field(ge=0, le=1)] = Field(
        0.62,
        description="Face similarity to a person's photographs in consent.yaml at or above which a face is "
        "taken for theirs (CN007): stricter than identity, above the 0.61 two different generated people reached.",
    )
    max_exposure_step: Annotated[float, Field(gt=0, le=1)] = Field(
        0.08, description="Step of mean luminance (0-1) inside a shot, with no cut, counted as an exposure jump."
    )
    max_colour_step: Annotated[float, Field(gt=0)] = Field(
        6.0,
        description="Step of mean chroma (U, V levels of 255) inside a shot, with no cut, counted as a colour jump.",
    )
    max_drift_delta_e: Annotated[float, Field(gt=0)] = Field(
        15.0,
        description="CIEDE2000 distance of a shot's later frames from its first, region by region, counted "
        "as drift when each second still looks like the one before.",
    )
    max_speed_ratio: Annotated[float, Field(gt=1)] = Field(
        2.0, description="How much faster or slower the camera may move across a match-move."
    )
    duration_tolerance: Annotated[float, Field(ge=0)] = Field(
        0.5, description="Seconds a render may differ from its shot's duration."
    )
    sample_every: Annotated[float, Field(gt=0, le=60)] = Field(
        1.0,
        description="Seconds between the frames measured in full (colour, exposure, motion); every frame "
        "still counts for cuts, brightness and flicker.",
    )


class Loudness(Section):
    """The loudness a placement asks of the piece's sound."""

    target: Annotated[float, Field(le=0)] = Field(description="Integrated loudness in LUFS (BS.1770 / EBU R128).")
    tolerance: Annotated[float, Field(ge=0)] = Field(1.0, description="LU either side of the target accepted.")
    max_true_peak: Annotated[float, Field(le=0)] = Field(-1.0, description="Highest true peak accepted, dBTP.")


#: What placements ask of loudness, used unless ``[audio.placements.NAME]`` says otherwise:
#: broadcast per EBU R 128: -23 LUFS ±1 LU for live-type programmes, true peak -1 dBTP; the
#: US per ATSC A/85 (2013): -24 LKFS ±2 dB, true peak -2 dBTP; social and web streaming at the
#: -14 LUFS YouTube and Spotify normalise playback to (louder is turned down, quieter left quiet),
#: ±2 LU, true peak -1 dBTP (AES TD1008's margin for lossy encoding).
PLACEMENT_LOUDNESS: dict[str, dict[str, float]] = {
    "broadcast": {"target": -23.0, "tolerance": 1.0, "max_true_peak": -1.0},
    "atsc": {"target": -24.0, "tolerance": 2.0, "max_true_peak": -2.0},
    "social": {"target": -14.0, "tolerance": 2.0, "max_true_peak": -1.0},
    "web": {"target": -14.0, "tolerance": 2.0, "max_true_peak": -1.0},
}


class Audio(Section):
    """Thresholds of the audio rules (AU)."""

    cue_tolerance: Annotated[float, Field(gt=0)] = Field(
        0.25, description="Seconds from a timed cue within which a sound must begin."
    )
    silence_level: Annotated[float, Field(le=0)] = Field(
        -50.0, description="Momentary loudness (LUFS, 400 ms) under which sound counts as silence."
    )
    max_true_peak: Annotated[float, Field(le=0)] = Field(
        -1.0, description="Highest true peak (dBTP) of a render whose placement sets none (EBU R 128's)."
    )
    length_tolerance: Annotated[float, Field(ge=0)] = Field(
        0.25, description="Seconds the soundtrack may start late or end early or late against the picture."
    )
    max_ambience_jump: Annotated[float, Field(gt=0)] = Field(
        6.0, description="LU the ambience may jump where a shot continues the last one."
    )
    max_spectrum_jump: Annotated[float, Field(gt=0)] = Field(
        6.0,
        description="Mean dB the ambience's octave-band balance may shift, its level aside, where a shot "
        "continues the last one.",
    )
    placements: dict[str, Loudness] = Field(
        {}, description="Loudness by placement, overriding the built-in table (broadcast, atsc, social, web)."
    )

    def loudness(self, placement: str) -> Loudness | None:
        """What ``placement`` asks of loudness: the configured table, else the built-in one, else nothing."""
        name = placement.strip().lower()
        if name in self.placements:
            return self.placements[name]
        known = PLACEMENT_LOUDNESS.get(name)
        return Loudness.model_construct(**known) if known else None


class Agent(Section):
    """The language model that reads director notes (any OpenAI-compatible server)."""

    model: str = Field("gpt-4.1-mini", description="Model name; SORACHECK_MODEL overrides it.")
    base_url: str | None = Field(
        None, description="OpenAI-compatible endpoint, e.g. http://localhost:11434/v1; OPENAI_BASE_URL overrides it."
    )
    timeout: Annotated[float, Field(gt=0)] = Field(60.0, description="Seconds to wait for one answer.")
    max_retries: Annotated[int, Field(ge=0, le=10)] = Field(
        2, description="Retries, with exponential backoff, after a timeout, a dropped connection, 429 or 5xx."
    )
    offline_first: bool = Field(
        True,
        description="Apply the notes the offline interpreter reads without a model call; only the rest go to the model.",
    )


class ModelLimits(Section):
    """What a text-to-video model can render."""

    seconds: list[Annotated[float, Field(gt=0)]] = Field(description="Clip lengths the model renders, in seconds.")
    sizes: list[str] = Field([], description="Frame sizes as WIDTHxHEIGHT; empty allows any.")


_SORA_SIZES = ["1280x720", "720x1280"]
#: Published limits (late 2025), used unless ``[models.NAME]`` in soracheck.toml says otherwise.
MODEL_LIMITS: dict[str, dict[str, list[Any]]] = {
    "sora-2": {"seconds": [4, 8, 12, 16, 20], "sizes": _SORA_SIZES},
    "sora-2-pro": {"seconds": [4, 8, 12, 16, 20], "sizes": [*_SORA_SIZES, "1920x1080", "1080x1920"]},
    "veo-3.1": {"seconds": [4, 6, 8], "sizes": ["1280x720", "720x1280", "1920x1080", "1080x1920"]},
    "veo-3": {"seconds": [4, 6, 8], "sizes": ["1280x720", "720x1280", "1920x1080", "1080x1920"]},
}


class Config(Section):
    """Everything a project configures; every key is optional."""

    select: list[str] = Field(["ALL"], description="Rules to run: codes, prefixes, names or ALL.")
    extend_select: list[str] = Field([], description="Rules to add to select.")
    ignore: list[str] = Field([], description="Rules not to run.")
    fail_on: SeverityName = Field("warning", description="Lowest severity that fails the run (exit 1).")
    severity: dict[str, SeverityName] = Field({}, description="Severity overrides by rule code or name.")
    storyboard: str | list[str] = Field(
        "storyboard.yaml",
        description="The project's storyboard, relative to this file, or a list of them (a piece in variants); "
        "a name may be a pattern (variants/*.yaml).",
    )
    consent: str = Field("consent.yaml", description="The project's consent records, relative to this file.")
    baseline: str | None = Field(
        None, description="Baseline of accepted findings (written by --write-baseline), relative to this file."
    )
    consent_warning_days: Annotated[int, Field(ge=0)] = Field(
        30, description="Days before a consent record expires from which its use is a warning."
    )
    jobs: Annotated[int, Field(ge=0)] = Field(
        0,
        description="Renders measured at once: worker processes here, or CPUs of a local Ray instance (0: one per core).",
    )
    executor: Literal["local", "ray"] = Field(
        "local",
        description="Who measures the renders: a pool of processes here (local), or Ray tasks (ray: pip install "
        "'soracheck[ray]'); the executor of the first storyboard measured serves the whole run.",
    )
    ray_address: str | None = Field(
        None,
        description="The Ray cluster to measure on (auto, host:6379, or ray://host:10001 for Ray Client); a local "
        "Ray instance when unset. Every worker must reach the renders at the same paths.",
    )
    house_style: HouseStyle = Field(default_factory=HouseStyle.model_construct)
    brand: Brand = Field(default_factory=Brand.model_construct)
    provenance: Provenance = Field(default_factory=Provenance.model_construct)
    frames: Frames = Field(default_factory=Frames.model_construct)
    audio: Audio = Field(default_factory=Audio.model_construct)
    agent: Agent = Field(default_factory=Agent.model_construct)
    models: dict[str, ModelLimits] = Field(
        {}, description="Render limits by model name, overriding the built-in table (sora-2, sora-2-pro, veo-3.1…)."
    )

    #: Where the configuration came from (``None`` for defaults) and its source map.
    _path: Path | None = PrivateAttr(None)
    _source: SourceMap | None = PrivateAttr(None)

    @property
    def path(self) -> Path | None:
        return self._path

    def locate(self, node: NodePath) -> Span:
        """Where a configuration key is written, for errors about its value."""
        if self._source is None:
            return Span(str(self._path or "soracheck.toml"))
        return self._source.locate(node, key=True)

    def limits(self, model: str) -> ModelLimits | None:
        """What ``model`` can render: the configured table, else the built-in one, else unknown."""
        name = model.strip().lower()
        if name in self.models:
            return self.models[name]
        known = MODEL_LIMITS.get(name)
        return ModelLimits.model_construct(**known) if known else None

    @property
    def storyboards(self) -> list[Path]:
        """The project's storyboards: each name, or the files a pattern (``variants/*.yaml``) matches,
        sorted; a pattern that matches nothing stays as written, to be reported missing."""
        names = [self.storyboard] if isinstance(self.storyboard, str) else self.storyboard
        found: list[Path] = []
        for name in names:
            matched = sorted(self.root.glob(name)) if any(c in name for c in "*?[") else []
            found += matched or [self.root / name]
        return list(dict.fromkeys(found))

    @property
    def root(self) -> Path:
        """The folder paths in the configuration are relative to."""
        return self.path.parent if self.path else Path.cwd()


@dataclass(frozen=True)
class Overrides:
    """Command-line options, which win over the configuration file, layered as ruff layers them.

    ``select`` replaces the file's whole selection (its select, extend-select and ignore);
    ``extend_select`` and ``ignore`` add to whatever is selected; ``severity`` entries replace the
    file's for the same selector; ``fail_on`` replaces it.
    """

    select: list[str] | None = None
    extend_select: list[str] = field(default_factory=list)
    ignore: list[str] = field(default_factory=list)
    severity: dict[str, SeverityName] = field(default_factory=dict)
    fail_on: SeverityName | None = None
    #: How renders are measured: ``jobs``, ``executor`` and ``ray_address`` replace the file's.
    jobs: int | None = None
    executor: Literal["local", "ray"] | None = None
    ray_address: str | None = None

    def apply(self, config: Config) -> Config:
        update: dict[str, Any] = {"severity": {**config.severity, **self.severity}}
        if self.select is not None:
            update |= {"select": self.select, "extend_select": self.extend_select, "ignore": self.ignore}
        else:
            update |= {
                "extend_select": [*config.extend_select, *self.extend_select],
                "ignore": [*config.ignore, *self.ignore],
            }
        if self.fail_on is not None:
            update["fail_on"] = self.fail_on
        measuring = {"jobs": self.jobs, "executor": self.executor, "ray_address": self.ray_address}
        update |= {name: value for name, value in measuring.items() if value is not None}
        return config.model_copy(update=update)


def find_config(start: Path) -> Path | None:
    """The nearest soracheck.toml, or pyproject.toml with ``[tool.soracheck]``, at or above ``start``."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder.resolve(), *folder.resolve().parents):
        toml = candidate / "soracheck.toml"
        if toml.is_file():
            return toml
        pyproject = candidate / "pyproject.toml"
        if pyproject.is_file() and re.search(
            r"^\[tool\.soracheck[\].]", pyproject.read_text(errors="replace"), re.MULTILINE
        ):
            return pyproject
    return None


def load_config(path: Path | None) -> Config:
    """The configuration in ``path`` (defaults when ``None``), every problem located."""
    if path is None:
        return Config.model_construct()  # the defaults, without building the validator
    text = read_text(path)
    try:
        data: Any = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        match = re.search(r"\(at line (\d+), column (\d+)\)", str(exc))
        if match:
            line, column = int(match.group(1)), int(match.group(2))
        else:  # "(at end of document)"
            line, column = SourceMap(str(path), text).lines.position(len(text))
        message = re.sub(r"\s*\(at (line \d+, column \d+|end of document)\)", "", str(exc)) or "invalid TOML"
        raise ConfigError.at(Span(str(path), line, column), f"TOML syntax error: {message}") from None
    prefix: NodePath = ()
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("soracheck", {})
        prefix = ("tool", "soracheck")
    source = toml_source_map(text, str(path), prefix)
    try:
        config = validate(Config, data, source)
    except StoryboardError as error:
        raise ConfigError(error.problems) from None
    config._path, config._source = path, source
    return config


_TABLE = re.compile(r"^\s*\[\s*(?P<name>[^\[\]]+?)\s*\]\s*(?:#.*)?$")
_ASSIGN = re.compile(r"^\s*(?P<key>[A-Za-z0-9_.\"' -]+?)\s*=")


def toml_source_map(text: str, path: str, prefix: NodePath = ()) -> SourceMap:
    """A source map of TOML keys (tables and ``key =`` lines); tomllib itself keeps no positions."""
    source = SourceMap(path, text)
    table: NodePath = ()
    offset = 0
    for line in text.splitlines(keepends=True):
        if match := _TABLE.match(line):
            table = _key_path(match.group("name"))
            span = (offset + match.start("name"), offset + match.end("name"))
            source.keys.setdefault(table[len(prefix) :], span)
            source.values.setdefault(table[len(prefix) :], span)
        elif (match := _ASSIGN.match(line)) and table[: len(prefix)] == prefix:
            key = (*table, *_key_path(match.group("key")))[len(prefix) :]
            span = (offset + match.start("key"), offset + match.end("key"))
            source.keys.setdefault(key, span)
            value_at = offset + match.end() + len(line[match.end() :]) - len(line[match.end() :].lstrip())
            source.values.setdefault(key, (value_at, offset + len(line.rstrip())))
        offset += len(line)
    return source


def _key_path(dotted: str) -> NodePath:
    return tuple(part.strip().strip("\"'") for part in dotted.split("."))
