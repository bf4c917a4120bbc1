"""Reading a stored original from its journal frame: decrypt, then re-check its SHA-256 against its event."""

from __future__ import annotations

from pathlib import Path

from evidencekit.canonical import sha256_hex
from evidencekit.errors import IntegrityError
from evidencekit.store import age
from evidencekit.store.journal import ObjectRef, read_object_ciphertext


def read_checked_object(journal: Path, object_id: str, ref: ObjectRef, sha256: str, identity: age.Identity) -> bytes:
    try:
        ciphertext = read_object_ciphertext(journal, ref)
    except FileNotFoundError as exc:
        raise IntegrityError(f"The custody journal {journal.name}, which holds the stored pictures, is missing.",
                             journal) from exc
    try:
        data = age.decrypt(ciphertext, identity)
    except age.AgeError as exc:
        raise IntegrityError(f"The stored picture {object_id} in {journal.name} is damaged, cut short, or comes "
                             "from another case.", journal) from exc
    if sha256_hex(data) != sha256:
        raise IntegrityError(f"The stored picture {object_id} in {journal.name} is not the one recorded in the "
                             "custody journal (it was swapped or replaced).", journal)
    return data
