"""Continuity (CT): what breaks a character, a place or an action from one shot to the next."""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass

from soracheck.rules.base import Applicability, Context, Diagnostic, Fix, Rule, Severity
from soracheck.storyboard.directives import (
    Found,
    normalise_signature,
    transition_of,
)
from soracheck.storyboard.edits import scalar_edit
from soracheck.storyboard.model import Character, Shot, Storyboard
from soracheck.storyboard.source import NodePath
from soracheck.storyboard.yamledit import YamlEditError, YamlText
from soracheck.vocabulary.avoid import AVOID_MEANS, AVOID_TAGS, prose_avoids
from soracheck.vocabulary.camera import HELD, Move, camera_moves, move_kind
from soracheck.vocabulary.looks import look_family, screen_direction
from soracheck.vocabulary.names import OFF_SCREEN, Mention, find_name
from soracheck.vocabulary.phrases import QUOTED, any_phrase, clauses, content_words, phrase_pattern
from soracheck.vocabulary.wardrobe import PUTTING_ON, SLOTS, Wear, same_colour, wardrobe

UNSAFE = Applicability.UNSAFE


class BrokenContinuation(Rule):
    """Flags a continuation marker on a shot that has nothing to continue.

    `continue-shooting` and its aliases (`no-recap`, `mid-scene-entry`, `action-continues`,
    `same-timeline`, `continue-shot`) say the shot picks up the previous one mid-action, in the
    same place and moment. There is nothing to pick up on the first shot, after a `time-jump`
    transition, or when the location changed since the previous shot. A `match-move` is not a
    continuation of the scene — matching a movement across a cut between two places is ordinary
    film grammar — and is judged on its camera move by `match-move-mismatch`.

    ## Why
    The field guide's No-Recap Protocol only holds when the environmental anchors match: when
    shot 1 is in a coffee shop and shot 2 is suddenly outdoors, the model ignores the marker and
    resets anyway — the recap the directive was meant to prevent.

    ## Example
    ```yaml
    title: Redline
    locations:
      booth: {description: back booth of Redline Coffee}
      street: {description: wet street outside the cafe}
    shots:
      - {id: order, location: booth, action: Maya orders a cortado}
      - {id: leave, location: street, directives: [continue-shooting], action: Maya steps into the rain}
    ```

    ## Fix
    Continue only within one location and timeline; mark a real change with a transition.
    ```yaml
    title: Redline
    locations:
      booth: {description: back booth of Redline Coffee}
      street: {description: wet street outside the cafe}
    shots:
      - {id: order, location: booth, action: Maya orders a cortado}
      - {id: leave, location: street, transition: seamless, action: Maya steps into the rain}
    ```
    """

    code = "CT001"
    name = "broken-continuation"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            found = next((f for f in ctx.directives(index) if f.directive.name == "continue-shooting"), None)
            if found is None:
                continue
            directive = found.directive
            why = self._why(board, index, ctx)
            if why is None:
                continue
            at = ctx.locate_directive(found)
            fix = Fix(f"remove <<{directive.written}>>, or {why[1]}")
            yield self.report(
                f"<<{directive.written}>> {why[0]}: the model will restart the action", at, shot=shot.id, fix=fix
            )

    @staticmethod
    def _why(board: Storyboard, index: int, ctx: Context) -> tuple[str, str] | None:
        if index == 0:
            return "on the first shot, with nothing before it", "add the shot it continues"
        transition = transition_of(ctx.directives(index))
        if transition is not None and transition.kind == "time-jump":
            return "after a time-jump", "drop the time-jump"
        previous, shot = board.shots[index - 1], board.shots[index]
        if previous.location != shot.location:
            before = previous.location or "no location"
            return (
                f"across a change of location ({before} → {shot.location or 'no location'})",
                f"keep location {before!r}",
            )
        return None


class UndefinedReference(Rule):
    """Flags a shot whose `cast` or `location` names a character or location the storyboard does not define.

    ## Why
    Identity gravity comes from the character's definition — name, anchors, style origin — and
    lighting locks from the location's signature. A key that resolves to nothing sends the model
    a bare word, and the character or place is re-invented in that shot.

    ## Example
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, anchors: [asymmetrical bob]}
    shots:
      - {id: counter, cast: [mya], action: Maya orders a cortado}
    ```

    ## Fix
    Use a defined key (the fix suggests the closest one), or define the character.
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, anchors: [asymmetrical bob]}
    shots:
      - {id: counter, cast: [maya], action: Maya orders a cortado}
    ```
    """

    code = "CT002"
    name = "undefined-reference"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            base: NodePath = ("shots", index)
            for position, key in enumerate(shot.cast):
                if key not in board.characters:
                    yield self._report(
                        ctx, "character", key, list(board.characters), (*base, "cast", position), shot.id
                    )
            if shot.location and shot.location not in board.locations:
                yield self._report(ctx, "location", shot.location, list(board.locations), (*base, "location"), shot.id)

    def _report(self, ctx: Context, kind: str, key: str, known: list[str], node: NodePath, shot: str) -> Diagnostic:
        at = ctx.locate(node)
        message = f"{kind} {key!r} is not defined"
        close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
        fix = None
        if close:
            message += f" (did you mean {close[0]!r}?)"
            fix = Fix.replacing(at, close[0])
        elif known:
            message += f"; defined {kind}s: {', '.join(known)}"
        return self.report(message, at, shot=shot, fix=fix)


def _names(character: Character) -> tuple[str, ...]:
    """How a shot text may name a character: the full name, then the first name."""
    first = character.name.split()[0] if character.name.split() else character.name
    return (character.name, first) if first != character.name else (character.name,)


@functools.cache
def _stem(word: str) -> str:
    word = word.lower().removesuffix("'s")
    return word[:5] if len(word) > 5 else word.removesuffix("s")


def _restated(anchor: str, stems: set[str]) -> bool:
    """Whether at least half the meaningful words of an anchor appear (by stem) in a text."""
    words = {_stem(w) for w in content_words(anchor)}
    return bool(words) and 2 * len(words & stems) >= len(words)


def present_characters(board: Storyboard, shot: Shot, text: str) -> list[str]:
    """Keys of the characters in a shot: its cast, and characters a literal prompt names."""
    keys = list(dict.fromkeys(shot.cast))
    if shot.prompt:
        keys += [k for k, c in board.characters.items() if k not in keys and any_phrase(text, _names(c))]
    return [k for k in keys if k in board.characters]


def missing_anchors(character: Character, prompt: str) -> list[str]:
    """The anchors a prompt leaves out, or [] when it restates at least half of them."""
    stems = {_stem(w) for w in content_words(prompt)}
    missing = [a for a in character.anchors if not _restated(a, stems)]
    return missing if 2 * (len(character.anchors) - len(missing)) < len(character.anchors) else []


class AnchorsNotRestated(Rule):
    """Flags a shot whose prompt names a character but restates fewer than half of their identity anchors.

    Measured on the compiled prompt, so structured shots pass: the compiler restates every cast
    member's anchors. It bites on literal `prompt:` shots, where the writer must do it by hand.
    A character without anchors is left to `weak-identity`.

    ## Why
    Identity gravity and remix inheritance: the model recognises a character from the details in
    the prompt, not from the pixels of the last shot. Leave the red jacket out and it drifts to
    the dataset average; restate the anchors even when they are "already visible".

    ## Example
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, anchors: [asymmetrical bob, round wire-frame glasses, coffee-stained band t-shirt]}
    shots:
      - {id: booth, prompt: Maya sits in the back booth and stirs her cortado}
    ```

    ## Fix
    Restate the anchors where the character is named (the fix inserts the missing ones).
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, anchors: [asymmetrical bob, round wire-frame glasses, coffee-stained band t-shirt]}
    shots:
      - {id: booth, prompt: "Maya (asymmetrical bob, round wire-frame glasses) sits in the back booth and stirs her cortado"}
    ```
    """

    code = "CT003"
    name = "anchors-not-restated"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            prompt = ctx.prompt(index)
            for key in present_characters(board, shot, prompt):
                character = board.characters[key]
                missing = missing_anchors(character, prompt)
                if not missing:
                    continue
                named = any_phrase(prompt, _names(character)) if shot.prompt else None
                fix = Fix(f"restate: {'; '.join(missing)}")
                if named:
                    node = ("shots", index, "prompt")
                    at = ctx.locate_span(node, prompt, named.start(), named.end())
                    span = ctx.document.source.span(node)
                    if span is not None:
                        insertion = f" ({', '.join(missing)})"
                        edit = scalar_edit(ctx.document.source.text, span, prompt, named.end(), named.end(), insertion)
                        fix = Fix(f"insert{insertion} after {named.group()}", (edit,), UNSAFE)
                else:
                    at = ctx.locate(
                        ("shots", index, "cast", shot.cast.index(key)) if key in shot.cast else ("shots", index)
                    )
                message = (
                    f"{character.name}: the prompt restates {len(character.anchors) - len(missing)} of "
                    f"{len(character.anchors)} identity anchors (missing: {'; '.join(missing)})"
                )
                yield self.report(message, at, shot=shot.id, character=key, fix=fix)


class CharacterNotCast(Rule):
    """Flags a structured shot whose action names a defined character who is not in its `cast`.

    A character is named by the full name, the first name, or the family name used as a name (see
    `real-person-named`), in the shot's `action`, `beats`, `details`, `camera` or `persist`. A
    name inside quoted dialogue, or in a clause that places the character off screen (heard,
    on a phone or in a photo, remembered), does not count. Literal `prompt:` shots are left to
    `anchors-not-restated`, which reads the characters a prompt names as present.

    ## Why
    Identity gravity comes from the character's definition, and the compiler restates the anchors
    of the cast only. A character who acts in a shot without being cast reaches the model as a
    bare name: her red jacket and her glasses are never restated, and she is re-invented there.

    ## Example
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, anchors: [red leather jacket, round glasses]}
      leo: {name: Leo, description: the barista}
    shots:
      - {id: counter, cast: [leo], action: Leo slides a cortado across to Maya}
    ```

    ## Fix
    Cast the character (the fix adds the key to `cast`), or take the name out of the action.
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, anchors: [red leather jacket, round glasses]}
      leo: {name: Leo, description: the barista}
    shots:
      - {id: counter, cast: [leo, maya], action: Leo slides a cortado across to Maya}
    ```
    """

    code = "CT011"
    name = "character-not-cast"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            if shot.prompt:
                continue
            for key, character in board.characters.items():
                if key in shot.cast:
                    continue
                others = [c.name for k, c in board.characters.items() if k != key]
                named = next(
                    (
                        (path, text, found)
                        for path, text in shot.texts()
                        if path[0] in ("action", "beats", "details", "camera", "persist")
                        for found in (self._on_screen(text, character.name, others),)
                        if found is not None
                    ),
                    None,
                )
                if named is None:
                    continue
                path, text, found = named
                at = ctx.locate_span(("shots", index, *path), text, found.start, found.end)
                message = (
                    f"{character.name} is named in shot {shot.id} but is not in its cast: "
                    "the prompt will not restate who they are"
                )
                yield self.report(message, at, shot=shot.id, character=key, fix=self._cast(ctx, index, key))

    @staticmethod
    def _on_screen(text: str, name: str, others: list[str]) -> Mention | None:
        """Where ``text`` names the character as someone in the shot (not quoted, heard or pictured)."""
        hidden = [m.span() for m in QUOTED.finditer(text)]
        for start, clause in clauses(text):
            found = find_name(clause, name, others=others)
            if found is None or OFF_SCREEN.search(clause):
                continue
            if not any(s <= start + found.start < e for s, e in hidden):
                return Mention(start + found.start, start + found.end, found.how)
        return None

    @staticmethod
    def _cast(ctx: Context, index: int, key: str) -> Fix:
        message = f"add {key!r} to the shot's cast"
        if ctx.document.kind != "storyboard":
            return Fix(message)
        shot = ctx.document.board.shots[index]
        doc = YamlText.parse(ctx.document.source.text, str(ctx.document.path))
        try:
            edit = doc.set(("shots", index, "cast"), [*shot.cast, key], order=tuple(Shot.model_fields))
        except YamlEditError:
            return Fix(message)
        return Fix(message, (edit,), UNSAFE)


#: Shot texts that describe what the cast wear and do (not NPCs, lighting or sound).
_WARDROBE_FIELDS = ("action", "prompt", "details", "beats", "persist")


#: What a character is known to wear: item → (colour, the shot that set it or None for the anchors, as written).
_Worn = dict[str, tuple[str, str | None, str]]


class WardrobeContradiction(Rule):
    """Flags a garment or hair whose colour or kind changes between shots of one character without a time-jump.

    The character's anchors and description set what they wear; a shot that names the same item
    in another colour ("Maya's red jacket", then "her blue jacket") contradicts them, and so does
    a later shot that changes a colour an earlier shot set. Garments are also compared by the slot
    they are worn in: a "green leather jacket" on a character who wears a "yellow rain cape" is
    another outer layer, not a second one. (A slot is compared when one item holds it and the
    colours differ; layers worn together, a sweater over a shirt, are other slots.) A mention
    belongs to a character when their name comes earlier in the same clause, or when they are the
    only character in the shot; a garment they put on ("pulls on a green jacket") is a change on
    screen, from there on. After a `time-jump` transition anything may have changed: the next
    mention sets the colour. So it may after a `wardrobe-change: KEY` directive, for that
    character — a change on purpose, made on screen or off — unless the shot continues the
    previous one mid-action, where nothing can.

    ## Why
    Identity gravity: wardrobe is an identity anchor. Two colours for one jacket, or a jacket
    where the cape was, give the model two characters to choose between, and it will alternate
    between them or blend them.

    ## Example
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, anchors: [red leather jacket, round glasses]}
      ines: {name: Ines, anchors: [yellow rain cape]}
    shots:
      - {id: counter, cast: [maya, ines], action: Maya orders at the counter}
      - {id: booth, cast: [maya], action: Maya pulls her blue jacket tighter in the booth}
      - {id: door, cast: [ines], action: Ines waits at the door in a green leather jacket}
    ```

    ## Fix
    Keep the colour (the fix restores the established one) and the garment, or mark the change
    with a time-jump or a `wardrobe-change`.
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, anchors: [red leather jacket, round glasses]}
      ines: {name: Ines, anchors: [yellow rain cape]}
    shots:
      - {id: counter, cast: [maya, ines], action: Maya orders at the counter}
      - {id: booth, cast: [maya], action: Maya pulls her red jacket tighter in the booth}
      - {id: door, cast: [ines], action: Ines waits at the door in her yellow rain cape}
    ```
    """

    code = "CT004"
    name = "wardrobe-contradiction"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        baseline = {key: self._baseline(c) for key, c in board.characters.items()}
        current = {key: dict(worn) for key, worn in baseline.items()}
        for index, shot in enumerate(board.shots):
            transition = transition_of(ctx.directives(index))
            if transition is not None and transition.kind == "time-jump":
                current = {key: {} for key in baseline}  # time passed: anyone may have changed
            found = ctx.directives(index)
            if not any(f.directive.continuation for f in found):
                for f in found:
                    if f.directive.name == "wardrobe-change" and f.directive.argument in current:
                        current[f.directive.argument] = {}  # a change on purpose, from this shot on
            for path, text in shot.texts():
                if path[0] not in _WARDROBE_FIELDS:
                    continue
                present = present_characters(board, shot, text)
                for wear, key, put_on in self._attributed(board, present, text):
                    worn = current[key]
                    if put_on:
                        for item in [i for i in worn if SLOTS.get(i, i) == wear.slot]:
                            del worn[item]
                    diagnostic = None if put_on else self._contradiction(ctx, (index, path, text), worn, wear, key)
                    before = worn.get(wear.item)
                    kept = before[1] if before and same_colour(before[0], wear.colour) else shot.id
                    worn[wear.item] = (wear.colour, kept, wear.phrase)
                    if diagnostic is not None:
                        yield diagnostic

    def _contradiction(
        self, ctx: Context, where: tuple[int, NodePath, str], worn: _Worn, wear: Wear, key: str
    ) -> Diagnostic | None:
        index, path, text = where
        board = ctx.document.board
        shot, name = board.shots[index].id, board.characters[key].name
        at = ctx.locate_span(("shots", index, *path), text, wear.colour_start, wear.colour_end)
        before = worn.get(wear.item)
        if before is not None:
            if same_colour(before[0], wear.colour):
                return None
            since = f"in shot {before[1]!r}" if before[1] else "in the character's anchors"
            fix = Fix.replacing(at, before[0], f"keep {before[0]}, or mark a time-jump before this shot")
            message = f"{name}'s {wear.item} is {wear.colour} here but {before[0]} {since}, with no time-jump between"
            return self.report(message, at, shot=shot, character=key, fix=fix)
        held = [(item, value) for item, value in worn.items() if SLOTS.get(item, item) == wear.slot]
        if len(held) != 1 or same_colour(held[0][1][0], wear.colour):
            return None
        phrase, since_shot = held[0][1][2], held[0][1][1]
        since = f"in shot {since_shot!r}" if since_shot else "in the character's anchors"
        message = (
            f"{name} wears {wear.phrase!r} here but {phrase!r} {since} "
            f"(both {wear.slot}), with no time-jump or wardrobe change between"
        )
        fix = Fix(f"keep {phrase!r}, or mark a time-jump or <<wardrobe-change: {key}>> before this shot")
        return self.report(message, at, shot=shot, character=key, fix=fix)

    @staticmethod
    def _baseline(character: Character) -> _Worn:
        texts = [*character.anchors, character.description or ""]
        return {w.item: (w.colour, None, w.phrase) for text in texts for w in wardrobe(text)}

    @staticmethod
    def _attributed(board: Storyboard, present: list[str], text: str) -> Iterator[tuple[Wear, str, bool]]:
        """Each coloured garment of a text with the character wearing it, and whether they put it on there."""
        for start, clause in clauses(text):
            named = sorted(
                (m.start(), key)
                for key in present
                for m in (any_phrase(clause, _names(board.characters[key])),)
                if m is not None
            )
            for wear in wardrobe(clause):
                before = [(at, key) for at, key in named if at < wear.start]
                owner = before[-1][1] if before else (present[0] if len(present) == 1 else None)
                if owner is not None:
                    since = before[-1][0] if before else 0
                    put_on = any(m.start() < wear.start for m in PUTTING_ON.finditer(clause, since))
                    yield wear.moved(start), owner, put_on


class StyleDominance(Rule):
    """Flags a character whose `style_origin` is another look than the one the project or shot asks for.

    The project's `style.look`, or a shot's `style-override`, is compared with each cast member's
    `style_origin` by family (photoreal, anime, cartoon, 3d, stop-motion, painterly). A look that
    says it blends ("mixed media", "hybrid", "semi-realistic") is a deliberate choice and passes.

    ## Why
    Style dominance: the look a character was first generated in becomes their origin shader,
    and it beats the prompt's style instructions. An anime character in a photorealistic shop
    drags the shop toward cel shading; `style-override` fights this but stays unstable.

    ## Example
    ```yaml
    title: Pizza Night
    style: {look: photorealistic}
    characters:
      dax: {name: Lil DAX, anchors: [oversized hoodie, gold chain with pizza pendant], style_origin: anime}
    shots:
      - {id: counter, cast: [dax], action: DAX slaps the counter}
    ```

    ## Fix
    Three ways out: accept the blend (say so in the look: "mixed media, DAX is clearly
    animated, the shop is photographic"), keep the scene in the origin shader (an anime shop),
    or start fresh with a new character generated in the requested look.
    ```yaml
    title: Pizza Night
    style: {look: "mixed media: DAX stays anime, the shop is photorealistic"}
    characters:
      dax: {name: Lil DAX, anchors: [oversized hoodie, gold chain with pizza pendant], style_origin: anime}
    shots:
      - {id: counter, cast: [dax], action: DAX slaps the counter}
    ```
    """

    code = "CT005"
    name = "style-dominance"
    severity = Severity.WARNING

    WAYS_OUT = (
        "accept the blend (name it in the look, e.g. 'mixed media'), keep the scene in the origin shader, "
        "or start fresh with a character generated in the requested look"
    )

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        project = look_family(board.style.look)
        reported: set[str] = set()
        for index, shot in enumerate(board.shots):
            override = next((f for f in ctx.directives(index) if f.directive.name == "style-override"), None)
            wanted = look_family(str(override.directive.argument)) if override else project
            for key in shot.cast:
                character = board.characters.get(key)
                origin = look_family(character.style_origin) if character else None
                if character is None or origin in (None, "blend") or wanted in (None, "blend", origin):
                    continue
                if override is not None:
                    at = ctx.locate_directive(override)
                    message = (
                        f"<<style-override: {override.directive.argument}>> fights {character.name}'s origin shader "
                        f"({character.style_origin}); the result stays unstable"
                    )
                elif key not in reported:
                    reported.add(key)
                    at = ctx.locate(("characters", key, "style_origin"))
                    message = (
                        f"{character.name} originates in {character.style_origin!r} but the project asks for "
                        f"{board.style.look!r}: the origin shader will drag the scene toward it"
                    )
                else:
                    continue
                yield self.report(message, at, shot=shot.id, character=key, fix=Fix(self.WAYS_OUT))


def _lighting_lock(ctx: Context, index: int) -> Found | None:
    return next((f for f in ctx.directives(index) if f.directive.name in ("lighting-lock", "match-lighting")), None)


class UnknownLightingSignature(Rule):
    """Flags `lighting-lock: X` when no location signature and no earlier lighting defines X.

    A signature is defined by a location's `signature`, or by the words of the lighting of a
    location or shot before it (`golden-hour` by "low golden-hour sun"). `lighting-lock: current`
    keeps the last frame's lighting, so it needs a shot before it.

    ## Why
    Lighting lock: the model treats a lighting signature like a character trait, but only when
    it has been described. A name that nothing defines is a word without a picture, and the
    lighting drifts exactly where it was supposed to hold.

    ## Example
    ```yaml
    title: Redline
    locations:
      redline: {description: Redline Coffee, lighting: warm tungsten overhead, signature: tungsten-amber-window-45}
    shots:
      - {id: counter, location: redline, action: Maya orders}
      - {id: booth, location: redline, directives: ["lighting-lock: tungsten-amber-window"], action: Maya sits}
    ```

    ## Fix
    Name a defined signature (the fix suggests the closest), or define it on the location.
    ```yaml
    title: Redline
    locations:
      redline: {description: Redline Coffee, lighting: warm tungsten overhead, signature: tungsten-amber-window-45}
    shots:
      - {id: counter, location: redline, action: Maya orders}
      - {id: booth, location: redline, directives: ["lighting-lock: tungsten-amber-window-45"], action: Maya sits}
    ```
    """

    code = "CT006"
    name = "unknown-lighting-signature"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        signatures = {
            normalise_signature(loc.signature): loc.signature for loc in board.locations.values() if loc.signature
        }
        lit: set[str] = set()
        for index, shot in enumerate(board.shots):
            location = board.locations.get(shot.location or "")
            for found in ctx.directives(index):
                if found.directive.name != "lighting-lock" or not isinstance(found.directive.value, str):
                    continue
                wanted = found.directive.value
                if wanted == "current":
                    if index == 0:
                        yield self.report(
                            "<<lighting-lock: current>> on the first shot: there is no earlier frame to keep",
                            ctx.locate_directive(found),
                            shot=shot.id,
                            fix=Fix("name a signature, or remove the lock"),
                        )
                    continue
                words = {w for w in wanted.split("-") if len(w) >= 3}
                if wanted in signatures or (words and words <= lit | self._words(shot.lighting)):
                    continue
                yield self._unknown(ctx, found, shot.id, list(signatures.values()))
            for text in (location.lighting if location else None, shot.lighting):
                lit |= self._words(text)

    @staticmethod
    def _words(text: str | None) -> set[str]:
        return set(normalise_signature(text).split("-")) if text else set()

    def _unknown(self, ctx: Context, found: Found, shot: str, known: list[str]) -> Diagnostic:
        at = ctx.locate_directive(found)
        argument = str(found.directive.argument)
        message = f"lighting signature {argument!r} is not defined by any location or earlier shot"
        close = difflib.get_close_matches(argument, known, n=1, cutoff=0.6)
        fix = Fix("define it as a location's `signature`, or name one that is defined")
        if close:
            message += f" (did you mean {close[0]!r}?)"
            if not found.inline:
                fix = Fix.replacing(ctx.locate_text(found.path, argument), close[0])
        elif known:
            message += f"; defined: {', '.join(known)}"
        return self.report(message, at, shot=shot, fix=fix)


class LightingJump(Rule):
    """Flags lighting that changes between consecutive shots of one location with no reason given.

    Consecutive shots in the same location whose lighting (the shot's `lighting`, else the
    location's) differs, with neither a `time-jump` transition nor a `lighting-lock` or
    `match-lighting` directive on the later shot.

    ## Why
    Lighting lock (environmental memory): lighting changes between shots even when time and
    place have not. A new lighting description in the same place and moment tells the model the
    scene changed, and the cut jumps.

    ## Example
    ```yaml
    title: Redline
    locations:
      redline: {description: Redline Coffee, lighting: warm tungsten overhead}
    shots:
      - {id: counter, location: redline, action: Maya orders}
      - {id: booth, location: redline, lighting: cold blue fluorescent, action: Maya sits}
    ```

    ## Fix
    Keep the location's lighting, lock it, or say that time passed with a time-jump.
    ```yaml
    title: Redline
    locations:
      redline: {description: Redline Coffee, lighting: warm tungsten overhead}
    shots:
      - {id: counter, location: redline, action: Maya orders}
      - {id: booth, location: redline, transition: "time-jump: 3 hours", lighting: cold blue fluorescent, action: Maya sits}
    ```
    """

    code = "CT007"
    name = "lighting-jump"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index in range(1, len(board.shots)):
            previous, shot = board.shots[index - 1], board.shots[index]
            if not shot.location or shot.location != previous.location:
                continue
            location = board.locations.get(shot.location)
            default = location.lighting if location else None
            before, now = previous.lighting or default, shot.lighting or default
            if not before or not now or normalise_signature(before) == normalise_signature(now):
                continue
            transition = transition_of(ctx.directives(index))
            if (transition is not None and transition.kind == "time-jump") or _lighting_lock(ctx, index):
                continue
            node = ("shots", index, "lighting") if shot.lighting else ("shots", index - 1, "lighting")
            message = f"lighting changes from {before!r} to {now!r} within {shot.location!r} with no time-jump or lock"
            fix = Fix("keep the lighting, add <<lighting-lock>>, or mark a time-jump")
            yield self.report(message, ctx.locate(node), shot=shot.id, fix=fix)


class LightingLockConflict(Rule):
    """Flags a shot that carries more than one lighting lock: the same one twice, or two that differ.

    Lighting locks are `lighting-lock: X` and `match-lighting` (the previous shot's lighting, or
    the named shot's), in the shot's `directives` list or inline in its text. `lighting-lock:
    current` and a bare `match-lighting` both keep the previous shot's lighting, so together they
    are one lock written twice. The fix removes a repeated list entry.

    ## Why
    Lighting lock: the model holds a lighting signature like a character trait — one at a time.
    Two different locks give it two lightings to hold and it blends or alternates them; the same
    lock twice is noise that hides which one was meant when one of them is later edited.

    ## Example
    ```yaml
    title: Redline
    locations:
      redline: {description: Redline Coffee, signature: tungsten-amber-window-45}
    shots:
      - {id: counter, location: redline, action: Maya orders}
      - id: booth
        location: redline
        directives: ["lighting-lock: tungsten-amber-window-45", "lighting-lock: current"]
        action: Maya sits
    ```

    ## Fix
    Keep one lock.
    ```yaml
    title: Redline
    locations:
      redline: {description: Redline Coffee, signature: tungsten-amber-window-45}
    shots:
      - {id: counter, location: redline, action: Maya orders}
      - id: booth
        location: redline
        directives: ["lighting-lock: tungsten-amber-window-45"]
        action: Maya sits
    ```
    """

    code = "CT012"
    name = "lighting-lock-conflict"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            kept: dict[str, Found] = {}
            for found in ctx.directives(index):
                if found.directive.name not in ("lighting-lock", "match-lighting"):
                    continue
                what = self._holds(found)
                at = ctx.locate_directive(found)
                first = next(iter(kept.values()), None)
                if what in kept:
                    message = f"{_written(found)} repeats {_written(kept[what])}"
                    yield self.report(message, at, shot=shot.id, fix=self._removal(ctx, found))
                elif first is not None:
                    message = (
                        f"two lighting locks on one shot: {_written(first)} and {_written(found)}; "
                        "the model gets two lightings to hold"
                    )
                    yield self.report(message, at, shot=shot.id, fix=Fix("keep one lighting lock"))
                kept.setdefault(what, found)

    @staticmethod
    def _holds(found: Found) -> str:
        """What a lock keeps: a signature, or ``previous`` (`current`, bare `match-lighting`), or a shot."""
        value = found.directive.value
        if found.directive.name == "match-lighting":
            return f"shot:{value}" if isinstance(value, str) and value else "previous"
        signature = normalise_signature(str(value)) if value else ""
        return "previous" if signature == "current" else signature

    @staticmethod
    def _removal(ctx: Context, found: Found) -> Fix:
        message = f"remove the repeated {_written(found)}"
        if found.inline or found.path[-2:-1] != ("directives",) or ctx.document.kind != "storyboard":
            return Fix(message)
        try:
            edit = YamlText.parse(ctx.document.source.text, str(ctx.document.path)).delete(found.path)
        except YamlEditError:
            return Fix(message)
        return Fix(message, (edit,), Applicability.SAFE)


def _written(found: Found) -> str:
    """A directive as the writer wrote it, in brackets: ``<<lighting-lock: current>>``."""
    return f"<<{found.directive.text.strip('<>')}>>"


class MatchMoveMismatch(Rule):
    """Flags a `match-move` shot whose movement does not carry on from the previous shot's.

    The screen direction ("left to right", "right-to-left", "L→R") and the kind of camera move
    (a follow, a pan, a push-in, an orbit…) are read from each shot's text; the camera move from
    its `camera`, else from a prompt's sentences about the camera. A match-move that reverses the
    direction, or changes the kind of move, is reported, and so is one on the first shot, with
    nothing before it to match. The location may change: matching a movement across a cut between
    two places is what a match-move is for.

    ## Why
    `match-move` syncs camera and character movement across the cut. The field guide's usage
    continues "left to right, now mid-stride"; reversing the direction breaks the 180-degree
    line, and a follow from behind cut to a pan is a new movement, not the same one carried on:
    the model resets positions to reconcile the two.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: exit, camera: follows her from behind, action: Maya walks left to right under the awning}
      - {id: walk, directives: [match-move], camera: pans with her, action: "Maya continues right to left, mid-stride"}
    ```

    ## Fix
    Keep the direction (the fix swaps it back) and the move, or drop the match-move and cut.
    ```yaml
    title: Redline
    shots:
      - {id: exit, camera: follows her from behind, action: Maya walks left to right under the awning}
      - {id: walk, directives: [match-move], camera: follows her from behind, action: "Maya continues left to right, mid-stride"}
    ```
    """

    code = "CT008"
    name = "match-move-mismatch"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            found = next((f for f in ctx.directives(index) if f.directive.name == "match-move"), None)
            if found is None:
                continue
            if index == 0:
                message = "<<match-move>> on the first shot: there is no movement before it to match"
                yield self.report(message, ctx.locate_directive(found), shot=shot.id, fix=Fix("remove <<match-move>>"))
                continue
            previous = board.shots[index - 1]
            yield from self._direction(ctx, index, previous, shot)
            yield from self._move(ctx, index, previous, shot)

    def _direction(self, ctx: Context, index: int, previous: Shot, shot: Shot) -> Iterator[Diagnostic]:
        before, now = self._screen_direction(previous), self._screen_direction(shot)
        if before is None or now is None or before[0] == now[0]:
            return
        path, text, match = now[1:]
        at = ctx.locate_span(("shots", index, *path), text, match.start(), match.end())
        fix = Fix.replacing(at, before[0].replace("-", " "))
        message = f"<<match-move>> reverses screen direction: {now[0]} here, {before[0]} in shot {previous.id!r}"
        yield self.report(message, at, shot=shot.id, fix=fix)

    def _move(self, ctx: Context, index: int, previous: Shot, shot: Shot) -> Iterator[Diagnostic]:
        before, now = self._camera_moves(previous), self._camera_moves(shot)
        if (
            before is None
            or now is None
            or {move_kind(m.name) for m in before[0]} & {move_kind(m.name) for m in now[0]}
        ):
            return
        moves, path, text = now
        at = ctx.locate_span(("shots", index, *path), text, moves[0].start, moves[0].end)
        was = " and ".join(dict.fromkeys(m.name for m in before[0]))
        message = f"<<match-move>> changes the camera move: {moves[0].name} here, {was} in shot {previous.id!r}"
        fix = Fix(f"carry the {was} on, or drop the match-move and cut")
        yield self.report(message, at, shot=shot.id, fix=fix)

    @staticmethod
    def _screen_direction(shot: Shot) -> tuple[str, NodePath, str, re.Match[str]] | None:
        for path, text in shot.texts():
            if path[0] in ("action", "camera", "prompt", "beats", "details"):
                found = screen_direction(text)
                if found:
                    return found[0], path, text, found[1]
        return None

    @staticmethod
    def _camera_moves(shot: Shot) -> tuple[list[Move], NodePath, str] | None:
        """The moves of the shot's camera: in `camera`, else in a literal prompt's sentences naming the camera."""
        if shot.camera:
            moves = [m for m in camera_moves(shot.camera) if m.name not in HELD]
            return (moves, ("camera",), shot.camera) if moves else None
        for start, clause in clauses(shot.prompt or ""):
            if _CAMERA.search(clause):
                moves = [
                    Move(m.name, start + m.start, start + m.end) for m in camera_moves(clause) if m.name not in HELD
                ]
                if moves:
                    return moves, ("prompt",), shot.prompt or ""
        return None


_CAMERA = re.compile(r"(?<![\w-])(?:camera|shot|we)(?![\w-])", re.IGNORECASE)


@dataclass(frozen=True)
class _Avoid:
    term: str
    phrases: tuple[str, ...]
    where: str  # "project", "shot" or "prose"
    span: tuple[NodePath, int, int] | None = None  # the prose clause or directive that declares it


_NEGATION = re.compile(
    r"(?:\b(?:no|not|never|without|nor|avoid|avoiding|don't|doesn't|neither)\s+(?:\w+\s+){0,2})$", re.IGNORECASE
)


class AvoidContradiction(Rule):
    """Flags shot text that asks for what an `avoid` of the shot or of the project forbids.

    Avoid terms come from the project's and the shot's `avoid:` lists, `<<avoid: …>>`
    directives and plain sentences such as "Avoid signage or corporate branding." A documented
    tag is matched by what it means (`recap` by "re-enters", `static` by "locked-off tripod"); any
    other term by its words. Negated mentions ("no signage") pass.

    ## Why
    Negative constraints: the model respects avoid tags more reliably than positive
    instructions, so a prompt that asks for the avoided thing elsewhere gives it two orders
    that cancel out, and which one wins changes from render to render.

    ## Example
    ```yaml
    title: Platform
    shots:
      - id: arrival
        prompt: >-
          Urban commuter platform at dawn. Avoid signage or corporate branding.
          Camera slides past platform signage edge, traveler mid-frame.
    ```

    ## Fix
    Drop one of the two orders.
    ```yaml
    title: Platform
    shots:
      - id: arrival
        prompt: >-
          Urban commuter platform at dawn. Avoid signage or corporate branding.
          Camera slides past the platform edge, traveler mid-frame.
    ```
    """

    code = "CT009"
    name = "avoid-contradiction"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        project = [self._term(tag, "project") for tag in board.avoid]
        for index, shot in enumerate(board.shots):
            avoids = [*project, *(self._term(tag, "shot") for tag in shot.avoid)]
            declared: list[tuple[NodePath, int, int]] = []
            for found in ctx.directives(index):
                if found.directive.name == "avoid" and isinstance(found.directive.value, tuple):
                    span = ((*found.path,), found.directive.start, found.directive.end)
                    avoids += [self._term(tag, "shot", span if found.inline else None) for tag in found.directive.value]
            for path, text in shot.texts():
                for term, start, end in prose_avoids(text):
                    avoids.append(self._term(term, "prose", (path, start, end)))
                    declared.append((path, start, end))
            avoids = [a for a in avoids if a.phrases]
            yield from self._contradictions(board, index, ctx, avoids, declared)

    @staticmethod
    def _term(term: str, where: str, span: tuple[NodePath, int, int] | None = None) -> _Avoid:
        tag = term.strip().lower()
        if tag in AVOID_MEANS:
            return _Avoid(tag, AVOID_MEANS[tag], where, span)
        return _Avoid(tag, () if tag in AVOID_TAGS else (tag,), where, span)

    def _contradictions(
        self,
        board: Storyboard,
        index: int,
        ctx: Context,
        avoids: list[_Avoid],
        declared: list[tuple[NodePath, int, int]],
    ) -> Iterator[Diagnostic]:
        shot = board.shots[index]
        reported: set[str] = set()
        inline = [f for f in ctx.directives(index) if f.inline]
        origin = {"project": "the project's avoid list", "shot": "this shot's avoid list", "prose": "the prompt"}
        for path, text in shot.texts():
            node = ("shots", index, *path)
            hidden = [(s, e) for p, s, e in declared if p == path]
            hidden += [(f.directive.start, f.directive.end) for f in inline if f.path == node]
            for avoid in avoids:
                if avoid.term in reported:
                    continue
                match = next(
                    (
                        m
                        for m in phrase_pattern(*avoid.phrases).finditer(text)
                        if not any(s <= m.start() < e for s, e in hidden) and not _NEGATION.search(text, 0, m.start())
                    ),
                    None,
                )
                if match is None:
                    continue
                reported.add(avoid.term)
                at = ctx.locate_span(node, text, match.start(), match.end())
                message = f"{match.group()!r} contradicts avoid {avoid.term!r} in {origin[avoid.where]}"
                yield self.report(message, at, shot=shot.id, fix=Fix(f"remove {match.group()!r} or the avoid"))


class MissingAnchorShot(Rule):
    """Flags a run of drift shots longer than `house-style.max-drift-shots` (default 2) with no anchor shot.

    An anchor shot places the scene: it has a defined location, or restates a character's
    identity anchors. A drift shot has neither — a close-up of hands, bokeh, motion.

    ## Why
    Anchor-drift-anchor: drift shots let the model breathe, but identity and place soften in
    each of them. Without an anchor shot to re-lock the coordinates, the softening accumulates
    and the character who comes back is a different one.

    ## Example
    ```yaml
    title: Redline
    locations:
      redline: {description: "Redline Coffee, red brick walls"}
    shots:
      - {id: booth, location: redline, action: Maya sits}
      - {id: hands, action: close on hands around a mug}
      - {id: steam, action: steam curls in slow motion}
      - {id: spoon, action: a spoon turns in the foam}
    ```

    ## Fix
    Re-anchor within the limit: return to the location (or restate who is there).
    ```yaml
    title: Redline
    locations:
      redline: {description: "Redline Coffee, red brick walls"}
    shots:
      - {id: booth, location: redline, action: Maya sits}
      - {id: hands, action: close on hands around a mug}
      - {id: steam, action: steam curls in slow motion}
      - {id: spoon, location: redline, action: "pull back to the booth, a spoon turns in the foam"}
    ```
    """

    code = "CT010"
    name = "missing-anchor-shot"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        limit = ctx.config.house_style.max_drift_shots
        run = 0
        for index, shot in enumerate(board.shots):
            run = 0 if self._anchor(board, shot, ctx.prompt(index)) else run + 1
            if run == limit + 1:
                first = board.shots[index - limit].id
                message = f"{run} drift shots in a row since {first!r} without an anchor shot (at most {limit})"
                fix = Fix("give this shot a location, or a character whose anchors it restates")
                yield self.report(message, ctx.locate(("shots", index, "id")), shot=shot.id, fix=fix)

    @staticmethod
    def _anchor(board: Storyboard, shot: Shot, prompt: str) -> bool:
        if shot.location in board.locations:
            return True
        return any(
            board.characters[k].anchors and not missing_anchors(board.characters[k], prompt)
            for k in present_characters(board, shot, prompt)
        )
