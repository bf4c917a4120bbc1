"""RFC 3161 messages: the request evidencekit sends, the reply it stores, and what a token says (asn1crypto).

Nothing here opens a socket: requests and replies are bytes (network.py is the one module that sends).
"""

from __future__ import annotations

import base64
import datetime as dt
import os
from dataclasses import dataclass

from evidencekit.errors import UsageError
from evidencekit.i18n import _

HASH_ALGORITHM = "sha256"
MAX_REPLY_BYTES = 256 * 1024  # a real reply is 1-10 KB; anything far larger is not one


class TimestampError(UsageError):
    """A reply or token that cannot be used (refused by the service, damaged, not a time-stamp token)."""


@dataclass(frozen=True)
class TokenFacts:
    """What one time-stamp token says, read without checking it (checks.py checks it)."""

    der: bytes  # the token: a CMS ContentInfo with SignedData over a TSTInfo
    time: dt.datetime  # genTime, UTC
    serial: int
    policy: str
    imprint_algorithm: str
    imprint: bytes
    nonce: int | None
    tsa_name: str  # the TSTInfo's tsa field, else the signer's subject
    signer_subject: str
    certificates: tuple[bytes, ...]  # DER of every certificate carried in the token

    @property
    def time_text(self) -> str:
        """'2026-12-03T17:02:11.123Z' (milliseconds only when the token has them)."""
        text = self.time.astimezone(dt.UTC).replace(tzinfo=None).isoformat()
        return text + "Z"

    def as_record(self) -> dict[str, object]:
        """The members a journal record keeps about the token (beside the token itself)."""
        return {"time": self.time_text, "serial": str(self.serial), "policy": self.policy, "tsa": self.tsa_name,
                "signer": self.signer_subject,
                "imprint": {"algorithm": self.imprint_algorithm, "hex": self.imprint.hex()}}


def new_nonce() -> int:
    """A random 63-bit nonce (positive, as DER INTEGER; kept as a decimal string in the journal)."""
    return int.from_bytes(os.urandom(8), "big") >> 1


def build_request(digest: bytes, nonce: int) -> bytes:
    """The DER TimeStampReq over `digest` (SHA-256): imprint, nonce, and a request for the TSA's certificate."""
    from asn1crypto import tsp

    if len(digest) != 32:
        raise ValueError("a SHA-256 digest is 32 bytes")
    request = tsp.TimeStampReq({
        "version": "v1",
        "message_imprint": {"hash_algorithm": {"algorithm": HASH_ALGORITHM}, "hashed_message": digest},
        "nonce": nonce,
        "cert_req": True,
    })
    encoded: bytes = request.dump()  # asn1crypto's DER encoding (its API is untyped)
    return encoded


def read_request(data: bytes) -> tuple[bytes, int | None]:
    """(imprint, nonce) of a DER TimeStampReq this app wrote; TimestampError if it is not one."""
    from asn1crypto import tsp

    try:
        request = tsp.TimeStampReq.load(data, strict=True)
        imprint = request["message_imprint"]
        algorithm = imprint["hash_algorithm"]["algorithm"].native
        digest = imprint["hashed_message"].native
        nonce = request["nonce"].native
    except (ValueError, TypeError, KeyError) as exc:
        raise TimestampError(_("This file is not a time-stamp request (RFC 3161).")) from exc
    if algorithm != HASH_ALGORITHM or len(digest) != 32:
        raise TimestampError(_("This time-stamp request is not over a SHA-256 value, so evidencekit did not make it."))
    return digest, nonce


def token_from_reply(data: bytes) -> bytes:
    """The token in a DER TimeStampResp (or a bare token, as `openssl ts -reply -token_out` writes it).

    TimestampError, in one sentence, when the service refused, or the bytes are neither."""
    from asn1crypto import cms, tsp

    if not data:
        raise TimestampError(_("The time-stamp reply is empty."))
    if len(data) > MAX_REPLY_BYTES:
        raise TimestampError(_("The file is too large to be a time-stamp reply ({size} bytes).").format(size=len(data)))
    try:
        response = tsp.TimeStampResp.load(data, strict=True)
        status = response["status"]["status"].native
    except (ValueError, TypeError, KeyError):
        response = None
    if response is not None:
        if status not in ("granted", "granted_with_mods"):
            said = "; ".join(response["status"]["status_string"].native or []) or str(status)
            raise TimestampError(_("The time-stamping service refused the request ({said}).").format(said=said))
        token = response["time_stamp_token"]
        if token.native is None:
            raise TimestampError(_("The time-stamp reply says granted but carries no token."))
        return bytes(token.dump())
    try:
        cms.ContentInfo.load(data, strict=True)
    except (ValueError, TypeError) as exc:
        raise TimestampError(_("This file is not a time-stamp reply (RFC 3161).")) from exc
    read_token(data)
    return data


def read_token(der: bytes) -> TokenFacts:
    """The facts of a DER time-stamp token; TimestampError when it is not one."""
    from asn1crypto import cms, tsp

    try:
        info = cms.ContentInfo.load(der, strict=True)
        if info["content_type"].native != "signed_data":
            raise ValueError("not SignedData")
        signed = info["content"]
        encap = signed["encap_content_info"]
        if encap["content_type"].native != "tst_info":
            raise ValueError("not a TSTInfo")
        tst = encap["content"].parsed
        if not isinstance(tst, tsp.TSTInfo):
            raise ValueError("not a TSTInfo")
        gen_time = tst["gen_time"].native
        imprint = tst["message_imprint"]
        certificates = tuple(bytes(choice.chosen.dump()) for choice in (signed["certificates"] or [])
                             if choice.name == "certificate")
        signer_subject = _signer_subject(signed)
        tsa = tst["tsa"]
        tsa_name = _friendly(tsa.chosen) if tsa.native is not None and tsa.name == "directory_name" else ""
        return TokenFacts(
            der=bytes(der), time=gen_time, serial=int(tst["serial_number"].native),
            policy=str(tst["policy"].dotted), imprint_algorithm=str(imprint["hash_algorithm"]["algorithm"].native),
            imprint=bytes(imprint["hashed_message"].native), nonce=tst["nonce"].native,
            tsa_name=tsa_name or signer_subject, signer_subject=signer_subject, certificates=certificates)
    except (ValueError, TypeError, KeyError, AttributeError) as exc:
        raise TimestampError(_("This is not a readable time-stamp token (RFC 3161).")) from exc


def _signer_subject(signed: object) -> str:
    """The subject of the certificate that signed the token, when the token carries it."""
    infos = signed["signer_infos"]  # type: ignore[index]
    if len(infos) != 1:
        raise ValueError("a time-stamp token has one signer")
    sid = infos[0]["sid"].chosen
    for choice in signed["certificates"] or []:  # type: ignore[index]
        cert = choice.chosen
        if choice.name != "certificate":
            continue
        if sid.__class__.__name__ == "IssuerAndSerialNumber":
            if cert.issuer == sid["issuer"] and cert.serial_number == sid["serial_number"].native:
                return _friendly(cert.subject)
        elif cert.key_identifier == sid.native:
            return _friendly(cert.subject)
    return ""


def _friendly(name: object) -> str:
    """'Test TSA (evidencekit tests)': the common name and organisation of an X.509 name, else all of it."""
    values = name.native if isinstance(name.native, dict) else {}  # type: ignore[attr-defined]
    common, organisation = values.get("common_name", ""), values.get("organization_name", "")
    if isinstance(common, str) and common:
        return f"{common} ({organisation})" if isinstance(organisation, str) and organisation else common
    return str(name.human_friendly)  # type: ignore[attr-defined]


def b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def unb64(text: object) -> bytes:
    if not isinstance(text, str):
        raise TimestampError(_("A stored time-stamp token is damaged."))
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (ValueError, UnicodeEncodeError) as exc:
        raise TimestampError(_("A stored time-stamp token is damaged.")) from exc
