"""Originals in a separate ZIP beside a small PDF (for email limits), with a SHA256SUMS any shell can check.

Stored, not deflated: the pictures are already compressed, and `unzip` then gives back the exact bytes.
"""

from __future__ import annotations

import zipfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from evidencekit.bundle import wording
from evidencekit.canonical import sha256_hex

SUMS_FILE = "SHA256SUMS"
README_FILE = "README.txt"
FIXED_TIME = (1980, 1, 1, 0, 0, 0)  # no local time leaks into the ZIP; hashes are the evidence of time


def zip_name_for(pdf_path: Path) -> str:
    return f"{pdf_path.stem}-originals.zip"


def write_originals_zip(out: BinaryIO, items: Iterable[tuple[str, Callable[[], bytes]]]) -> list[tuple[str, str]]:
    """Write (name, read) originals one at a time, then SHA256SUMS and a README; returns (sha256, name)."""
    sums: list[tuple[str, str]] = []
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED, allowZip64=True) as archive:
        for name, read in items:
            data = read()
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME)
            archive.writestr(info, data)
            sums.append((sha256_hex(data), name))
        text = "".join(f"{digest}  {name}\n" for digest, name in sums)
        archive.writestr(zipfile.ZipInfo(SUMS_FILE, date_time=FIXED_TIME), text.encode("ascii"))
        archive.writestr(zipfile.ZipInfo(README_FILE, date_time=FIXED_TIME), wording.ZIP_README.encode("utf-8"))
    return sums
