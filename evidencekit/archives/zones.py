"""The case's local time zone, for platforms that write the phone's or computer's wall-clock time
(WhatsApp, old Telegram exports) and for showing every time locally beside UTC."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, tzinfo
from pathlib import Path

from evidencekit.errors import UsageError
from evidencekit.i18n import _


class Zone:
    """A named IANA zone (Europe/London) or, by default, this computer's local time."""

    def __init__(self, name: str | None = None) -> None:
        self._tz: tzinfo | None = None
        if name:
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                self._tz = ZoneInfo(name)
            except (ZoneInfoNotFoundError, ValueError, OSError):
                raise UsageError(_("{zone} is not a time zone name this computer knows; use one like "
                                   "Europe/London or America/New_York.").format(zone=name)) from None
            self.name = name
        else:
            self.name = _system_zone_name()

    def to_utc(self, wall: datetime) -> datetime:
        """A wall-clock time in this zone (naive) as UTC; the earlier reading where the clocks went back."""
        if self._tz is not None:
            return wall.replace(tzinfo=self._tz, fold=0).astimezone(UTC)
        return wall.replace(fold=0).astimezone(UTC)  # naive = the computer's local time

    def local(self, moment: datetime) -> datetime:
        return moment.astimezone(self._tz) if self._tz is not None else moment.astimezone()

    def describe(self) -> str:
        return self.name


def _system_zone_name() -> str:
    tz = os.environ.get("TZ", "").lstrip(":")
    if tz and "/" in tz and not tz.startswith("/"):
        return tz
    try:
        target = os.path.realpath("/etc/localtime")
        if "zoneinfo/" in target:
            return target.split("zoneinfo/", 1)[1]
    except OSError:
        pass
    if Path("/etc/timezone").is_file():
        try:
            return Path("/etc/timezone").read_text(encoding="utf-8").strip() or time.tzname[0]
        except OSError:
            pass
    return time.tzname[0]
