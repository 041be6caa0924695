"""Craft (CR): how a shot is written — what the model responds to and what it ignores."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator

from soracheck.rules.base import Applicability, Context, Diagnostic, Fix, Rule, Severity
from soracheck.storyboard.directives import NAMES, TRANSITIONS
from soracheck.storyboard.edits import Edit
from soracheck.storyboard.model import Shot, Storyboard
from soracheck.storyboard.source import NodePath
from soracheck.vocabulary.avoid import AVOID_TAGS
from soracheck.vocabulary.camera import camera_motive, camera_move, move_kind
from soracheck.vocabulary.crowds import crowds
from soracheck.vocabulary.emotions import emotions, show
from soracheck.vocabulary.phrases import HEARD_LINE, QUOTED, clauses, find_phrase

UNSAFE = Applicability.UNSAFE
#: Shot texts that are spoken or heard, not directed: emotion and crowd words there are the writer's to keep.
_HEARD = ("audio",)


class UnknownDirective(Rule):
    """Flags a `<<directive>>` whose name is not one the field guide documents.

    Known names: continue-shooting (aliases no-recap, mid-scene-entry, action-continues,
    same-timeline, continue-shot), match-move, lighting-lock, match-lighting, style-override,
    identity-lock, transition and avoid. A close misspelling gets a "did you mean".

    ## Why
    Directives are the field guide's command structure: the model recognises the exact
    timeline and consistency markers. A misspelt one is prose the model reads as noise, so the
    continuity it was meant to buy silently disappears.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: counter, action: Maya orders a cortado}
      - {id: booth, action: "<<continue-shootng>> Maya carries the cup to the booth"}
    ```

    ## Fix
    Spell the directive as documented (the fix replaces it with the closest known name).
    ```yaml
    title: Redline
    shots:
      - {id: counter, action: Maya orders a cortado}
      - {id: booth, action: "<<continue-shooting>> Maya carries the cup to the booth"}
    ```
    """

    code = "CR001"
    name = "unknown-directive"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            for found in ctx.directives(index):
                directive = found.directive
                if directive.name is not None or not directive.written:
                    continue
                at = ctx.locate_text(found.path, directive.written)
                message = f"unknown directive <<{directive.written}>>"
                close = difflib.get_close_matches(directive.written.lower(), list(NAMES), n=1, cutoff=0.7)
                fix = None
                if close:
                    message += f" (did you mean <<{close[0]}>>?)"
                    fix = Fix.replacing(at, close[0])
                yield self.report(message, at, shot=shot.id, fix=fix)


def _suggest(word: str, known: list[str] | tuple[str, ...], cutoff: float = 0.7) -> str | None:
    close = difflib.get_close_matches(word.lower(), list(known), n=1, cutoff=cutoff)
    return close[0] if close else None


class MalformedDirective(Rule):
    """Flags a known directive whose argument is missing, unexpected or unreadable, and an unterminated `<<`.

    Covers `<<lighting-lock>>` without a signature, `<<continue-shooting: x>>` with one, a
    `transition:` that is not match-cut, whip-pan, seamless, time-jump (with a duration), cut,
    dissolve or fade (a close misspelling gets a suggestion), and `<<avoid` missing its `>>`.

    ## Why
    The field guide's commands are exact markers. A lock without a signature or a transition
    the model does not know is read as prose: the control it was meant to give is lost, and
    nothing says so until the render drifts.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: counter, action: Maya orders}
      - {id: booth, transition: wipe-pan, action: Maya sits}
    ```

    ## Fix
    Give each directive the argument it takes; spell the transition as documented.
    ```yaml
    title: Redline
    shots:
      - {id: counter, action: Maya orders}
      - {id: booth, transition: whip-pan, action: Maya sits}
    ```
    """

    code = "CR002"
    name = "malformed-directive"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            for found in ctx.directives(index):
                directive = found.directive
                if directive.error is None or (directive.name is None and "not a directive name" in directive.error):
                    continue
                at = ctx.locate_directive(found)
                fix = None
                if directive.name == "transition" and directive.argument and "unknown transition" in directive.error:
                    kind = directive.argument.partition(":")[0].strip()
                    close = _suggest(kind, TRANSITIONS)
                    if close:
                        fix = Fix.replacing(ctx.locate_text(found.path, kind), close)
                yield self.report(directive.error, at, shot=shot.id, fix=fix)


class UnknownAvoidTag(Rule):
    """Flags an `avoid:` value that looks like a misspelt documented tag: a "did you mean".

    Documented: recap, re-entry, character-reset, morph, overacting, empty-background, static,
    static-shots, darkness, poor-lighting, mood-shift, time-jump, location-change. Only a value
    close to one of them is reported, with the suggestion; any other term is the author's own
    (`avoid: [signage]`) and reaches the model as plain words, as the field guide's
    `<<avoid: X>>` allows.

    ## Why
    Negative constraints: the model respects the documented avoid tags more reliably than
    free words, so a misspelt tag (`re-entery`) silently turns a control into noise.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: booth, avoid: [recap, re-entery, signage], action: Maya sits}
    ```

    ## Fix
    Use the documented tag (the fix replaces it with the closest one).
    ```yaml
    title: Redline
    shots:
      - {id: booth, avoid: [recap, re-entry, signage], action: Maya sits}
    ```
    """

    code = "CR003"
    name = "unknown-avoid-tag"
    severity = Severity.INFO

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        lists: list[tuple[NodePath, list[str], str | None]] = [(("avoid",), board.avoid, None)]
        lists += [(("shots", i, "avoid"), shot.avoid, shot.id) for i, shot in enumerate(board.shots)]
        for node, tags, shot_id in lists:
            for position, tag in enumerate(tags):
                close = None if tag.lower() in AVOID_TAGS else _suggest(tag, AVOID_TAGS, cutoff=0.8)
                if close is None:
                    continue
                at = ctx.locate((*node, position))
                message = f"{tag!r} is not a documented avoid tag (did you mean {close!r}?)"
                yield self.report(message, at, shot=shot_id, fix=Fix.replacing(at, close))


_DISTINCT = re.compile(
    r"\d|\b(?:left|right|one|single|scar\w*|tattoo\w*|stain\w*|missing|mole|freckle\w*|birthmark|pierc\w*|earring\w*|"
    r"limp\w*|chipped|crooked|asymmetr\w*|uneven|patch\w*|dented|mismatched)\b",
    re.IGNORECASE,
)


class WeakIdentity(Rule):
    """Flags a character introduced without a proper name, or without any distinctive detail.

    A name is proper when it has a capitalised word ("Maya Chen", "Leo"), not a role ("the
    barista"). Detail means identity anchors, or a description with a specific, asymmetric
    mark: a scar, a stain, one earring, a number, left or right.

    ## Why
    Identity gravity = visual specificity times repetition. "A young woman" has no gravity: the
    model fills her in from the dataset average and she drifts from shot to shot. Names anchor
    better than descriptions, and unique asymmetries are coordinate locks.

    ## Example
    ```yaml
    title: Redline
    characters:
      woman: {name: a young woman, description: young woman with dark hair}
    shots:
      - {id: counter, cast: [woman], action: she orders a cortado}
    ```

    ## Fix
    Name the character and give them anchors.
    ```yaml
    title: Redline
    characters:
      woman: {name: Maya Chen, anchors: [asymmetrical bob, round wire-frame glasses, coffee stain on the left shoulder]}
    shots:
      - {id: counter, cast: [woman], action: Maya orders a cortado}
    ```
    """

    code = "CR004"
    name = "weak-identity"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for key, character in board.characters.items():
            problems = []
            if not re.search(r"\b[A-Z]", character.name):
                problems.append("no proper name")
            if not character.anchors and not _DISTINCT.search(character.description or ""):
                problems.append("no identity anchors or distinctive detail")
            if problems:
                node = ("characters", key, "name") if "no proper name" in problems else ("characters", key)
                message = f"weak identity for {character.name!r}: {' and '.join(problems)}; the model will drift"
                fix = Fix(
                    "give a proper name and 2-4 specific, asymmetric anchors (a stain, one earring, an uneven cut)"
                )
                yield self.report(message, ctx.locate(node), character=key, fix=fix)


def _directed(shot: Shot) -> Iterator[tuple[NodePath, str, str]]:
    """The shot's texts that direct the picture: path, text, and the text with spoken lines (quotes) and
    sound lines blanked out (same offsets; locate in the text, read the blanked one)."""
    for path, text in shot.texts():
        if path[0] not in _HEARD:
            blank = QUOTED.sub(lambda m: " " * len(m.group()), text)
            yield path, text, HEARD_LINE.sub(lambda m: " " * len(m.group()), blank)


class EmotionWords(Rule):
    """Flags an emotion stated instead of shown: "looks annoyed", "she's nervous", "an irritated Ines", "glares, irritated".

    Emotion words are read by lemma, in any inflection or derived form ("angrier", "terrified",
    "in despair"), from a lexicon of emotion families after Shaver et al. (1987). Adverbs on a
    physical action ("fiddles nervously") pass, and so do spoken lines in quotes and the scene's
    mood ("the score is melancholy"). The fix text offers a physical way to show the emotion.

    ## Why
    Verbal action over visual description: the model was trained on actions, not feelings.
    "Maya looks sad" gives it nothing to render; "Maya's jaw tightens, she looks down, exhales
    slowly" does.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: booth, action: Maya looks sad as she stirs her coffee}
    ```

    ## Fix
    Describe what the body does.
    ```yaml
    title: Redline
    shots:
      - {id: booth, action: "Maya's jaw tightens, she looks down at the cup and exhales slowly"}
    ```
    """

    code = "CR005"
    name = "emotion-words"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            for path, text, seen in _directed(shot):
                for stated in emotions(seen):
                    at = ctx.locate_span(("shots", index, *path), text, stated.start, stated.end)
                    message = f"{stated.text!r} states an emotion ({stated.family}); show it through physical action"
                    yield self.report(message, at, shot=shot.id, fix=Fix(f"for example: {show(stated.family)}"))


def _elements(board: Storyboard, shot: Shot) -> dict[str, int]:
    """The three active elements of a structured shot: character actions, environment, camera."""
    actions = [c for c in (shot.action or "").split(";") if c.strip()]
    environment = bool(shot.location or shot.npcs or shot.details)
    return {
        "character action": len(actions) or int(bool(shot.beats)),
        "environment": int(environment),
        "camera": int(bool(shot.camera)),
    }


class TooManyElements(Rule):
    """Flags a shot with more than three active elements.

    Counted on structured shots: each `;`-separated action clause, plus the environment
    (location, NPCs, details) and the camera behaviour. Timed beats spread actions over the shot
    and are not counted as simultaneous.

    ## Why
    The 3-element rule: the optimal shot has one character action, one environmental detail
    and one camera behaviour. Past three, attention dilutes, and the model drops elements or
    blends them incorrectly.

    ## Example
    ```yaml
    title: Redline
    locations:
      redline: {description: Redline Coffee}
    shots:
      - id: counter
        location: redline
        action: Maya orders a cortado; Leo steams milk; a dog runs through the cafe
        camera: handheld, her friend filming, pushes in on her face
    ```

    ## Fix
    Keep one action per shot, or spread them over timed beats or more shots.
    ```yaml
    title: Redline
    locations:
      redline: {description: Redline Coffee}
    shots:
      - id: counter
        location: redline
        action: Maya orders a cortado
        camera: handheld, her friend filming, pushes in on her face
    ```
    """

    code = "CR006"
    name = "too-many-elements"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            if shot.prompt:
                continue
            elements = _elements(board, shot)
            total = sum(elements.values())
            if total > 3:
                counted = ", ".join(f"{n} {name}" for name, n in elements.items() if n)
                message = f"{total} active elements ({counted}); the model tracks three"
                fix = Fix("one character action, one environmental detail, one camera behaviour per shot")
                yield self.report(message, ctx.locate(("shots", index, "action")), shot=shot.id, fix=fix)


class MissingElement(Rule):
    """Flags a structured shot missing one of the three active elements.

    The elements are a character action (`action` or `beats`), an environmental detail
    (`location`, `npcs` or `details`) and a camera behaviour (`camera`). Information only: a
    deliberate insert shot may lack one, but most missing elements are forgotten ones.

    ## Why
    The 3-element rule: character action, environmental detail and camera behaviour are the
    three slots the model fills best. An empty slot is filled for you, from the dataset average.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: counter, action: Maya orders a cortado}
    ```

    ## Fix
    Fill the three slots.
    ```yaml
    title: Redline
    locations:
      redline: {description: Redline Coffee}
    shots:
      - {id: counter, location: redline, action: Maya orders a cortado, camera: "her friend films on a phone, close"}
    ```
    """

    code = "CR007"
    name = "missing-element"
    severity = Severity.INFO

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            if shot.prompt:
                continue
            missing = [name for name, n in _elements(board, shot).items() if not n]
            if missing:
                message = f"no {' and no '.join(missing)}: the model will invent {'them' if len(missing) > 1 else 'it'}"
                yield self.report(
                    message, ctx.locate(("shots", index, "id")), shot=shot.id, fix=Fix("add " + ", ".join(missing))
                )


class UndefinedCrowd(Rule):
    """Flags an undefined crowd ("busy", "crowded", "customers", "passengers") and more than three NPCs.

    A crowd word with a count ("two commuters") or a negation ("no customers") passes. Checked in
    shot texts and location descriptions.

    ## Why
    NPC background energy: "busy coffee shop with customers" renders as a blur of undefined
    motion with morphing faces. Two or three named NPCs with one simple action each give the
    scene life the model can track.

    ## Example
    ```yaml
    title: Redline
    locations:
      redline: {description: busy coffee shop with customers}
    shots:
      - {id: counter, location: redline, action: Maya orders}
    ```

    ## Fix
    Name two or three background people and give each one action.
    ```yaml
    title: Redline
    locations:
      redline: {description: "Redline Coffee, red brick walls"}
    shots:
      - id: counter
        location: redline
        npcs: [Leo (barista) wipes the counter in slow loops, elderly man in a grey cardigan reads a newspaper]
        action: Maya orders
    ```
    """

    code = "CR008"
    name = "undefined-crowd"
    severity = Severity.WARNING

    FIX = "replace the crowd with 2-3 named NPCs, one simple action each"

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for key, location in board.locations.items():
            description = location.description
            yield from self._crowds(ctx, ("locations", key, "description"), description, description, None)
        for index, shot in enumerate(board.shots):
            for path, text, seen in _directed(shot):
                yield from self._crowds(ctx, ("shots", index, *path), text, seen, shot.id)
            if len(shot.npcs) > 3:
                message = f"{len(shot.npcs)} NPCs; the model tracks 2-3 simple actions reliably"
                yield self.report(
                    message, ctx.locate(("shots", index, "npcs", 3)), shot=shot.id, fix=Fix("keep 2-3 NPCs")
                )

    def _crowds(self, ctx: Context, node: NodePath, text: str, seen: str, shot: str | None) -> Iterator[Diagnostic]:
        reported: set[str] = set()
        for match in crowds(seen):
            word = match.group("word").lower()
            if word not in reported:
                reported.add(word)
                at = ctx.locate_span(node, text, match.start("word"), match.end("word"))
                yield self.report(f"undefined crowd {match.group('word')!r}", at, shot=shot, fix=Fix(self.FIX))


class UnmotivatedCamera(Rule):
    """Flags a camera move with no operator, relationship or reason.

    A move (push-in, pan, dolly, zoom, orbit…) needs a motive in the same clause: an operator
    ("handheld, her friend filming"), a reaction ("as she speaks", "when she looks away") or a
    purpose ("to reveal the door", "a whip-pan transition"). Checked in `camera:` and, in literal
    prompts, in clauses that mention the camera; a sentence that goes on describing a move an
    earlier sentence motivated ("Whip pan transition to the flat. Camera pans so fast it blurs")
    carries that motive.

    ## Why
    Camera-as-character: the model was trained on footage where camera movement has a reason.
    "Camera moves closer to Maya" floats; "handheld camera, her friend, leans in as she speaks"
    stabilises.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: booth, action: Maya speaks, camera: slow push-in on Maya}
    ```

    ## Fix
    Give the camera an archetype or a reason: documentary crew, friend on a phone, security
    camera, steadicam circling, drone pulling away to reveal.
    ```yaml
    title: Redline
    shots:
      - {id: booth, action: Maya speaks, camera: "handheld, her friend leans in as she speaks"}
    ```
    """

    code = "CR009"
    name = "unmotivated-camera"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            for path, text in shot.texts():
                if path[0] not in ("camera", "prompt"):
                    continue
                motivated: set[str] = set()  # kinds of move a sentence of this text gave a reason
                for start, clause in [(0, text)] if path[0] == "camera" else clauses(text):
                    move = camera_move(clause)
                    if move is None:
                        continue
                    if camera_motive(clause):
                        motivated.add(move_kind(move.name))
                        continue
                    if (path[0] == "prompt" and not find_phrase(clause, "camera")) or move_kind(move.name) in motivated:
                        continue
                    at = ctx.locate_span(("shots", index, *path), text, start + move.start, start + move.end)
                    message = f"camera {clause[move.start : move.end]!r} without a motive or relationship"
                    fix = Fix(
                        "say who holds the camera or why it moves: 'as she speaks', 'her friend filming', 'to reveal'"
                    )
                    yield self.report(message, at, shot=shot.id, fix=fix)


class SheetMissingSection(Rule):
    """Flags a production sheet missing a section of the director's format.

    The sections are Subject / Scene Settings, Lighting / Grade, Visual Taste / Camera / Lens,
    Coverage / Persist and Audio (BGM & SFX); Dialogues / Subtitles / VO is optional. The fix
    inserts the missing headings in their place, empty, which changes nothing the model sees.

    ## Why
    The production sheet is a checklist: each section is a decision. A missing one is a
    decision left to the model, and the gap is invisible once the sheet is compiled to a prompt.

    ## Example
    ```markdown
    # The Mirror That Remembers
    ## Subject / Scene Settings
    - Subject: Daniel Reyes
    ## Visual Taste / Camera / Lens
    - Lens: 50mm
    ```

    ## Fix
    Add the sections, and fill them.
    ```markdown
    # The Mirror That Remembers
    ## Subject / Scene Settings
    - Subject: Daniel Reyes
    ## Lighting / Grade
    ## Visual Taste / Camera / Lens
    - Lens: 50mm
    ## Coverage / Persist
    ## Audio (BGM & SFX)
    ```
    """

    code = "CR010"
    name = "sheet-missing-section"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        from soracheck.storyboard.sheet import REQUIRED_SECTIONS, SECTIONS

        sheet = ctx.document.sheet
        if sheet is None:
            return
        missing = [name for name in REQUIRED_SECTIONS if name not in sheet.sections]
        if not missing:
            return
        order = list(SECTIONS)
        inserts: dict[int, str] = {}
        text = sheet.text
        for name in missing:
            later = [sheet.sections[n][0] for n in order[order.index(name) + 1 :] if n in sheet.sections]
            at = min(later) if later else len(text)
            prefix = "\n" if at == len(text) and text and not text.endswith("\n") and at not in inserts else ""
            inserts[at] = inserts.get(at, "") + f"{prefix}## {name}\n"
        edits = tuple(Edit(at, at, heading) for at, heading in sorted(inserts.items()))
        where = ctx.locate(("title",))
        message = f"production sheet lacks {', '.join(missing)}"
        fix = Fix("insert the missing section headings", edits, Applicability.SAFE)
        yield self.report(message, where, shot=board.shots[0].id if board.shots else None, fix=fix)


_MM = re.compile(r"(?P<mm>\d+(?:\.\d+)?)\s*mm\b", re.IGNORECASE)


class LensOutsideHouseStyle(Rule):
    """Flags a shot lens that is not in `house-style.lenses` of soracheck.toml.

    Lenses compare by focal length, so "35 mm" matches "35mm". Nothing is checked while the
    list is empty. The fix suggests the nearest allowed focal length.

    ## Why
    A house lens kit keeps perspective and depth of field consistent across shots: a 14mm shot
    in a 35/50/85 film reads as a different camera, and cutting between them jumps.

    ## Configuration
    ```toml
    [house-style]
    lenses = ["35mm", "50mm", "85mm"]
    ```

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: booth, action: Maya sits, lens: 14mm}
    ```

    ## Fix
    Use a lens of the kit (the fix picks the closest).
    ```yaml
    title: Redline
    shots:
      - {id: booth, action: Maya sits, lens: 35mm}
    ```
    """

    code = "CR011"
    name = "lens-outside-house-style"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        allowed = {float(m.group("mm")): lens for lens in ctx.config.house_style.lenses if (m := _MM.search(lens))}
        if not allowed:
            return
        for index, shot in enumerate(board.shots):
            match = _MM.search(shot.lens or "")
            if match is None or float(match.group("mm")) in allowed:
                continue
            focal = float(match.group("mm"))
            nearest = allowed[min(allowed, key=lambda mm: (abs(mm - focal), -mm))]
            at = ctx.locate_span(("shots", index, "lens"), shot.lens or "", match.start(), match.end())
            fix = Fix.replacing(at, nearest)
            message = f"lens {match.group()!r} is not in the house style ({', '.join(ctx.config.house_style.lenses)})"
            yield self.report(message, at, shot=shot.id, fix=fix)
