"""A chosen thread as a transcript document: one entry per message, with the platform's time in UTC and
in the case's zone, the sender as the platform names them, the text, and each attachment by name and
SHA-256. Stored as RFC 8785 JSON (format `evidencekit.chat-transcript/1`, docs/platform-archives.md)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from evidencekit import __version__
from evidencekit.archives.container import Container
from evidencekit.archives.model import Layout, Message, Thread
from evidencekit.archives.zones import Zone
from evidencekit.i18n import N_

FORMAT = "evidencekit.chat-transcript/1"
LIMITS = N_("This is the copy of the chat the platform gave the victim, read by evidencekit. The platform's own "
            "records (with account details, IP addresses and deleted messages) can be requested by the police.")


def utc_text(moment: datetime | None) -> str:
    if moment is None:
        return ""
    moment = moment.astimezone(UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def local_text(moment: datetime | None, zone: Zone) -> str:
    if moment is None:
        return ""
    local = zone.local(moment)
    offset = local.strftime("%z")
    return local.strftime("%Y-%m-%dT%H:%M:%S") + f"{offset[:3]}:{offset[3:]}"


def hash_attachments(thread: Thread, container: Container) -> None:
    """Fill in SHA-256 and size of every attachment the archive holds (each member streamed once)."""
    done: dict[str, tuple[str, int]] = {}
    for message in thread.messages:
        for item in message.attachments:
            if item.member is not None:
                if item.member not in done:
                    done[item.member] = container.hash(item.member)
                item.sha256, item.size = done[item.member]


def _entry(number: int, message: Message, zone: Zone) -> dict[str, Any]:
    return {
        "n": number,
        "utc": utc_text(message.time),
        "local": local_text(message.time, zone),
        "platform_time": message.platform_time,
        "sender": message.sender,
        "sender_id": message.sender_id,
        "kind": message.kind,
        "text": message.text,
        "notes": list(message.notes),
        "attachments": [{"name": a.name, "kind": a.kind, "member": a.member, "included": a.member is not None,
                         "sha256": a.sha256, "size": a.size} for a in message.attachments],
    }


def transcript_document(thread: Thread, layout: Layout, zone: Zone, source: dict[str, Any]) -> dict[str, Any]:
    """The transcript as plain JSON data; `source` names the archive (file name, SHA-256, size)."""
    info = thread.info
    return {
        "format": FORMAT,
        "app": f"evidencekit {__version__}",
        "source": {**source, "format": layout.format, "version": layout.version, "platform": layout.platform,
                   "parser": f"evidencekit.archives.{layout.parser}"},
        "thread": {"key": info.key, "title": info.title, "participants": list(info.participants),
                   "first_utc": utc_text(info.first), "last_utc": utc_text(info.last), "messages": info.count},
        "time_zone": zone.describe(),
        "accounts": [{"name": a.name, "kind": a.kind, "value": a.value} for a in thread.accounts],
        "notes": list(thread.notes),
        "limits": LIMITS,
        "messages": [_entry(number, message, zone) for number, message in enumerate(thread.messages, start=1)],
    }
