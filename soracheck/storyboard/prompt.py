"""Compile a shot into the prompt text the model receives.

The compiled prompt restates every cast member's identity anchors (the field guide's "remix
inheritance": the prompt, not the pixels, carries identity), the location with its lighting
signature, the action, camera and lens, directives and avoid list in ``<<…>>`` syntax, and audio.
Model, size and duration are API parameters, not prose, so they are not part of the text.
The result depends only on the storyboard, so it can be hashed to detect stale renders.
"""

from __future__ import annotations

import hashlib
import json

from soracheck.storyboard.directives import parse_entry
from soracheck.storyboard.model import Character, Shot, Storyboard
from soracheck.vocabulary.wardrobe import wardrobe


def compile_prompt(board: Storyboard, shot: Shot) -> str:
    """The prompt text of ``shot``: its literal ``prompt`` if it has one, else compiled from its fields."""
    if shot.prompt:
        return shot.prompt
    lines: list[str] = []
    directives = [f"<<transition: {shot.transition}>>"] if shot.transition else []
    directives += [f"<<{parse_entry(entry).text.strip()}>>" for entry in shot.directives]
    if directives:
        lines.append(" ".join(directives))
    look = ", ".join(part for part in (board.style.look, board.style.grade) if part)
    if look:
        lines.append(f"Style: {look}.")
    for key in shot.cast:
        character = board.characters.get(key)
        lines.append(f"{_identity(character, shot)}." if character else f"{key}.")
    location = board.locations.get(shot.location) if shot.location else None
    if location:
        lines.append(f"Location: {location.description}.")
    lighting = shot.lighting or (location.lighting if location else None)
    if lighting:
        lines.append(f"Lighting: {lighting}.")
    if shot.npcs:
        lines.append(f"Background: {'; '.join(shot.npcs)}.")
    if shot.action:
        lines.append(f"Action: {shot.action}.")
    if shot.beats:
        lines.append("Beats: " + "; ".join(f"{_seconds(b.at)} {b.action}" for b in shot.beats) + ".")
    if shot.camera:
        lines.append(f"Camera: {shot.camera}.")
    if shot.lens:
        lines.append(f"Lens: {shot.lens}.")
    if shot.coverage:
        lines.append(f"Coverage: {shot.coverage}.")
    if shot.persist:
        lines.append(f"Persist: {'; '.join(shot.persist)}.")
    lines.extend(shot.details)
    audio = [
        f"{label}: {value}"
        for label, value in (("Music", shot.audio.bgm), ("SFX", shot.audio.sfx), ("Dialogue", shot.audio.dialogue))
        if value
    ]
    audio += [f"{_seconds(c.at)} {c.sound}" for c in shot.audio.cues]
    if audio:
        lines.append(f"Audio: {'; '.join(audio)}.")
    avoid = list(dict.fromkeys([*board.avoid, *shot.avoid]))
    if avoid:
        lines.append(f"<<avoid: {', '.join(avoid)}>>")
    return "\n".join(line[:-1] if line.endswith("..") else line for line in lines)


def _identity(character: Character, shot: Shot) -> str:
    """The character with their anchors, except those the shot's own `persist` restates in another
    colour ("Ana's red jacket" over the anchor "yellow oilskin jacket"): the shot says what holds now."""
    first = character.name.split()[0].lower()
    worn = {w.item: w.colour for p in shot.persist if p.lower().startswith(f"{first}'s") for w in wardrobe(p)}
    anchors = [a for a in character.anchors if not any(worn.get(w.item, w.colour) != w.colour for w in wardrobe(a))]
    details = [d for d in (character.description, *anchors) if d]
    return f"{character.name} ({'; '.join(details)})" if details else character.name


def _seconds(at: float) -> str:
    return f"[{at:g}s]"


def render_spec(board: Storyboard, shot: Shot) -> dict[str, object]:
    """What a render of ``shot`` is made from: the compiled prompt, the reference images of its cast and
    the API parameters (model, size, seconds, seed)."""
    render = shot.render
    references = [r for key in shot.cast if key in board.characters for r in board.characters[key].references]
    return {
        "prompt": compile_prompt(board, shot),
        "references": references,
        "model": (render.model if render and render.model else None) or (board.model.name if board.model else None),
        "size": board.model.size if board.model else None,
        "seconds": shot.duration,
        "seed": render.seed if render else None,
    }


def spec_hash(board: Storyboard, shot: Shot) -> str:
    """A short, stable hash of :func:`render_spec`: recorded with a render, it shows when the spec moved on."""
    canonical = json.dumps(render_spec(board, shot), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()[:16]
