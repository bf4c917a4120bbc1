"""Where Tesseract's language data is, which languages a case reads in, and which version each file is.

The tesserocr wheel brings the engine but no language data: the system's packages do (Debian/Ubuntu
`tesseract-ocr-eng`, `tesseract-ocr-spa`; Homebrew `tesseract`, `tesseract-lang`; the Windows installer
of UB Mannheim). $TESSDATA_PREFIX overrides the search. Each transcript records, per language, the data
file's version string (its TESSDATA_VERSION component), size and SHA-256, so an examiner can say exactly
which model read a picture.
"""

from __future__ import annotations

import hashlib
import os
import struct
from functools import cache
from pathlib import Path
from typing import Any

from evidencekit.errors import EvidenceKitError
from evidencekit.i18n import _

# Case / window language (ISO 639-1) -> Tesseract language data name (ISO 639-2/T as Tesseract names it).
LANGUAGES = {"en": "eng", "es": "spa", "fr": "fra", "de": "deu", "it": "ita", "pt": "por", "nl": "nld",
             "pl": "pol", "ro": "ron", "tr": "tur"}
DEFAULT_LANGUAGE = "eng"
_VERSION_COMPONENT = 23  # TESSDATA_VERSION in tesseract's tessdatamanager.h
_CANDIDATES = (
    "/usr/share/tesseract-ocr/5/tessdata", "/usr/share/tesseract-ocr/4.00/tessdata", "/usr/share/tessdata",
    "/usr/local/share/tessdata", "/opt/homebrew/share/tessdata", "/usr/local/share/tesseract-ocr/tessdata",
    r"C:\Program Files\Tesseract-OCR\tessdata",
)


class OcrUnavailable(EvidenceKitError):
    """Tesseract or its language data is not installed here: reading pictures cannot work (says what to install)."""


def tessdata_dir() -> Path:
    """The folder with the *.traineddata files; OcrUnavailable naming what to install when there is none."""
    override = os.environ.get("TESSDATA_PREFIX")
    candidates = [override] if override else []
    candidates += list(_CANDIDATES)
    for candidate in candidates:
        path = Path(candidate)
        if (path / f"{DEFAULT_LANGUAGE}.traineddata").is_file():
            return path
        if (path / "tessdata" / f"{DEFAULT_LANGUAGE}.traineddata").is_file():
            return path / "tessdata"
    raise OcrUnavailable(_("Pictures cannot be read into text here: Tesseract's English language data is not "
                           "installed (on Debian or Ubuntu: apt install tesseract-ocr-eng tesseract-ocr-spa). "
                           "Everything else works."))


def installed_languages(folder: Path | None = None) -> list[str]:
    base = folder or tessdata_dir()
    return sorted(path.stem for path in base.glob("*.traineddata"))


def case_languages(case_language: str | None, folder: Path | None = None) -> tuple[str, ...]:
    """Tesseract languages for a case whose guidance is in `case_language` ("es", "en-GB", "spa" ...).

    The case's own language first, then English (usernames, addresses and payment words are mostly
    written in Latin letters and English). A language whose data is not installed falls back to English.
    """
    code = (case_language or "en").replace("_", "-").split("-")[0].lower()
    wanted = LANGUAGES.get(code, code if len(code) == 3 else DEFAULT_LANGUAGE)
    have = set(installed_languages(folder))
    if wanted not in have or wanted == DEFAULT_LANGUAGE:
        return (DEFAULT_LANGUAGE,)
    return (wanted, DEFAULT_LANGUAGE)


def data_info(language: str, folder: Path | None = None) -> dict[str, Any]:
    """What the transcript records about one language's data file."""
    path = (folder or tessdata_dir()) / f"{language}.traineddata"
    stat = path.stat()
    return dict(_data_info(str(path), stat.st_size, stat.st_mtime_ns), name=language)


@cache
def _data_info(path: str, size: int, _mtime_ns: int) -> tuple[tuple[str, Any], ...]:
    data = Path(path).read_bytes()
    return (("file", Path(path).name), ("version", traineddata_version(data)), ("size", size),
            ("sha256", hashlib.sha256(data).hexdigest()))


def traineddata_version(data: bytes) -> str:
    """The TESSDATA_VERSION string of a .traineddata file ("" when it has none, as very old files)."""
    if len(data) < 4:
        return ""
    (count,) = struct.unpack_from("<i", data, 0)
    if not 0 < count <= 64 or len(data) < 4 + 8 * count or count <= _VERSION_COMPONENT:
        return ""
    offsets = struct.unpack_from(f"<{count}q", data, 4)
    start = offsets[_VERSION_COMPONENT]
    if start < 0 or start >= len(data):
        return ""
    later = [offset for offset in offsets if offset > start]
    end = min(later) if later else len(data)
    return data[start:end].split(b"\0", 1)[0].decode("utf-8", "replace")
