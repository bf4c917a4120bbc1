"""Snapchat "My Data" (`…/json/chat_history.json`, media in `chat_media/`).

Two layouts: before 2023 the file holds lists named "Received Saved Chat History" and "Sent Saved Chat
History" (`From` or `To`, `Media Type`, `Created` "YYYY-MM-DD HH:MM:SS UTC", `Text`); since 2023 it holds
one list per conversation, keyed by the other user's username or a group's id, with `From`, `Media Type`,
`Created`, `Created(microseconds)`, `Content`, `Conversation Title`, `IsSender`, `IsSaved` and `Media IDs`
(" | "-separated), whose files are `chat_media/<date>_<media id>.<ext>`. Only chats someone saved are
in the download (Snapchat deletes the rest), which the transcript says.
"""

from __future__ import annotations

import posixpath
from datetime import UTC, datetime
from typing import Any

from evidencekit.archives import limits
from evidencekit.archives.base import Options
from evidencekit.archives.container import ArchiveNotRead, Container
from evidencekit.archives.jsonread import load_json
from evidencekit.archives.model import Account, Attachment, Layout, Message, Thread, ThreadInfo
from evidencekit.archives.text import clean
from evidencekit.i18n import _

NAME = "snapchat"
FORMAT = "Snapchat My Data (JSON)"
_OLD_KEYS = ("Received Saved Chat History", "Sent Saved Chat History", "Received Unsaved Chat History",
             "Sent Unsaved Chat History")


def _history(container: Container) -> str | None:
    found = [n for n in container.names if n.endswith("json/chat_history.json") or n == "chat_history.json"]
    return min(found, key=len) if found else None


def _time(raw: dict[str, Any]) -> tuple[datetime | None, str]:
    micro = raw.get("Created(microseconds)")
    if isinstance(micro, int) and not isinstance(micro, bool) and 0 < micro < 4_102_444_800_000_000:
        return datetime.fromtimestamp(micro / 1_000_000, UTC), str(raw.get("Created") or micro)
    written = raw.get("Created")
    if isinstance(written, str):
        try:
            return datetime.strptime(written[:19], "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC), written
        except ValueError:
            return None, written[:40]
    return None, ""


def _conversations(document: Any, old: bool) -> dict[str, list[dict[str, Any]]]:
    """Messages by conversation key: the other user's username (or a group's id)."""
    if not isinstance(document, dict):
        raise ArchiveNotRead(_("This Snapchat chat history is not a JSON object of conversations."))
    found: dict[str, list[dict[str, Any]]] = {}
    for key, items in document.items():
        if not isinstance(items, list) or (old and key not in _OLD_KEYS):
            continue
        for raw in items:
            if not isinstance(raw, dict):
                continue
            other = str(raw.get("To" if key.startswith("Sent") else "From") or "") if old else str(key)
            found.setdefault(other, []).append(raw)
    return found


class SnapchatParser:
    name = NAME

    def detect(self, container: Container) -> Layout | None:
        name = _history(container)
        if name is None:
            return None
        document = load_json(container, name)
        if not isinstance(document, dict):
            return None
        old = any(key in document for key in _OLD_KEYS)
        version = _("Saved Chat History lists (before 2023)") if old else _("one list per conversation (2023 on)")
        return Layout(NAME, FORMAT, version, "Snapchat")

    def _chats(self, container: Container, layout: Layout) -> dict[str, list[dict[str, Any]]]:
        name = _history(container)
        assert name is not None
        return _conversations(load_json(container, name), "before 2023" in layout.version)

    def threads(self, container: Container, layout: Layout, options: Options) -> list[ThreadInfo]:
        infos = []
        for key, raws in list(self._chats(container, layout).items())[: limits.MAX_THREADS]:
            times = [t for t, _w in map(_time, raws) if t]
            title = next((str(r["Conversation Title"]) for r in raws if r.get("Conversation Title")), key)
            people = tuple(dict.fromkeys([key, *(str(r.get("From")) for r in raws if r.get("From"))]))
            infos.append(ThreadInfo(key, title, people, min(times) if times else None,
                                    max(times) if times else None, len(raws)))
        return infos

    def read(self, container: Container, layout: Layout, key: str, options: Options) -> Thread:
        raws = self._chats(container, layout).get(key)
        if raws is None:
            raise ArchiveNotRead(_("There is no conversation {key!r} in this download.").format(key=key))
        if len(raws) > limits.MAX_THREAD_MESSAGES:
            raise ArchiveNotRead(_("This chat holds more than {count} messages, more than evidencekit reads from one "
                                   "chat.").format(count=limits.MAX_THREAD_MESSAGES))
        media = _media_index(container)
        old = "before 2023" in layout.version
        messages = []
        for raw in sorted(raws, key=lambda r: _time(r)[0] or datetime.min.replace(tzinfo=UTC)):
            moment, written = _time(raw)
            sender = str(raw.get("From") or (_("(the account owner)") if old or raw.get("IsSender") else ""))
            value = raw.get("Content") if "Content" in raw else raw.get("Text")
            text, cut = clean(value if isinstance(value, str) else "")
            message = Message(moment, written, sender, text)
            kind = str(raw.get("Media Type") or "TEXT")
            if kind != "TEXT":
                message.notes.append(_("media type {kind}").format(kind=kind))
            if cut:
                message.notes.append(_("text cut at {count} characters").format(count=limits.MAX_MESSAGE_CHARS))
            for media_id in str(raw.get("Media IDs") or "").split("|"):
                media_id = media_id.strip()
                if media_id:
                    member = media.get(media_id)
                    shown = posixpath.basename(member) if member else media_id
                    message.attachments.append(Attachment(shown, kind.lower() if kind != "MEDIA" else "file", member))
            messages.append(message)
        people = [key, *dict.fromkeys(m.sender for m in messages if m.sender and m.sender != key)]
        info = ThreadInfo(key, next((str(r["Conversation Title"]) for r in raws if r.get("Conversation Title")), key),
                          tuple(people), messages[0].time if messages else None,
                          messages[-1].time if messages else None, len(messages))
        notes = [_("Times are Snapchat's own, in UTC."),
                 _("Snapchat's download holds only the messages someone saved in the chat; others were deleted by "
                   "Snapchat and can only come from the police's request to Snapchat."),
                 _("Names are Snapchat usernames, the accounts' permanent names.")]
        accounts = [Account(name, "username", name) for name in dict.fromkeys(
            [key, *(m.sender for m in messages)]) if name and not name.startswith("(")]
        return Thread(info, messages, accounts, notes)


def _media_index(container: Container) -> dict[str, str]:
    """chat_media/<date>_<media id>.<ext> by media id."""
    index: dict[str, str] = {}
    for name in container.names:
        if "/chat_media/" in f"/{name}":
            stem = posixpath.splitext(posixpath.basename(name))[0]
            index.setdefault(stem.split("_", 1)[-1], name)
    return index
