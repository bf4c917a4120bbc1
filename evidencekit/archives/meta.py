"""Meta's "Download your information" in JSON: Facebook/Messenger and Instagram inbox threads.

Each thread is a folder `…/messages/inbox/<name>_<id>/` with `message_1.json`, `message_2.json`, …
(newest messages first, about 10,000 per file): `participants`, `title`, and `messages` with
`sender_name`, `timestamp_ms` (milliseconds since 1970, UTC), `content`, and `photos`/`videos`/
`audio_files`/`files`/`gifs`/`sticker` naming files by path from the download's top folder. Meta writes
every non-ASCII character as one escape per UTF-8 byte; text.fix_meta_text undoes that.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

from evidencekit.archives import limits
from evidencekit.archives.base import Options
from evidencekit.archives.container import ArchiveNotRead, Container
from evidencekit.archives.jsonread import load_json
from evidencekit.archives.model import Account, Attachment, Layout, Message, Thread, ThreadInfo
from evidencekit.archives.text import clean, fix_meta_text
from evidencekit.i18n import _

NAME = "meta"
_THREAD_FILE = re.compile(r"(?:^|/)messages/(?:inbox|archived_threads|filtered_threads|message_requests|"
                          r"e2ee_cutover)/[^/]+/message_(\d{1,4})\.json$")
_SINGLE_FILE = re.compile(r"message_\d{1,4}\.json")
_MEDIA = (("photos", "photo"), ("videos", "video"), ("audio_files", "audio"), ("files", "file"), ("gifs", "gif"))
_VERSIONS = (("your_instagram_activity/messages/", "Instagram", "your_instagram_activity/messages (2023 on)"),
             ("your_facebook_activity/messages/", "Facebook", "your_facebook_activity/messages (2024 on)"),
             ("your_activity_across_facebook/messages/", "Facebook",
              "your_activity_across_facebook/messages (2022-2023)"))
_INSTAGRAM_MARKERS = ("personal_information/personal_information.json", "account_information/",
                      "instagram_profile_information")


def _thread_files(container: Container) -> dict[str, list[str]]:
    threads: dict[str, list[str]] = {}
    for name in container.names:
        if _THREAD_FILE.search(name):
            threads.setdefault(name.rsplit("/", 1)[0], []).append(name)
    if not threads and container.source.kind == "file" and _SINGLE_FILE.fullmatch(container.source.file_name):
        threads[container.source.file_name] = [container.source.file_name]  # one message_N.json given alone
    for files in threads.values():
        files.sort(key=lambda n: int(n.rsplit("_", 1)[1].split(".")[0]))
    return threads


def _dict(value: Any, name: str) -> dict[str, Any]:
    if not isinstance(value, dict) or not isinstance(value.get("messages"), list):
        raise ArchiveNotRead(_("{member} is not a Meta message file (it has no list of messages).").format(
            member=name[-120:]))
    return value


def _stamp(value: Any) -> datetime | None:
    if isinstance(value, bool) or not isinstance(value, int) or not 946_684_800_000 <= value <= 4_102_444_800_000:
        return None  # not 2000-2100 in milliseconds
    return datetime.fromtimestamp(value / 1000, UTC)


def _names(document: dict[str, Any]) -> list[str]:
    people = document.get("participants")
    found = []
    for person in people if isinstance(people, list) else []:
        name = person.get("name") if isinstance(person, dict) else person
        if isinstance(name, str):
            found.append(fix_meta_text(name))
    return found


class MetaParser:
    name = NAME

    def detect(self, container: Container) -> Layout | None:
        threads = _thread_files(container)
        if not threads:
            return None
        first = next(iter(threads.values()))[0]
        _dict(load_json(container, first), first)
        names = container.names
        for marker, platform, version in _VERSIONS:
            if any(marker in name for name in names):
                return Layout(NAME, f"{platform} messages (Meta JSON download)", version, platform)
        instagram = any(name.endswith(_INSTAGRAM_MARKERS) or marker in name
                        for name in names for marker in _INSTAGRAM_MARKERS[1:])
        platform = "Instagram" if instagram else "Facebook"
        return Layout(NAME, f"{platform} messages (Meta JSON download)", "messages/inbox (before 2023)", platform)

    def threads(self, container: Container, layout: Layout, options: Options) -> list[ThreadInfo]:
        infos: list[ThreadInfo] = []
        total = 0
        for key, files in _thread_files(container).items():
            if len(infos) >= limits.MAX_THREADS:
                break
            first = last = None
            count = 0
            title, people = "", []
            for name in files:
                document = _dict(load_json(container, name), name)
                if not title:
                    title, people = fix_meta_text(str(document.get("title") or "")), _names(document)
                for raw in document["messages"]:
                    moment = _stamp(raw.get("timestamp_ms")) if isinstance(raw, dict) else None
                    if moment is not None:
                        first = moment if first is None or moment < first else first
                        last = moment if last is None or moment > last else last
                    count += 1
            total += count
            if total > limits.MAX_ARCHIVE_MESSAGES:
                raise ArchiveNotRead(_("This download holds more than {count} messages, more than evidencekit lists "
                                       "at once; download only the messages from the time of the contact.").format(
                                           count=limits.MAX_ARCHIVE_MESSAGES))
            infos.append(ThreadInfo(key, title or key.rsplit("/", 1)[-1], tuple(people), first, last, count))
        return infos

    def read(self, container: Container, layout: Layout, key: str, options: Options) -> Thread:
        files = _thread_files(container).get(key)
        if not files:
            raise ArchiveNotRead(_("There is no thread {key!r} in this download.").format(key=key))
        raws: list[dict[str, Any]] = []
        title, people = "", []
        for name in files:
            document = _dict(load_json(container, name), name)
            if not title:
                title, people = fix_meta_text(str(document.get("title") or "")), _names(document)
            raws.extend(raw for raw in document["messages"] if isinstance(raw, dict))
            if len(raws) > limits.MAX_THREAD_MESSAGES:
                raise ArchiveNotRead(_("This thread holds more than {count} messages, more than evidencekit reads "
                                       "from one chat.").format(count=limits.MAX_THREAD_MESSAGES))
        raws.sort(key=_sort_key)
        messages = list(_messages(raws, container))
        senders: dict[str, None] = {name: None for name in people}
        for message in messages:
            if message.sender:
                senders.setdefault(message.sender)
        info = ThreadInfo(key, title or key.rsplit("/", 1)[-1], tuple(people), messages[0].time if messages else None,
                          messages[-1].time if messages else None, len(messages))
        notes = [_("Times are the platform's own, recorded in UTC (milliseconds since 1970)."),
                 _("Names are as {platform} showed them when the download was made; Meta's downloads give no account "
                   "ids in message files.").format(platform=layout.platform)]
        if layout.platform == "Instagram":
            notes.append(_("The thread folder {folder} usually begins with the other person's username.").format(
                folder=key.rsplit("/", 1)[-1]))
        return Thread(info, messages, [Account(name, "display name", name) for name in senders], notes)


def _sort_key(raw: dict[str, Any]) -> int:
    stamp = raw.get("timestamp_ms")
    return stamp if isinstance(stamp, int) else 0


def _messages(raws: list[dict[str, Any]], container: Container) -> Iterator[Message]:
    for raw in raws:
        stamp = raw.get("timestamp_ms")
        moment = _stamp(stamp)
        sender = fix_meta_text(str(raw.get("sender_name") or ""))
        content = raw.get("content")
        text, cut = clean(fix_meta_text(content) if isinstance(content, str) else "")
        message = Message(moment, str(stamp), sender, text)
        if moment is None:
            message.notes.append(_("no readable time"))
        if cut:
            message.notes.append(_("text cut at {count} characters").format(count=limits.MAX_MESSAGE_CHARS))
        if raw.get("is_unsent") is True:
            message.kind = "unsent"
        kind = raw.get("type")
        if kind == "Call":
            message.kind = "call"
            if isinstance(raw.get("call_duration"), int):
                message.notes.append(_("call of {seconds} s").format(seconds=raw["call_duration"]))
        elif kind in ("Subscribe", "Unsubscribe"):
            message.kind = "system"
        share = raw.get("share")
        if isinstance(share, dict) and isinstance(share.get("link"), str):
            message.notes.append(_("shared link: {link}").format(link=clean(share["link"], 2000)[0]))
        for key, media in _MEDIA:
            items = raw.get(key)
            for item in items if isinstance(items, list) else []:
                _attach(message, item, media, container)
        _attach(message, raw.get("sticker"), "sticker", container)
        reactions = raw.get("reactions")
        for reaction in reactions if isinstance(reactions, list) else []:
            if isinstance(reaction, dict):
                message.notes.append(_("reaction {emoji} by {actor}").format(
                    emoji=fix_meta_text(str(reaction.get("reaction", ""))),
                    actor=fix_meta_text(str(reaction.get("actor", "")))))
        yield message


def _attach(message: Message, item: Any, kind: str, container: Container) -> None:
    if not isinstance(item, dict) or not isinstance(item.get("uri"), str):
        return
    uri = item["uri"]
    message.attachments.append(Attachment(fix_meta_text(uri.rsplit("/", 1)[-1]), kind, container.find(uri)))
