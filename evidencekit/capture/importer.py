"""Import screenshots taken elsewhere (a phone, another tool): byte-exact copies, marked "imported".

Every file is read once and checked by fully decoding it with Pillow before anything is stored, so a
text file named .png or a cut-off picture is refused with a sentence and nothing from that batch is
kept. File name, modified time and EXIF times are recorded as claims: they come from the file and the
device that made it, and anyone could have changed them.
"""

from __future__ import annotations

import io
import os
import stat
import warnings
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import PIL
from PIL import Image, UnidentifiedImageError

from evidencekit.canonical import sha256_hex
from evidencekit.capture.fields import check_fields
from evidencekit.capture.identifying import find_identifying, sentences
from evidencekit.capture.image_header import image_dimensions
from evidencekit.capture.linking import link_new_picture
from evidencekit.capture.metadata import os_record, software_record
from evidencekit.capture.shareable import copy_record, record_copy
from evidencekit.clock import stamp
from evidencekit.errors import UnreadableInput, UsageError
from evidencekit.store import CaseStore, Exhibit

MEDIA_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
MAX_IMPORT_BYTES = 200 * 1024 * 1024
MAX_PIXELS = Image.MAX_IMAGE_PIXELS or 89_478_485  # Pillow's own limit: above it, decoding is refused
CLAIM_NOTE = ("file name, modified time and EXIF details come from the file and the device that made it; "
              "they are claims, not checked by evidencekit")
_EXIF_IFD = 0x8769
_EXIF_TAGS = {36867: "date_time_original", 36881: "offset_time_original", 36868: "date_time_digitized"}
_BASE_TAGS = {306: "date_time", 271: "make", 272: "model", 305: "software"}


@dataclass(frozen=True)
class CheckedFile:
    """A file read once and proven to decode fully; `data` are the exact bytes to store."""

    path: Path
    data: bytes
    record: dict[str, Any]
    media_type: str


def check_image_file(path: Path) -> CheckedFile:
    """Read `path` and prove it is a whole PNG, JPEG or WebP picture; UnreadableInput otherwise."""
    name = path.name
    try:
        # O_NONBLOCK: opening a named pipe or a device must not wait for a writer; only regular files are read
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            os.close(fd)
            if stat.S_ISDIR(info.st_mode):
                raise IsADirectoryError
            raise UsageError(f"{path} is not a regular file (it may be a pipe or a device); nothing was "
                             "imported.")
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(MAX_IMPORT_BYTES + 1)
            modified = datetime.fromtimestamp(info.st_mtime, UTC)
    except FileNotFoundError:
        raise UsageError(f"The file {path} does not exist; nothing was imported.") from None
    except IsADirectoryError:
        raise UsageError(f"{path} is a folder, not a picture; nothing was imported.") from None
    except OSError as exc:
        raise UsageError(f"The file {path} cannot be read ({exc.strerror}); nothing was imported.") from None
    if len(data) > MAX_IMPORT_BYTES:
        raise UnreadableInput(f"{name} is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB, too large for a "
                              "screenshot; nothing was imported.")
    record, media_type = picture_record(name, data)
    record = {"file_name": name, "file_modified": stamp(modified).as_dict(), **record}
    return CheckedFile(path, data, record, media_type)


def picture_record(name: str, data: bytes) -> tuple[dict[str, Any], str]:
    """Prove `data` is a whole PNG, JPEG or WebP picture and describe it (UnreadableInput otherwise): the
    import record without the file's own name and time, and the media type. Also used for pictures that
    arrive inside a platform's chat archive."""
    claimed = image_dimensions(data)
    if claimed is not None and claimed[0] * claimed[1] > MAX_PIXELS:
        raise UnreadableInput(f"{name} is too large: {claimed[0]}×{claimed[1]} pixels (evidencekit takes pictures "
                              f"of up to {MAX_PIXELS // 1_000_000} million pixels); nothing was imported.")
    image_format, size, exif = _decode_fully(name, data)
    kinds, _copy = copy_record(data)
    record = {
        "file_size": len(data),
        "format": image_format,
        "pixels": {"width": size[0], "height": size[1]},
        "exif_time": exif.get("date_time_original"),
        "exif": exif,
        "identifying_metadata": kinds,  # the kinds only (location, serial ...): never their values
        "claims_note": CLAIM_NOTE,
        "software": {**software_record(), "pillow": PIL.__version__},
        "os": os_record(),
    }
    return record, MEDIA_TYPES[image_format]


def _decode_fully(name: str, data: bytes) -> tuple[str, tuple[int, int], dict[str, str]]:
    refused = (f"{name} is not a complete PNG, JPEG or WebP picture (it may be another kind of file, or "
               "damaged or cut short); nothing was imported.")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = str(probe.format)
                if image_format not in MEDIA_TYPES:
                    raise UnreadableInput(f"{name} is a {image_format} picture; evidencekit imports PNG, JPEG "
                                          "and WebP only. Nothing was imported.")
                probe.verify()  # checksums and structure, where the format has them
            with Image.open(io.BytesIO(data)) as image:
                image.load()  # decodes every pixel: a cut-off file fails here
                return image_format, image.size, _exif_claims(image)
    except UnreadableInput:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError, IndexError, TypeError,
            Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise UnreadableInput(refused) from exc


def _exif_claims(image: Image.Image) -> dict[str, str]:
    exif = image.getexif()
    claims: dict[str, str] = {}
    for tag, key in _BASE_TAGS.items():
        if tag in exif:
            claims[key] = _text(exif[tag])
    for tag, key in _EXIF_TAGS.items():
        value = exif.get_ifd(_EXIF_IFD).get(tag)
        if value is not None:
            claims[key] = _text(value)
    return {key: value for key, value in claims.items() if value}


def _text(value: object) -> str:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    return str(value).strip("\x00 ")[:200]


class ImportResult(list[Exhibit]):
    """The new exhibits (a list, as before), and what the person must be told about the batch."""

    def __init__(self) -> None:
        super().__init__()
        self.already: list[tuple[str, Exhibit]] = []  # (file name, the exhibit that already holds it)
        self.notes: dict[str, list[str]] = {}  # exhibit id -> sentences about identifying metadata


def import_files(store: CaseStore, paths: Sequence[Path | str], fields: Mapping[str, str | None] | None = None,
                 *, on_progress: Callable[[int, int, Exhibit], None] | None = None) -> ImportResult:
    """Check every file, then store each byte-exact as an `exhibit.imported` event; the new exhibits.

    A file whose SHA-256 is already in the case (or earlier in the same batch) stores nothing new: the
    result's `already` names the exhibit that holds it. A picture holding identifying metadata gets an
    `exhibit.shareable_copy` record, and the result's `notes` say what it holds in plain words."""
    if not paths:
        raise UsageError("No files were given to import.")
    checked_fields = check_fields(fields)
    checked = [check_image_file(Path(path)) for path in paths]
    saved = ImportResult()
    for index, item in enumerate(checked, start=1):
        digest = sha256_hex(item.data)
        held = next((e for e in store.state().exhibits if e.sha256 == digest), None)
        if held is not None:
            saved.already.append((item.path.name, held))
            continue
        event = store.add_object(item.data, media_type=item.media_type, action="exhibit.imported",
                                 data={"import": item.record, "fields": checked_fields})
        exhibit = store.state().exhibit(event.object_id or "")
        assert exhibit is not None
        findings = find_identifying(item.data)
        if findings:
            kinds, output = copy_record(item.data)
            if output is not None:
                record_copy(store, exhibit.id, exhibit.sha256, exhibit.size, kinds, output)
            saved.notes[exhibit.id] = sentences(findings)
        link_new_picture(store, exhibit, item.data)
        saved.append(store.exhibit(exhibit.id) or exhibit)
        if on_progress:
            on_progress(index, len(checked), exhibit)
    return saved
