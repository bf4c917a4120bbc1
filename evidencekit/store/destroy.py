"""Destroying a stored original in place: its age file inside journal.ekj overwritten with zeros (ADR 062).

The only deletion the store allows, for safeguarding (a nude picture of someone under 18, or anything
the person must not keep). The removal is first recorded (an `exhibit.removed` event, appended and
flushed like any other), then the object's bytes are overwritten where they lie, the age header first:
once its first bytes (the X25519 stanza holding the wrapped file key) are zero, nothing of it can be
decrypted, even with the case key. Frame headers stay, so the journal still reads and chains. A crash
in between is finished on the next open (`finish_removals`): a removal is recorded before any byte
changes, and overwriting zeros again is harmless.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from evidencekit.store.journal import ObjectRef

HEADER_BYTES = 4096  # more than any age header evidencekit writes (one X25519 stanza, ~200 bytes)
_CHUNK = 1 << 20


def destroy_in_place(journal: Path, ref: ObjectRef) -> None:
    """Overwrite the object's age file with zeros: the header first (flushed), then the rest (flushed)."""
    fd = os.open(journal, os.O_RDWR | getattr(os, "O_BINARY", 0))  # not O_APPEND: pwrite must land in place
    try:
        first = min(ref.length, HEADER_BYTES)
        _zero(fd, ref.offset, first)
        os.fsync(fd)
        _zero(fd, ref.offset + first, ref.length - first)
        os.fsync(fd)
    finally:
        os.close(fd)


def _zero(fd: int, start: int, length: int) -> None:
    pos, end = start, start + length
    while pos < end:
        size = min(_CHUNK, end - pos)
        written = os.pwrite(fd, bytes(size), pos)
        if written <= 0:
            raise OSError("short write while destroying a removed picture")
        pos += written


def is_destroyed(journal: Path, ref: ObjectRef) -> bool:
    """Whether every byte of the object's age file is zero."""
    with open(journal, "rb") as file:
        pos, end = ref.offset, ref.offset + ref.length
        while pos < end:
            block = os.pread(file.fileno(), min(_CHUNK, end - pos), pos)
            if not block:
                return False
            if block.count(0) != len(block):
                return False
            pos += len(block)
    return True


def finish_removals(journal: Path, objects: dict[str, ObjectRef], removed: Iterable[str]) -> list[str]:
    """Destroy every removed object still readable (a removal a crash interrupted); the ids finished."""
    finished = []
    for object_id in removed:
        ref = objects.get(object_id)
        if ref is not None and not is_destroyed(journal, ref):
            destroy_in_place(journal, ref)
            finished.append(object_id)
    return finished
