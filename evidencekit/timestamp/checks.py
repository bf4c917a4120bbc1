"""Checking a time-stamp token: its imprint against a custody record, the TSA's signature, its certificate.

The signature and the certificate path are checked by pyHanko (`validate_tst_signed_data`,
pyhanko-certvalidator) with fetching off: no certificate, CRL or OCSP answer is ever downloaded. The
path is validated at the token's own time (the TSA's certificate must have been valid when it signed),
and each finding is said in one sentence:

- the imprint is not the SHA-256 of the record it claims to cover ("over another journal head");
- the signature does not hold (the token was altered);
- the TSA's certificate was expired or not yet valid at the token's time;
- the certificate does not chain to a root this computer (or the officer, with --tsa-roots) trusts:
  the token is then intact but its time rests on a service the reader has not chosen to trust.
"""

from __future__ import annotations

import datetime as dt
import ssl
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidencekit.i18n import _
from evidencekit.timestamp.token import TimestampError, TokenFacts, read_token


@dataclass
class TokenCheck:
    """The outcome for one token: intact (imprint and signature), trusted (certificate path), and why not."""

    facts: TokenFacts | None
    intact: bool = False
    trusted: bool = False
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def system_roots() -> list[bytes]:
    """DER of the certificate authorities this computer's TLS trust store holds (read from disk only)."""
    context = ssl.create_default_context()
    try:
        return [bytes(der) for der in context.get_ca_certs(binary_form=True)]
    except ssl.SSLError:
        return []


def load_roots(path: Path) -> list[bytes]:
    """DER certificates from a PEM (one or more) or DER file the officer names (--tsa-roots)."""
    from asn1crypto import pem

    data = path.read_bytes()
    if pem.detect(data):
        return [bytes(der) for _kind, _headers, der in pem.unarmor(data, multiple=True)]
    return [data]


def check_token(der: bytes, expected_sha256_hex: str, *, roots: Sequence[bytes],
                extra_certificates: Iterable[bytes] = ()) -> TokenCheck:
    """Check the token `der` covers `expected_sha256_hex` and is signed by a TSA chaining to `roots`."""
    try:
        facts = read_token(der)
    except TimestampError as exc:
        return TokenCheck(None, problems=[exc.message])
    result = TokenCheck(facts)
    if facts.imprint_algorithm != "sha256" or facts.imprint.hex() != expected_sha256_hex:
        result.problems.append(_("it is over another value ({imprint}), not this record's hash: it does not "
                                 "time-stamp this journal").format(imprint=facts.imprint.hex()[:16] + "…"))
    try:
        status = _pyhanko_status(der, facts, roots, extra_certificates)
    except Exception as exc:  # a structure pyHanko cannot process is a failed check, never a crash
        result.problems.append(_("its signature could not be checked ({what})").format(what=type(exc).__name__))
        return result
    signature_ok = bool(status.get("intact")) and bool(status.get("valid"))
    if not signature_ok:
        result.problems.append(_("the time-stamping service's signature does not hold: the token was altered "
                                 "or damaged"))
    signer: Any = status.get("signing_cert")
    validity = _validity_problem(signer, facts.time) if signer is not None else ""
    if validity:
        result.problems.append(validity)
    result.intact = not result.problems
    trusted = signature_ok and status.get("trust_problem_indic") is None and status.get("validation_path") is not None
    result.trusted = result.intact and trusted
    if result.intact and not trusted:
        result.notes.append(_("the certificate of the service that signed it ({name}) does not lead to a "
                              "certificate authority this computer trusts; the token is intact, but its time "
                              "is only as good as that service").format(name=facts.signer_subject or facts.tsa_name))
    if signer is not None and result.intact:
        now = dt.datetime.now(dt.UTC)
        if signer["tbs_certificate"]["validity"]["not_after"].native < now:
            result.notes.append(_("the service's certificate has expired since; it was valid when it signed"))
    return result


def _validity_problem(signer: Any, when: dt.datetime) -> str:
    validity = signer["tbs_certificate"]["validity"]
    start, end = validity["not_before"].native, validity["not_after"].native
    if when > end:
        return _("the service's certificate had expired ({end}) when it signed this token").format(
            end=end.strftime("%Y-%m-%d"))
    if when < start:
        return _("the service's certificate was not yet valid when it signed this token")
    return ""


def _pyhanko_status(der: bytes, facts: TokenFacts, roots: Sequence[bytes],
                    extra_certificates: Iterable[bytes]) -> dict[str, object]:
    import asyncio
    import logging

    from asn1crypto import cms, x509
    from pyhanko.sign.validation.generic_cms import validate_tst_signed_data
    from pyhanko_certvalidator import ValidationContext

    logging.getLogger("pyhanko").setLevel(logging.CRITICAL)
    logging.getLogger("pyhanko_certvalidator").setLevel(logging.CRITICAL)
    signed = cms.ContentInfo.load(der)["content"]
    others = [x509.Certificate.load(cert) for cert in (*facts.certificates, *extra_certificates)]
    context = ValidationContext(trust_roots=[x509.Certificate.load(root) for root in roots], other_certs=others,
                                allow_fetching=False, moment=facts.time, revocation_mode="soft-fail")
    expected = facts.imprint

    def imprint(_algorithm: str) -> bytes:
        return expected  # the imprint itself is compared with the record in check_token

    return dict(asyncio.run(validate_tst_signed_data(signed, context, imprint)))
