"""What every parser returns: plain data, the same whatever the platform."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

PICTURE_EXTENSIONS = (".jpg", ".jpeg", ".png", ".webp")


@dataclass
class Attachment:
    """A file a message carried: the name the platform gives, and the member holding it (None: not included)."""

    name: str
    kind: str  # photo | video | audio | file | sticker | gif
    member: str | None = None
    sha256: str = ""
    size: int = 0

    @property
    def is_picture(self) -> bool:
        return self.member is not None and self.member.lower().endswith(PICTURE_EXTENSIONS)


@dataclass
class Message:
    """One message as the platform recorded it; `time` is aware (UTC), `platform_time` as written."""

    time: datetime | None
    platform_time: str
    sender: str
    text: str
    sender_id: str = ""
    kind: str = "message"  # message | system | call | unsent | share
    attachments: list[Attachment] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # edited, reactions, forwarded, cut …


@dataclass(frozen=True)
class Account:
    """An identifier the archive's structure gives for a participant (sender name, user id, phone)."""

    name: str
    kind: str  # display name | user id | username | phone
    value: str


@dataclass(frozen=True)
class ThreadInfo:
    """One conversation in an archive, as listed for the person to choose."""

    key: str
    title: str
    participants: tuple[str, ...]
    first: datetime | None
    last: datetime | None
    count: int

    def matches(self, wanted: str) -> bool:
        text = wanted.strip().casefold()
        return bool(text) and (text == self.key.casefold() or text == self.title.casefold()
                               or any(text == name.casefold() for name in self.participants))


@dataclass
class Thread:
    """A chosen thread, read whole: its messages in order, identifiers, and what the reader should know."""

    info: ThreadInfo
    messages: list[Message]
    accounts: list[Account] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Layout:
    """Which format and version an archive is, as recognised from the files inside."""

    parser: str  # whatsapp | meta | telegram
    format: str  # "WhatsApp chat export", "Facebook Messenger (Meta JSON)", …
    version: str  # "Android layout, 24-hour clock, day/month/year", …
    platform: str  # WhatsApp | Facebook | Instagram | Telegram
