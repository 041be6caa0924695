"""Brand (BR): the brand's terms, palette, disclosure and house grammar, from ``[brand]`` in soracheck.toml."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, ClassVar

from soracheck.rules.base import Applicability, Context, Diagnostic, Evidence, Fix, Rule, Severity, Still
from soracheck.rules.renders import FrameRule, Renders, measured_shots, render_span
from soracheck.storyboard.edits import scalar_edit, yaml_scalar
from soracheck.storyboard.model import Storyboard
from soracheck.storyboard.source import NodePath
from soracheck.vocabulary.camera import camera_moves
from soracheck.vocabulary.colours import ColourMention, colour_mentions
from soracheck.vocabulary.phrases import phrase_pattern

if TYPE_CHECKING:
    import numpy as np

    from soracheck.config import Brand


def _variants(term: str) -> tuple[str, ...]:
    """A term as written, and split at its inner capitals: "FizzCola" is also "Fizz Cola" and "fizz-cola"."""
    spaced = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", term)
    return (term, spaced) if spaced != term else (term,)


class _TermRule(Rule):
    """Flags the configured terms wherever they are written, as whole words with simple inflections."""

    #: The ``[brand]`` key listing the terms, and how a finding names them.
    key: ClassVar[str]
    kind: ClassVar[str]

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for term in getattr(ctx.config.brand, self.key.replace("-", "_")):
            pattern = phrase_pattern(*_variants(term))
            for path, text in board.texts():
                for match in pattern.finditer(text):
                    at = ctx.locate_span(path, text, match.start(), match.end())
                    shot = board.shots[path[1]].id if path[0] == "shots" else None
                    message = f"{self.kind} {match.group()!r} ({term!r} in [brand] {self.key})"
                    yield self.report(message, at, shot=shot, fix=Fix(f"remove {match.group()!r}"))


class BannedTerm(_TermRule):
    """Flags a term from `[brand] banned-terms` anywhere in the storyboard's text.

    Terms match as whole words, in any case, with a plural, possessive or verb ending
    ("FizzCola's"), and a term written in camel case also matches spaced ("Fizz Cola").

    ## Why
    A model renders what the prompt names: a banned name in a shot's text is a banned name on a
    can, a sign or a T-shirt in the frame — legal trouble a frame check would find too late.

    ## Configuration
    ```toml
    [brand]
    banned-terms = ["FizzCola"]
    ```

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: cup, action: Maya sips a Fizz Cola at the window}
    ```

    ## Fix
    ```yaml
    title: Redline
    shots:
      - {id: cup, action: Maya sips a cortado at the window}
    ```
    """

    code = "BR001"
    name = "banned-term"
    severity = Severity.ERROR
    key = "banned-terms"
    kind = "banned term"


class CompetitorTerm(_TermRule):
    """Flags a competitor's name or product from `[brand] competitor-terms` in the storyboard's text.

    Matching is as for banned terms (BR001).

    ## Why
    A spot that shows a competitor's product advertises it. Generated video makes this easy to
    miss: "a Starbrew-style cup" in a prompt can put the rival's logo on screen.

    ## Configuration
    ```toml
    [brand]
    competitor-terms = ["Starbrew"]
    ```

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: cup, action: "Maya holds two Starbrews, one in each hand"}
    ```

    ## Fix
    ```yaml
    title: Redline
    shots:
      - {id: cup, action: "Maya holds two Redline cups, one in each hand"}
    ```
    """

    code = "BR002"
    name = "competitor-term"
    severity = Severity.ERROR
    key = "competitor-terms"
    kind = "competitor term"


def _palette_distance(labs: np.ndarray, brand: Brand) -> tuple[np.ndarray, np.ndarray]:
    """CIEDE2000 from each L*a*b* colour (N, 3) to the nearest colour of the brand palette, and its index."""
    from soracheck.metrics.color import delta_e, hex_to_lab

    distances = delta_e(labs[:, None, :], hex_to_lab(brand.palette)[None, :, :])
    return distances.min(axis=1), distances.argmin(axis=1)


def _chroma(labs: np.ndarray) -> np.ndarray:
    import numpy as np

    return np.hypot(labs[:, 1], labs[:, 2])


#: Chroma below which a colour is a neutral (grey, black, white) for ``allow-neutrals``.
NEUTRAL_CHROMA = 8.0


class OffPaletteColour(Rule):
    """Flags a colour named in the text — a CSS colour name or a hex value — that is off the brand palette.

    Off the palette means farther than `[brand] max-palette-delta-e` (CIEDE2000, 15 by default)
    from every colour of `[brand] palette`. With `allow-neutrals = true`, greys, black and white
    pass too. Names of everyday things ("salmon", "gold") count only in front of an item with a
    colour ("gold light"). The fix suggests the nearest palette colour as a hex value.

    ## Why
    Wardrobe, props and light are where a brand's colour lives on screen; a "lime hoodie" in a
    prompt is a lime hoodie in the frame, which no grade will turn into the brand's red.

    ## Configuration
    ```toml
    [brand]
    palette = ["#C8102E", "#F2E8D5", "#1B1B1B"]
    ```

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: counter, action: "Maya in a lime green hoodie orders a cortado"}
    ```

    ## Fix
    ```yaml
    title: Redline
    shots:
      - {id: counter, action: "Maya in a crimson hoodie orders a cortado"}
    ```
    """

    code = "BR003"
    name = "off-palette-colour"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        brand = ctx.config.brand
        if not brand.palette:
            return
        found = [(path, text, mention) for path, text in board.texts() for mention in colour_mentions(text)]
        if not found:
            return
        from soracheck.metrics.color import hex_to_lab

        labs = hex_to_lab([mention.hex for _, _, mention in found])
        distances, nearest = _palette_distance(labs, brand)
        neutral = _chroma(labs) < NEUTRAL_CHROMA
        for (path, text, mention), distance, index, grey in zip(found, distances, nearest, neutral, strict=True):
            if distance <= brand.max_palette_delta_e or (brand.allow_neutrals and grey):
                continue
            closest = brand.palette[index]
            at = ctx.locate_span(path, text, mention.start, mention.end)
            message = (
                f"{mention.text!r} ({mention.hex}) is off the brand palette: CIEDE2000 {distance:.1f} from the "
                f"nearest, {closest} (max {brand.max_palette_delta_e:g})"
            )
            shot = board.shots[path[1]].id if path[0] == "shots" else None
            yield self.report(message, at, shot=shot, fix=self._fix(ctx, path, text, mention, closest))

    @staticmethod
    def _fix(ctx: Context, path: NodePath, text: str, mention: ColourMention, closest: str) -> Fix:
        """Write the nearest brand colour instead; a plain YAML scalar is re-quoted, as `` #`` starts a comment."""
        advice = f"use the nearest brand colour {closest}"
        source = ctx.document.source
        span = source.span(path)
        new = text[: mention.start] + closest + text[mention.end :]
        plain = span is not None and source.text[span[0] : span[1]] == text
        if ctx.document.kind != "storyboard" or span is None or not plain or yaml_scalar(new) == new:
            return Fix.replacing(ctx.locate_span(path, text, mention.start, mention.end), closest, advice)
        edit = scalar_edit(source.text, span, text, mention.start, mention.end, closest)
        return Fix(advice, (edit,), Applicability.UNSAFE)


class OffPaletteRender(FrameRule):
    """Flags a render whose frames are dominated by a vivid colour off the brand palette.

    At each frame measured in full, the dominant colours (k-means in L*a*b*) that cover at least
    10 % of the frame and are vivid (chroma at least 30, so skin, shadow and greys never count) are
    compared with `[brand] palette`; one farther than `max-palette-delta-e` from every palette
    colour is reported once per shot, at its worst frame.

    ## Why
    The text can be on-palette and the render not: models drift toward their favourite teals and
    oranges. The frame is what the audience sees.

    ## Configuration
    ```toml
    [brand]
    palette = ["#C8102E", "#F2E8D5", "#1B1B1B"]
    ```

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: counter, duration: 5, render: {file: renders/counter.mp4}}   # a lime wall fills a third of it
    ```

    ## Fix
    Render the shot again with the colour named in the prompt (as a palette hex), or grade it.
    """

    code = "BR004"
    name = "off-palette-render"
    severity = Severity.WARNING

    #: Share of the frame and chroma from which a dominant colour counts.
    MIN_SHARE = 0.10
    MIN_CHROMA = 30.0

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        brand = ctx.config.brand
        if not brand.palette:
            return
        import numpy as np

        for index, m in measured_shots(board, renders):
            worst: tuple[float, float, np.ndarray] | None = None
            for sample in m.samples:
                colours, shares = sample.palette[:, :3], sample.palette[:, 3]
                vivid = (shares >= self.MIN_SHARE) & (_chroma(colours) >= self.MIN_CHROMA)
                if not vivid.any():
                    continue
                distance, _ = _palette_distance(colours[vivid], brand)
                j = int(np.argmax(distance))
                if distance[j] > brand.max_palette_delta_e and (worst is None or distance[j] > worst[0]):
                    worst = (float(distance[j]), sample.time, colours[vivid][j])
            if worst is not None:
                distance, time, lab = worst
                still = Still(m.render, time, f"{board.shots[index].id} at {time:.2f} s")
                message = (
                    f"render of shot {board.shots[index].id} is dominated by L*a*b* ({lab[0]:.0f}, {lab[1]:.0f}, "
                    f"{lab[2]:.0f}) at {time:.2f} s, CIEDE2000 {distance:.1f} from the brand palette "
                    f"(max {brand.max_palette_delta_e:g})"
                )
                evidence = Evidence(m.render, time, distance, brand.max_palette_delta_e, (still,))
                yield self.report(
                    message, render_span(ctx, board, index), shot=board.shots[index].id, evidence=evidence
                )


class DisclosureMissing(Rule):
    """Flags a project without the AI-generation label `[brand] disclosure = "required"` asks for.

    The label is the storyboard's `disclosure` (carried into exports); with
    `disclosure-label`, it must contain that wording.

    ## Why
    Platforms, broadcasters and a growing body of law (the EU AI Act's transparency duties among
    them) require synthetic media to say so. A spot delivered without its label is sent back — or
    worse, runs.

    ## Configuration
    ```toml
    [brand]
    disclosure = "required"
    disclosure-label = "AI-generated"
    ```

    ## Example
    ```yaml
    title: Redline spot
    shots:
      - {id: counter, action: Maya orders a cortado}
    ```

    ## Fix
    ```yaml
    title: Redline spot
    disclosure: "AI-generated: made with Sora 2"
    shots:
      - {id: counter, action: Maya orders a cortado}
    ```
    """

    code = "BR005"
    name = "disclosure-missing"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        brand = ctx.config.brand
        if brand.disclosure != "required":
            return
        if not board.disclosure:
            message = "the brand requires an AI-generation label: add `disclosure:` to the storyboard"
            if brand.disclosure_label:
                message += f" (containing {brand.disclosure_label!r})"
            yield self.report(message, ctx.locate(("title",), key=True))
        elif brand.disclosure_label and brand.disclosure_label.lower() not in board.disclosure.lower():
            message = f"the disclosure {board.disclosure!r} lacks the required wording {brand.disclosure_label!r}"
            yield self.report(message, ctx.locate(("disclosure",)))


class CameraMoveOutsideGrammar(Rule):
    """Flags a camera move the house grammar (`[brand] camera-moves`) does not allow.

    Moves are read from the shot's `camera` text under their canonical names — "pushes in" is a
    dolly, "whip pan" a whip-pan, "locked-off" static. The names: static, pan, whip-pan, tilt,
    dolly, truck, follow, crane, orbit, zoom, crash-zoom, dolly-zoom, handheld, steadicam, drone
    and roll.

    ## Why
    A brand's films feel like one brand partly because they move alike: a calm house that only
    dollies and pans is broken by one drone swoop or crash zoom, and generated shots improvise
    moves unless told.

    ## Configuration
    ```toml
    [brand]
    camera-moves = ["static", "pan", "dolly"]
    ```

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: counter, camera: "crash zoom onto the cup, then a whip pan to the door"}
    ```

    ## Fix
    ```yaml
    title: Redline
    shots:
      - {id: counter, camera: "slow push-in on the cup, then a pan to the door"}
    ```
    """

    code = "BR006"
    name = "camera-move-outside-grammar"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        allowed = ctx.config.brand.camera_moves
        if not allowed:
            return
        for index, shot in enumerate(board.shots):
            for move in camera_moves(shot.camera or ""):
                if move.name not in allowed:
                    at = ctx.locate_span(("shots", index, "camera"), shot.camera or "", move.start, move.end)
                    written = (shot.camera or "")[move.start : move.end]
                    message = f"{written!r} is a {move.name}, outside the house camera grammar ({', '.join(allowed)})"
                    yield self.report(message, at, shot=shot.id)


class BannedToneWord(Rule):
    """Flags dialogue using a word on `[brand] banned-tone-words`.

    Words match as whole words with simple inflections, in `audio.dialogue` of every shot.

    ## Why
    A brand's voice is as deliberate as its palette: a premium brand never says "cheap", a
    health brand never promises a "cure". Generated voices say exactly what the prompt gives them.

    ## Configuration
    ```toml
    [brand]
    banned-tone-words = ["cheap", "guaranteed"]
    ```

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: counter, audio: {dialogue: "Maya: Cheap coffee, guaranteed fast!"}}
    ```

    ## Fix
    ```yaml
    title: Redline
    shots:
      - {id: counter, audio: {dialogue: "Maya: Good coffee, ready when you are."}}
    ```
    """

    code = "BR007"
    name = "banned-tone-word"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        words = ctx.config.brand.banned_tone_words
        if not words:
            return
        pattern = phrase_pattern(*words)
        for index, shot in enumerate(board.shots):
            text = shot.audio.dialogue or ""
            for match in pattern.finditer(text):
                at = ctx.locate_span(("shots", index, "audio", "dialogue"), text, match.start(), match.end())
                yield self.report(f"dialogue says {match.group()!r}, a banned tone word", at, shot=shot.id)
