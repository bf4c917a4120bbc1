"""The signature check: one PAdES signature, cryptographically intact, covering the whole file, made
under the root whose fingerprint the manifest (and the cover) states.

The local root is trusted only for this check: what it shows is "unchanged since signed by the
installation with this root", which the officer can tie to the sender through the fingerprint.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from evidencekit.bundle.verify_checks import FAIL, PASS, SKIP, Verdict

NAME = "signature"


def _root_from_signature(embedded: Any, wanted: str) -> Any | None:
    for cert in [*embedded.other_embedded_certs, embedded.signer_cert]:
        if hashlib.sha256(cert.dump()).hexdigest() == wanted:
            return cert
    return None


def _padding_is_clean(contents: bytes) -> bool:
    """True when the bytes after the DER signature in /Contents are all zero, as written at signing.

    They are outside the signed ranges, so this is the one place data could be hidden without breaking
    the digest; a bundle whose padding changed is not the file that was made."""
    if len(contents) < 2 or contents[0] != 0x30:
        return False
    if contents[1] < 0x80:
        end = 2 + contents[1]
    else:
        count = contents[1] & 0x7F
        end = 2 + count + int.from_bytes(contents[2:2 + count], "big")
    return end <= len(contents) and not contents[end:].strip(b"\0")


def signature_verdict(path: Path, manifest: dict[str, Any]) -> Verdict:
    from pyhanko.pdf_utils.reader import PdfFileReader  # slow import, only when verifying
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signing = manifest.get("signing") or {}
    root_wanted = str(signing.get("root_sha256") or "")
    with path.open("rb") as handle:
        reader = PdfFileReader(handle, strict=False)
        signatures = list(reader.embedded_signatures)
        if not signatures:
            if signing.get("signed"):
                return Verdict(NAME, FAIL, "The manifest says the bundle was signed, but it has no signature.",
                               ["the signature was removed or the file was rebuilt"])
            return Verdict(NAME, SKIP, "The bundle was made without a digital signature (--no-sign).")
        if len(signatures) > 1:
            return Verdict(NAME, FAIL, "The bundle has more than one signature; evidencekit signs once.",
                           [f"{len(signatures)} signatures found"])
        embedded = signatures[0]
        root = _root_from_signature(embedded, root_wanted) if root_wanted else None
        if root is None:
            return Verdict(NAME, FAIL, "The signature was not made under the root named on the cover.",
                           ["the signing root's fingerprint differs from the manifest's"])
        context = ValidationContext(trust_roots=[root], allow_fetching=False, revocation_mode="soft-fail")
        status = validate_pdf_signature(embedded, context)
        problems = _problems(embedded, status)
        if problems:
            return Verdict(NAME, FAIL, "The digital signature does not hold: the file changed after signing.",
                           problems)
        when = status.signer_reported_dt.isoformat() if status.signer_reported_dt else "an unknown time"
        return Verdict(NAME, PASS, f"Signature valid and covers the whole file (signed {when}, root "
                                   f"{root_wanted[:16]}…).")


def _problems(embedded: Any, status: Any) -> list[str]:
    """What is wrong with a validated signature, one phrase each (empty when it holds)."""
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    problems: list[str] = []
    if not status.intact:
        problems.append("the signed bytes were changed (the digest does not match)")
    if not status.valid:
        problems.append("the signature value does not verify with the signing certificate")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problems.append("the file was changed or extended after it was signed")
    if not _padding_is_clean(embedded.pkcs7_content):
        problems.append("the space reserved for the signature holds extra data after the signature")
    if status.intact and status.valid and not status.trusted:
        problems.append("the signing certificate does not chain to the stated root")
    return problems


def signature_verdict_without_manifest(path: Path) -> Verdict | None:
    """The signature check for a file whose manifest cannot be read (so the root named on the cover is
    unknown): is the signature intact and does it cover the whole file, under the root carried in the
    signature itself? None when the file has no signature (then there is nothing to say)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    with path.open("rb") as handle:
        reader = PdfFileReader(handle, strict=False)
        signatures = list(reader.embedded_signatures)
        if not signatures:
            return None
        if len(signatures) > 1:
            return Verdict(NAME, FAIL, "The bundle has more than one signature; evidencekit signs once.",
                           [f"{len(signatures)} signatures found"])
        embedded = signatures[0]
        certificates = [*embedded.other_embedded_certs, embedded.signer_cert]
        roots = [cert for cert in certificates if cert.self_signed != "no"] or certificates
        context = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail")
        status = validate_pdf_signature(embedded, context)
        unknown_root = "the manifest is damaged, so the signing root was not compared with the one on the cover"
        problems = _problems(embedded, status)
        if problems:
            return Verdict(NAME, FAIL, "The digital signature does not hold: the file changed after signing.",
                           [*problems, unknown_root])
        return Verdict(NAME, PASS, "The signature is intact and covers the whole file.", [unknown_root])
