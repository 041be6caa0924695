"""Sign renders with Content Credentials (C2PA), and make a throwaway certificate chain to sign with.

Studios sign with the certificate their render service holds; the tests and the sample projects
sign with a throwaway ES256 chain (root → intermediate → leaf) made here, whose root they trust.
The leaf follows the C2PA certificate profile as c2pa-python 0.38 enforces it: digital-signature
key usage, the emailProtection extended key usage, and both key identifiers.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

import c2pa
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from soracheck.metrics.credentials import AI_SOURCE


@dataclass(frozen=True)
class Chain:
    """A signing chain: the root to trust, the certificates to embed, and the leaf's private key."""

    root_pem: str
    #: Leaf and intermediate certificates, PEM.
    chain_pem: str
    key_pem: str


def _name(common: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "soracheck throwaway chain"),
        ]
    )


def _certificate(
    subject: str, key: ec.EllipticCurvePrivateKey, issuer: str, issuer_key: ec.EllipticCurvePrivateKey, *, ca: bool
) -> x509.Certificate:
    now = datetime.datetime.now(datetime.UTC)
    usage = {name: False for name in ("content_commitment", "key_encipherment", "data_encipherment", "key_agreement")}
    builder = (
        x509.CertificateBuilder()
        .subject_name(_name(subject))
        .issuer_name(_name(issuer))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=3650))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=1 if ca else None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=not ca,
                key_cert_sign=ca,
                crl_sign=ca,
                encipher_only=False,
                decipher_only=False,
                **usage,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(issuer_key.public_key()), critical=False)
    )
    if not ca:
        builder = builder.add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
    return builder.sign(issuer_key, hashes.SHA256())


def make_chain(issuer: str = "Test") -> Chain:
    """A fresh chain whose certificates are named after ``issuer`` (valid for ten years)."""
    keys = [ec.generate_private_key(ec.SECP256R1()) for _ in range(3)]
    root = _certificate(f"{issuer} Root", keys[0], f"{issuer} Root", keys[0], ca=True)
    intermediate = _certificate(f"{issuer} Intermediate", keys[1], f"{issuer} Root", keys[0], ca=True)
    leaf = _certificate(f"{issuer} Render Service", keys[2], f"{issuer} Intermediate", keys[1], ca=False)

    def pem(certificate: x509.Certificate) -> str:
        return certificate.public_bytes(serialization.Encoding.PEM).decode()

    key = keys[2].private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    return Chain(pem(root), pem(leaf) + pem(intermediate), key.decode())


def sign(source: Path, target: Path, chain: Chain, *, ai: bool = True, generator: str = "test-render-service") -> None:
    """Write ``source`` to ``target`` with a C2PA manifest signed by ``chain``, saying that ``generator``
    created it with a trained model (``ai``) or a camera. ``target`` may not be ``source``."""
    # A created asset must say its source: a trained model, or else a camera.
    source_type = AI_SOURCE if ai else "http://cv.iptc.org/newscodes/digitalsourcetype/digitalCapture"
    action = {"action": "c2pa.created", "digitalSourceType": source_type}
    manifest = {
        "claim_generator_info": [{"name": generator, "version": "1.0"}],
        "title": target.name,
        "assertions": [{"label": "c2pa.actions", "data": {"actions": [action]}}],
    }
    info = c2pa.C2paSignerInfo(c2pa.C2paSigningAlg.ES256, chain.chain_pem.encode(), chain.key_pem.encode(), None)
    mime = {".png": "image/png", ".mp4": "video/mp4", ".jpg": "image/jpeg"}[source.suffix.lower()]
    with c2pa.Builder(manifest) as builder, source.open("rb") as src, target.open("w+b") as dst:
        builder.sign(c2pa.Signer.from_info(info), mime, src, dst)


def sign_renders(paths: list[Path], trust: Path, issuer: str) -> None:
    """Sign each render in place with one fresh chain named after ``issuer``, and write its root, the
    certificate to trust, to ``trust`` (a PEM file)."""
    chain = make_chain(issuer)
    for path in paths:
        unsigned = path.with_name(f".{path.name}.unsigned{path.suffix}")
        path.replace(unsigned)
        try:
            sign(unsigned, path, chain, generator=f"{issuer} render service")
        finally:
            unsigned.unlink()
    trust.parent.mkdir(parents=True, exist_ok=True)
    trust.write_text(chain.root_pem)
