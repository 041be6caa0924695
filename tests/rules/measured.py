"""The render rules' cases: storyboards with the measured values of their renders, in
tests/rules/fixtures/renders/CODE.yaml, judged by the real rule (see test_render_fixtures.py).

A case has a ``storyboard``, an optional ``config`` (soracheck.toml text) and what was measured:

``renders``
    shot id → its render's :class:`~soracheck.metrics.measure.Measurements`; anything not written
    takes a clean default: the shot's own duration at ``fps`` 10, a steady mid-grey luminance (0.5),
    no problems, cuts, motion or faces, and one grey sample (L*a*b* 50, 0, 0) at the start and at the
    end. ``luminance`` is one value a frame (``times`` and ``frames`` follow from it, and
    ``luminance_flicker`` is computed from it as the measurement computes it); ``transitions`` are
    ``{kind, frame}`` (``start``, ``end`` default to ``frame``); ``motion`` rows are ``[time, dy, dx,
    peak]`` of the *picture* (the camera moves the other way); ``samples``, ``first`` and ``last``
    are ``{time, lab, luma, palette, contrast, colourfulness, detail}``, where ``luma`` is the grey
    level of a flat 16x16 luma plane, ``palette`` rows are ``[L*, a*, b*, share]``, and the last three
    default to 20, 20 and 1; ``chroma`` is one ``[U, V]`` a frame (neutral by default); ``faces`` lists the frames whose faces were described
    (spread evenly over the render), each a list of face descriptors, largest face first: short vectors
    whose similarity is one minus their distance, as for dlib's (``[0.7, 0]`` is 0.3 from ``[0, 0]``).
    ``sound`` is the render's soundtrack (absent: it has none): ``level`` (LUFS of every 100 ms, -23 by
    default), ``levels`` (``[start, end, LUFS]`` stretches at another level), ``onsets`` (times),
    ``peak`` (dBTP of the loudest 100 ms, else 3 dB over the loudest level), ``clips`` (times),
    ``start`` and ``duration`` (the render's by default) and ``bands`` (``[start, end, [10 dB levels]]``
    stretches of another octave-band balance; each band is 10 dB under the level otherwise).
``stitched``
    the measurements of one render of the whole cut (same keys, ``duration`` required).
``unreadable``
    shot id → why its render could not be measured.
``references``
    character key → the face descriptors of its reference images.
``people``
    cameo key → the face descriptors of the person's reference photographs in consent.yaml, whose
    text is the case's ``consent`` (or the documented ``## Consent``).
``faceless_references``
    character key → ``[index, file]`` of each reference image with no face.
``unreadable_references``
    character key → ``[index, why]`` of each reference image that could not be read.
``credentials``
    shot id → the fields of :class:`~soracheck.metrics.credentials.Credentials`.

``expect`` lists the findings as ``{code, shot, line, message}``: ``message`` is a fragment of the
finding's message, ``severity`` (when written) its severity, else the rule's own, and ``evidence``
(when written) its ``[value, threshold]``. A case with
``example: true`` judges the rule's documented ``## Example`` storyboard (with its
``## Configuration``, if any) instead of a ``storyboard`` of its own.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from soracheck.metrics.audio import BANDS, HOP, Sound
from soracheck.metrics.credentials import Credentials
from soracheck.metrics.cuts import Transition
from soracheck.metrics.exposure import luminance_flicker
from soracheck.metrics.faces import Face
from soracheck.metrics.measure import FaceSample, Measurements, Sample
from soracheck.rules.base import Context, Diagnostic
from soracheck.rules.registry import all_rules, run_rules, select_rules
from soracheck.rules.renders import Photo, Renders
from soracheck.storyboard.load import validate
from soracheck.storyboard.model import Consent, Storyboard
from soracheck.storyboard.source import SourceMap
from tests.rules.helpers import config, document

FIXTURES = Path(__file__).parent / "fixtures" / "renders"
#: The check date of every case (consent is judged on it).
DATE = dt.date(2026, 12, 1)
RULES = all_rules()
#: (code, case) of every case, in file order.
CASES: list[tuple[str, dict[str, Any]]] = [
    (path.stem, case) for path in sorted(FIXTURES.glob("*.yaml")) for case in yaml.safe_load(path.read_text())["cases"]
]
#: Frames a second of every measured render unless a case says otherwise.
FPS = 10.0
#: Side of the flat luma planes of the samples.
LUMA = 16
_BLOCK = re.compile(
    r"^## (?P<section>Example|Configuration|Consent)\n.*?```(?:yaml|toml)\n(?P<text>.*?)```", re.M | re.S
)


def documented(code: str) -> dict[str, str]:
    """The rule's documented ``Example`` storyboard and ``Configuration``, by section."""
    return {m.group("section"): m.group("text") for m in _BLOCK.finditer(RULES[code].documentation())}


def sources(code: str, case: dict[str, Any]) -> tuple[str, str | None, str | None]:
    """The case's storyboard, configuration and consent texts (the documented ones for an ``example`` case)."""
    if case.get("example"):
        blocks = documented(code)
        return blocks["Example"], case.get("config", blocks.get("Configuration")), blocks.get("Consent")
    return case["storyboard"], case.get("config"), case.get("consent")


def sample(spec: dict[str, Any], time: float) -> Sample:
    lab = np.asarray(spec.get("lab", [50.0, 0.0, 0.0]), dtype=np.float64)
    palette = np.asarray(spec.get("palette", [[*lab, 1.0]]), dtype=np.float32).reshape(-1, 4)
    luma = np.full((LUMA, LUMA), spec.get("luma", 128), dtype=np.uint8)
    return Sample(
        time=float(spec.get("time", time)),
        lab=lab,
        regions=np.tile(lab, (3, 3, 1)),
        histogram=np.zeros(8**3, dtype=np.float32),
        palette=palette,
        luma=luma,
        thumbnail=None,
        black=0.0,
        white=0.0,
        contrast=float(spec.get("contrast", 20.0)),
        colourfulness=float(spec.get("colourfulness", 20.0)),
        detail=float(spec.get("detail", 1.0)),
    )


def face(descriptor: list[float]) -> Face:
    return Face(np.asarray(descriptor, dtype=np.float32), (0, 0, LUMA, LUMA))


def photos(key: str, descriptors: list[list[float]]) -> list[Photo]:
    """A reference photograph of ``key`` for each descriptor."""
    return [Photo(f"refs/{key}-{n}.png", face(d)) for n, d in enumerate(descriptors)]


def face_samples(frames: list[list[list[float]]], duration: float) -> list[FaceSample]:
    """The faces of frames spread evenly from the start of a render to its end."""
    step = duration / max(1, len(frames) - 1)
    return [FaceSample(i * step, [face(d) for d in found]) for i, found in enumerate(frames)]


def sound(spec: dict[str, Any], duration: float) -> Sound:
    """A soundtrack from a fixture's stretches of level (see the module's docstring)."""
    start, length = float(spec.get("start", 0.0)), float(spec.get("duration", duration))
    times = start + np.arange(round(length / HOP)) * HOP
    levels = np.full(len(times), float(spec.get("level", -23.0)))
    for first, last, value in spec.get("levels", []):
        levels[(times >= first - 1e-9) & (times < last - 1e-9)] = value
    bands = np.repeat((levels - 10.0)[:, None], len(BANDS), axis=1)
    for first, last, values in spec.get("bands", []):
        bands[(times >= first - 1e-9) & (times < last - 1e-9)] = values
    peaks = np.full(len(times), 10 ** ((levels.max(initial=-70.0) + 3) / 20) if "peak" not in spec else 0.0)
    if "peak" in spec:
        peaks[len(peaks) // 2] = 10 ** (spec["peak"] / 20)
    return Sound(
        rate=48000,
        channels=2,
        layout="stereo",
        start=start,
        duration=length,
        hops=10 ** ((levels + 0.691) / 10),
        peaks=peaks,
        bands=10 ** (bands / 10),
        onsets=np.asarray(spec.get("onsets", []), dtype=np.float64),
        clips=np.asarray(spec.get("clips", []), dtype=np.float64),
    )


def measurements(spec: dict[str, Any], render: str, duration: float | None) -> Measurements:
    """A render's measurements from a fixture's short lists; the rest clean (see the module's docstring)."""
    fps = float(spec.get("fps", FPS))
    duration = float(spec.get("duration", duration or 1.0))
    if "luminance" in spec:
        luminance = np.asarray(spec["luminance"], dtype=np.float64)
    else:
        luminance = np.full(max(3, round(duration * fps)), 0.5)
    times = np.arange(len(luminance)) / fps
    samples = [sample(s, 0.0) for s in spec.get("samples", [{}])]
    return Measurements(
        render=render,
        digest="",
        fps=fps,
        width=1280,
        height=720,
        frames=len(times),
        duration=duration,
        problems=[(time, message) for time, message in spec.get("problems", [])],
        transitions=[
            Transition(t["kind"], t["frame"], t.get("start", t["frame"]), t.get("end", t["frame"]), 1.0)
            for t in spec.get("transitions", [])
        ],
        times=times,
        luminance=luminance,
        chroma=np.asarray(spec.get("chroma", [[0.0, 0.0]] * len(luminance)), dtype=np.float32).reshape(-1, 2),
        temporal_flickering=1.0,
        luminance_flicker=luminance_flicker(luminance),
        motion=np.asarray(spec.get("motion", []), dtype=np.float64).reshape(-1, 4),
        dynamic=np.zeros((0, 2)),
        samples=samples,
        first=sample(spec["first"], 0.0) if "first" in spec else samples[0],
        last=sample(spec.get("last", {}), duration - 1 / fps),
        faces=face_samples(spec.get("faces", []), duration),
        sound=sound(spec["sound"] or {}, duration) if "sound" in spec else None,
    )


def renders(board: Storyboard, case: dict[str, Any]) -> Renders:
    """The case's measured renders, for the storyboard it judges."""
    shots = {shot.id: shot for shot in board.shots}

    def file(shot: str) -> str:
        known = shots.get(shot)
        return known.render.file if known and known.render else f"renders/{shot}.mp4"

    stitched = case.get("stitched")
    return Renders(
        shots={
            shot: measurements(spec or {}, file(shot), shots[shot].duration if shot in shots else None)
            for shot, spec in (case.get("renders") or {}).items()
        },
        unreadable=dict(case.get("unreadable") or {}),
        references={key: photos(key, found) for key, found in (case.get("references") or {}).items()},
        people={key: photos(key, found) for key, found in (case.get("people") or {}).items()},
        faceless_references={
            key: [(int(index), str(file)) for index, file in found]
            for key, found in (case.get("faceless_references") or {}).items()
        },
        unreadable_references={
            key: [(int(index), str(why)) for index, why in found]
            for key, found in (case.get("unreadable_references") or {}).items()
        },
        stitched=measurements(stitched, stitched.get("render", "final.mp4"), None) if stitched else None,
        credentials={
            shot: Credentials(**{**found, "failures": tuple(found.get("failures", ()))})
            for shot, found in (case.get("credentials") or {}).items()
        },
    )


def judge(code: str, case: dict[str, Any]) -> list[Diagnostic]:
    """The findings of rule ``code`` on the case, run as the configuration selects it (severity overrides too)."""
    return judged(code, case)[0]


def judged(code: str, case: dict[str, Any]) -> tuple[list[Diagnostic], list[str]]:
    """The findings of rule ``code`` on the case (see :func:`judge`), and what it says it could not judge."""
    text, toml, consent = sources(code, case)
    doc = document(text)
    configured = config(toml)
    rules = [rule for rule in select_rules(configured) if rule.code == code]
    records = validate(Consent, yaml.safe_load(consent), SourceMap("consent.yaml", consent)) if consent else {}
    ctx = Context(
        doc, configured, records, "consent.yaml" if consent else None, date=DATE, renders=renders(doc.board, case)
    )
    return [d for d in run_rules(doc.board, ctx, rules) if d.code == code], ctx.not_judged
