"""Trusted time for a case: the request over the journal's head, and the token stored in the journal.

The request's imprint is the journal head itself: the `hash` of the last record, which is SHA-256 of
that record's RFC 8785 bytes (docs/store-format.md). So the one value that leaves the computer is a
SHA-256 that anyone can recompute from `custody-journal.jsonl`, and since each record's `prev` binds
the one before it, one token over record N proves that records 1..N (and every original whose SHA-256
they name) existed at the token's time.

Two records (docs/bundle-format.md, "Trusted time"):
- `timestamp.requested`  {covers: {seq, hash}, nonce (decimal string), service (URL or ""), via}
  written before the request leaves (written to a file, or sent to a service);
- `timestamp.attached`   {covers: {seq, hash}, request (seq or null), token (base64 DER), certificates
  (base64 DER the token does not carry), time, serial, policy, tsa, signer, imprint, service, via}
  written once a reply was read and checked: its imprint is a record of this journal and the TSA's
  signature holds. Whether the TSA's certificate is trusted is said, not required (that is the
  reader's choice of roots).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from evidencekit.i18n import _
from evidencekit.timestamp.checks import TokenCheck, check_token, system_roots
from evidencekit.timestamp.token import (
    TimestampError,
    TokenFacts,
    b64,
    build_request,
    new_nonce,
    read_request,
    read_token,
    token_from_reply,
    unb64,
)

REQUESTED = "timestamp.requested"
ATTACHED = "timestamp.attached"


@dataclass(frozen=True)
class PreparedRequest:
    """A request over the journal head as it is now: what would leave the computer, byte for byte."""

    seq: int
    head: str  # hex SHA-256: the imprint
    nonce: int
    der: bytes

    def what_leaves(self, service: str) -> str:
        """The plain-words account shown (and confirmed) before anything is sent or written."""
        lines = [
            _("What leaves this computer: one time-stamp request (RFC 3161) of {size} bytes, to {service}.").format(
                size=len(self.der), service=service),
            _("It holds only:"),
            _("  - the SHA-256 of the last record of the custody journal (record {seq}):").format(seq=self.seq),
            f"      {self.head}",
            _("  - a random number that ties the reply to this request: {nonce}").format(nonce=self.nonce),
            _("  - a request for the service's certificate."),
            _("No picture, no name, no case detail and no other record leaves. The service learns this value, "
              "the time, and (when sent over the internet) this computer's internet address."),
            _("The request in full (hexadecimal):"),
        ]
        hex_text = self.der.hex()
        lines += [f"      {hex_text[i:i + 64]}" for i in range(0, len(hex_text), 64)]
        return "\n".join(lines)


def prepare_request(store: Any) -> PreparedRequest:
    """A request over the journal's head (the last record as it is now)."""
    head = store.events()[-1]
    nonce = new_nonce()
    return PreparedRequest(head.seq, head.hash, nonce, build_request(bytes.fromhex(head.hash), nonce))


def record_request(store: Any, prepared: PreparedRequest, *, service: str, via: str) -> Any:
    """The `timestamp.requested` record, written before the request leaves (via: 'file' or 'service')."""
    return store.append_event(REQUESTED, {
        "covers": {"seq": prepared.seq, "hash": prepared.head}, "nonce": str(prepared.nonce),
        "service": service, "via": via})


def request_from_file(data: bytes) -> tuple[bytes, int | None]:
    return read_request(data)


def attach_reply(store: Any, reply: bytes, *, service: str = "", via: str = "file",
                 extra_certificates: Sequence[bytes] = ()) -> tuple[Any, TokenCheck]:
    """Check a reply (or bare token) against this case's journal and store it; returns (record, check).

    Refused in one sentence, with nothing stored: not a reply, refused by the service, over a value that is
    no record of this journal, a signature that does not hold, a certificate invalid at the token's time,
    or a token stored already."""
    der = token_from_reply(reply)
    facts = read_token(der)
    events = store.events()
    covered = next((event for event in events if facts.imprint_algorithm == "sha256"
                    and event.hash == facts.imprint.hex()), None)
    if covered is None:
        raise TimestampError(_("This time-stamp token is over a value that is not a record of this case's custody "
                               "journal (it was made for another case, or another request). Nothing was stored."))
    check = check_token(der, covered.hash, roots=system_roots(), extra_certificates=extra_certificates)
    if not check.intact:
        raise TimestampError(_("This time-stamp token cannot be used: {why}. Nothing was stored.").format(
            why="; ".join(check.problems)))
    for event in events:
        if event.action == ATTACHED and event.data.get("serial") == str(facts.serial) \
                and event.data.get("tsa") == facts.tsa_name:
            raise TimestampError(_("This time-stamp token is stored in the case already (record {seq}).").format(
                seq=event.seq))
    request = next((event.seq for event in events if event.action == REQUESTED
                    and event.data.get("nonce") == str(facts.nonce)
                    and (event.data.get("covers") or {}).get("hash") == covered.hash), None)
    record = store.append_event(ATTACHED, token_record(facts, covered.seq, covered.hash, request=request,
                                                       service=service, via=via,
                                                       extra_certificates=extra_certificates))
    return record, check


def token_record(facts: TokenFacts, seq: int, head: str, *, request: int | None, service: str, via: str,
                 extra_certificates: Sequence[bytes] = ()) -> dict[str, Any]:
    """The data of a `timestamp.attached` record (no checks: attach_reply checks before it writes)."""
    carried = set(facts.certificates)
    return {"covers": {"seq": seq, "hash": head}, "request": request, "token": b64(facts.der),
            "certificates": [b64(cert) for cert in extra_certificates if cert not in carried],
            **facts.as_record(), "service": service, "via": via}


@dataclass(frozen=True)
class StoredToken:
    """A token as a journal (of the case, or attached to a bundle) holds it."""

    record: int  # the seq of its timestamp.attached record
    covers_seq: int
    covers_hash: str
    token: bytes
    certificates: tuple[bytes, ...]
    service: str


def stored_tokens(lines: Sequence[dict[str, Any]]) -> list[StoredToken]:
    """Every `timestamp.attached` record in journal lines (Event.as_dict() or the bundle's JSON lines).

    A record whose members are damaged still yields an entry (with empty bytes), so the check names it."""
    found = []
    for line in lines:
        if line.get("action") != ATTACHED:
            continue
        data: dict[str, Any] = line["data"] if isinstance(line.get("data"), dict) else {}
        covers: dict[str, Any] = data["covers"] if isinstance(data.get("covers"), dict) else {}
        try:
            token = unb64(data.get("token"))
            certificates = tuple(unb64(cert) for cert in data.get("certificates") or [])
        except TimestampError:
            token, certificates = b"", ()
        seq = covers.get("seq")
        found.append(StoredToken(int(line.get("seq") or 0), seq if isinstance(seq, int) else 0,
                                 str(covers.get("hash", "")), token, certificates, str(data.get("service", ""))))
    return found
