"""Discord's data package ("Request all of my Data"): `messages/index.json` names each channel,
`messages/<c>id/channel.json` holds its `id`, `type`, `recipients` (user ids) or `guild`, and
`messages.json` (`[{ID, Timestamp, Contents, Attachments}]`, since 2023) or `messages.csv` (the same
columns, before) holds the messages. Only the account owner's own messages are in it, which the
transcript says; a direct message's recipients give the other person's permanent user id.
"""

from __future__ import annotations

import csv
import io
import posixpath
from datetime import UTC, datetime
from typing import Any

from evidencekit.archives import limits
from evidencekit.archives.base import Options
from evidencekit.archives.container import ArchiveNotRead, Container
from evidencekit.archives.jsonread import load_json
from evidencekit.archives.model import Account, Attachment, Layout, Message, Thread, ThreadInfo
from evidencekit.archives.text import clean, decode_text
from evidencekit.i18n import _

NAME = "discord"
FORMAT = "Discord data package"


def _root(container: Container) -> str | None:
    found = [n[: -len("index.json")] for n in container.names
             if n.lower().endswith("messages/index.json") and n.count("/") <= 2]
    return min(found, key=len) if found else None


def _channels(container: Container, root: str) -> dict[str, str]:
    """Channel folder -> its messages file (json preferred)."""
    folders: dict[str, str] = {}
    for name in container.names:
        if name.startswith(root) and name.lower().endswith(("/messages.json", "/messages.csv")):
            folder = name.rsplit("/", 1)[0]
            if folder not in folders or name.lower().endswith(".json"):
                folders[folder] = name
    return folders


def _time(text: str) -> datetime | None:
    for form in ("%Y-%m-%d %H:%M:%S.%f%z", "%Y-%m-%d %H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z"):
        try:
            return datetime.strptime(text, form).astimezone(UTC)
        except ValueError:
            continue
    try:
        return datetime.fromisoformat(text.rstrip("Z")).replace(tzinfo=UTC)
    except ValueError:
        return None


def _rows(container: Container, name: str) -> list[dict[str, Any]]:
    if name.endswith(".json"):
        rows = load_json(container, name)
        if not isinstance(rows, list):
            raise ArchiveNotRead(_("{member} is not a list of Discord messages.").format(member=name[-120:]))
        return [row for row in rows if isinstance(row, dict)]
    reader = csv.DictReader(io.StringIO(decode_text(container.read(name), name)))
    try:
        return list(reader)
    except csv.Error as exc:
        raise ArchiveNotRead(_("{member} is not a readable CSV file.").format(member=name[-120:])) from exc


class DiscordParser:
    name = NAME

    def detect(self, container: Container) -> Layout | None:
        root = _root(container)
        if root is None:
            return None
        index = load_json(container, root + "index.json")
        if not isinstance(index, dict):
            return None
        files = _channels(container, root).values()
        version = _("messages.json per channel (2023 on)") if any(f.endswith(".json") for f in files) else \
            _("messages.csv per channel (before 2023)")
        return Layout(NAME, FORMAT, version, "Discord")

    def _context(self, container: Container) -> tuple[str, dict[str, Any], dict[str, str]]:
        root = _root(container)
        assert root is not None
        index = load_json(container, root + "index.json")
        names = {str(k): str(v) for k, v in index.items()} if isinstance(index, dict) else {}
        base = root[: -len("messages/")].rstrip("/")
        owner_file = container.find("account/user.json", base) or container.find("Account/user.json", base)
        owner = load_json(container, owner_file) if owner_file else {}
        return root, owner if isinstance(owner, dict) else {}, names

    def _channel(self, container: Container, folder: str) -> dict[str, Any]:
        name = f"{folder}/channel.json"
        info = load_json(container, name) if name in container.names else {}
        return info if isinstance(info, dict) else {}

    def threads(self, container: Container, layout: Layout, options: Options) -> list[ThreadInfo]:
        root, owner, names = self._context(container)
        infos = []
        for folder, file_name in list(_channels(container, root).items())[: limits.MAX_THREADS]:
            channel = self._channel(container, folder)
            rows = _rows(container, file_name)
            times = [t for t in (_time(str(r.get("Timestamp", ""))) for r in rows) if t]
            title = names.get(str(channel.get("id", ""))) or posixpath.basename(folder)
            people = tuple([str(owner.get("username") or _("(the account owner)")),
                            *(str(r) for r in channel.get("recipients") or [] if str(r) != str(owner.get("id")))])
            infos.append(ThreadInfo(folder, title, people, min(times) if times else None,
                                    max(times) if times else None, len(rows)))
        return infos

    def read(self, container: Container, layout: Layout, key: str, options: Options) -> Thread:
        root, owner, names = self._context(container)
        file_name = _channels(container, root).get(key)
        if file_name is None:
            raise ArchiveNotRead(_("There is no channel {key!r} in this package.").format(key=key))
        rows = _rows(container, file_name)
        if len(rows) > limits.MAX_THREAD_MESSAGES:
            raise ArchiveNotRead(_("This chat holds more than {count} messages, more than evidencekit reads from one "
                                   "chat.").format(count=limits.MAX_THREAD_MESSAGES))
        channel = self._channel(container, key)
        sender = str(owner.get("username") or _("(the account owner)"))
        messages = []
        for row in sorted(rows, key=lambda r: str(r.get("Timestamp", ""))):
            written = str(row.get("Timestamp", ""))
            text, cut = clean(str(row.get("Contents") or ""))
            message = Message(_time(written), written, sender, text, sender_id=str(owner.get("id") or ""))
            if cut:
                message.notes.append(_("text cut at {count} characters").format(count=limits.MAX_MESSAGE_CHARS))
            for link in str(row.get("Attachments") or "").split():
                message.attachments.append(Attachment(posixpath.basename(link.split("?")[0]) or link, "file"))
                message.notes.append(_("attachment kept on Discord's servers: {link}").format(link=link[:300]))
            messages.append(message)
        others = [str(r) for r in channel.get("recipients") or [] if str(r) != str(owner.get("id"))]
        info = ThreadInfo(key, names.get(str(channel.get("id", ""))) or posixpath.basename(key),
                          tuple([sender, *others]), messages[0].time if messages else None,
                          messages[-1].time if messages else None, len(messages))
        notes = [_("Discord's data package holds only the account owner's own messages; the other person's come "
                   "only from the police's request to Discord."),
                 _("Times are Discord's own, with their UTC offset.")]
        title = names.get(str(channel.get("id", ""))) or ""
        username = title[len("Direct Message with "):] if title.startswith("Direct Message with ") else ""
        accounts = []
        for other in others:
            label = username if username and len(others) == 1 else other
            if username and len(others) == 1:
                accounts.append(Account(label, "username", username))
            accounts.append(Account(label, "user id", other))
        return Thread(info, messages, accounts, notes)
