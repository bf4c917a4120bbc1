"""Timestamps as the police want them: UTC with milliseconds, plus local time with offset and zone."""

from __future__ import annotations

import time
from collections.abc import Callable
from datetime import UTC, datetime

from evidencekit.records import NamedTuple

Clock = Callable[[], datetime]
CLOCK_SOURCE = "this computer's clock"


def system_clock() -> datetime:
    return datetime.now(UTC)


class Stamp(NamedTuple):
    """One moment, written both ways."""

    utc: str  # 2026-11-27T23:01:02.123Z
    local: str  # 2026-11-28T00:01:02.123+01:00
    offset: str  # +01:00
    zone: str  # CET (or the zone name the system gives)

    def as_dict(self) -> dict[str, str]:
        return {"utc": self.utc, "local": self.local, "offset": self.offset, "zone": self.zone}


def stamp(moment: datetime) -> Stamp:
    """Format an aware datetime as UTC and local time (the computer's zone)."""
    moment_utc = moment.astimezone(UTC)
    local = moment_utc.astimezone()
    offset = local.strftime("%z")
    offset = f"{offset[:3]}:{offset[3:]}" if offset else "+00:00"
    zone = local.tzname() or time.tzname[0]
    return Stamp(
        utc=moment_utc.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment_utc.microsecond // 1000:03d}Z",
        local=local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}" + offset,
        offset=offset,
        zone=zone,
    )
