"""Telegram Desktop's "Export chat history" / "Export Telegram data" in JSON (`result.json`).

One chat: the file is `{"name", "type", "id", "messages": [...]}`; a whole-account export nests the
chats in `{"chats": {"list": [...]}}`. Each message has `id`, `type` ("message" or "service"), `date`
(the exporting computer's wall-clock time), since 2021 also `date_unixtime` (seconds since 1970, UTC),
`from` and `from_id` ("user123456789"), `text` (a string, or a list of strings and `{"type", "text"}`
pieces), and `photo` or `file` with `media_type`, naming files relative to `result.json`.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from evidencekit.archives import limits
from evidencekit.archives.base import Options
from evidencekit.archives.container import ArchiveNotRead, Container
from evidencekit.archives.jsonread import load_json
from evidencekit.archives.model import Account, Attachment, Layout, Message, Thread, ThreadInfo
from evidencekit.archives.text import clean
from evidencekit.i18n import _

NAME = "telegram"
FORMAT = "Telegram Desktop JSON export"
_MEDIA_KINDS = {"voice_message": "audio", "audio_file": "audio", "video_file": "video", "video_message": "video",
                "animation": "gif", "sticker": "sticker"}


def _result_file(container: Container) -> str | None:
    candidates = [name for name in container.names if posixpath.basename(name) == "result.json"]
    if not candidates and container.source.kind == "file" and container.source.file_name.lower().endswith(".json"):
        candidates = container.names
    return min(candidates, key=len) if candidates else None


def _chats(document: Any) -> tuple[list[dict[str, Any]], bool]:
    """The chats of an export, and whether it is a whole-account export."""
    if isinstance(document, dict) and isinstance(document.get("messages"), list) and "type" in document:
        return [document], False
    chats = document.get("chats") if isinstance(document, dict) else None
    listed = chats.get("list") if isinstance(chats, dict) else None
    if isinstance(listed, list):
        left = document.get("left_chats")
        extra = left.get("list") if isinstance(left, dict) else None
        found = [c for c in listed + (extra if isinstance(extra, list) else []) if isinstance(c, dict)]
        return [c for c in found if isinstance(c.get("messages"), list)], True
    raise ArchiveNotRead(_("This JSON file is not a Telegram export (it has no chats or messages)."))


def _keys(chats: list[dict[str, Any]]) -> list[str]:
    """Each chat's key: its Telegram id, or its place in the list where the id is missing or repeated."""
    ids = [str(chat.get("id")) if isinstance(chat.get("id"), int) else "" for chat in chats]
    return [key if key and ids.count(key) == 1 else f"chat-{index + 1}" for index, key in enumerate(ids)]


def _text(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, list):
        return "".join(part if isinstance(part, str) else str(part.get("text", "")) if isinstance(part, dict)
                       else "" for part in value)
    return ""


def _time(raw: dict[str, Any], options: Options) -> tuple[datetime | None, str]:
    unix = raw.get("date_unixtime")
    if isinstance(unix, str) and unix.isdigit() and len(unix) <= 11:
        return datetime.fromtimestamp(int(unix), UTC), unix
    written = raw.get("date")
    if isinstance(written, str):
        try:
            return options.zone.to_utc(datetime.fromisoformat(written[:19])), written
        except ValueError:
            return None, written[:40]
    return None, ""


class TelegramParser:
    name = NAME

    def detect(self, container: Container) -> Layout | None:
        name = _result_file(container)
        if name is None:
            return None
        try:
            chats, whole = _chats(load_json(container, name))
        except ArchiveNotRead:
            if posixpath.basename(name) == "result.json":
                raise
            return None  # another kind of JSON file: let the other parsers look
        sample = next((m for chat in chats for m in chat["messages"] if isinstance(m, dict)), {})
        kind = _("whole-account export") if whole else _("single chat export")
        clock = _("UTC times (date_unixtime)") if "date_unixtime" in sample else \
            _("local times only (exports before 2021)")
        return Layout(NAME, FORMAT, f"{kind}, {clock}", "Telegram")

    def _document(self, container: Container) -> list[dict[str, Any]]:
        name = _result_file(container)
        assert name is not None
        return _chats(load_json(container, name))[0]

    def threads(self, container: Container, layout: Layout, options: Options) -> list[ThreadInfo]:
        infos = []
        chats = self._document(container)[: limits.MAX_THREADS]
        for key, chat in zip(_keys(chats), chats, strict=True):
            times = [t for t, _w in (_time(m, options) for m in chat["messages"] if isinstance(m, dict)) if t]
            senders = {str(m.get("from")): None for m in chat["messages"] if isinstance(m, dict) and m.get("from")}
            infos.append(ThreadInfo(key, str(chat.get("name") or _("(no name)")), tuple(senders),
                                    min(times) if times else None, max(times) if times else None,
                                    len(chat["messages"])))
        return infos

    def read(self, container: Container, layout: Layout, key: str, options: Options) -> Thread:
        chats = self._document(container)
        chat = next((c for k, c in zip(_keys(chats), chats, strict=True) if k == key), None)
        if chat is None:
            raise ArchiveNotRead(_("There is no chat {key!r} in this export.").format(key=key))
        if len(chat["messages"]) > limits.MAX_THREAD_MESSAGES:
            raise ArchiveNotRead(_("This chat holds more than {count} messages, more than evidencekit reads from one "
                                   "chat.").format(count=limits.MAX_THREAD_MESSAGES))
        base = posixpath.dirname(_result_file(container) or "")
        messages = list(_messages(chat["messages"], container, base, options))
        accounts: dict[tuple[str, str], Account] = {}
        for message in messages:
            if message.sender:
                accounts.setdefault((message.sender, "display name"),
                                    Account(message.sender, "display name", message.sender))
            if message.sender_id:
                accounts.setdefault((message.sender, message.sender_id),
                                    Account(message.sender, "user id", message.sender_id))
        senders = tuple(dict.fromkeys(m.sender for m in messages if m.sender))
        info = ThreadInfo(key, str(chat.get("name") or ""), senders,
                          messages[0].time if messages else None, messages[-1].time if messages else None,
                          len(messages))
        notes = [_("Times with date_unixtime are Telegram's own, in UTC; without it they are the exporting "
                   "computer's wall-clock time, read as {zone} time.").format(zone=options.zone.describe()),
                 _("Sender names are as Telegram showed them; from_id is the account's permanent id.")]
        return Thread(info, messages, list(accounts.values()), notes)


def _messages(raws: list[Any], container: Container, base: str, options: Options) -> Iterator[Message]:
    for raw in raws:
        if not isinstance(raw, dict):
            continue
        moment, written = _time(raw, options)
        service = raw.get("type") == "service"
        sender = str(raw.get("actor" if service else "from") or "")
        sender_id = str(raw.get("actor_id" if service else "from_id") or "")
        text, cut = clean(_text(raw.get("text")))
        if service and raw.get("action"):
            text = (f"[{raw['action']}] " + text).strip()
        message = Message(moment, written, sender, text, sender_id=sender_id.removeprefix("user"),
                          kind="system" if service else "message")
        if cut:
            message.notes.append(_("text cut at {count} characters").format(count=limits.MAX_MESSAGE_CHARS))
        if raw.get("edited"):
            message.notes.append(_("edited {when}").format(when=str(raw.get("edited"))[:40]))
        if raw.get("forwarded_from"):
            message.notes.append(_("forwarded from {name}").format(name=str(raw["forwarded_from"])[:200]))
        for field_name in ("photo", "file"):
            path = raw.get(field_name)
            if isinstance(path, str) and path:
                included = not path.startswith("(")
                kind = "photo" if field_name == "photo" else _MEDIA_KINDS.get(str(raw.get("media_type")), "file")
                member = container.find(path, base) if included else None
                shown = posixpath.basename(path) if included else path[:120]
                message.attachments.append(Attachment(shown, kind, member))
                if not included:
                    message.notes.append(_("file not included in the export"))
        yield message
