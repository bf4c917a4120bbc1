"""Reading a stored original: decrypt, then re-check its SHA-256 against the custody journal."""

from __future__ import annotations

from pathlib import Path

import pyrage

from evidencekit.canonical import sha256_hex
from evidencekit.errors import IntegrityError
from evidencekit.store import layout


def read_checked_object(folder: Path, object_id: str, sha256: str, identity: pyrage.x25519.Identity) -> bytes:
    name = layout.object_file(object_id)
    path = folder / name
    try:
        ciphertext = path.read_bytes()
    except FileNotFoundError as exc:
        raise IntegrityError(f"The stored picture {name} is missing from the case folder.", path) from exc
    try:
        data = pyrage.decrypt(ciphertext, [identity])
    except Exception as exc:
        raise IntegrityError(f"The stored picture {name} is damaged, cut short, or comes from another case.",
                             path) from exc
    if sha256_hex(data) != sha256:
        raise IntegrityError(f"The stored picture {name} is not the one recorded in the custody journal "
                             "(it was swapped or replaced).", path)
    return data
