"""Times a picture file claims about itself, made readable: EXIF DateTimeOriginal with OffsetTimeOriginal,
and the GPS time (GPSDateStamp + GPSTimeStamp, UTC by the EXIF standard).

All are claims from the file (the device's clock, or whatever wrote the file), shown as such. A time
without an offset is given as it is with "zone unknown": it is never guessed to be UTC or the computer's
zone. The EXIF blocks are found by evidencekit/capture/identifying.py (`exif_blocks`, no pixel decoded).
Qt-free.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_EXIF_TIME = re.compile(r"^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})")
_OFFSET = re.compile(r"^([+-])(\d{2}):(\d{2})$")
_GPS_IFD = 0x8825
_GPS_TIME, _GPS_DATE = 7, 29


@dataclass(frozen=True)
class ClaimedTime:
    """One time read from the file: as written, its zone offset ('' when unknown), and UTC when known."""

    local: str  # '2026-03-03 21:09:12'
    offset: str  # '+01:00' or ''
    utc: str  # '2026-03-03T20:09:12Z' or ''

    @property
    def sort_key(self) -> str:
        """UTC when known, else the time as written (the best place for it in a timeline)."""
        return self.utc or self.local.replace(" ", "T")


def exif_time(date_time: object, offset: object = "") -> ClaimedTime | None:
    """DateTimeOriginal ('2026:03:03 21:09:12') and OffsetTimeOriginal ('+01:00') as a ClaimedTime."""
    match = _EXIF_TIME.match(str(date_time or "").strip())
    if not match:
        return None
    try:
        year, month, day, hour, minute, second = (int(part) for part in match.groups())
        moment = dt.datetime(year, month, day, hour, minute, second)  # the zone, when known, is applied below
    except ValueError:
        return None
    local = moment.strftime("%Y-%m-%d %H:%M:%S")
    zone = _OFFSET.match(str(offset or "").strip())
    if not zone:
        return ClaimedTime(local, "", "")
    sign, hours, minutes = zone.groups()
    delta = dt.timedelta(hours=int(hours), minutes=int(minutes)) * (-1 if sign == "-" else 1)
    utc = (moment - delta).strftime("%Y-%m-%dT%H:%M:%SZ")
    return ClaimedTime(local, zone.group(0), utc)


def gps_time(data: bytes) -> ClaimedTime | None:
    """The GPS date and time in the picture's EXIF GPS block (UTC), or None."""
    from evidencekit.capture.identifying import exif_blocks

    for exif in exif_blocks(data):
        try:
            gps = exif.get_ifd(_GPS_IFD)
        except (KeyError, ValueError, TypeError, SyntaxError, OSError):
            continue
        date, clock = gps.get(_GPS_DATE), gps.get(_GPS_TIME)
        if not date or not clock:
            continue
        try:
            hours, minutes, seconds = (float(part) for part in clock)
            day = dt.datetime.strptime(str(date).strip("\x00 "), "%Y:%m:%d").replace(tzinfo=dt.UTC)
            moment = day + dt.timedelta(hours=hours, minutes=minutes, seconds=int(seconds))
        except (ValueError, TypeError, ZeroDivisionError, OverflowError):
            continue
        return ClaimedTime(moment.strftime("%Y-%m-%d %H:%M:%S"), "+00:00", moment.strftime("%Y-%m-%dT%H:%M:%SZ"))
    return None


def readable(claim: ClaimedTime, unknown_zone: str) -> str:
    """'2026-03-03 21:09:12 +01:00 (2026-03-03 20:09:12 UTC)', or '2026-03-03 21:09:12, <unknown_zone>'."""
    if not claim.offset:
        return f"{claim.local}, {unknown_zone}"
    if claim.offset == "+00:00":
        return f"{claim.local} UTC"
    return f"{claim.local} {claim.offset} ({claim.utc.replace('T', ' ').removesuffix('Z')} UTC)"
