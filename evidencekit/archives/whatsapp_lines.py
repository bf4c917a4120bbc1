"""The line layouts of WhatsApp's "Export chat" text: one header per message, in the phone's language.

    Android  15/01/2023, 21:41 - Sam: text          1/15/23, 9:41 PM - Sam: text
             15.01.23, 21:41 - Sam: text            15/1/23, 9:41 p. m. - Sam: text
    iPhone   [15/01/2023, 21:41:05] Sam: text       [1/15/23, 9:41:05 PM] Sam: text

The date order is never guessed: a first number above 12 means day first, a second number above 12
means month first; when every date fits both, the person is asked (DateOrderNeeded).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from evidencekit.archives.base import DateOrderNeeded
from evidencekit.archives.container import ArchiveNotRead
from evidencekit.i18n import _

HEADER = re.compile(
    r"^(?P<open>\[)?(?P<a>\d{1,4})(?P<sep>[./-])(?P<b>\d{1,2})(?P=sep)(?P<c>\d{1,4})\.?,?[ \u00a0]"
    r"(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:[:.](?P<s>\d{2}))?"
    r"(?:[ \u00a0\u202f](?P<ampm>[^\W\d_][^\]\d\n]{0,11}?))?"
    r"(?(open)\][ \u00a0]|[ \u00a0][-\u2013][ \u00a0])(?P<rest>.*)$")
_AM = ("am", "a.m", "a. m", "vorm")
_PM = ("pm", "p.m", "p. m", "nachm")


class Header(NamedTuple):
    bracket: bool
    numbers: tuple[str, str, str]
    hour: int
    minute: int
    second: int
    ampm: str
    written: str  # the date and time as the export wrote them
    rest: str


_STARTS = frozenset("0123456789[\u200e\u200f")
_GROUPS = ("open", "a", "b", "c", "h", "m", "s", "ampm", "rest")


def parse_header(line: str) -> Header | None:
    if not line or line[0] not in _STARTS:  # most continuation lines: no regex at all
        return None
    match = HEADER.match(line.lstrip("\u200e\u200f"))
    if match is None:
        return None
    bracket, a, b, c, h, m, s, ampm, rest = match.group(*_GROUPS)
    hour, minute, second = int(h), int(m), int(s or 0)
    if minute > 59 or second > 59 or hour > 23:
        return None
    written = match.string[: match.start("rest")].strip(" []-\u2013\u00a0")
    return Header(bool(bracket), (a, b, c), hour, minute, second, (ampm or "").strip(), written, rest)


def meridiem(marker: str, name: str) -> str:
    """'am' or 'pm' for a clock marker as phones write it in English, Spanish, German, Dutch …"""
    plain = marker.casefold().replace("\u00a0", " ").replace("\u202f", " ").rstrip(". ")
    if plain.startswith(_PM) or plain in ("p", "pm"):
        return "pm"
    if plain.startswith(_AM) or plain in ("a", "am"):
        return "am"
    raise ArchiveNotRead(_("{member} writes times with {marker!r}, a clock marker evidencekit does not know, so "
                           "its times could not be read.").format(member=name[-120:], marker=marker[:20]))


def date_order(numbers: Iterable[tuple[str, str, str]], chosen: str | None, name: str) -> tuple[str, bool]:
    """The order of the date fields ('dmy', 'mdy' or 'ymd') and whether the person chose it."""
    day_first = month_first = year_first = False
    for a, b, _c in numbers:
        if len(a) == 4:
            year_first = True
        elif int(a) > 12:
            day_first = True
        elif int(b) > 12:
            month_first = True
    if year_first:
        return "ymd", False
    if day_first and month_first:
        raise ArchiveNotRead(_("The dates in {member} are written in two different orders, so they cannot be read "
                               "safely.").format(member=name[-120:]))
    found = "dmy" if day_first else "mdy" if month_first else None
    if chosen and found and chosen != found:
        raise DateOrderNeeded(_("The dates in {member} can only be {found} (a date such as 13 or later shows it), "
                                "not the order that was given.").format(member=name[-120:], found=ORDER_WORDS[found]))
    if found:
        return found, False
    if chosen in ("dmy", "mdy"):
        return chosen, True
    raise DateOrderNeeded(_("Every date in {member} reads both as day/month and as month/day (no day after the "
                            "12th), so evidencekit will not guess: say which the phone uses (--date-order dmy for "
                            "15/01, mdy for 01/15).").format(member=name[-120:]))


ORDER_WORDS = {"dmy": "day/month/year", "mdy": "month/day/year", "ymd": "year/month/day"}


def wall_time(header: Header, order: str, twelve_hour: bool, name: str) -> datetime | None:
    """The header's naive wall-clock time, or None when the numbers are not a real date."""
    a, b, c = (int(x) for x in header.numbers)
    year, month, day = (a, b, c) if order == "ymd" else (c, b, a) if order == "dmy" else (c, a, b)
    if year < 100:
        year += 2000
    hour = header.hour
    if twelve_hour:
        if not header.ampm or not 1 <= hour <= 12:
            return None
        half = meridiem(header.ampm, name)
        hour = hour % 12 + (12 if half == "pm" else 0)
    try:
        return datetime(year, month, day, hour, header.minute, header.second)
    except ValueError:
        return None
