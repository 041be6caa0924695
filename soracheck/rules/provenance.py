"""Provenance (PV): where each render came from, and whether it still matches its spec.

Content Credentials (C2PA) are read from each render with the C2PA reference library
(``soracheck.metrics.credentials``) when renders are checked; staleness and reproducibility are
judged from the storyboard alone, so ``soracheck lint`` reports them too.
"""

from __future__ import annotations

from collections.abc import Iterator

from soracheck.config import Config
from soracheck.rules.base import Context, Diagnostic, Rule, Severity
from soracheck.rules.renders import FrameRule, Renders, render_span
from soracheck.storyboard.model import Storyboard
from soracheck.storyboard.prompt import spec_hash


def _credentials(board: Storyboard, renders: Renders, *states: str) -> Iterator[tuple[int, str]]:
    """Each shot whose render's credentials are in one of ``states``: (index, shot id)."""
    for index, shot in enumerate(board.shots):
        found = renders.credentials.get(shot.id)
        if found is not None and found.state in states:
            yield index, shot.id


class RenderWithoutCredentials(FrameRule):
    """Flags a render that carries no C2PA manifest (Content Credentials).

    A warning, not an error: many generators still ship none, and re-encoding strips them.

    ## Why
    Content Credentials are the render's signed record of where it came from — which service,
    which model, what was done to it since. Without them, nothing distinguishes the studio's
    render from any file of the same name, and platforms cannot label it.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: cup, duration: 5, render: {file: renders/cup.mp4}}   # re-encoded: its manifest is gone
    ```

    ## Fix
    Use the file the render service delivered (its manifest intact), or sign the render with the
    studio's certificate after editing.
    """

    code = "PV001"
    name = "render-without-credentials"
    severity = Severity.WARNING

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        for index, shot_id in _credentials(board, renders, "missing"):
            message = f"render of shot {shot_id} has no Content Credentials (C2PA manifest)"
            yield self.report(message, render_span(ctx, board, index), shot=shot_id)


class RenderCredentialsInvalid(FrameRule):
    """Flags a render whose C2PA manifest does not validate: the file changed after signing, or the
    signature or certificate is broken.

    ## Why
    A manifest that no longer matches its file says the render was altered after it was signed —
    one changed byte breaks its hash. Whatever the file shows now, its stated origin is not proven.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: cup, duration: 5, render: {file: renders/cup.mp4}}   # one byte changed after signing
    ```

    ## Fix
    Fetch the render again from the render service; if it was edited on purpose, sign the edit
    (C2PA records the edit as a new manifest over the old).
    """

    code = "PV002"
    name = "render-credentials-invalid"
    severity = Severity.ERROR

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        for index, shot_id in _credentials(board, renders, "invalid", "unreadable"):
            found = renders.credentials[shot_id]
            why = ", ".join(found.failures) or found.detail or "validation failed"
            message = f"Content Credentials of the render of shot {shot_id} do not validate: {why}"
            yield self.report(message, render_span(ctx, board, index), shot=shot_id)


class RenderSignerUntrusted(FrameRule):
    """Flags a render whose intact manifest is signed by a certificate outside the trust anchors.

    Information when no trust anchors are configured (nothing can be trusted then); a warning
    when `[provenance] trust-anchors` names the certificates the studio trusts. A severity
    configured for it (`[severity] PV003 = "info"`) wins either way.

    ## Why
    Anyone can sign a file. A signature proves origin only when its certificate chains to an
    authority the studio trusts — its render service's root, or the C2PA trust list.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: cup, duration: 5, render: {file: renders/cup.mp4}}   # signed by an unknown service
    ```

    ## Fix
    Add the render service's root certificate to the PEM file `[provenance] trust-anchors` names,
    or render with a service whose certificate is already trusted.
    """

    code = "PV003"
    name = "render-signer-untrusted"
    severity = Severity.INFO

    @classmethod
    def default_severity(cls, config: Config) -> Severity:
        return Severity.WARNING if config.provenance.trust_anchors else cls.severity

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        anchors = ctx.config.provenance.trust_anchors
        for index, shot_id in _credentials(board, renders, "valid"):
            signer = renders.credentials[shot_id].generator or "an unnamed generator"
            where = f"the trust anchors in {anchors}" if anchors else "any trust anchor (none configured)"
            message = f"render of shot {shot_id} is signed by {signer}, whose certificate is not among {where}"
            yield self.report(message, render_span(ctx, board, index), shot=shot_id)


class RenderNotDeclaredAI(FrameRule):
    """Flags a render whose valid manifest does not declare AI generation (`trainedAlgorithmicMedia`).

    ## Why
    The manifest's digital source type is how platforms and viewers learn that media is
    synthetic. A generated render whose credentials claim a camera — or say nothing — is
    mislabelled, and disclosure rules (BR005) cannot be met by the file itself.

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: cup, duration: 5, render: {file: renders/cup.mp4}}   # signed as digitalCapture
    ```

    ## Fix
    Have the render service sign with the digital source type `trainedAlgorithmicMedia`, or
    sign the render again with it.
    """

    code = "PV004"
    name = "render-not-declared-ai"
    severity = Severity.WARNING

    def judge(self, board: Storyboard, ctx: Context, renders: Renders) -> Iterator[Diagnostic]:
        for index, shot_id in _credentials(board, renders, "valid", "trusted"):
            if renders.credentials[shot_id].ai_generated is False:
                message = f"Content Credentials of the render of shot {shot_id} do not declare AI generation"
                yield self.report(message, render_span(ctx, board, index), shot=shot_id)


class StaleRender(Rule):
    """Flags a render whose shot changed since it was rendered, or whose spec was never recorded.

    A render records `spec_hash`: the hash of what it was made from — the compiled prompt, the
    reference images of the cast, the model, size, seconds and seed. `soracheck render-done SHOT
    FILE` records it when a render is accepted. When the shot's spec hashes differently now,
    the render shows a shot that no longer exists.

    ## Why
    Storyboards keep changing after renders are made; an edit that fails to reach the render is
    the most common way a cut stops matching its script. A hash makes the mismatch visible
    without anyone having to remember what changed.

    ## Example
    ```yaml
    title: Redline
    shots:
      - id: cup
        action: Maya sips her cortado
        render: {file: renders/cup.mp4, seed: 7, spec_hash: "sha256:0000000000000000"}
    ```

    ## Fix
    Render the shot again, then record it: `soracheck render-done cup renders/cup.mp4 --seed 7`.
    ```yaml
    title: Redline
    shots:
      - id: cup
        action: Maya sips her cortado
        render: {file: renders/cup.mp4, seed: 7, spec_hash: "sha256:3183ee1e35196873"}
    ```
    """

    code = "PV005"
    name = "stale-render"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        for index, shot in enumerate(board.shots):
            if shot.render is None:
                continue
            current = spec_hash(board, shot)
            command = f"`soracheck render-done {shot.id} {shot.render.file}`"
            if shot.render.spec_hash is None:
                message = f"render of shot {shot.id} records no spec hash: once it is current, run {command}"
                yield self.report(message, ctx.locate(("shots", index, "render")), shot=shot.id)
            elif shot.render.spec_hash != current:
                message = (
                    f"render of shot {shot.id} is stale: the shot changed since it was rendered (spec "
                    f"{shot.render.spec_hash}, now {current}); render it again and run {command}"
                )
                yield self.report(message, ctx.locate(("shots", index, "render", "spec_hash")), shot=shot.id)


class RenderNotReproducible(Rule):
    """Flags a render without its seed or model when `[house-style] reproducible = true`.

    The model is the render's `model`, or else the project's `model.name`.

    ## Why
    A shot that must be re-rendered — a note, a fix, a new variant — comes back most like the
    approved take with the same seed on the same model. Without them, every re-render is a new
    casting of the shot.

    ## Configuration
    ```toml
    [house-style]
    reproducible = true
    ```

    ## Example
    ```yaml
    title: Redline
    shots:
      - {id: cup, render: {file: renders/cup.mp4}}
    ```

    ## Fix
    ```yaml
    title: Redline
    model: {name: sora-2}
    shots:
      - {id: cup, render: {file: renders/cup.mp4, seed: 7}}
    ```
    """

    code = "PV006"
    name = "render-not-reproducible"
    severity = Severity.WARNING

    def check(self, board: Storyboard, ctx: Context) -> Iterator[Diagnostic]:
        if not ctx.config.house_style.reproducible:
            return
        for index, shot in enumerate(board.shots):
            if shot.render is None:
                continue
            missing = [
                name
                for name, value in (("seed", shot.render.seed), ("model", shot.render.model or board.model))
                if value is None
            ]
            if missing:
                message = f"render of shot {shot.id} does not record its {' or '.join(missing)}, which the house style requires"
                yield self.report(message, ctx.locate(("shots", index, "render")), shot=shot.id)
