"""The signature check: one PAdES signature, cryptographically intact, covering the whole file, made
under the root whose fingerprint the manifest (and the cover) states; and the root check.

The local root is trusted only for this check: what it shows is "unchanged since signed by the
installation with this root", which the officer ties to the sender only by confirming the fingerprint
with them by another route and giving it as --expect-root. Without a signature nobody vouches for the
file as a whole (its parts could all have been changed together), so an unsigned bundle fails unless
the officer allows it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

from evidencekit.bundle.verify_checks import FAIL, PASS, SKIP, OpenedBundle, Verdict

NAME = "signature"
ROOT = "signing root"
UNSIGNED_WARNING = ("NOT SIGNED: nobody vouches for this file as a whole. The checks below show only that its "
                    "parts agree with each other; whoever changed one part could have changed them all. Ask the "
                    "sender for a signed bundle, or confirm each exhibit's SHA-256 with them by another route.")
UNSIGNED_REFUSED = ("evidencekit verify refuses an unsigned bundle; if the sender confirms they made it without "
                    "a signature, check it with --allow-unsigned")


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


def _gap_is_plain_hex(path: Path, byte_range: Any) -> bool:
    """True when the bytes the signature leaves out are exactly `<hex digits>` as written at signing.

    A PDF reader skips whitespace (NUL, spaces, newlines) inside a hex string, so `<30 82 …>` with NUL
    bytes in place of some `0` padding digits decodes to the same signature: the reserved space could
    then carry a hidden message in its choice of whitespace, outside the digest."""
    import re

    try:
        start, end = int(byte_range[1]), int(byte_range[2])
    except (TypeError, ValueError, IndexError):
        return False
    if not 0 < start < end or end - start > 1 << 24:
        return False
    with path.open("rb") as handle:
        handle.seek(start)
        gap = handle.read(end - start)
    return re.fullmatch(rb"<[0-9A-Fa-f]*>", gap) is not None


def signature_verdict(bundle: OpenedBundle) -> Verdict:
    """The signature check. An unsigned file fails unless the officer allowed it (--allow-unsigned): then
    this check is skipped, and says first and loudly that nobody vouches for the file as a whole. When
    the signature holds, the root it chains to is kept in `bundle.signing_root` for the root check."""
    from pyhanko.pdf_utils.reader import PdfFileReader  # slow import, only when verifying
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signing = bundle.manifest.get("signing") or {}
    root_wanted = str(signing.get("root_sha256") or "")
    with bundle.path.open("rb") as handle:
        reader = PdfFileReader(handle, strict=False)
        signatures = list(reader.embedded_signatures)
        if not signatures:
            if signing.get("signed"):
                return Verdict(NAME, FAIL, "The manifest says the bundle was signed, but it has no signature.",
                               ["the signature was removed or the file was rebuilt"])
            bundle.unsigned = True
            if bundle.options.allow_unsigned:
                return Verdict(NAME, SKIP, UNSIGNED_WARNING)
            return Verdict(NAME, FAIL, "The bundle is not signed, so nobody vouches for the file as a whole.",
                           [UNSIGNED_REFUSED])
        if len(signatures) > 1:
            return Verdict(NAME, FAIL, "The bundle has more than one signature; evidencekit signs once.",
                           [f"{len(signatures)} signatures found"])
        embedded = signatures[0]
        bundle.signed_revision_end = _signed_end(embedded)
        root = _root_from_signature(embedded, root_wanted) if root_wanted else None
        if root is None:
            return Verdict(NAME, FAIL, "The signature was not made under the root named on the cover.",
                           ["the signing root's fingerprint differs from the manifest's"])
        context = ValidationContext(trust_roots=[root], allow_fetching=False, revocation_mode="soft-fail")
        status = validate_pdf_signature(embedded, context)
        problems = _problems(embedded, status, bundle.path)
        if problems:
            return Verdict(NAME, FAIL, "The digital signature does not hold: the file changed after signing.",
                           problems)
        bundle.signing_root = root_wanted
        when = status.signer_reported_dt.isoformat() if status.signer_reported_dt else "an unknown time"
        return Verdict(NAME, PASS, f"Signature valid and covers the whole file (signed {when}).")


def _signed_end(embedded: Any) -> int | None:
    """Where the signed revision ends: the end of the signature's last byte range."""
    try:
        ranges = [int(value) for value in embedded.sig_object["/ByteRange"]]
    except (KeyError, TypeError, ValueError):
        return None
    return ranges[-2] + ranges[-1] if len(ranges) == 4 else None


def root_verdict(bundle: OpenedBundle) -> Verdict:
    """The signing root: printed in full by verify; compared with --expect-root when given."""
    expected = bundle.options.expect_root
    if bundle.unsigned:
        if expected:
            return Verdict(ROOT, FAIL, "You expected a bundle signed under a root, but this one is not signed.",
                           [f"expected root {expected}"])
        return Verdict(ROOT, SKIP, "No signing root: the bundle is not signed.")
    if not bundle.signing_root:
        if expected:
            return Verdict(ROOT, FAIL, "The signature does not hold, so it cannot show the root you expected.",
                           [f"expected root {expected}"])
        return Verdict(ROOT, SKIP, "The signature does not hold, so its root tells nothing.")
    if expected is None:
        return Verdict(ROOT, SKIP, "Printed above, not compared with the one you expect (no --expect-root): "
                                   "confirm it with the sender by another route, as said below.")
    if expected != bundle.signing_root:
        return Verdict(ROOT, FAIL, "The bundle was signed under another root than the one you expected: it may "
                                   "have been re-signed by someone else.",
                       [f"signed under root {bundle.signing_root}", f"expected root     {expected}"])
    return Verdict(ROOT, PASS, f"Signed under root {expected}, the one you expected.")


def _problems(embedded: Any, status: Any, path: Path) -> list[str]:
    """What is wrong with a validated signature, one phrase each (empty when it holds)."""
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    problems: list[str] = []
    if not status.intact:
        problems.append("the signed bytes were changed (the digest does not match)")
    if not status.valid:
        problems.append("the signature value does not verify with the signing certificate")
    if status.coverage != SignatureCoverageLevel.ENTIRE_FILE:
        problems.append("the file was changed or extended after it was signed")
    if not _padding_is_clean(embedded.pkcs7_content) or not _gap_is_plain_hex(path, embedded.byte_range):
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
        problems = _problems(embedded, status, path)
        if problems:
            return Verdict(NAME, FAIL, "The digital signature does not hold: the file changed after signing.",
                           [*problems, unknown_root])
        return Verdict(NAME, PASS, "The signature is intact and covers the whole file.", [unknown_root])
