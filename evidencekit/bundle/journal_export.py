"""The custody journal as it leaves the case: plaintext JSON lines whose hash chain anyone can recompute.

A record's hash is SHA-256 of the RFC 8785 JSON of the record without "hash"; "prev" is the hash before
it (64 zeros first). When the victim leaves their contact details out, the records holding them keep
their hash and prev but say "withheld": those hashes are stated, not recomputable, and still link. The
same goes for the records naming the file of a covered picture whose original is withheld: its file
name (it may say what the picture shows) reads "withheld".
"""

from __future__ import annotations

import json
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from typing import Any

from evidencekit.bundle.model import JournalExport
from evidencekit.canonical import canonical_json, sha256_hex
from evidencekit.details import CONTACT, has_victim_contact

JOURNAL_FILE = "custody-journal.jsonl"
GENESIS = "0" * 64
WITHHELD_CONTACT = "the victim's contact details were left out of this bundle at the victim's request"
WITHHELD_NAME = "withheld"
WITHHELD_FILE_NAME = ("the file name of a covered picture, whose original is withheld, was left out of this bundle; "
                      "it is kept in the case")


def _as_dict(event: Any) -> dict[str, Any]:
    return dict(event.as_dict() if hasattr(event, "as_dict") else event)


def export_journal(events: Iterable[Any], *, include_contact: bool,
                   withheld_names: Collection[str] = ()) -> JournalExport:
    """JSON lines of every event, with contact details withheld if asked, and the file names of the
    exhibits in `withheld_names` (object ids of covered pictures whose original is withheld) replaced."""
    lines: list[dict[str, Any]] = []
    withheld: list[int] = []
    for event in events:
        record = _as_dict(event)
        data = record.get("data") or {}
        details = data.get("details")
        if not include_contact and record.get("action") == "details.set" and isinstance(details, dict) \
                and has_victim_contact(details):
            record["data"] = {**data, "details": {**details, "victim_contact": dict.fromkeys(CONTACT, "")}}
            record["withheld"] = WITHHELD_CONTACT
        elif record.get("object") in withheld_names and _names_a_file(record):
            record["data"] = _without_file_name(record)
            record["withheld"] = WITHHELD_FILE_NAME
        if "withheld" in record:
            withheld.append(int(record.get("seq", 0)))
        lines.append(record)
    data_bytes = b"".join(canonical_json(line) + b"\n" for line in lines)
    head = str(lines[-1].get("hash", "")) if lines else GENESIS
    return JournalExport(lines=lines, data=data_bytes, withheld=withheld, head=head, count=len(lines))


def _names_a_file(record: dict[str, Any]) -> bool:
    data = record.get("data") or {}
    imported = data.get("import")
    return (isinstance(imported, dict) and "file_name" in imported) or "file_name" in data


def _without_file_name(record: dict[str, Any]) -> dict[str, Any]:
    data = dict(record.get("data") or {})
    if isinstance(data.get("import"), dict) and "file_name" in data["import"]:
        data["import"] = {**data["import"], "file_name": WITHHELD_NAME}
    if "file_name" in data:
        data["file_name"] = WITHHELD_NAME
    return data


@dataclass(frozen=True)
class ChainCheck:
    """Result of recomputing a journal's chain."""

    ok: bool
    records: int
    recomputed: int
    withheld: list[int]
    head: str
    problem: str = ""


def check_chain(data: bytes) -> ChainCheck:
    """Recompute every record's hash and every link; names the first record that does not fit."""
    prev = GENESIS
    recomputed = 0
    withheld: list[int] = []
    text_lines = data.split(b"\n")
    if text_lines and text_lines[-1] == b"":
        text_lines.pop()
    for index, raw in enumerate(text_lines, start=1):
        try:
            record = json.loads(raw)
        except (ValueError, UnicodeDecodeError):
            return ChainCheck(False, index - 1, recomputed, withheld, prev, f"record {index} is not JSON")
        if not isinstance(record, dict) or not isinstance(record.get("hash"), str):
            return ChainCheck(False, index - 1, recomputed, withheld, prev, f"record {index} has no hash")
        if record.get("prev") != prev:
            return ChainCheck(False, index - 1, recomputed, withheld, prev,
                              f"record {index} does not follow record {index - 1} (prev differs)")
        seq = record.get("seq")
        if not isinstance(seq, int) or isinstance(seq, bool):
            return ChainCheck(False, index - 1, recomputed, withheld, prev, f"record {index} has no sequence number")
        if seq != index:
            return ChainCheck(False, index - 1, recomputed, withheld, prev, f"record {index} is numbered {seq}")
        if "withheld" in record:
            withheld.append(index)
        else:
            body = {key: value for key, value in record.items() if key != "hash"}
            try:
                digest = sha256_hex(canonical_json(body))
            except (TypeError, ValueError):
                digest = ""
            if digest != record["hash"]:
                return ChainCheck(False, index - 1, recomputed, withheld, prev,
                                  f"record {index} was changed (its hash does not match its contents)")
            recomputed += 1
        prev = record["hash"]
    if not text_lines:
        return ChainCheck(False, 0, 0, [], GENESIS, "the journal is empty")
    return ChainCheck(True, len(text_lines), recomputed, withheld, prev)
