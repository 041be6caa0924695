"""A project on disk: which configuration, consent records and baseline apply to a file; linting files
into a :class:`~soracheck.results.LintResult`, measuring renders, and the files a watch follows."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from soracheck.config import Config, ConfigError, Overrides, find_config, load_config
from soracheck.results import LintResult, Progress
from soracheck.rules.base import Context, Diagnostic, Rule, Severity
from soracheck.rules.registry import run_rules, select_rules
from soracheck.state import state_folder
from soracheck.storyboard.documents import Document, load_document, parse_document
from soracheck.storyboard.load import load_consent
from soracheck.storyboard.model import Consent, Storyboard
from soracheck.storyboard.source import InputError, LineIndex, Span

if TYPE_CHECKING:
    from soracheck.metrics.measure import Measurements
    from soracheck.metrics.parallel import Job
    from soracheck.rules.renders import Renders


#: The render rules that judge a render on its own: damage, cuts, flicker, steps and drift inside it;
#: its sound's peaks, clips and length.
WITHOUT_INTENT = ("AU006", "AU007", "AU008", "FR001", "FR003", "FR008", "FR013", "FR014")


def skipped_without_intent(selected: Iterable[Rule]) -> list[Rule]:
    """The selected frame rules a render alone cannot be judged by: they compare it with a storyboard."""
    return [rule for rule in selected if rule.frames and rule.code not in WITHOUT_INTENT]


class Project:
    """Configuration and consent records, loaded once per configuration file."""

    def __init__(
        self,
        config_path: Path | None = None,
        date: dt.date | None = None,
        *,
        overrides: Overrides | None = None,
        baseline: Path | None = None,
        baselines: bool = True,
    ) -> None:
        self.config_path = config_path
        #: The date consent is judged at.
        self.date = date or dt.date.today()
        #: Command-line options that win over each configuration file.
        self.overrides = overrides
        #: The baseline every file is judged against, instead of its configuration's; none without ``baselines``.
        self.baseline = baseline
        self.baselines = baselines
        self._configs: dict[Path | None, tuple[Config, list[Rule]]] = {}
        self._consent: dict[Path, Consent] = {}
        #: What the renders of a lint measured ahead gave (measurements, or why there are none).
        self._measured: dict[Job, Measurements | str] = {}
        #: The storyboards a lint with frames loaded to plan their measurements, kept for their lint.
        self._planned: dict[Path, Document] = {}
        #: Each storyboard's renders as last read from the cache, with what they were read from.
        self._cached: dict[Path, tuple[tuple[object, ...], Renders]] = {}

    def config_for(self, path: Path) -> tuple[Config, list[Rule]]:
        found = self.config_path or find_config(path)
        if found not in self._configs:
            config = load_config(found)
            if self.overrides:
                config = self.overrides.apply(config)
            self._configs[found] = (config, select_rules(config))
        return self._configs[found]

    def targets(self, path: Path) -> list[Path]:
        """The files to lint: the path itself, or for a folder its project's storyboards (those inside
        it, for a folder of the project that holds some: ``variants/``)."""
        if not path.is_dir():
            return [path]
        config, _ = self.config_for(path / "storyboard.yaml")
        if not config.path:
            return [path / "storyboard.yaml"]
        inside = [board for board in config.storyboards if board.resolve().is_relative_to(path.resolve())]
        return inside or config.storyboards

    def consent(self, config: Config, document: Path) -> tuple[Consent, Path | None]:
        path = (config.root if config.path else document.parent) / config.consent
        if not path.is_file():
            return {}, None
        if path not in self._consent:
            self._consent[path] = load_consent(path)[0]
        return self._consent[path], path

    def storyboard_for(self, start: Path) -> Path:
        """The storyboard of the project ``start`` (a file or folder) belongs to: configured, or found upward."""
        found = self.storyboard_near(start)
        if found is None:
            raise InputError.at(Span(str(start)), "no storyboard.yaml here or above; name one with --storyboard")
        return found

    def storyboard_near(self, start: Path) -> Path | None:
        """The storyboard of the project ``start`` belongs to, as :meth:`storyboard_for`; ``None`` if there is none."""
        config, _ = self.config_for(start if start.is_dir() else start.parent / "storyboard.yaml")
        named = "storyboard" in config.model_fields_set  # else the default, which may not be there
        if config.path and config.storyboards and (named or config.storyboards[0].is_file()):
            if len(config.storyboards) > 1:
                names = ", ".join(str(p.relative_to(config.root)) for p in config.storyboards)
                raise InputError.at(Span(str(config.path)), f"this project has several storyboards ({names}): name one")
            return config.storyboards[0]
        folder = (start if start.is_dir() else start.parent).resolve()
        for candidate in (folder, *folder.parents):
            if (candidate / "storyboard.yaml").is_file():
                return candidate / "storyboard.yaml"
        return None

    def root(self, storyboard: Path) -> Path:
        """The project folder of ``storyboard``: where its soracheck.toml is, else the storyboard's own folder."""
        config, _ = self.config_for(storyboard)
        return config.root if config.path else storyboard.parent

    def find_storyboard(self, path: Path) -> Path:
        """``path`` if it is a file, else the storyboard of the project folder ``path`` is in."""
        if path.is_file():
            return path
        if not path.exists():
            raise FileNotFoundError(f"{path}: no such file or folder")
        return self.storyboard_for(path)

    def lint_text(self, text: str, path: str) -> list[Diagnostic]:
        """The text rules on a file's text (as it would be at ``path``), e.g. before it is written."""
        return self.lint_document(parse_document(text, Path(path)))

    def lint_document(self, document: Document, *, cached_frames: bool = False) -> list[Diagnostic]:
        """The rules on a document as parsed (not necessarily as on disk): the text rules, and with
        ``cached_frames`` the frame rules on what the cache holds (see :meth:`cached_renders`)."""
        config, rules = self.config_for(document.path)
        consent, consent_path = self.consent(config, document.path)
        ctx = Context(document, config, consent, str(consent_path) if consent_path else None, date=self.date)
        if cached_frames and document.kind == "storyboard" and (renders := self.cached_renders(document)).shots:
            ctx.renders = renders  # else no check has measured them: the frame rules have nothing to judge
        return run_rules(document.board, ctx, rules)

    def cached_renders(self, document: Document) -> Renders:
        """A storyboard's renders as the last ``check`` measured them, decoding nothing: each shot
        whose render file, as it is now, has measurements in the cache with the settings a check
        would use, with its credentials and the reference faces. A shot not measured since its render
        changed is left out, and so are frame folders and a stitched cut; nothing at all without a
        cached shot. Kept while the renders are unchanged, for an editor that asks at each change."""
        from soracheck.metrics.credentials import read_credentials
        from soracheck.metrics.measure import cache_entry, cached
        from soracheck.rules.renders import Renders

        config, _ = self.config_for(document.path)
        consent, consent_path = self.consent(config, document.path)
        shots, _ = self._plan(document, everyone=any(r.references for r in consent.values()))
        images = [
            (key, _stat(document.path.parent / r)) for key, c in document.board.characters.items() for r in c.references
        ]
        shots = {shot: job for shot, job in shots.items() if job.path.is_file()}  # a frame folder is not cached here
        entries = {shot: cache_entry(job.path, job.settings, job.cache) for shot, job in shots.items()}
        known = (
            *((shot, _stat(job.path), entries[shot] and _stat(entries[shot])) for shot, job in shots.items()),
            *images,
            consent_path,
        )
        if (kept := self._cached.get(document.path)) is not None and kept[0] == known:
            return kept[1]
        renders = Renders()
        try:
            anchors, trusted = self._trust_anchors(config), True
        except ConfigError:
            anchors, trusted = None, False  # the check says why; the editor shows what it can without credentials
        for shot_id, job in shots.items():
            if (found := cached(job.path, job.settings, job.cache)) is not None:
                renders.shots[shot_id] = found
                if trusted:
                    renders.credentials[shot_id] = read_credentials(job.path, trust_anchors=anchors)
        if renders.shots:
            cache = state_folder(self.root(document.path)) / "cache"
            self._references(document, renders, cache)
            self._people(consent, consent_path, renders, cache)
        self._cached[document.path] = (known, renders)
        return renders

    def project_files(self, path: Path) -> list[Path]:
        """What linting ``path`` means for a hook that passes every changed file: a project's storyboard is
        linted, its soracheck.toml or consent records lint its storyboards, anything else nothing."""
        if path.is_dir():
            return self.targets(path)
        config, _ = self.config_for(path)
        if config.path is None:
            return []
        boards = config.storyboards
        if path.resolve() in (config.path.resolve(), (config.root / config.consent).resolve()):
            return boards
        return [path] if path.resolve() in {b.resolve() for b in boards} else []

    def lint(
        self,
        paths: Iterable[Path],
        *,
        frames: bool = False,
        renders: list[Path] | None = None,
        only: tuple[str, ...] | None = None,
        progress: Progress | None = None,
        project_files: bool = False,
    ) -> LintResult:
        """Run the rules on each file. With ``frames``, measure each storyboard's renders for the frame
        rules too (``renders`` instead of those its shots name); ``only`` keeps the rules whose codes start so.
        With ``project_files``, paths are changed files, linted as :meth:`project_files` says."""
        result = LintResult()
        targets: list[Path] = []
        seen: set[Path] = set()
        for given in paths:
            try:
                if not given.exists():
                    raise InputError.at(Span(str(given)), "no such file or folder")
                found = self.project_files(given) if project_files else self.targets(given)
            except InputError as error:
                result.errors.append(error)
                continue
            for path in found:
                if path.resolve() not in seen:
                    seen.add(path.resolve())
                    targets.append(path)
        try:
            if frames:
                self._measure_ahead(list(self._jobs(targets, renders)), progress)
            for path in targets:
                try:
                    self._lint_one(path, result, frames=frames, renders=renders, only=only, progress=progress)
                except InputError as error:
                    result.errors.append(error)
        finally:
            self._measured.clear()
            self._planned.clear()
        if self.baselines:
            try:
                self._apply_baselines(result)
            except InputError as error:
                result.errors.append(error)
        return result

    def watched_files(self, paths: Iterable[Path]) -> list[Path]:
        """The files a lint of ``paths`` reads: the linted files, their configuration, consent records and baseline.

        A file that cannot be resolved to its lint yet (a broken configuration) is watched itself, with
        whatever configuration file it has, so that fixing it starts the next lint. Paths are resolved.
        """
        found: list[Path] = []
        for path in paths:
            found += [] if path.is_dir() else [path]
            config_path = self.config_path or find_config(path)
            found += [config_path] if config_path else []
            try:
                targets = self.targets(path)
                config, _ = self.config_for(targets[0] if targets else path)
            except (InputError, OSError):
                continue
            found += [*targets, (config.root if config.path else path.parent) / config.consent]
            found += [b for t in targets if (b := self.baseline_of(t)) is not None]
        return list(dict.fromkeys(p.resolve() for p in found))

    def baseline_of(self, path: Path) -> Path | None:
        """The baseline ``path`` is judged against: the one given, else its configuration's."""
        if self.baseline is not None:
            return self.baseline
        config, _ = self.config_for(path)
        return config.root / config.baseline if config.baseline else None

    def _apply_baselines(self, result: LintResult) -> None:
        """Drop the findings each file's baseline accepts; report its outdated entries (SP003)."""
        from soracheck.baseline import BaselineError, load_baseline

        covered: dict[Path, list[Path]] = {}
        for path in result.files:
            if (baseline := self.baseline_of(path)) is not None:
                covered.setdefault(baseline, []).append(path)
        for file, paths in covered.items():
            if not file.is_file():
                where = self._baseline_location(paths[0])
                raise BaselineError.at(where, f"baseline {file} does not exist; write it with --write-baseline")
            baseline = load_baseline(file)
            names = {str(p) for p in paths}
            mine = [d for d in result.diagnostics if d.location.path in names]
            kept, dropped, outdated = baseline.apply(mine, {name: result.ran[name] for name in names})
            result.diagnostics = [d for d in result.diagnostics if d.location.path not in names] + kept
            result.baselined += dropped
            rules = {rule.code: rule for rule in self.config_for(paths[0])[1]}
            if "SP003" in rules and outdated:
                rule = rules["SP003"]
                for entry in outdated:
                    name, code, shot = entry.key
                    remaining = f"{entry.found} remain" if entry.found else "none remain"
                    where = f"shot {shot} of {name}" if shot else name
                    result.diagnostics.append(
                        rule.report(
                            f"baseline accepts {entry.recorded} {code} finding(s) in {where}; {remaining}: "
                            "rewrite it with --write-baseline",
                            entry.at,
                            shot=shot,
                        )
                    )
                result.sources[str(file)] = LineIndex(baseline.text)
                result.fail_on[str(file)] = min(result.fail_on[name] for name in names)
        result.diagnostics.sort(key=Diagnostic.sort_key)

    def _baseline_location(self, path: Path) -> Span:
        if self.baseline is not None:
            return Span(str(self.baseline))
        config, _ = self.config_for(path)
        return config.locate(("baseline",))

    def _lint_one(
        self,
        path: Path,
        result: LintResult,
        *,
        frames: bool,
        renders: list[Path] | None,
        only: tuple[str, ...] | None,
        progress: Progress | None,
    ) -> None:
        config, rules = self.config_for(path)
        if not path.exists():
            raise InputError.at(Span(str(path)), "no such file")
        document = self._planned.pop(path.resolve(), None) or load_document(path)
        consent, consent_path = self.consent(config, path)
        ctx = Context(document, config, consent, str(consent_path) if consent_path else None, date=self.date)
        if frames and document.kind == "storyboard":
            ctx.renders = self.measure(
                document, renders, progress, everyone=any(r.references for r in consent.values())
            )
            self._people(consent, consent_path, ctx.renders, state_folder(self.root(path)) / "cache")
        if only:
            rules = [rule for rule in rules if rule.code.startswith(only)]
        found = run_rules(document.board, ctx, rules)
        if ctx.renders is not None:
            result.renders[str(path)] = ctx.renders
            result.thresholds[str(path)] = config
        result.documents[str(path)] = document
        result.diagnostics += found
        result.fail_on[str(path)] = Severity.named(config.fail_on)
        result.ran[str(path)] = ctx.ran
        result.suppressed += ctx.suppressed
        if ctx.renders is not None:
            ctx.renders.not_judged += ctx.not_judged
        result.files.append(path)
        result.sources[str(path)] = document.source.lines

    def lint_renders(self, renders: list[Path], progress: Progress | None = None) -> LintResult:
        """The frame rules that need no storyboard (:data:`WITHOUT_INTENT`) on renders given alone.

        Each render is judged as a shot of its own, and its findings point at the render file. The
        rules that judge a render against what a storyboard asks (its duration, cast, continuity,
        avoid tags) are skipped; :func:`skipped_without_intent` names them.
        """
        from soracheck.storyboard.documents import Document
        from soracheck.storyboard.load import parse_storyboard

        result = LintResult()
        documents: list[tuple[Document, Config, list[Rule]]] = []
        for render in renders:
            config, rules = self.config_for(render.parent / "storyboard.yaml")
            quoted = json.dumps(render.name)  # a JSON string is a YAML string, whatever the file is called
            shot = re.sub(r"[^A-Za-z0-9._-]+", "-", render.stem).strip("-._") or "render"
            text = f"title: {quoted}\nshots:\n  - id: {json.dumps(shot)}\n    render: {{file: {quoted}}}\n"
            documents.append((Document(render, "storyboard", *parse_storyboard(text, str(render))), config, rules))
        jobs = [(config, job) for document, config, _ in documents for job in self._plan(document)[0].values()]
        self._measure_ahead(jobs, progress)
        try:
            for number, (document, config, rules) in enumerate(documents, start=1):
                name = str(document.path)
                ctx = Context(document, config, date=self.date)
                report = (
                    (lambda name, n, total, share, at=number: progress(name, at, len(documents), share))
                    if progress
                    else None
                )
                ctx.renders = self.measure(document, None, report)
                judged = [rule for rule in rules if rule.code in WITHOUT_INTENT]
                found = [replace(d, location=Span(name)) for d in run_rules(document.board, ctx, judged)]
                result.renders[name] = ctx.renders
                result.thresholds[name] = config
                result.documents[name] = document
                result.diagnostics += found
                result.fail_on[name] = Severity.named(config.fail_on)
                result.ran[name] = ctx.ran
                result.suppressed += ctx.suppressed
                ctx.renders.not_judged += ctx.not_judged
                result.files.append(document.path)
                result.sources[name] = LineIndex("")
        finally:
            self._measured.clear()
        return result

    def measure(
        self,
        document: Document,
        given: list[Path] | None = None,
        progress: Progress | None = None,
        *,
        everyone: bool = False,
    ) -> Renders:
        """Measure the renders of a storyboard (cached under ``.soracheck/cache`` in its project).

        Without ``given``, each shot's ``render.file``. Given renders are matched to shots by name
        (``cup.mp4`` is shot ``cup``); a single render named after no shot is a stitched final cut.
        A render that cannot be read is recorded for FR001, a reference image that cannot be read for
        FR011; the rest is measured all the same. Faces are described where someone is to be
        recognised: in the shots with a cast, or in ``everyone``'s (a consent file with photographs).
        Renders measured ahead, all at once (see :meth:`lint`), are taken as they were measured.
        """
        from soracheck.metrics.credentials import read_credentials
        from soracheck.rules.renders import CUT_SLACK, Renders

        config, _ = self.config_for(document.path)
        shots, stitched = self._plan(document, given, everyone=everyone)
        renders = Renders()
        anchors = self._trust_anchors(config)
        with ThreadPoolExecutor(1, thread_name_prefix="soracheck-references") as pool:
            references = pool.submit(
                self._references, document, renders, state_folder(self.root(document.path)) / "cache"
            )
            for number, (shot_id, job) in enumerate(shots.items(), start=1):
                report = (
                    (lambda share, name=job.path.name, n=number: progress(name, n, len(shots), share))
                    if progress
                    else None
                )
                found = self._measurement(job, report)
                if isinstance(found, str):
                    renders.unreadable[shot_id] = found
                else:
                    renders.shots[shot_id] = found
                if report:
                    report(1.0)  # done, whether measured, cached or unreadable
                if job.path.is_file():
                    renders.credentials[shot_id] = read_credentials(job.path, trust_anchors=anchors)
            if stitched is not None:
                self._stitched(stitched, document.board, renders, config.frames.duration_tolerance + CUT_SLACK)
            references.result()
        return renders

    def _plan(
        self, document: Document, given: list[Path] | None = None, *, everyone: bool = False
    ) -> tuple[dict[str, Job], Job | None]:
        """What :meth:`measure` measures: each shot's render, and a stitched cut, with their settings."""
        from soracheck.metrics.measure import Settings
        from soracheck.metrics.parallel import Job

        path, board = document.path, document.board
        cache = state_folder(self.root(path)) / "cache"
        config, _ = self.config_for(path)
        settings = Settings(sample_every=config.frames.sample_every, palette=bool(config.brand.palette))
        ids = [shot.id for shot in board.shots]
        files = {s.id: path.parent / s.render.file for s in board.shots if s.render} if given is None else {}
        stitched = None
        for file in given or []:
            if file.stem in ids:
                files[file.stem] = file
            elif len(given or []) == 1:
                stitched = file
            else:
                raise InputError.at(
                    Span(str(file)), f"matches no shot ({', '.join(ids)}): name a render after its shot"
                )
        cast = {shot.id for shot in board.shots if shot.cast or everyone}
        shots = {shot_id: Job(file, replace(settings, faces=shot_id in cast), cache) for shot_id, file in files.items()}
        if stitched is None:
            return shots, None
        looks = tuple(_face_times(board, cast, settings.face_frames))
        asked = replace(settings, faces=bool(looks), face_at=looks, cut_ends=True)
        return shots, Job(stitched, asked, cache)

    def _measurement(self, job: Job, progress: Callable[[float], None] | None = None) -> Measurements | str:
        """``job``'s measurements, as measured ahead or else now (or from the cache); why not, if the
        render cannot be read."""
        from soracheck.metrics import VideoError
        from soracheck.metrics.measure import measure

        if job in self._measured:
            return self._measured[job]
        try:
            return measure(job.path, job.settings, job.cache, progress)
        except VideoError as error:
            return str(error)

    def _jobs(self, storyboards: list[Path], given: list[Path] | None) -> Iterator[tuple[Config, Job]]:
        """The measurements the ``storyboards``' lints will need, with each one's configuration; a
        storyboard that does not load is left for its lint to report."""
        for path in storyboards:
            try:
                config, _ = self.config_for(path)
                document = load_document(path)
                self._planned[path.resolve()] = document
                if document.kind != "storyboard":
                    continue
                consent, _ = self.consent(config, path)
                shots, stitched = self._plan(document, given, everyone=any(r.references for r in consent.values()))
            except (InputError, OSError):
                continue
            yield from ((config, job) for job in [*shots.values(), *([stitched] if stitched else [])])

    def _measure_ahead(self, jobs: list[tuple[Config, Job]], progress: Progress | None) -> None:
        """Measure ``jobs`` all at once, with the executor the first one's configuration names (see
        :mod:`soracheck.metrics.parallel`): one pool for the run, one cache per project."""
        from soracheck.metrics.parallel import ExecutorError, Workers, measure_many

        if not jobs:
            return
        config = jobs[0][0]
        workers = Workers(config.jobs, config.executor, config.ray_address)
        done = (lambda name, number, total: progress(name, number, total, 1.0)) if progress else None
        try:
            self._measured.update(measure_many([job for _, job in jobs], workers, done))
        except ExecutorError as error:
            given = self.overrides is not None and getattr(self.overrides, error.setting) is not None
            key = error.setting.replace("_", "-")
            raise InputError.at(
                Span(f"soracheck: --{key}", 0) if given else config.locate((key,)), str(error)
            ) from None

    def _stitched(self, job: Job, board: Storyboard, renders: Renders, tolerance: float) -> None:
        """Measure a stitched final cut, and give each shot its part of it (see ``stitched_parts``)."""
        from soracheck.rules.renders import stitched_parts

        found = self._measurement(job)
        if isinstance(found, str):
            raise InputError.at(Span(str(job.path)), found)
        renders.stitched = found
        parts = stitched_parts(board, renders.stitched, tolerance)
        renders.shots.update(parts)
        if not parts:
            why = "its length is not the storyboard's" if board.shots else "the storyboard has no shots"
            if any(shot.duration is None for shot in board.shots):
                why = "a shot has no duration"
            renders.not_judged.append(f"the shots of {job.path.name} one by one ({why})")

    @staticmethod
    def _trust_anchors(config: Config) -> str | None:
        """The PEM text of ``[provenance] trust-anchors``, if configured."""
        name = config.provenance.trust_anchors
        if name is None:
            return None
        try:
            return (config.root / name).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            where = config.locate(("provenance", "trust-anchors"))
            raise ConfigError.at(where, f"trust anchors {name!r} cannot be read: {error}") from None

    def evidence_folder(self, path: Path) -> Path:
        """Where the pictures of a storyboard's frame findings are saved: ``.soracheck/evidence/<storyboard>/``,
        named by the storyboard's path in its project (``drafts-cut`` for ``drafts/cut.yaml``)."""
        root = self.root(path)
        try:
            name = path.resolve().relative_to(root.resolve()).with_suffix("")
        except ValueError:
            name = Path(path.stem)
        return state_folder(root) / "evidence" / "-".join(name.parts)

    @staticmethod
    def _references(document: Document, renders: Renders, cache: Path) -> None:
        """The face in each character's reference images; one that cannot be read is recorded for FR011,
        one that shows no face for FR012."""
        from soracheck.metrics.measure import photo_face
        from soracheck.rules.renders import Photo

        for key, character in document.board.characters.items():
            for index, reference in enumerate(character.references):
                image = document.path.parent / reference
                try:
                    found = photo_face(image, cache)
                except OSError as error:
                    why = f"reference image {reference!r} cannot be read: {error}"
                    renders.unreadable_references.setdefault(key, []).append((index, why))
                    continue
                if found:
                    renders.references.setdefault(key, []).append(Photo(str(image), found))
                else:
                    renders.faceless_references.setdefault(key, []).append((index, reference))

    @staticmethod
    def _people(consent: Consent, consent_path: Path | None, renders: Renders, cache: Path) -> None:
        """The face in each reference photograph of each person in the consent file (for CN007); a
        photograph that cannot be read or shows no face is said in the summary."""
        from soracheck.metrics.measure import photo_face
        from soracheck.rules.renders import Photo

        if consent_path is None:
            return
        for cameo, record in consent.items():
            for reference in record.references:
                photo = consent_path.parent / reference
                try:
                    found = photo_face(photo, cache)
                except OSError:
                    why = "it cannot be read"  # CN006 and the record's own checks say more
                else:
                    if found:
                        renders.people.setdefault(cameo, []).append(Photo(str(photo), found))
                        continue
                    why = "no face in it"
                renders.not_judged.append(f"likeness to {record.person}'s photograph {reference} ({why})")


def _stat(path: Path) -> tuple[str, int, int] | None:
    """What tells a file changed: its path, size and modification time (``None`` when it is missing)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (str(path), stat.st_size, stat.st_mtime_ns)


def _face_times(board: Storyboard, shots: set[str], most: int) -> Iterator[float]:
    """When to describe the faces of a stitched cut: as in a render of each of ``shots`` (see
    :func:`~soracheck.metrics.measure.face_times`), where the durations before it put it in the cut
    (a quarter of a second in from its ends, which a cut a few frames off may move)."""
    from soracheck.metrics.measure import face_times
    from soracheck.rules.renders import planned_starts

    starts = planned_starts(board)
    if starts is None:
        return  # where the shots are is not known: the faces are not described
    for shot, start, end in zip(board.shots, starts, starts[1:], strict=False):
        if shot.id in shots:
            yield from (start + min(t + 0.25, end - start - 0.25) for t in face_times(end - start, most))
