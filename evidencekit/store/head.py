"""The journal head kept in the keyring: a copy of the last record's seq and hash that rolling back the
case folder and its anchor does not roll back (ADR 006, "Rollback").

The anchor beside the case folder is a plaintext hint in the same data folder: whoever puts back an older
copy of the case folder can put back the anchor of that day too, and every record of such a copy is
genuine, so the seals cannot tell. Where the case's identity is in the OS keyring, the store also keeps the
head there (service "evidencekit", user "head:<case id>"), replaced after every durable save, by the same
background thread that moves the anchor (a save never waits for the keyring). On open, a journal that does
not reach that head, or reaches it with another record, is refused as a rollback.

The entry is RFC 8785 JSON `{"case", "seq", "hash", "sealed_from", "mac"}`; `mac` is HMAC-SHA256 under a
key derived from the case identity (like the record seals, with its own label) over the entry without
`mac`. Someone who can change keyring entries without the case's key cannot write an entry evidencekit
accepts (one that does not hold is ignored, said as a warning, and replaced at the next save).
`sealed_from` is the first sealed record's seq: a journal whose first seal is elsewhere (an older, unsealed
forgery of the whole journal) is refused as changed without the key.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from evidencekit.canonical import canonical_json
from evidencekit.digests import equal, hmac_sha256
from evidencekit.records import NamedTuple

if TYPE_CHECKING:
    from evidencekit.store import age
    from evidencekit.store.events import Event

_DOMAIN = b"evidencekit keyring journal head v1\n"


class KeptHead(NamedTuple):
    """The head the keyring kept: the last record's seq and hash, and the first sealed record's seq."""

    seq: int
    hash: str
    sealed_from: int


class HeadKey:
    """The MAC key of one case's keyring head (HKDF from the case identity, its own label)."""

    __slots__ = ("_case_id", "_key")

    def __init__(self, identity: age.Identity, case_id: str) -> None:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        hkdf = HKDF(algorithm=hashes.SHA256(), length=32, salt=b"evidencekit journal seals",
                    info=b"keyring head key v1 " + case_id.encode("ascii"))
        self._key = hkdf.derive(str(identity).encode("ascii"))
        self._case_id = case_id

    def _mac(self, body: dict[str, object]) -> str:
        return hmac_sha256(self._key, _DOMAIN + canonical_json(body)).hex()

    def encode(self, head: KeptHead) -> str:
        body: dict[str, object] = {"case": self._case_id, "seq": head.seq, "hash": head.hash,
                                   "sealed_from": head.sealed_from}
        return canonical_json({**body, "mac": self._mac(body)}).decode("ascii")

    def decode(self, text: str) -> KeptHead | None:
        """The head, or None when the entry is not one evidencekit wrote with this case's key."""
        try:
            body = json.loads(text)
            mac = body.pop("mac")
            seq, head, sealed_from = body["seq"], body["hash"], body["sealed_from"]
        except (ValueError, KeyError, TypeError, AttributeError):
            return None
        if (not isinstance(mac, str) or not equal(self._mac(body), mac)
                or body.get("case") != self._case_id or set(body) != {"case", "seq", "hash", "sealed_from"}):
            return None
        if not all(isinstance(n, int) and not isinstance(n, bool) and n >= 1 for n in (seq, sealed_from)):
            return None
        return KeptHead(seq, head, sealed_from) if isinstance(head, str) else None

    def __repr__(self) -> str:
        return "HeadKey(<secret>)"


RESTORE_HINT = (" If you put this copy back yourself on purpose, 'evidencekit case accept-restore' opens it as it "
                "is and records that in its custody journal.")


def rollback_message(events: list[Event], kept: KeptHead, name: str) -> str:
    """One sentence when the journal is older than (or not the one of) the head the keyring kept, else ""."""
    if kept.seq > len(events):
        return (f"This case is older than the last state this computer saw: its custody journal ({name}) ends "
                f"at record {len(events)}, but this computer's keyring recorded it at record {kept.seq}. The "
                "case folder was put back to an older copy (a rollback); records added since are not in it. "
                "Find the newer copy of the case folder, and tell the police if you did not do this."
                f"{RESTORE_HINT}")
    if events[kept.seq - 1].hash != kept.hash:
        return (f"This case is not the one this computer last saw: its custody journal ({name}) record "
                f"{kept.seq} differs from the one this computer's keyring recorded. The case folder was put "
                "back to another copy (a rollback) or replaced. Find the newer copy of the case folder, and "
                f"tell the police if you did not do this.{RESTORE_HINT}")
    return ""
