"""The installation's bundle-signing identity (a local root + a signing certificate) and PAdES signing.

Made once per installation under settings_dir(): the root signs the signing certificate and its private
key is then thrown away, so nothing can issue a second signer under the same root. The signing key is
stored unencrypted, readable by this user only (0600 in a 0700 folder): see docs/adr/032-signing-key.md.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import BinaryIO

from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from evidencekit.errors import IntegrityError
from evidencekit.fsio import atomic_write

IDENTITY_FILE = "bundle-signing.pem"
# ECDSA P-256: key generation and loading take well under a millisecond. RSA-3072 took ~100 ms per load
# (full key check, holding the GIL), which froze the window during every export.
CURVE = ec.SECP256R1
VALIDITY = timedelta(days=365 * 30)
SIGNATURE_FIELD = "EvidenceKitSignature"
REASON = "Evidence bundle made by evidencekit: certifies that the file is unchanged since it was made"


@dataclass(frozen=True)
class SigningIdentity:
    """The signing key, its certificate and the root that issued it (DER)."""

    key_der: bytes
    cert_der: bytes
    root_der: bytes
    path: Path

    @property
    def root_sha256(self) -> str:
        return hashlib.sha256(self.root_der).hexdigest()

    @property
    def signer_sha256(self) -> str:
        return hashlib.sha256(self.cert_der).hexdigest()


def _name(common_name: str, install_id: str) -> x509.Name:
    return x509.Name([
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "evidencekit (one installation)"),
        x509.NameAttribute(NameOID.SERIAL_NUMBER, install_id),
    ])


def _new_identity_pem(now: datetime) -> bytes:
    install_id = secrets.token_hex(8)
    root_key = ec.generate_private_key(CURVE())
    signer_key = ec.generate_private_key(CURVE())
    root_name = _name("evidencekit local root", install_id)
    start, end = now - timedelta(days=1), now + VALIDITY
    root = (x509.CertificateBuilder().subject_name(root_name).issuer_name(root_name)
            .public_key(root_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(root_key.public_key()), critical=False)
            .sign(root_key, hashes.SHA256()))
    signer = (x509.CertificateBuilder().subject_name(_name("evidencekit bundle signer", install_id))
              .issuer_name(root_name).public_key(signer_key.public_key())
              .serial_number(x509.random_serial_number()).not_valid_before(start).not_valid_after(end)
              .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
              .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                           data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                           crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
              .add_extension(x509.SubjectKeyIdentifier.from_public_key(signer_key.public_key()), critical=False)
              .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()),
                             critical=False)
              .sign(root_key, hashes.SHA256()))
    key_pem = signer_key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                       serialization.NoEncryption())
    return key_pem + signer.public_bytes(serialization.Encoding.PEM) + root.public_bytes(serialization.Encoding.PEM)


def _parse(pem: bytes, path: Path) -> SigningIdentity:
    try:
        key = serialization.load_pem_private_key(pem, password=None)
        certs = x509.load_pem_x509_certificates(pem)
        if len(certs) != 2:
            raise ValueError("expected two certificates")
        signer, root = certs
        signer.verify_directly_issued_by(root)
        if signer.public_key().public_numbers() != key.public_key().public_numbers():  # type: ignore[union-attr]
            raise ValueError("key does not match certificate")
    except (ValueError, TypeError) as exc:
        raise IntegrityError(
            f"The bundle-signing file {path} is damaged. Move it away and export again to make a new one "
            "(bundles already made stay valid; the new ones show a different root fingerprint).", path) from exc
    der = serialization.Encoding.DER
    key_der = key.private_bytes(der, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    return SigningIdentity(key_der, signer.public_bytes(der), root.public_bytes(der), path)


def load_or_create_identity(folder: Path, now: datetime | None = None) -> SigningIdentity:
    """This installation's signing identity, made on first use (write-once: a race keeps the first one)."""
    path = folder / IDENTITY_FILE
    if not path.exists():
        try:
            atomic_write(path, _new_identity_pem(now or datetime.now(UTC)), overwrite=False)
        except FileExistsError:
            pass
    return _parse(path.read_bytes(), path)


def sign_pdf_file(identity: SigningIdentity, source: BinaryIO, output: BinaryIO) -> None:
    """Append a PAdES certification signature to the PDF in `source`, writing the signed file to `output`."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers
    from pyhanko_certvalidator.registry import SimpleCertificateStore

    root = asn1_x509.Certificate.load(identity.root_der)
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(identity.cert_der),
        signing_key=asn1_keys.PrivateKeyInfo.load(identity.key_der),
        # pyhanko-certvalidator (0.33) leaves from_certs and SimpleCertificateStore() unannotated; no stubs exist
        cert_registry=SimpleCertificateStore.from_certs([root]),  # type: ignore[no-untyped-call]
    )
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD, md_algorithm="sha256", subfilter=fields.SigSeedSubFilter.PADES,
        reason=REASON, certify=True, docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    writer = IncrementalPdfFileWriter(source, strict=False)
    signers.sign_pdf(writer, meta, signer=signer, output=output)
