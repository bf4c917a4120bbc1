"""The small interface every archive parser implements, and the choices a person may have to make."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from evidencekit.archives.container import Container
from evidencekit.archives.model import Layout, Thread, ThreadInfo
from evidencekit.archives.zones import Zone
from evidencekit.errors import UsageError

DATE_ORDERS = ("dmy", "mdy", "ymd")


class DateOrderNeeded(UsageError):
    """The export's dates read correctly both as day/month and month/day: the person must say which."""


@dataclass(frozen=True)
class Options:
    """What the person chose: the date order of an ambiguous export, and the zone of wall-clock times."""

    date_order: str | None = None
    zone: Zone = field(default_factory=Zone)


class ArchiveParser(Protocol):
    """One platform's export format. `detect` only looks at names and the start of files; `threads`
    lists every conversation without keeping their messages; `read` reads one conversation whole."""

    name: str

    def detect(self, container: Container) -> Layout | None: ...

    def threads(self, container: Container, layout: Layout, options: Options) -> list[ThreadInfo]: ...

    def read(self, container: Container, layout: Layout, key: str, options: Options) -> Thread: ...
