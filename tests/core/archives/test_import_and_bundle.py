"""An archive into a case and into the bundle: byte-exact archive, transcript exhibit, linked pictures,
identifiers offered (never added unasked), and a bundle whose transcript pdftotext finds."""

from __future__ import annotations

import hashlib
import json
import subprocess
from pathlib import Path

from PIL import Image

from evidencekit.archives import Options, analyse
from evidencekit.archives.importing import import_chat
from evidencekit.bundle.export import export_case
from evidencekit.bundle.model import BundleOptions
from tests.core.archives.conftest import PHOTO, PHOTO_NAME, offender_chat, other_chat
from tests.core.capture.conftest import Case, run_cli
from tests.support.chat_archives import Chat, Msg, meta_download, utc, whatsapp_export


def _archive(tmp_path: Path) -> Path:
    path = tmp_path / "facebook-sam-20260301.zip"
    path.write_bytes(meta_download([offender_chat(), other_chat()], media={PHOTO_NAME: PHOTO}))
    return path


def test_cli_import_keeps_the_archive_byte_exact_and_makes_the_transcript(case: Case, tmp_path):
    path = _archive(tmp_path)
    listing = run_cli("import-chat", case.id, str(path), "--list")
    assert listing.returncode == 0 and "1. Sam Offender: Sam Offender, Alex Victim" in listing.stdout
    assert "2. Mum" in listing.stdout and case.nothing_stored()
    unchosen = run_cli("import-chat", case.id, str(path), *case.unlock_args())
    assert unchosen.returncode == 2 and "choose the one with the other person" in unchosen.stderr
    assert case.nothing_stored()

    result = run_cli("import-chat", case.id, str(path), "--thread", "Sam Offender", *case.unlock_args(), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert report["archive"]["exhibit"] == "EK-001" and report["transcript"] == "EK-002"
    assert report["pictures"] == ["EK-003"] and report["added_to_details"] == []
    assert {"name": "Sam Offender", "kind": "display name", "value": "Sam Offender"} in report["found_in_archive"]
    with case.open() as store:
        state = store.state()
        archive, transcript, photo = state.exhibits
        assert store.read_object(archive.id) == path.read_bytes()  # the archive, byte for byte
        assert archive.kind == "chat archive" and archive.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
        assert archive.recorded["file_name"] == path.name and "checked neither" in archive.recorded["claims_note"]
        assert transcript.kind == "chat transcript" and transcript.origin == "derived"
        assert transcript.derived_from == archive.id
        document = json.loads(store.read_object(transcript.id))
        assert photo.is_picture and store.read_object(photo.id) == PHOTO
        assert photo.recorded["from_archive"]["reference"] == "EK-001"
        assert photo.recorded["from_archive"]["message"] == 3
        assert state.details.get("suspect_accounts") in (None, [])  # offered, never added unasked
        event = next(e for e in store.events() if e.action == "exhibit.derived")
        assert event.inputs == [{"sha256": archive.sha256, "size": archive.size, "object": archive.id}]
    assert document["format"] == "evidencekit.chat-transcript/1"
    assert document["source"]["sha256"] == archive.sha256 and document["time_zone"] == "Europe/London"
    lines = [(m["utc"], m["local"], m["sender"], m["text"]) for m in document["messages"]]
    assert lines == [
        ("2026-03-01T20:01:05.000Z", "2026-03-01T20:01:05+00:00", "Sam Offender", "héllo Radosław 😀"),
        ("2026-03-01T20:02:00.000Z", "2026-03-01T20:02:00+00:00", "Alex Victim", "who is this?"),
        ("2026-03-13T21:03:00.000Z", "2026-03-13T21:03:00+00:00", "Sam Offender", "pay £500 by Friday"),
        ("2026-03-30T08:15:00.000Z", "2026-03-30T09:15:00+01:00", "Sam Offender", "last chance"),
    ]
    (carried,) = document["messages"][2]["attachments"]
    assert carried["name"] == PHOTO_NAME and carried["sha256"] == hashlib.sha256(PHOTO).hexdigest()

    again = run_cli("import-chat", case.id, str(path), "--thread", "2", *case.unlock_args(),
                    "--add-suspect", "Mum")
    assert again.returncode == 0, again.stderr
    assert "already in the case as EK-001" in again.stdout and "Added to the suspect's details: Mum" in again.stdout
    twice = run_cli("import-chat", case.id, str(path), "--thread", "1", *case.unlock_args())
    assert twice.returncode == 2 and "already in the case as EK-002" in twice.stderr
    with case.open() as store:
        state = store.state()
        assert [e.kind for e in state.exhibits] == ["chat archive", "chat transcript", "picture", "chat transcript"]
        (row,) = state.details["suspect_accounts"]
        assert row["display_name"] == "Mum" and row["platform"] == "Facebook" and "EK-004" in row["notes"]


def test_ambiguous_dates_are_asked_for_and_nothing_is_stored_until_answered(case: Case, tmp_path):
    early = Chat("Sam", ["Sam", "Alex"], [Msg(utc(2026, 3, 1, 20, 0), "Sam", "hi"),
                                          Msg(utc(2026, 4, 2, 20, 0), "Sam", "pay")])
    path = tmp_path / "WhatsApp Chat - Sam.zip"
    path.write_bytes(whatsapp_export(early))
    asked = run_cli("import-chat", case.id, str(path), *case.unlock_args())
    assert asked.returncode == 2 and "--date-order" in asked.stderr and "Traceback" not in asked.stderr
    assert case.nothing_stored()
    answered = run_cli("import-chat", case.id, str(path), "--date-order", "dmy", *case.unlock_args())
    assert answered.returncode == 0, answered.stderr
    assert "a transcript of 2 messages" in answered.stdout


def test_under_18_pictures_are_listed_by_fingerprint_only(case: Case, tmp_path):
    with case.open() as store:
        store.append_event("profile.set", {"under_18": True})
    result = run_cli("import-chat", case.id, str(_archive(tmp_path)), "--thread", "1", *case.unlock_args())
    assert result.returncode == 0, result.stderr
    assert "under-18 route" in result.stdout
    with case.open() as store:
        assert [e.kind for e in store.state().exhibits] == ["chat archive", "chat transcript"]


def test_bundle_shows_the_transcript_as_searchable_text(case: Case, tmp_path):
    path = _archive(tmp_path)
    with case.open() as store:
        analysis = analyse(path, Options())
        imported = import_chat(store, analysis, analysis.choose("Sam Offender"))
        out = tmp_path / "bundle.pdf"
        export_case(store, out, BundleOptions(sign=False))
    verify = run_cli("verify", "--allow-unsigned", str(out))  # unsigned on purpose here
    assert verify.returncode == 0, verify.stdout + verify.stderr
    text = subprocess.run(["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True,
                          check=True).stdout
    for expected in ("Exhibit EK-001", "IMPORTED · CHAT ARCHIVE", imported.archive.sha256,
                     "Facebook messages (Meta JSON download)", "your_facebook_activity/messages (2024 on)",
                     "Exhibit EK-002", "DERIVED · CHAT TRANSCRIPT", "héllo Radosław", "who is this?",
                     "pay £500 by Friday", "last chance", "08:15:00.000 UTC", "09:15:00+01:00",
                     "shown as EK-003", "the platform's own records can be requested", "by the police"):
        assert expected in text, expected
    attached = subprocess.run(["pdfdetach", "-list", str(out)], capture_output=True, text=True, check=True).stdout
    assert "EK-002.json" in attached and "EK-003.jpg" in attached and ".zip" not in attached  # archive withheld
    pages = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True, check=True).stdout
    assert "Pages:" in pages
    page = _page_of(out, "DERIVED · CHAT TRANSCRIPT")
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", str(page), "-l", str(page), str(out),
                    str(tmp_path / "page")], check=True)
    (picture,) = tmp_path.glob("page*.png")
    with Image.open(picture) as image:
        grey = image.convert("L")
        dark = sum(grey.histogram()[:128])
    assert dark > 500  # the transcript page has text on it (rows, not a blank page)


def _page_of(pdf: Path, needle: str) -> int:
    count = int(next(line.split()[-1] for line in subprocess.run(["pdfinfo", str(pdf)], capture_output=True,
                                                                  text=True).stdout.splitlines()
                     if line.startswith("Pages:")))
    for number in range(1, count + 1):
        text = subprocess.run(["pdftotext", "-f", str(number), "-l", str(number), str(pdf), "-"],
                              capture_output=True, text=True).stdout
        if needle in text:
            return number
    raise AssertionError(f"{needle!r} is on no page")
