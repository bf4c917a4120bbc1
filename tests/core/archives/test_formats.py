"""Each supported format, built from its documented layout, parses to the expected thread list and
transcript: Meta's mis-encoded text, WhatsApp in three phone languages and both clocks, Telegram."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from evidencekit.archives import DateOrderNeeded, Options, Zone, analyse
from evidencekit.archives.transcript import hash_attachments
from tests.core.archives.conftest import PHOTO, PHOTO_NAME, offender_chat, other_chat
from tests.support.chat_archives import (
    Chat,
    Msg,
    discord_package,
    meta_download,
    snapchat_download,
    telegram_export,
    utc,
    whatsapp_export,
)

EXPECTED = [  # (UTC, sender, text) of offender_chat()
    ("2026-03-01 20:01:05", "Sam Offender", "héllo Radosław 😀"),
    ("2026-03-01 20:02:00", "Alex Victim", "who is this?"),
    ("2026-03-13 21:03:00", "Sam Offender", "pay £500 by Friday"),
    ("2026-03-30 08:15:00", "Sam Offender", "last chance"),
]


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _rows(thread, *, seconds: bool = True) -> list[tuple[str, str, str]]:
    form = "%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M:00"
    return [(m.time.strftime(form), m.sender, m.text) for m in thread.messages]


def _expected(seconds: bool = True) -> list[tuple[str, str, str]]:
    return [(when if seconds else when[:-2] + "00", who, text) for when, who, text in EXPECTED]


def _photo_attachment(thread):
    carried = [a for m in thread.messages for a in m.attachments]
    assert len(carried) == 1 and carried[0].name == PHOTO_NAME and carried[0].is_picture
    return carried[0]


@pytest.mark.parametrize(("platform", "layout", "version"), [
    ("facebook", "2024", "your_facebook_activity/messages (2024 on)"),
    ("facebook", "old", "messages/inbox (before 2023)"),
    ("instagram", "2023", "your_instagram_activity/messages (2023 on)"),
    ("instagram", "old", "messages/inbox (before 2023)"),
])
def test_meta_downloads_list_threads_and_undo_the_mis_encoded_text(tmp_path, platform, layout, version):
    data = meta_download([offender_chat(), other_chat()], platform=platform, layout=layout,
                         media={PHOTO_NAME: PHOTO}, per_file=3)  # the offender's thread spans two files
    assert b"\\u00c3\\u00a9" in data or b"\\u00c3" in _unzipped(data)  # é is written as two byte escapes
    analysis = analyse(_write(tmp_path, "meta.zip", data))
    assert analysis.problem is None
    assert analysis.layout.platform == platform.capitalize() and analysis.layout.version == version
    titles = [(t.title, t.participants, t.count) for t in analysis.threads]
    assert titles == [("Sam Offender", ("Sam Offender", "Alex Victim"), 4), ("Mum", ("Mum", "Alex Victim"), 1)]
    first = analysis.threads[0]
    assert first.first == utc(2026, 3, 1, 20, 1, 5) and first.last == utc(2026, 3, 30, 8, 15, 0)
    thread = analysis.read(analysis.choose("Sam Offender"))
    assert _rows(thread) == _expected()
    hash_attachments(thread, analysis.container)
    photo = _photo_attachment(thread)
    assert photo.sha256 == hashlib.sha256(PHOTO).hexdigest() and photo.size == len(PHOTO)


def _unzipped(data: bytes) -> bytes:
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return b"".join(archive.read(name) for name in archive.namelist() if name.endswith(".json"))


@pytest.mark.parametrize(("phone", "language", "clock", "order", "version"), [
    ("android", "en", 12, "mdy", "Android layout, 12-hour clock"),
    ("android", "en", 24, "dmy", "Android layout, 24-hour clock"),
    ("android", "es", 24, "dmy", "Android layout, 24-hour clock"),
    ("android", "es", 12, "dmy", "Android layout, 12-hour clock"),
    ("android", "de", 24, "dmy", "Android layout, 24-hour clock"),
    ("iphone", "en", 12, "mdy", "iPhone layout, 12-hour clock"),
    ("iphone", "de", 24, "dmy", "iPhone layout, 24-hour clock"),
    ("iphone", "es", 24, "dmy", "iPhone layout, 24-hour clock"),
])
def test_whatsapp_exports_in_several_languages_and_clocks(tmp_path, phone, language, clock, order, version):
    data = whatsapp_export(offender_chat(), phone=phone, language=language, clock=clock, order=order,
                           media={PHOTO_NAME: PHOTO})
    analysis = analyse(_write(tmp_path, "WhatsApp Chat - Sam Offender.zip", data))
    assert analysis.problem is None, analysis.problem
    assert analysis.layout.version == version
    (info,) = analysis.threads
    assert info.title == "Sam Offender" and info.participants == ("Sam Offender", "Alex Victim") and info.count == 4
    thread = analysis.read(info)
    rows = _rows(thread)
    seconds = phone == "iphone"  # Android writes minutes only
    expected = _expected(seconds)
    if phone == "iphone":  # an iPhone writes a picture's line without its caption
        expected[2] = (expected[2][0], expected[2][1], "")
    assert rows == expected
    hash_attachments(thread, analysis.container)
    assert _photo_attachment(thread).sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert any("Europe/London" in note for note in thread.notes)


def test_whatsapp_wall_clock_times_follow_the_zone_including_summer_time(tmp_path):
    data = whatsapp_export(offender_chat(), zone="America/New_York")
    analysis = analyse(_write(tmp_path, "chat.zip", data), Options(zone=Zone("America/New_York")))
    thread = analysis.read(analysis.threads[0])
    assert _rows(thread, seconds=False) == _expected(seconds=False)
    (missing,) = thread.messages[2].attachments  # exported without media: named, not included
    assert missing.name == PHOTO_NAME and missing.member is None
    assert "file not included in the export" in thread.messages[2].notes


def test_whatsapp_asks_for_the_date_order_when_every_date_reads_both_ways(tmp_path):
    early = Chat("Sam", ["Sam", "Alex"], [Msg(utc(2026, 3, 1, 20, 0), "Sam", "hi"),
                                          Msg(utc(2026, 4, 2, 20, 0), "Sam", "pay")])
    path = _write(tmp_path, "chat.zip", whatsapp_export(early, order="dmy"))
    with pytest.raises(DateOrderNeeded, match="will not guess"):
        analyse(path)
    as_dmy = analyse(path, Options(date_order="dmy")).threads[0]
    as_mdy = analyse(path, Options(date_order="mdy")).threads[0]
    assert as_dmy.first == utc(2026, 3, 1, 20, 0) and as_dmy.last == utc(2026, 4, 2, 20, 0)  # written 21:00 BST
    assert as_mdy.first == utc(2026, 1, 3, 20, 0)
    thread = analyse(path, Options(date_order="dmy")).read(as_dmy)
    assert any("as the person said" in note for note in thread.notes)
    unambiguous = _write(tmp_path, "clear.zip", whatsapp_export(offender_chat(), order="dmy"))
    with pytest.raises(DateOrderNeeded, match="can only be day/month/year"):
        analyse(unambiguous, Options(date_order="mdy"))


def test_whatsapp_single_text_file_and_multi_line_messages(tmp_path):
    text = ("01/03/2026, 20:01 - Messages and calls are end-to-end encrypted. Tap to learn more.\n"
            "13/03/2026, 21:03 - +44 7700 900123: first line\nsecond line\n"
            "13/03/2026, 21:04 - +44 7700 900123: <Media omitted>\n")
    analysis = analyse(_write(tmp_path, "WhatsApp Chat with +44 7700 900123.txt", text.encode()))
    thread = analysis.read(analysis.threads[0])
    assert [m.kind for m in thread.messages] == ["system", "message", "message"]
    assert thread.messages[1].text == "first line\nsecond line"
    assert thread.messages[2].notes == ["media not included in the export"]
    assert [(a.kind, a.value) for a in thread.accounts] == [("phone", "+44 7700 900123")]


@pytest.mark.parametrize(("whole", "unixtime"), [(False, True), (True, True), (True, False)])
def test_telegram_exports(tmp_path, whole, unixtime):
    chats = [offender_chat(), other_chat()] if whole else [offender_chat()]
    analysis = analyse(_write(tmp_path, "export.zip", telegram_export(chats, whole_account=whole, unixtime=unixtime,
                                                                        media={PHOTO_NAME: PHOTO})))
    assert analysis.problem is None
    assert ("whole-account" in analysis.layout.version) == whole
    assert ("UTC times" in analysis.layout.version) == unixtime
    assert [t.title for t in analysis.threads] == [c.title for c in chats]
    thread = analysis.read(analysis.choose("1"))
    assert _rows(thread) == _expected()
    assert ("Sam Offender", "user id", "5550001") in [(a.name, a.kind, a.value) for a in thread.accounts]
    hash_attachments(thread, analysis.container)
    assert _photo_attachment(thread).sha256 == hashlib.sha256(PHOTO).hexdigest()


def test_an_unknown_layout_says_so_in_one_sentence(tmp_path):
    analysis = analyse(_write(tmp_path, "notes.zip", _zip({"notes/readme.md": b"# hello"})))
    assert analysis.threads == [] and analysis.problem.count(".") <= 2
    assert "not one evidencekit knows" in analysis.problem


def _zip(files: dict[str, bytes]) -> bytes:
    import io
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_an_unzipped_folder_is_zipped_in_memory_and_read_the_same(tmp_path):
    import io
    import zipfile

    data = meta_download([offender_chat()], media={PHOTO_NAME: PHOTO})
    folder = tmp_path / "facebook-sam"
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        archive.extractall(folder)
    (folder / "link").symlink_to("/etc/passwd")  # a link is never followed or stored
    analysis = analyse(folder)
    assert analysis.problem is None and analysis.source.kind == "folder" and analysis.source.left_out == 1
    with zipfile.ZipFile(io.BytesIO(analysis.source.data)) as stored:
        names = stored.namelist()
        assert all(info.compress_type == zipfile.ZIP_STORED for info in stored.infolist())
    assert names == sorted(names) and not any(name.endswith("link") for name in names)
    thread = analysis.read(analysis.threads[0])
    assert _rows(thread) == _expected()


def _snap_chat() -> Chat:
    chat = offender_chat()
    names = {"Sam Offender": "sam_0ffender", "Alex Victim": "alex.victim"}
    return Chat("sam_0ffender", ["sam_0ffender", "alex.victim"],
                [Msg(m.when, names[m.sender], m.text, m.file) for m in chat.messages])


@pytest.mark.parametrize(("layout", "version"), [("2023", "one list per conversation (2023 on)"),
                                                 ("old", "Saved Chat History lists (before 2023)")])
def test_snapchat_my_data(tmp_path, layout, version):
    mum = Chat("mum.j", ["mum.j", "alex.victim"], [Msg(utc(2026, 2, 1, 9, 0), "mum.j", "dinner?")])
    data = snapchat_download([_snap_chat(), mum], layout=layout, media={PHOTO_NAME: PHOTO})
    analysis = analyse(_write(tmp_path, "mydata~1772400000.zip", data))
    assert analysis.problem is None and analysis.layout.version == version
    assert [(t.key, t.count) for t in analysis.threads] == [("sam_0ffender", 4), ("mum.j", 1)]
    thread = analysis.read(analysis.choose("sam_0ffender"))
    senders = {"sam_0ffender": "Sam Offender", "alex.victim": "Alex Victim",
               "(the account owner)": "Alex Victim"}
    rows = [(when, senders[who], text) for when, who, text in _rows(thread)]
    assert rows == _expected()
    assert ("sam_0ffender", "username", "sam_0ffender") in [(a.name, a.kind, a.value) for a in thread.accounts]
    if layout == "2023":
        hash_attachments(thread, analysis.container)
        (carried,) = [a for m in thread.messages for a in m.attachments]
        assert carried.is_picture and carried.sha256 == hashlib.sha256(PHOTO).hexdigest()


@pytest.mark.parametrize(("layout", "version"), [("2023", "messages.json per channel (2023 on)"),
                                                 ("old", "messages.csv per channel (before 2023)")])
def test_discord_data_package_holds_the_owners_side_and_the_other_persons_id(tmp_path, layout, version):
    chat = Chat("sam_0ffender", ["sam_0ffender"], offender_chat().messages)
    analysis = analyse(_write(tmp_path, "package.zip", discord_package([chat, other_chat()], layout=layout)))
    assert analysis.problem is None and analysis.layout.version == version
    assert [t.title for t in analysis.threads] == ["Direct Message with sam_0ffender", "Direct Message with Mum"]
    thread = analysis.read(analysis.threads[0])
    assert [(m.time.strftime("%Y-%m-%d %H:%M:%S"), m.text) for m in thread.messages] == \
        [("2026-03-01 20:02:00", "who is this?")]  # only the owner's own messages are in the package
    assert [(a.name, a.kind, a.value) for a in thread.accounts] == [
        ("sam_0ffender", "username", "sam_0ffender"), ("sam_0ffender", "user id", "900000000000000101")]
    assert any("only the account owner's own messages" in note for note in thread.notes)


def test_a_single_meta_message_file_and_a_single_telegram_file(tmp_path):
    import io
    import zipfile

    with zipfile.ZipFile(io.BytesIO(meta_download([offender_chat()]))) as archive:
        message_file = next(n for n in archive.namelist() if n.endswith("message_1.json"))
        data = archive.read(message_file)
    analysis = analyse(_write(tmp_path, "message_1.json", data))
    assert analysis.problem is None and analysis.threads[0].title == "Sam Offender"
    assert _rows(analysis.read(analysis.threads[0])) == _expected()
    with zipfile.ZipFile(io.BytesIO(telegram_export([offender_chat()]))) as archive:
        result = archive.read(next(n for n in archive.namelist() if n.endswith("result.json")))
    analysis = analyse(_write(tmp_path, "result.json", result))
    assert analysis.problem is None and _rows(analysis.read(analysis.threads[0])) == _expected()
    other = analyse(_write(tmp_path, "settings.json", b'{"theme": "dark"}'))
    assert "not one evidencekit knows" in other.problem
