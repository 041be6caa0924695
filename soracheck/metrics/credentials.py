"""What a render's Content Credentials (C2PA) say: present, intact, trusted, and whether AI made it.

Read with the C2PA reference library (``c2pa-python``), offline: the manifest is validated against
the file's bytes (a changed byte breaks its hashes), and its signing certificate against the trust
anchors given, if any. Nothing is fetched from the network (OCSP and remote manifests stay off).

References
----------
.. [1] C2PA Technical Specification 2.x, https://c2pa.org/specifications/ (manifests, validation).
.. [2] IPTC Digital Source Type vocabulary: ``trainedAlgorithmicMedia`` marks media made by a trained model.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

#: The IPTC digital source type of media created by a trained model [2]_.
AI_SOURCE = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"

State = Literal["missing", "valid", "trusted", "invalid", "unreadable"]


@dataclass(frozen=True)
class Credentials:
    """A render's C2PA state."""

    #: ``missing``: no manifest; ``valid``: intact, signer not in the trust anchors; ``trusted``:
    #: intact and signed by a trusted certificate; ``invalid``: the manifest does not match the file
    #: or its signature fails; ``unreadable``: the library could not read the file at all.
    state: State
    #: Validation failure codes, e.g. ``assertion.dataHash.mismatch`` (untrusted signers excluded).
    failures: tuple[str, ...] = ()
    #: Whether the active manifest declares AI generation (``None`` without a manifest).
    ai_generated: bool | None = None
    #: Who signed it (the claim generator), if anyone.
    generator: str | None = None
    detail: str = field(default="", compare=False)


def read_credentials(path: Path, *, trust_anchors: str | None = None) -> Credentials:
    """The C2PA state of ``path``; ``trust_anchors`` is PEM text of the certificates to trust."""
    import c2pa

    try:
        context = None
        if trust_anchors:
            settings = {"verify": {"verify_trust": True}, "trust": {"trust_anchors": trust_anchors}}
            context = c2pa.Context(c2pa.Settings.from_json(json.dumps(settings)))
        reader = c2pa.Reader(str(path), context=context) if context else c2pa.Reader(str(path))
        with reader:
            state = reader.get_validation_state()
            results = reader.get_validation_results() or {}
            store = json.loads(reader.json())
    except c2pa.C2paError as error:
        if type(error).__name__.endswith("ManifestNotFound"):
            return Credentials("missing")
        return Credentials("unreadable", detail=str(error))
    failures = tuple(
        item["code"]
        for item in (results.get("activeManifest") or {}).get("failure", [])
        if item.get("code") != "signingCredential.untrusted"
    )
    manifest = store.get("manifests", {}).get(store.get("active_manifest"), {})
    verdict: State = "trusted" if state == "Trusted" else "valid" if state == "Valid" and not failures else "invalid"
    return Credentials(verdict, failures, _declares_ai(manifest), _generator(manifest))


def _declares_ai(manifest: dict[str, Any]) -> bool:
    for assertion in manifest.get("assertions", []):
        if str(assertion.get("label", "")).startswith("c2pa.actions"):
            for action in (assertion.get("data") or {}).get("actions", []):
                if action.get("digitalSourceType") == AI_SOURCE:
                    return True
    return False


def _generator(manifest: dict[str, Any]) -> str | None:
    info = manifest.get("claim_generator_info") or []
    if info and isinstance(info, list):
        return str(info[0].get("name")) if info[0].get("name") else None
    return manifest.get("claim_generator")
