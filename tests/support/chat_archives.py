"""Platform archives built the way each platform documents (or visibly writes) them, for the tests.

Every builder writes the layout described in docs/platform-archives.md: Meta's JSON with its one-escape-per-
UTF-8-byte text, WhatsApp's text lines in several phone languages and both clocks, Telegram Desktop's
result.json. Times go in as aware UTC datetimes; WhatsApp's wall-clock lines are written in `zone`.
"""

from __future__ import annotations

import io
import json
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from PIL import Image


@dataclass
class Msg:
    """One message to write: when (UTC), who, what, and the name of a file it carried."""

    when: datetime
    sender: str
    text: str
    file: str | None = None
    sender_id: str = ""


@dataclass
class Chat:
    title: str
    participants: Sequence[str]
    messages: list[Msg] = field(default_factory=list)
    chat_id: int = 0


def picture(colour: tuple[int, int, int] = (200, 30, 30), size: tuple[int, int] = (64, 48),
            kind: str = "JPEG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, kind)
    return out.getvalue()


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)  # type: ignore[misc]


def _zip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


# ----- Meta (Facebook / Messenger / Instagram) -----------------------------------------------------------

def meta_mangle(value: object) -> object:
    """What Meta does to text: each UTF-8 byte becomes its own code point (written as \\u00XX)."""
    if isinstance(value, str):
        return value.encode("utf-8").decode("latin-1")
    if isinstance(value, list):
        return [meta_mangle(item) for item in value]
    if isinstance(value, dict):
        return {key: meta_mangle(item) for key, item in value.items()}
    return value


def meta_download(chats: Sequence[Chat], *, platform: str = "facebook", layout: str = "2024",
                  top: str = "facebook-sam-20260301", media: dict[str, bytes] | None = None,
                  per_file: int = 10_000) -> bytes:
    """A 'Download your information' ZIP: messages/inbox/<name>_<id>/message_N.json, newest first."""
    prefix = {("facebook", "2024"): "your_facebook_activity/", ("instagram", "2023"): "your_instagram_activity/",
              ("facebook", "old"): "", ("instagram", "old"): ""}[(platform, layout)]
    files: dict[str, bytes] = {}
    for index, chat in enumerate(chats):
        folder = f"{prefix}messages/inbox/{chat.title.lower().replace(' ', '')}_{1000 + index}"
        raws = []
        for message in sorted(chat.messages, key=lambda m: m.when, reverse=True):
            raw: dict[str, object] = {"sender_name": message.sender,
                                      "timestamp_ms": int(message.when.timestamp() * 1000)}
            if message.text:
                raw["content"] = message.text
            if message.file:
                raw["photos"] = [{"uri": f"{folder}/photos/{message.file}",
                                  "creation_timestamp": int(message.when.timestamp())}]
                if message.file in (media or {}):  # a download without media names files it does not hold
                    files[f"{top}/{folder}/photos/{message.file}"] = (media or {})[message.file]
            if platform == "facebook":
                raw["type"] = "Generic"
                raw["is_unsent"] = False
            raws.append(raw)
        parts = [raws[i:i + per_file] for i in range(0, len(raws), per_file)] or [[]]
        for number, part in enumerate(parts, start=1):
            document = {"participants": [{"name": name} for name in chat.participants], "messages": part,
                        "title": chat.title, "is_still_participant": True,
                        "thread_path": f"inbox/{folder.rsplit('/', 1)[1]}", "magic_words": []}
            if platform == "facebook":
                document["thread_type"] = "Regular"
            text = json.dumps(meta_mangle(document), indent=2, ensure_ascii=True)
            files[f"{top}/{folder}/message_{number}.json"] = text.encode("ascii")
    if platform == "instagram" and layout == "old":
        files[f"{top}/personal_information/personal_information.json"] = b'{"profile_user": []}'
    return _zip(files)


# ----- WhatsApp ---------------------------------------------------------------------------------------------

ATTACHED = {"en": "file attached", "es": "archivo adjunto", "de": "Datei angeh\u00e4ngt"}
IOS_ATTACHED = {"en": "attached", "es": "adjunto", "de": "Anhang"}
CHAT_WITH = {"en": "WhatsApp Chat with {}", "es": "Chat de WhatsApp con {}", "de": "WhatsApp Chat mit {}"}
AMPM = {"en": ("AM", "PM"), "es": ("a.\u00a0m.", "p.\u00a0m."), "de": ("AM", "PM")}


def whatsapp_line(message: Msg, *, phone: str, language: str, clock: int, order: str, zone: str) -> str:
    wall = message.when.astimezone(ZoneInfo(zone))
    day, month = wall.day, wall.month
    year = wall.year % 100 if phone == "android" and language == "en" and order == "mdy" else wall.year
    sep = "." if language == "de" else "/"
    first, second = (month, day) if order == "mdy" else (day, month)
    date = f"{first}{sep}{second}{sep}{year}" if order == "mdy" else f"{first:02d}{sep}{second:02d}{sep}{year}"
    seconds = f":{wall.second:02d}" if phone == "iphone" else ""
    if clock == 12:
        hour = wall.hour % 12 or 12
        marker = AMPM[language][wall.hour >= 12]
        time = f"{hour}:{wall.minute:02d}{seconds}\u202f{marker}"
    else:
        time = f"{wall.hour:02d}:{wall.minute:02d}{seconds}"
    body = message.text
    if message.file:
        if phone == "android":
            body = f"{message.file} ({ATTACHED[language]})" + (f"\n{message.text}" if message.text else "")
        else:
            body = f"\u200e<{IOS_ATTACHED[language]}: {message.file}>"
    who = f"{message.sender}: " if message.sender else ""
    if phone == "iphone":
        return f"[{date}, {time}] {who}{body}"
    return f"{date}, {time} - {who}{body}"


def whatsapp_text(chat: Chat, *, phone: str = "android", language: str = "en", clock: int = 24,
                  order: str = "dmy", zone: str = "Europe/London") -> str:
    return "\n".join(whatsapp_line(m, phone=phone, language=language, clock=clock, order=order, zone=zone)
                     for m in chat.messages) + "\n"


def whatsapp_export(chat: Chat, *, phone: str = "android", language: str = "en", clock: int = 24,
                    order: str = "dmy", zone: str = "Europe/London", media: dict[str, bytes] | None = None) -> bytes:
    """What 'Export chat' shares: a ZIP with the chat's text (and its media when 'with media')."""
    text = whatsapp_text(chat, phone=phone, language=language, clock=clock, order=order, zone=zone)
    name = "_chat.txt" if phone == "iphone" else CHAT_WITH[language].format(chat.title) + ".txt"
    files = {name: text.encode("utf-8")}
    files.update(media or {})
    return _zip(files)


# ----- Telegram Desktop -----------------------------------------------------------------------------------

def telegram_chat(chat: Chat, *, unixtime: bool = True, zone: str = "Europe/London") -> dict[str, object]:
    messages = []
    for number, message in enumerate(chat.messages, start=1):
        raw: dict[str, object] = {"id": number, "type": "message",
                                  "date": message.when.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%dT%H:%M:%S")}
        if unixtime:
            raw["date_unixtime"] = str(int(message.when.timestamp()))
        raw["from"] = message.sender
        raw["from_id"] = f"user{message.sender_id}"
        if message.file:
            raw["photo"] = f"photos/{message.file}"
            raw["width"], raw["height"] = 64, 48
        raw["text"] = message.text
        raw["text_entities"] = [{"type": "plain", "text": message.text}] if message.text else []
        messages.append(raw)
    return {"name": chat.title, "type": "personal_chat", "id": chat.chat_id, "messages": messages}


def telegram_export(chats: Sequence[Chat], *, whole_account: bool = False, unixtime: bool = True,
                    media: dict[str, bytes] | None = None, folder: str = "ChatExport_2026-03-01") -> bytes:
    if whole_account:
        document: dict[str, object] = {"about": "Here is the data you requested.",
                                       "chats": {"about": "This page lists all chats from this export.",
                                                 "list": [telegram_chat(c, unixtime=unixtime) for c in chats]}}
    else:
        document = telegram_chat(chats[0], unixtime=unixtime)
    files = {f"{folder}/result.json": json.dumps(document, ensure_ascii=False, indent=1).encode("utf-8")}
    files.update({f"{folder}/photos/{name}": data for name, data in (media or {}).items()})
    return _zip(files)


# ----- Snapchat "My Data" ---------------------------------------------------------------------------------

def snapchat_download(chats: Sequence[Chat], *, owner: str = "alex.victim", layout: str = "2023",
                      media: dict[str, bytes] | None = None, top: str = "mydata~1772400000") -> bytes:
    """json/chat_history.json (one list per conversation since 2023; Saved Chat History lists before)."""
    files: dict[str, bytes] = {}
    if layout == "2023":
        document: dict[str, object] = {}
        for chat in chats:
            other = chat.participants[0]
            items = []
            for number, message in enumerate(chat.messages):
                mine = message.sender == owner
                raw: dict[str, object] = {
                    "From": message.sender, "Media Type": "MEDIA" if message.file else "TEXT",
                    "Created": message.when.strftime("%Y-%m-%d %H:%M:%S UTC"),
                    "Content": message.text or None, "Conversation Title": None, "IsSender": mine,
                    "Created(microseconds)": int(message.when.timestamp() * 1_000_000), "IsSaved": True,
                    "Media IDs": ""}
                if message.file:
                    media_id = f"b~media{number}"
                    raw["Media IDs"] = media_id
                    files[f"{top}/chat_media/{message.when:%Y-%m-%d}_{media_id}.jpg"] = (media or {})[message.file]
                items.append(raw)
            document[other] = list(reversed(items))  # newest first, as Snapchat writes them
    else:
        received, sent = [], []
        for chat in chats:
            other = chat.participants[0]
            for message in chat.messages:
                row = {"Media Type": "TEXT", "Created": message.when.strftime("%Y-%m-%d %H:%M:%S UTC"),
                       "Text": message.text}
                if message.sender == owner:
                    sent.append({"To": other, **row})
                else:
                    received.append({"From": message.sender, **row})
        document = {"Received Saved Chat History": received, "Sent Saved Chat History": sent}
    files[f"{top}/json/chat_history.json"] = json.dumps(document, ensure_ascii=False, indent=2).encode("utf-8")
    return _zip(files)


# ----- Discord data package -------------------------------------------------------------------------------

def discord_package(chats: Sequence[Chat], *, owner: str = "Alex Victim", owner_id: str = "900000000000000001",
                    layout: str = "2023", top: str = "package") -> bytes:
    """messages/index.json, messages/c<id>/channel.json and messages.json (or .csv before 2023): the owner's
    own messages only; the channel's recipients are user ids."""
    files: dict[str, bytes] = {f"{top}/account/user.json": json.dumps(
        {"id": owner_id, "username": owner.lower().replace(" ", "."), "discriminator": "0"}).encode()}
    index: dict[str, str] = {}
    for number, chat in enumerate(chats, start=1):
        channel_id = str(800000000000000000 + number)
        other_id = str(900000000000000000 + 100 + number)
        index[channel_id] = f"Direct Message with {chat.participants[0]}"
        folder = f"{top}/messages/c{channel_id}"
        files[f"{folder}/channel.json"] = json.dumps({"id": channel_id, "type": "DM",
                                                      "recipients": [owner_id, other_id]}).encode()
        rows = [{"ID": 1000 + i, "Timestamp": m.when.strftime("%Y-%m-%d %H:%M:%S"),
                 "Contents": m.text, "Attachments": ""} for i, m in enumerate(chat.messages) if m.sender == owner]
        if layout == "2023":
            files[f"{folder}/messages.json"] = json.dumps(rows, ensure_ascii=False).encode()
        else:
            out = io.StringIO()
            out.write("ID,Timestamp,Contents,Attachments\r\n")
            for row in rows:
                text = str(row["Contents"]).replace('"', '""')
                out.write(f'{row["ID"]},{row["Timestamp"]}.000000+00:00,"{text}",\r\n')
            files[f"{folder}/messages.csv"] = out.getvalue().encode()
    files[f"{top}/messages/index.json"] = json.dumps(index).encode()
    return _zip(files)
