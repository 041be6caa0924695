"""The HTML report: one self-contained page to look at, not read.

For each storyboard: the verdict; every finding with what the storyboard asked of its shot (action,
camera, lighting, directives), its picture (the frames concerned side by side, with their
difference map at a boundary; a reference face beside the face that drifted) and a player that
opens the render at the finding's time; then each shot as a contact sheet of its render with plots
over time of its brightness, camera motion, decay against its own start and face similarity, with
their thresholds, cuts and findings marked, and of its loudness, with the placements' target band,
the cues, the sounds found beginning and the audio findings (which link to it). Pictures are PNGs
embedded in the page, so the file can be attached to a CI run as it is.
"""

from __future__ import annotations

import base64
import html
import io
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import numpy as np
from PIL import Image

from soracheck.metrics import IMAGE_SUFFIXES
from soracheck.report.evidence import HEIGHT
from soracheck.report.text import display_path
from soracheck.rules.base import Diagnostic

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from soracheck.config import Frames, Loudness
    from soracheck.metrics.measure import Measurements
    from soracheck.results import LintResult
    from soracheck.rules.frames import Identity
    from soracheck.storyboard.documents import Document
    from soracheck.storyboard.model import Shot, Storyboard

_STYLE = """
body{font:15px/1.45 system-ui,sans-serif;margin:0;background:#111;color:#e8e8e8}
main{max-width:1180px;margin:auto;padding:24px}
h1{font-size:24px;margin:0 0 4px} h2{font-size:19px;margin:32px 0 8px} h3{font-size:16px;margin:20px 0 6px}
.verdict{display:inline-block;padding:3px 10px;border-radius:4px;font-weight:600}
.pass{background:#1d5c2e}.fail{background:#7a1f1f}
.finding{border-left:4px solid #777;background:#1b1b1b;margin:10px 0;padding:8px 12px}
.error{border-color:#e5484d}.warning{border-color:#f5a524}.info{border-color:#3e9bd7}
.code{font-family:ui-monospace,monospace;font-weight:600;margin-right:8px}
.where{color:#9a9a9a;font-size:13px} img{max-width:100%;display:block;margin-top:6px;border-radius:3px}
.shot{background:#181818;padding:10px 14px;margin:14px 0;border-radius:6px}
.meta{color:#a8a8a8;font-size:13px}
.intent{color:#c8c8c8;font-size:13px;margin-top:2px} .intent b{color:#9a9a9a;font-weight:600;margin-right:6px}
video{max-width:480px;display:block;margin-top:6px}
"""


def write_html(out: TextIO, result: LintResult) -> None:
    """The whole report of a run of ``soracheck check`` or ``soracheck frames``."""
    parts = [
        f"<!doctype html><html lang=en><meta charset=utf-8><title>soracheck report</title><style>{_STYLE}</style><main>"
    ]
    failing = result.failing or bool(result.errors)
    counts = Counter(d.severity for d in result.diagnostics)
    summary = (
        ", ".join(f"{counts[s]} {s}{'s' * (counts[s] != 1)}" for s in sorted(counts, reverse=True)) or "no findings"
    )
    parts.append(f"<h1>soracheck report</h1><p><span class='verdict {'fail' if failing else 'pass'}'>")
    parts.append(f"{'fails' if failing else 'passes'}</span> {html.escape(summary)} in {len(result.files)} file(s)</p>")
    measured = result.measured
    parts += [f"<p class=meta>{html.escape(text)}</p>" for text in (measured.sentences() if measured else [])]
    for error in result.errors:
        parts.append(f"<div class='finding error'><span class='code'>input</span>{html.escape(str(error))}</div>")
    for path, document in result.documents.items():
        found = [d for d in result.diagnostics if d.location.path == path]
        parts.append(_document(path, document, found, result))
    parts.append("</main></html>\n")
    out.write("".join(parts))


def _document(path: str, document: Document, found: list[Diagnostic], result: LintResult) -> str:
    from soracheck.rules.frames import identities

    board = document.board
    parts = [
        f"<h2>{html.escape(board.title or display_path(path))}</h2><p class=meta>{html.escape(display_path(path))}</p>"
    ]
    renders = result.renders.get(path)
    heard = frozenset(shot for shot, m in (renders.shots.items() if renders else ()) if m.sound is not None)
    parts += [_finding(d, board, heard) for d in found]
    if not found:
        parts.append("<p>All checks passed.</p>")
    thresholds = result.thresholds.get(path)
    if renders is None or thresholds is None:
        return "".join(parts)
    faces: dict[str, list[Identity]] = {}
    for judged in identities(board, renders):
        if judged.score is not None:
            faces.setdefault(board.shots[judged.shot].id, []).append(judged)
    for shot in board.shots:
        m = renders.shots.get(shot.id)
        if m is None:
            continue
        duration = f"{shot.duration:g} s asked, " if shot.duration else ""
        marks = [d for d in found if d.shot == shot.id and d.evidence and d.evidence.render == m.render]
        avoids = {tag.lower() for tag in (*board.avoid, *shot.avoid)}
        dark = thresholds.frames.min_luminance if "darkness" in avoids else None
        parts.append(
            f"<div class=shot><h3>{html.escape(shot.id)}</h3><p class=meta>{html.escape(display_path(m.render))}: "
            f"{duration}{m.duration:.2f} s rendered, {m.frames} frames at {m.fps:g} fps</p>"
        )
        parts.append(_picture(_contact_sheet(m), f"contact sheet of {shot.id}"))
        plots = _plots(m, marks, thresholds.frames, dark, faces.get(shot.id, []))
        parts.append(_picture(plots, f"brightness, camera motion, decay and faces of {shot.id}"))
        if m.sound is not None:
            targets = [(p, t) for p in board.use_of(shot)[1] if (t := thresholds.audio.loudness(p)) is not None]
            loudness = _loudness(m, shot, marks, targets, thresholds.audio.silence_level)
            parts.append(f"<div id='{_sound_anchor(shot.id)}'>{_picture(loudness, f'loudness of {shot.id}')}</div>")
        parts.append("</div>")
    if renders.stitched is not None:
        m = renders.stitched
        marks = [d for d in found if d.evidence and d.evidence.render == m.render]
        parts.append(f"<div class=shot><h3>{html.escape(display_path(m.render))}</h3>")
        parts.append(_picture(_contact_sheet(m), "contact sheet of the cut"))
        parts.append(_picture(_plots(m, marks, thresholds.frames, None, []), "brightness and camera motion of the cut"))
        parts.append("</div>")
    return "".join(parts)


#: The fields of a shot a finding shows beside it: what the storyboard asked.
_INTENT = ("action", "camera", "lighting", "transition")


def _finding(d: Diagnostic, board: Storyboard, heard: frozenset[str] = frozenset()) -> str:
    """A finding, with what its shot asked; an audio finding links to the loudness plot of its shot
    when it is one of ``heard`` (the shots whose renders have sound)."""
    loc = d.location
    where = f"{display_path(loc.path)}:{loc.line}" + (f" · shot {d.shot}" if d.shot else "")
    text = (
        f"<div class='finding {d.severity}'><span class=code>{d.code}</span>{html.escape(d.message)}"
        f"<div class=where>{html.escape(where)} · {d.severity} · {html.escape(d.rule)}</div>"
    )
    shot = next((s for s in board.shots if s.id == d.shot), None)
    if shot is not None:
        asked = [(name, getattr(shot, name)) for name in _INTENT if getattr(shot, name)]
        asked += [("directives", ", ".join(shot.directives))] if shot.directives else []
        text += "".join(f"<div class=intent><b>{name}</b> {html.escape(str(value))}</div>" for name, value in asked)
    if d.code.startswith("AU") and d.shot in heard:
        text += f"<div class=where><a href='#{_sound_anchor(d.shot)}'>the loudness of {html.escape(d.shot)}</a></div>"
    e = d.evidence
    if e is None:
        return text + "</div>"
    if e.image and Path(e.image).is_file():
        text += _picture(Image.open(e.image), d.message)
    video = Path(e.render)
    if e.time is not None and video.is_file() and video.suffix.lower() not in IMAGE_SUFFIXES:
        source = f"{video.resolve().as_uri()}#t={e.time:.2f}"
        text += (
            f"<video controls preload=none src='{html.escape(source, quote=True)}'></video>"
            f"<div class=where><a href='{html.escape(source, quote=True)}'>open {html.escape(display_path(e.render))} "
            f"at {e.time:.2f} s</a></div>"
        )
    return text + "</div>"


def _picture(image: Image.Image | None, alt: str) -> str:
    if image is None:
        return ""
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    data = base64.b64encode(buffer.getvalue()).decode()
    return f"<img alt='{html.escape(alt, quote=True)}' src='data:image/png;base64,{data}'>"


def _contact_sheet(m: Measurements) -> Image.Image | None:
    """The render's kept thumbnails in a row (at most a dozen, evenly spread), first and last included."""
    samples = [s for s in (*m.samples, m.last) if s is not None and s.thumbnail is not None]
    if not samples:
        return None
    chosen = [samples[round(i)] for i in np.linspace(0, len(samples) - 1, min(12, len(samples)))]
    height = HEIGHT // 2
    tiles = [
        Image.fromarray(s.thumbnail).resize((round(s.thumbnail.shape[1] * height / s.thumbnail.shape[0]), height))
        for s in chosen
    ]
    sheet = Image.new("RGB", (sum(t.width for t in tiles) + 4 * (len(tiles) - 1), height), (17, 17, 17))
    x = 0
    for tile in tiles:
        sheet.paste(tile, (x, 0))
        x += tile.width + 4
    return sheet


def _plots(
    m: Measurements, marks: list[Diagnostic], thresholds: Frames, dark: float | None, faces: list[Identity]
) -> Image.Image:
    """Four plots over the render's time, its cuts (dashed red) and findings (solid, with their code)
    marked, each with the thresholds that apply: mean luminance (the darkness limit where the shot
    avoids darkness); the camera's motion, smoothed over half a second; the shot against its own
    start (what FR014 judges); and each judged character's face similarity to what they are known by.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    from soracheck.rules.frames import BLURRED, NOISY, WASHED, decays

    figure = Figure(figsize=(11, 5.8), dpi=90, facecolor="#181818")
    (brightness, motion), (decay, identity) = figure.subplots(2, 2)
    for axes, title in (
        (brightness, "mean luminance"),
        (motion, "camera motion, % of the width a second"),
        (decay, "against its start (share kept; drift ΔE ÷ limit)"),
        (identity, "face similarity"),
    ):
        axes.set_facecolor("#111111")
        axes.tick_params(colors="#bbbbbb", labelsize=8)
        for spine in axes.spines.values():
            spine.set_color("#555555")
        for t in m.transitions:
            axes.axvline(m.frame_time(t.frame), color="#e5484d", linewidth=1, linestyle="--")
        for d in marks:
            if d.evidence is not None and d.evidence.time is not None:
                late = d.evidence.time > m.start + 0.85 * m.duration  # its code to the left of its line
                axes.axvline(d.evidence.time, color="#ff6b6b", linewidth=1.6)
                axes.annotate(
                    d.code,
                    (d.evidence.time, 1),
                    xycoords=("data", "axes fraction"),
                    xytext=(-3 if late else 3, -10),
                    textcoords="offset points",
                    ha="right" if late else "left",
                    color="#ff9b9b",
                    fontsize=8,
                )
        axes.set_title(title, color="#e8e8e8", fontsize=10)
        axes.set_xlim(m.start, m.start + max(m.duration, 1 / m.fps))
    identity.set_xlabel("seconds", color="#bbbbbb", fontsize=9)
    decay.set_xlabel("seconds", color="#bbbbbb", fontsize=9)
    brightness.plot(m.times, m.luminance, color="#f5a524", linewidth=1.2)
    brightness.set_ylim(0, 1)
    if dark is not None:
        _threshold(brightness, dark, "too dark below")
    if len(m.motion):
        seconds = m.fps * 100  # widths a frame → % of the width a second
        for column, colour, label in ((2, "#3e9bd7", "pan (right +)"), (1, "#46a758", "tilt (down +)")):
            smooth = _smoothed(m.motion[:, 0], m.motion[:, column], 0.5)
            motion.plot(m.motion[:, 0], -smooth * seconds, color=colour, linewidth=1.2, label=label)
        motion.legend(fontsize=8, facecolor="#181818", labelcolor="#dddddd", edgecolor="#555555")
    motion.axhline(0, color="#555555", linewidth=0.8)
    for stretch in decays(m):
        if stretch.kept:
            decay.plot(stretch.times, stretch.kept, color="#f5a524", marker=".", label="contrast, colour")
        if stretch.detail:
            decay.plot(stretch.times, stretch.detail, color="#3e9bd7", marker=".", label="detail")
        limit = thresholds.max_drift_delta_e
        decay.plot(stretch.times, [d / limit for d in stretch.distance], color="#46a758", marker=".", label="drift")
    _threshold(decay, WASHED, "washed out below")
    _threshold(decay, BLURRED, "blurred below")
    _threshold(decay, NOISY, "noise above")
    _threshold(decay, 1.0, "drifted above")
    decay.set_ylim(0, 1.7)
    handles, labels = decay.get_legend_handles_labels()
    unique = dict(zip(labels, handles, strict=True))
    if unique:
        decay.legend(unique.values(), unique.keys(), fontsize=8, facecolor="#181818", labelcolor="#dddddd")
    for judged in faces:
        times, scores = zip(*judged.scores, strict=True)
        identity.plot(times, scores, marker="o", linewidth=1, label=judged.character)
    if faces:
        identity.legend(fontsize=8, facecolor="#181818", labelcolor="#dddddd", edgecolor="#555555")
    else:
        identity.text(0.5, 0.75, "no face judged", transform=identity.transAxes, ha="center", color="#888888")
    _threshold(identity, thresholds.min_face_similarity, "another person below")
    identity.set_ylim(0, 1)
    figure.tight_layout()
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3].copy())


def _sound_anchor(shot: str) -> str:
    """The id of a shot's loudness plot in the page, which its audio findings link to."""
    return "sound-" + html.escape(shot, quote=True)


def _loudness(
    m: Measurements, shot: Shot, marks: list[Diagnostic], targets: list[tuple[str, Loudness]], silence: float
) -> Image.Image:
    """The render's loudness over time: momentary (400 ms) and short-term (3 s) in LUFS, each
    placement's target band, the silence level, the shot's cues (dotted, with their words) and the
    sounds found beginning (ticks), and its audio findings (solid, with their code)."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    assert m.sound is not None
    figure = Figure(figsize=(11, 2.8), dpi=90, facecolor="#181818")
    axes = figure.subplots()
    axes.set_facecolor("#111111")
    axes.tick_params(colors="#bbbbbb", labelsize=8)
    for spine in axes.spines.values():
        spine.set_color("#555555")
    axes.set_title("loudness, LUFS", color="#e8e8e8", fontsize=10)
    axes.set_xlabel("seconds", color="#bbbbbb", fontsize=9)
    from soracheck.rules.audio import FLOOR

    for series, colour, label in (
        (m.sound.momentary(), "#3e9bd7", "momentary"),
        (m.sound.short_term(), "#f5a524", "short-term"),
    ):
        if len(series):
            axes.plot(series[:, 0], np.maximum(series[:, 1], FLOOR), color=colour, linewidth=1.2, label=label)
    for name, target in targets:
        axes.axhspan(target.target - target.tolerance, target.target + target.tolerance, color="#46a758", alpha=0.25)
        _threshold(axes, target.target, f"{name} target")
    _threshold(axes, silence, "silence below")
    for cue in shot.audio.cues:
        time = m.start + cue.at
        axes.axvline(time, color="#b48ead", linewidth=1, linestyle=":")
        axes.annotate(
            cue.sound[:24],
            (time, 0.04),
            xycoords=("data", "axes fraction"),
            xytext=(3, 0),
            textcoords="offset points",
            color="#d7b8e0",
            fontsize=7,
            rotation=90,
            parse_math=False,  # a cue's "$" is text, not mathematics
        )
    onsets = m.sound.onsets[(m.sound.onsets >= m.start) & (m.sound.onsets <= m.start + m.duration)]
    axes.plot(
        onsets,
        np.full(len(onsets), FLOOR + 2),
        linestyle="none",
        marker="|",
        markersize=10,
        color="#e8e8e8",
        label="a sound begins",
    )
    for d in marks:
        if d.code.startswith("AU") and d.evidence is not None and d.evidence.time is not None:
            axes.axvline(d.evidence.time, color="#ff6b6b", linewidth=1.6)
            axes.annotate(
                d.code,
                (d.evidence.time, 1),
                xycoords=("data", "axes fraction"),
                xytext=(3, -10),
                textcoords="offset points",
                color="#ff9b9b",
                fontsize=8,
            )
    axes.set_xlim(m.start, m.start + max(m.duration, 0.1))
    axes.set_ylim(FLOOR, 0)
    axes.legend(fontsize=8, facecolor="#181818", labelcolor="#dddddd", edgecolor="#555555", loc="lower right")
    figure.tight_layout()
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3].copy())


def _threshold(axes: Axes, value: float, label: str) -> None:
    """A threshold across a plot, labelled at its left end."""
    axes.axhline(value, color="#b0b0b0", linewidth=0.9, linestyle=":")
    axes.annotate(
        f"{label} {value:g}",
        (0, value),
        xycoords=("axes fraction", "data"),
        color="#b0b0b0",
        fontsize=7,
        xytext=(3, 2),
        textcoords="offset points",
    )


def _smoothed(times: np.ndarray, values: np.ndarray, seconds: float) -> np.ndarray:
    """``values`` (at ascending ``times``) averaged over the ``seconds`` around each time."""
    total = np.concatenate([[0.0], np.cumsum(values)])
    low = np.searchsorted(times, times - seconds / 2, side="left")
    high = np.searchsorted(times, times + seconds / 2, side="right")
    return (total[high] - total[low]) / (high - low)
