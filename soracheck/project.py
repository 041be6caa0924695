"""A project on disk: which configuration and consent records apply to a linted file."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from soracheck.config import Config, find_config, load_config
from soracheck.rules.base import Context, Diagnostic, Rule, Severity, run_rules, select_rules
from soracheck.storyboard.documents import Document, load_document
from soracheck.storyboard.load import load_consent, parse_storyboard
from soracheck.storyboard.model import Consent
from soracheck.storyboard.source import LineIndex, Location, StoryboardError


@dataclass
class LintResult:
    """Findings of the files that loaded, and the input errors of those that did not."""

    diagnostics: list[Diagnostic] = field(default_factory=list)
    errors: list[StoryboardError] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    sources: dict[str, LineIndex] = field(default_factory=dict)
    #: Whether any finding is at or above the ``fail-on`` of its file's configuration.
    failing: bool = False


class Project:
    """Configuration and consent records, loaded once per configuration file."""

    def __init__(self, config_path: Path | None = None) -> None:
        self.config_path = config_path
        self._configs: dict[Path | None, tuple[Config, list[Rule]]] = {}
        self._consent: dict[Path, Consent] = {}

    def config_for(self, path: Path) -> tuple[Config, list[Rule]]:
        found = self.config_path or find_config(path)
        if found not in self._configs:
            config = load_config(found)
            self._configs[found] = (config, select_rules(config))
        return self._configs[found]

    def target(self, path: Path) -> Path:
        """A file to lint: the path itself, or for a folder its project's storyboard."""
        if not path.is_dir():
            return path
        config, _ = self.config_for(path / "storyboard.yaml")
        root = config.root if config.path else path
        return root / config.storyboard

    def consent(self, config: Config, document: Path) -> tuple[Consent, Path | None]:
        path = (config.root if config.path else document.parent) / config.consent
        if not path.is_file():
            return {}, None
        if path not in self._consent:
            self._consent[path] = load_consent(path)[0]
        return self._consent[path], path

    def storyboard_for(self, start: Path) -> Path:
        """The storyboard of the project ``start`` (a file or folder) belongs to: configured, or found upward."""
        config, _ = self.config_for(start if start.is_dir() else start.parent / "storyboard.yaml")
        if config.path:
            return config.root / config.storyboard
        folder = (start if start.is_dir() else start.parent).resolve()
        for candidate in (folder, *folder.parents):
            if (candidate / "storyboard.yaml").is_file():
                return candidate / "storyboard.yaml"
        raise StoryboardError.at(Location(str(start)), "no storyboard.yaml here or above; name one with --storyboard")

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
        """The text rules on a storyboard's text (as it would be at ``path``), e.g. before it is written."""
        file = Path(path)
        config, rules = self.config_for(file)
        board, source = parse_storyboard(text, path)
        consent, consent_path = self.consent(config, file)
        ctx = Context(
            Document(file, "storyboard", board, source), config, consent, str(consent_path) if consent_path else None
        )
        return run_rules(board, ctx, rules)

    def lint(self, paths: Iterable[Path]) -> LintResult:
        result = LintResult()
        for given in paths:
            try:
                if not given.exists():
                    raise StoryboardError.at(Location(str(given)), "no such file or folder")
                path = self.target(given)
                config, rules = self.config_for(path)
                document = load_document(path)
                consent, consent_path = self.consent(config, path)
                ctx = Context(document, config, consent, str(consent_path) if consent_path else None)
                found = run_rules(document.board, ctx, rules)
                result.diagnostics += found
                result.failing |= any(d.severity >= Severity.named(config.fail_on) for d in found)
                result.files.append(path)
                result.sources[str(path)] = document.source.lines
            except StoryboardError as error:
                result.errors.append(error)
        return result
