"""Importing screenshots taken elsewhere: byte-exact, claims recorded, bad files refused whole-batch."""

from __future__ import annotations

import io
import json
import os
from datetime import UTC, datetime

import pytest
from PIL import Image

from evidencekit.capture import import_files
from evidencekit.errors import UnreadableInput
from tests.core.capture.conftest import Case, run_cli, sha256


def picture(fmt: str, size=(320, 200), **save_options) -> bytes:
    image = Image.new("RGB", size, (30, 120, 200))
    for x in range(0, size[0], 7):
        image.putpixel((x, x % size[1]), (255, 255, 0))
    out = io.BytesIO()
    image.save(out, format=fmt, **save_options)
    return out.getvalue()


def test_a_png_is_stored_byte_for_byte_with_file_claims(case: Case, tmp_path):
    path = tmp_path / "Screenshot_20261120-211403.png"
    data = picture("PNG")
    path.write_bytes(data)
    modified = datetime(2026, 11, 20, 21, 14, 3, tzinfo=UTC).timestamp()
    os.utime(path, (modified, modified))

    result = run_cli("import", case.id, str(path), *case.unlock_args(), "--json", "--category", "profile")
    assert result.returncode == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed[0]["sha256"] == sha256(data) and printed[0]["origin"] == "imported"

    with case.open() as store:
        exhibit = store.state().exhibits[0]
        assert store.read_object(exhibit.id) == data
    assert exhibit.origin == "imported" and exhibit.media_type == "image/png"
    assert exhibit.size == len(data) and exhibit.fields["category"] == "profile"
    recorded = exhibit.recorded
    assert recorded["file_name"] == "Screenshot_20261120-211403.png"
    assert recorded["file_modified"]["utc"] == "2026-11-20T21:14:03.000Z"
    assert recorded["format"] == "PNG" and recorded["pixels"] == {"width": 320, "height": 200}
    assert recorded["exif_time"] is None
    assert "claims" in recorded["claims_note"]
    assert "time" not in recorded  # an import has no capture time of its own: only claims


def test_exif_time_of_a_phone_jpeg_is_recorded_as_a_claim(case: Case, tmp_path):
    exif = Image.Exif()
    exif[271] = "Google"
    exif[272] = "Pixel 7"
    exif.get_ifd(0x8769)[36867] = "2026:11:20 21:14:03"
    exif.get_ifd(0x8769)[36881] = "+01:00"
    data = picture("JPEG", exif=exif.tobytes(), quality=90)
    path = tmp_path / "IMG_0042.jpg"
    path.write_bytes(data)

    with case.open() as store:
        [exhibit] = import_files(store, [path])
        assert store.read_object(exhibit.id) == data
    assert exhibit.media_type == "image/jpeg" and exhibit.sha256 == sha256(data)
    assert exhibit.recorded["exif_time"] == "2026:11:20 21:14:03"
    assert exhibit.recorded["exif"]["offset_time_original"] == "+01:00"
    assert exhibit.recorded["exif"]["model"] == "Pixel 7"


def test_webp_is_accepted(case: Case, tmp_path):
    path = tmp_path / "chat.webp"
    data = picture("WEBP", lossless=True)
    path.write_bytes(data)
    with case.open() as store:
        [exhibit] = import_files(store, [path], {"label": "from my phone"})
    assert exhibit.media_type == "image/webp" and exhibit.fields["label"] == "from my phone"


@pytest.mark.parametrize("kind", ["text renamed .png", "truncated png", "truncated jpeg", "gif"])
def test_a_file_that_is_not_a_whole_supported_picture_is_refused_and_nothing_stored(case: Case, tmp_path, kind):
    good = tmp_path / "good.png"
    good.write_bytes(picture("PNG"))
    bad = tmp_path / "bad.png"
    if kind == "text renamed .png":
        bad.write_text("Hi, this is not a picture at all.\n" * 20, encoding="utf-8")
    elif kind == "truncated png":
        whole = picture("PNG", size=(800, 600))
        bad.write_bytes(whole[: len(whole) * 2 // 3])
    elif kind == "truncated jpeg":
        bad = tmp_path / "IMG_0001.jpg"
        whole = picture("JPEG", size=(800, 600), quality=95)
        bad.write_bytes(whole[: len(whole) // 2])
    else:
        bad = tmp_path / "anim.gif"
        bad.write_bytes(picture("GIF"))

    result = run_cli("import", case.id, str(good), str(bad), *case.unlock_args())
    assert result.returncode == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert bad.name in message and "nothing was imported" in message.lower()
    assert case.nothing_stored()  # the good file in the same batch was not stored either


def test_truncated_png_is_refused_by_the_core_api(case: Case, tmp_path):
    whole = picture("PNG", size=(640, 480))
    path = tmp_path / "cut.png"
    path.write_bytes(whole[:-20])  # only the IEND chunk and the end of the data are missing
    with case.open() as store, pytest.raises(UnreadableInput):
        import_files(store, [path])
    assert case.nothing_stored()


def test_a_missing_file_is_exit_2(case: Case, tmp_path):
    result = run_cli("import", case.id, str(tmp_path / "nope.png"), *case.unlock_args())
    assert result.returncode == 2
    assert "does not exist" in result.stderr
    assert case.nothing_stored()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_refused_at_once_and_nothing_stored(case: Case, tmp_path):
    good = tmp_path / "good.png"
    good.write_bytes(picture("PNG"))
    pipe = tmp_path / "shot.png"
    os.mkfifo(pipe)  # nobody ever writes to it: reading it would wait forever
    result = run_cli("import", case.id, str(good), str(pipe), *case.unlock_args(), timeout=30)
    assert result.returncode == 2
    message = result.stderr.strip()
    assert len(message.splitlines()) == 1 and "Traceback" not in message
    assert str(pipe) in message and "not a regular file" in message
    assert case.nothing_stored()


def test_a_folder_is_still_refused_as_a_folder(case: Case, tmp_path):
    folder = tmp_path / "pictures.png"
    folder.mkdir()
    result = run_cli("import", case.id, str(folder), *case.unlock_args())
    assert result.returncode == 2
    assert "is a folder" in result.stderr and case.nothing_stored()
