"""Consent (CN): a real person's likeness used only within the consent they gave."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from soracheck.rules.base import Context, Diagnostic, Evidence, Rule, Severity, Still
from soracheck.rules.continuity import present_characters
from soracheck.rules.renders import FrameRule, Photo, Renders, measured_shots, render_name, render_span
from soracheck.storyboard.model import ConsentRecord, Storyboard

if TYPE_CHECKING:
    from soracheck.metrics.faces import Face
from soracheck.vocabulary.names import find_name


class CameoWithoutRecord(Rule):
    """Flags a character whose `cameo` names no record in the project's consent file.

    ## Why
    A cameo is a real person's likeness. Without a consent record there is no evidence that
    the person agreed to this use, for how long, or for what kind of work — and nothing the
    scope and expiry checks can hold the project to.

    ## Example
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, cameo: maya-chen}
    shots:
      - {id: counter, cast: [maya], action: Maya orders a cortado}
    ```

    ## Fix
    Add the person's record to consent.yaml under the cameo key, or make the character
    fictional by removing `cameo`.
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen}
    shots:
      - {id: counter, cast: [maya], action: Maya orders a cortado}
    ```
    """

    code = "CN001"
    name = "cameo-without-record"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        where = ctx.consent_path or "consent.yaml (not found)"
        for key, character in board.characters.items():
            if character.cameo and character.cameo not in ctx.consent:
                at = ctx.locate(("characters", key, "cameo"))
                message = f"cameo {character.cameo!r} of {character.name} has no consent record in {where}"
                yield self.report(message, at, character=key)


def lapse(record: ConsentRecord, date: dt.date) -> str | None:
    """Why a consent record does not hold on ``date`` (revoked, expired, not begun), or ``None``."""
    if record.revoked and record.revoked <= date:
        return f"was revoked on {record.revoked}" + (f" ({record.reason})" if record.reason else "")
    if record.expires and record.expires < date:
        return f"expired on {record.expires}"
    if record.granted > date:
        return f"only begins on {record.granted}"
    return None


def outside(record: ConsentRecord, use: str | None, placements: list[str]) -> list[str]:
    """What a use and its placements ask that the record does not grant (an undeclared use aside)."""
    problems = []
    if use in record.excluded:
        problems.append(f"excluded {use} use")
    elif use and record.scope and use not in record.scope:
        problems.append(f"did not grant {use} use (granted: {', '.join(record.scope)})")
    beyond = [p for p in placements if record.placements and p not in record.placements]
    if beyond:
        problems.append(f"did not grant placement on {', '.join(beyond)} (granted: {', '.join(record.placements)})")
    return problems


def _cameos(board: Storyboard, ctx: Context) -> Iterator[tuple[str, str, ConsentRecord]]:
    """Each character with a cameo that has a record: (character key, cameo key, record)."""
    for key, character in board.characters.items():
        if character.cameo and character.cameo in ctx.consent:
            yield key, character.cameo, ctx.consent[character.cameo]


def _cast_in(board: Storyboard, key: str) -> list[str]:
    return [shot.id for shot in board.shots if key in shot.cast]


class ConsentLapsed(Rule):
    """Flags a cameo whose consent has expired, been revoked, or not yet begun at the check date.

    The check date is today, or `--date YYYY-MM-DD` to check the day the piece ships.

    ## Why
    Consent is given for a period and can be withdrawn. A likeness used after the record
    lapsed is used without consent, however valid the record once was.

    ## Example
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, cameo: maya-chen}
    shots:
      - {id: counter, cast: [maya], action: Maya orders a cortado}
    ```
    ## Consent
    ```yaml
    maya-chen: {person: Maya Chen, granted: 2025-01-10, expires: 2026-01-10, scope: [narrative]}
    ```

    ## Fix
    Renew the consent (a new record with a new expiry), or recast the part with a fictional
    character.
    ```yaml
    title: Redline
    characters:
      maya: {name: Mira Cho, description: a fictional barista}
    shots:
      - {id: counter, cast: [maya], action: Mira orders a cortado}
    ```
    """

    code = "CN002"
    name = "consent-lapsed"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for key, cameo, record in _cameos(board, ctx):
            why = lapse(record, ctx.date)
            if why is None:
                continue
            shots = _cast_in(board, key)
            used = f"; cast in {', '.join(shots)}" if shots else ""
            message = f"consent of {record.person} ({cameo}) {why} (check date {ctx.date}){used}"
            yield self.report(message, ctx.locate(("characters", key, "cameo")), character=key)


class ConsentExpiring(Rule):
    """Flags a cameo whose consent expires within `consent-warning-days` (30) of the check date.

    ## Why
    A piece outlives its edit: it is delivered, trafficked, re-cut. Consent that ends next week
    may end before the piece airs, so renewal is due while there is still time to ask.

    ## Example
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, cameo: maya-chen}
    shots:
      - {id: counter, cast: [maya], action: Maya orders a cortado}
    ```
    ## Consent
    ```yaml
    # checked on 2026-12-01 by the catalogue tests
    maya-chen: {person: Maya Chen, granted: 2026-01-10, expires: 2026-12-20, scope: [narrative]}
    ```

    ## Fix
    Ask for a renewal and record the new expiry.
    ```yaml
    title: Redline
    characters:
      maya: {name: Maya Chen, cameo: maya-chen, description: renewed until 2027}
    shots:
      - {id: counter, cast: [maya], action: Maya orders a cortado}
    ```
    ## Consent
    ```yaml
    maya-chen: {person: Maya Chen, granted: 2026-01-10, expires: 2027-12-20, scope: [narrative]}
    ```
    """

    code = "CN003"
    name = "consent-expiring"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        window = ctx.config.consent_warning_days
        for key, cameo, record in _cameos(board, ctx):
            if record.revoked or not record.expires:
                continue
            days = (record.expires - ctx.date).days
            if 0 <= days <= window:
                message = (
                    f"consent of {record.person} ({cameo}) expires on {record.expires}, {days} days after the "
                    f"check date {ctx.date} (warning from {window} days): ask for a renewal"
                )
                yield self.report(message, ctx.locate(("characters", key, "cameo")), character=key)


class UseOutsideConsent(Rule):
    """Flags a shot casting a cameo for a use or placement its consent does not grant.

    The project declares its `use` (narrative, advertising, political, social, internal…) and
    `placement` (social, broadcast, web, cinema…); a shot may declare its own. A use in the record's
    `excluded` list fails, as does a use outside a non-empty `scope`, a placement outside non-empty
    `placements`, and an undeclared use where the record limits the scope (it cannot be checked).

    ## Why
    People lend their likeness for some kinds of work and not others — a short film but not an
    advert, social media but not television. Consent is specific; the piece must stay inside it.

    ## Example
    ```yaml
    title: Redline spot
    use: advertising
    characters:
      maya: {name: Maya Chen, cameo: maya-chen}
    shots:
      - {id: counter, cast: [maya], action: Maya orders a cortado}
    ```
    ## Consent
    ```yaml
    maya-chen: {person: Maya Chen, granted: 2026-01-10, scope: [narrative, social], excluded: [advertising]}
    ```

    ## Fix
    Keep the cameo to the uses granted, or ask the person for the new use.
    ```yaml
    title: Redline spot
    use: social
    characters:
      maya: {name: Maya Chen, cameo: maya-chen}
    shots:
      - {id: counter, cast: [maya], action: Maya orders a cortado}
    ```
    """

    code = "CN004"
    name = "use-outside-consent"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        records = {key: (cameo, record) for key, cameo, record in _cameos(board, ctx)}
        undeclared: set[str] = set()  # said once per character, at its first shot without a use
        for index, shot in enumerate(board.shots):
            use, placements = board.use_of(shot)
            for position, key in enumerate(shot.cast):
                if key not in records:
                    continue
                cameo, record = records[key]
                who = f"{record.person} ({cameo})"
                problems = [f"{who} {problem}" for problem in outside(record, use, placements)]
                if use is None and record.scope:
                    problems = (
                        problems
                        if key in undeclared
                        else [
                            f"the piece declares no `use`, and {who} granted only {', '.join(record.scope)}",
                            *problems,
                        ]
                    )
                    undeclared.add(key)
                for problem in problems:
                    at = ctx.locate(("shots", index, "cast", position))
                    yield self.report(f"shot {shot.id}: {problem}", at, shot=shot.id, character=key)


class RealPersonNamed(Rule):
    """Flags a shot whose text names a real person — a cameo's person — without casting their cameo.

    The person is named by their full name, or by the given or the family name alone used as a
    name (capitalised, not part of another name, and not the name of another character in the
    story); accents are folded ("Tomas" is "Tomás") and possessives count ("Ribeiro's"). The
    cameo is cast when its character is in the shot's `cast`, or named in a literal prompt.

    ## Why
    Naming a real person in a prompt asks the model for their likeness. Cast as a cameo, the
    likeness is held to its consent record; named in passing, it escapes every consent check.

    ## Example
    ```yaml
    title: Redline
    characters:
      leo: {name: Leo, description: the barista}
    shots:
      - {id: counter, cast: [leo], action: Leo serves Tomas a cortado}
    ```
    ## Consent
    ```yaml
    tomas-ribeiro: {person: Tomás Ribeiro, granted: 2026-01-10, scope: [narrative]}
    ```

    ## Fix
    Cast the cameo's character, so the consent record applies, or describe someone fictional.
    ```yaml
    title: Redline
    characters:
      leo: {name: Leo, description: the barista}
      tomas: {name: Tomás Ribeiro, cameo: tomas-ribeiro}
    shots:
      - {id: counter, cast: [leo, tomas], action: Leo serves Tomas a cortado}
    ```
    """

    code = "CN005"
    name = "real-person-named"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        people = {cameo: record.person for cameo, record in ctx.consent.items()}
        for character in board.characters.values():
            if character.cameo and character.cameo not in people:
                people[character.cameo] = character.name
        if not people:
            return
        casting = {k: c.cameo for k, c in board.characters.items() if c.cameo}
        for index, shot in enumerate(board.shots):
            cast = {casting.get(key) for key in present_characters(board, shot, ctx.prompt(index))}
            for cameo, person in people.items():
                if cameo in cast:
                    continue
                others = [c.name for c in board.characters.values() if c.cameo != cameo]
                for path, text in shot.texts():
                    if found := find_name(text, person, others=others):
                        at = ctx.locate_span(("shots", index, *path), text, found.start, found.end)
                        named = text[found.start : found.end]
                        how = "" if found.how == "full" else f" (by {found.how} name, {named!r})"
                        message = (
                            f"shot {shot.id} names {person}{how}, a real person (cameo {cameo}), "
                            "without casting the cameo"
                        )
                        yield self.report(message, at, shot=shot.id)
                        break


class CameoReferenceWithoutRecord(Rule):
    """Flags a character whose reference images are of a cameo's person, when the character is not that cameo.

    An image is the person's when it is byte for byte one of their images — a reference of the
    character casting their cameo, or one listed under `references` in their consent record — or
    when its file name carries their name or cameo key (`refs/maya-chen-03.jpg`).

    ## Why
    Reference images steer the model's idea of a face more than any prompt. A fictional
    character built on a real person's photographs is that person's likeness, used outside
    the consent record that should govern it.

    ## Example
    ```yaml
    title: Redline
    characters:
      twin: {name: Mina, references: [refs/maya-chen-03.jpg]}
    shots:
      - {id: counter, cast: [twin], action: Mina orders a cortado}
    ```
    ## Consent
    ```yaml
    maya-chen: {person: Maya Chen, granted: 2026-01-10, scope: [narrative]}
    ```

    ## Fix
    Use images of someone who consented as this character (and cast their cameo), or of no
    real person.
    ```yaml
    title: Redline
    characters:
      twin: {name: Mina, references: [refs/mina-sketch.png]}
    shots:
      - {id: counter, cast: [twin], action: Mina orders a cortado}
    ```
    """

    code = "CN006"
    name = "cameo-reference-without-record"
    severity = Severity.ERROR

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        folder = ctx.document.path.parent
        people = {cameo: record.person for cameo, record in ctx.consent.items()}
        known: dict[str, str] = {}  # content hash → cameo key
        for cameo, record in ctx.consent.items():
            base = Path(ctx.consent_path).parent if ctx.consent_path else folder
            for image in record.references:
                if digest := _digest(base / image):
                    known[digest] = cameo
        for character in board.characters.values():
            if character.cameo:
                people.setdefault(character.cameo, character.name)
                for image in character.references:
                    if digest := _digest(folder / image):
                        known.setdefault(digest, character.cameo)
        for key, character in board.characters.items():
            own = character.cameo if character.cameo in ctx.consent else None
            for index, image in enumerate(character.references):
                cameo = known.get(_digest(folder / image) or "") or _named(image, people)
                if cameo and cameo != own:
                    person = people.get(cameo, cameo)
                    has = f"cameo {character.cameo!r} of another person" if character.cameo else "no cameo"
                    message = f"reference {image!r} of {character.name} is an image of {person} ({cameo}), but the character has {has}"
                    yield self.report(message, ctx.locate(("characters", key, "references", index)), character=key)


def _digest(path: Path) -> str | None:
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None
    except OSError:
        return None


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _named(image: str, people: dict[str, str]) -> str | None:
    """The cameo whose key or person's name the image's file name carries, if any."""
    stem = _slug(Path(image).stem)
    for cameo, person in people.items():
        for name in {_slug(cameo), _slug(person)}:
            if name and (
                re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", stem)
                or name.replace("-", "") in stem.split("-")
            ):
                return cameo
    return None


class LikenessWithoutConsent(FrameRule):
    """Flags a real person's face — matched to their reference photographs in the consent file — in a
    render where their cameo is not cast, or is cast outside their consent; or in the reference images
    of a character who is not their cameo.

    Each face found in a shot's render (see FR004) is compared with the `references` of every record
    in consent.yaml, and taken for the person it is most like when it reaches
    `frames.min-likeness-similarity` (0.62: stricter than identity, above the 0.61 that two different
    generated people reached in calibration) and is not more like a cast character's own
    references. A person is seen when their face is in at least two frames. Seen in a shot that does not cast their
    cameo, their likeness is used without their consent; cast, it is held to the record: lapsed
    (revoked, expired, not begun at the check date), or the shot's use or placement not granted.
    Faces are compared on this machine; nothing leaves it.

    ## Why
    A model asked for "a barista" can return a real person it has seen, and a reference image can be
    a real person's photograph under another name. Either way the piece carries a likeness its owner
    never agreed to lend — the gravest finding a gate can make.

    ## Example
    ```yaml
    title: Redline
    characters:
      mira: {name: Mira Cho, description: a fictional barista}
    shots:
      - {id: counter, duration: 12, cast: [mira], render: {file: renders/counter.mp4}}   # Maya Chen's face
    ```
    ## Consent
    ```yaml
    maya-chen: {person: Maya Chen, granted: 2026-01-10, scope: [narrative], references: [refs/maya-chen.jpg]}
    ```

    ## Fix
    Render the shot again with a fictional face (and a reference image of it), or cast the person's
    cameo within the consent they gave.
    """

    code = "CN007"
    name = "likeness-without-consent"
    severity = Severity.ERROR

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        from soracheck.metrics.faces import best_match, similarity

        if not renders.people:
            return
        threshold = ctx.config.frames.min_likeness_similarity
        cameos = {key: c.cameo for key, c in board.characters.items() if c.cameo}

        def person(face: Face, own: list[Face]) -> tuple[str, float, Photo] | None:
            """The person of the consent file ``face`` is taken for, if any (with their photograph most
            like it): the most alike, if more alike than the character's own references ``own``."""
            score, cameo, photo = max(
                ((similarity(face, p.face), cameo, p) for cameo, photos in renders.people.items() for p in photos),
                key=lambda found: found[0],
            )
            return (cameo, score, photo) if score >= threshold and score > best_match(face, own) else None

        def photograph(photo: Photo, record: ConsentRecord) -> Still:
            return Still(photo.file, 0.0, f"{record.person}'s photograph", photo.face.box)

        for key, found in renders.references.items():
            matched: dict[str, tuple[float, Photo, Photo]] = {}
            for reference in found:
                seen = person(reference.face, [])
                if seen and cameos.get(key) != seen[0] and seen[1] > matched.get(seen[0], (0.0,))[0]:
                    matched[seen[0]] = (seen[1], seen[2], reference)
            for cameo, (score, photo, reference) in matched.items():
                record = ctx.consent[cameo]
                stills = (
                    photograph(photo, record),
                    Still(reference.file, 0.0, f"{key}'s reference", reference.face.box),
                )
                yield self.report(
                    f"{key}'s reference image shows {record.person} ({cameo}; face similarity "
                    f"{score:.2f}), but the character is not their cameo",
                    ctx.locate(("characters", key, "references")),
                    character=key,
                    evidence=Evidence(reference.file, None, score, threshold, stills),
                )
        for index, m in measured_shots(board, renders):
            shot = board.shots[index]
            use, placements = board.use_of(shot)
            cast = {cameos[key]: key for key in shot.cast if key in cameos}
            own = [p.face for key in shot.cast if not cameos.get(key) for p in renders.references.get(key, [])]
            sightings: dict[str, list[tuple[float, float, Face, Photo]]] = {}
            for sample in m.faces:
                for face in sample.faces:
                    if seen := person(face, own):
                        sightings.setdefault(seen[0], []).append((seen[1], sample.time, face, seen[2]))
            for cameo, sighted in sightings.items():
                if len({time for _, time, _, _ in sighted}) < 2:
                    continue
                score, time, face, photo = max(sighted, key=lambda found: (found[0], -found[1]))  # best, earliest
                record = ctx.consent[cameo]
                likeness = f"{render_name(m.render)} shows {record.person}'s face ({cameo}) at {time:.2f} s"
                if cameo not in cast:
                    problems = ["but their cameo is not cast in the shot"]
                else:
                    lapsed = lapse(record, ctx.date)
                    problems = [f"whose consent {lapsed} (check date {ctx.date})"] * bool(lapsed)
                    problems += [f"who {problem}" for problem in outside(record, use, placements)]
                stills = (photograph(photo, record), Still(m.render, time, f"in {shot.id}", face.box))
                for problem in problems:
                    yield self.report(
                        f"shot {shot.id}: {likeness} (face similarity {score:.2f}), {problem}",
                        render_span(ctx, board, index),
                        shot=shot.id,
                        character=cast.get(cameo),
                        evidence=Evidence(m.render, time, score, threshold, stills),
                    )
