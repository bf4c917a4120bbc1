"""The chain head of each case, kept outside the case folder, so that a cut-off journal tail is noticed.

It lives in the data dir's anchors/ folder (never inside the case). An anchor behind the journal is
normal after a crash between the append and the anchor update; an anchor ahead of it is a cut tail.
"""

from __future__ import annotations

import json
from pathlib import Path

from evidencekit.canonical import canonical_json
from evidencekit.fsio import atomic_write
from evidencekit.records import NamedTuple


class Anchor(NamedTuple):
    """The journal head this computer last saw: its last record's seq and hash."""

    seq: int
    hash: str


def anchor_path(anchors: Path, case_id: str) -> Path:
    return anchors / f"{case_id}.json"


def read_anchor(path: Path) -> Anchor | None:
    """The anchor, or None when it is missing or unreadable (a warning, never a reason not to open)."""
    try:
        body = json.loads(path.read_bytes())
        seq, head = body["seq"], body["hash"]
    except (OSError, ValueError, KeyError, TypeError):
        return None  # missing, unreadable (no permission, a folder, ...) or not JSON: treated as no record
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 1 or not isinstance(head, str):
        return None  # records are numbered from 1: anything else is unreadable, not a record to compare
    return Anchor(seq, head)


def write_anchor(path: Path, case_id: str, anchor: Anchor) -> None:
    """Replace the anchor without fsync: after a power cut it may be stale or torn, and both are tolerated
    (behind the journal is normal; unreadable counts as missing, with a warning), so it costs no disk flush."""
    atomic_write(path, canonical_json({"case": case_id, "seq": anchor.seq, "hash": anchor.hash}), durable=False)
