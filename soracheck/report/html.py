"""The HTML report: one self-contained page to look at, not read.

For each storyboard: the verdict; every finding with its picture (the frames concerned side by
side, with their difference map at a boundary); then each shot as a contact sheet of its render
with plots of its brightness and camera motion over time, cuts marked. Pictures are PNGs embedded
in the page, so the file can be attached to a CI run as it is.
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

from soracheck.report.evidence import HEIGHT, all_measurements
from soracheck.report.text import display_path
from soracheck.rules.base import Diagnostic

if TYPE_CHECKING:
    from soracheck.metrics.measure import Measurements
    from soracheck.results import LintResult
    from soracheck.storyboard.documents import Document

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
    board = document.board
    parts = [
        f"<h2>{html.escape(board.title or display_path(path))}</h2><p class=meta>{html.escape(display_path(path))}</p>"
    ]
    parts += [_finding(d) for d in found]
    if not found:
        parts.append("<p>All checks passed.</p>")
    renders = result.renders.get(path)
    if renders is None:
        return "".join(parts)
    measured = all_measurements(renders)
    for shot in board.shots:
        m = renders.shots.get(shot.id)
        if m is None:
            continue
        duration = f"{shot.duration:g} s asked, " if shot.duration else ""
        parts.append(
            f"<div class=shot><h3>{html.escape(shot.id)}</h3><p class=meta>{html.escape(display_path(m.render))}: "
            f"{duration}{m.duration:.2f} s rendered, {m.frames} frames at {m.fps:g} fps</p>"
        )
        parts.append(_picture(_contact_sheet(m), f"contact sheet of {shot.id}"))
        parts.append(_picture(_plots(m), f"brightness and camera motion of {shot.id}"))
        parts.append("</div>")
    if renders.stitched is not None:
        m = measured[renders.stitched.render]
        parts.append(f"<div class=shot><h3>{html.escape(display_path(m.render))}</h3>")
        parts.append(_picture(_contact_sheet(m), "contact sheet of the cut"))
        parts.append(_picture(_plots(m), "brightness and camera motion of the cut") + "</div>")
    return "".join(parts)


def _finding(d: Diagnostic) -> str:
    loc = d.location
    where = f"{display_path(loc.path)}:{loc.line}" + (f" · shot {d.shot}" if d.shot else "")
    text = (
        f"<div class='finding {d.severity}'><span class=code>{d.code}</span>{html.escape(d.message)}"
        f"<div class=where>{html.escape(where)} · {d.severity} · {html.escape(d.rule)}</div>"
    )
    if d.evidence is not None:
        e = d.evidence
        at = f" at {e.time:.2f} s" if e.time is not None else ""
        text += f"<div class=where>measured {e.value:.3g} against {e.threshold:.3g} in {html.escape(display_path(e.render))}{at}</div>"
        if e.image and Path(e.image).is_file():
            text += _picture(Image.open(e.image), d.message)
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


def _plots(m: Measurements) -> Image.Image:
    """Brightness over time, and the camera's motion (in % of the width a second), cuts marked."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(11, 3.2), dpi=90, facecolor="#181818")
    brightness, motion = figure.subplots(1, 2)
    for axes in (brightness, motion):
        axes.set_facecolor("#111111")
        axes.tick_params(colors="#bbbbbb", labelsize=8)
        for spine in axes.spines.values():
            spine.set_color("#555555")
        for t in m.transitions:
            axes.axvline(m.frame_time(t.frame), color="#e5484d", linewidth=1, linestyle="--")
        axes.set_xlabel("seconds", color="#bbbbbb", fontsize=9)
    brightness.plot(m.times, m.luminance, color="#f5a524", linewidth=1.2)
    brightness.set_ylim(0, 1)
    brightness.set_title("mean luminance", color="#e8e8e8", fontsize=10)
    if len(m.motion):
        seconds = m.fps * 100  # widths a frame → % of the width a second
        motion.plot(
            m.motion[:, 0], -m.motion[:, 2] * seconds, ".", color="#3e9bd7", markersize=3, label="pan (right +)"
        )
        motion.plot(
            m.motion[:, 0], -m.motion[:, 1] * seconds, ".", color="#46a758", markersize=3, label="tilt (down +)"
        )
        motion.legend(fontsize=8, facecolor="#181818", labelcolor="#dddddd", edgecolor="#555555")
    motion.axhline(0, color="#555555", linewidth=0.8)
    motion.set_title("camera motion, % of the width a second", color="#e8e8e8", fontsize=10)
    figure.tight_layout()
    canvas = FigureCanvasAgg(figure)
    canvas.draw()
    return Image.fromarray(np.asarray(canvas.buffer_rgba())[..., :3].copy())
