"""Turn recorded data (stamps, details, capture records) into the short strings the pages print."""

from __future__ import annotations

from typing import Any

from evidencekit.bundle import wording
from evidencekit.categories import role_name
from evidencekit.i18n import _


def utc_text(stamp: dict[str, Any] | None) -> str:
    """'2026-03-01 21:30:12.123 UTC' from a Stamp dict."""
    utc = str((stamp or {}).get("utc", ""))
    return f"{utc.replace('T', ' ').removesuffix('Z')} UTC" if utc else wording.NOT_GIVEN


def local_text(stamp: dict[str, Any] | None) -> str:
    """'2026-03-01 22:30:12.123 +01:00 (CET)' from a Stamp dict."""
    stamp = stamp or {}
    local = str(stamp.get("local", ""))
    if not local:
        return wording.NOT_GIVEN
    offset = str(stamp.get("offset", ""))
    body = local.replace("T", " ")
    if offset and body.endswith(offset):
        body = body[: -len(offset)] + " " + offset
    zone = str(stamp.get("zone", ""))
    return f"{body} ({zone})" if zone and zone != offset else body


def prepared_by_text(details: dict[str, Any]) -> str:
    prepared = details.get("prepared_by") or {}
    name = str(prepared.get("name", ""))
    role = role_name(str(prepared.get("role", "")))  # 'victim' in the bundle's language; a role typed in as typed
    extra = ", ".join(v for v in (role, str(prepared.get("organisation", ""))) if v)
    contact = ", ".join(v for v in (str(prepared.get("phone", "")), str(prepared.get("email", ""))) if v)
    text = f"{name} ({extra})" if name and extra else (name or extra)
    if contact:
        text = f"{text}; {contact}" if text else contact
    return text or wording.NOT_GIVEN


def demand_text(demand: dict[str, Any]) -> str:
    amount = " ".join(v for v in (str(demand.get("amount", "")), str(demand.get("currency", ""))) if v)
    amount = amount or _("amount not stated")
    text = _("{amount} by {method}").format(amount=amount, method=demand["method"]) if demand.get("method") else amount
    if demand.get("deadline"):
        text = _("{demand}; deadline given: {deadline}").format(demand=text, deadline=demand["deadline"])
    return text


def paid_text(paid: dict[str, Any]) -> str:
    status = str(paid.get("status", "unknown") or "unknown")
    text = wording.PAID_WORDS.get(status, status)
    if status in ("yes", "partly"):
        detail = ", ".join(v for v in (
            " ".join(x for x in (str(paid.get("amount", "")), str(paid.get("currency", ""))) if x),
            str(paid.get("method", "")), str(paid.get("date", "")),
            _("reference {reference}").format(reference=paid["reference"]) if paid.get("reference") else "") if v)
        if detail:
            text = _("{status}: {details}").format(status=text, details=detail)
    if paid.get("notes"):
        text = _("{paid}. {notes}").format(paid=text, notes=paid["notes"])
    return text


def reported(who: str, details: list[str]) -> str:
    """'Reported to Snapchat (report id 123; on 2026-03-02)': the details are each a whole phrase."""
    if details:
        return _("Reported to {who} ({details})").format(who=who, details="; ".join(details))
    return _("Reported to {who}").format(who=who)


def reports_lines(details: dict[str, Any]) -> list[str]:
    reports = details.get("reports") or {}
    lines = []
    for item in reports.get("platform_reports") or []:
        extra = [_("report id {id}").format(id=item["report_id"])] if item.get("report_id") else []
        extra += [_("on {date}").format(date=item["date"])] if item.get("date") else []
        lines.append(reported(str(item.get("platform") or _("the platform")), extra))
    police = reports.get("police") or {}
    if any(police.values()):
        extra = [_("police force: {force}").format(force=police["force"])] if police.get("force") else []
        if police.get("crime_reference"):
            extra.append(_("crime reference {reference}").format(reference=police["crime_reference"]))
        if police.get("date"):
            extra.append(_("on {date}").format(date=police["date"]))
        if police.get("officer"):
            extra.append(_("officer {name}").format(name=police["officer"]))
        lines.append(reported(_("the police"), extra))
    for item in reports.get("other") or []:
        extra = [_("reference {reference}").format(reference=item["reference"])] if item.get("reference") else []
        extra += [_("on {date}").format(date=item["date"])] if item.get("date") else []
        lines.append(reported(str(item.get("organisation") or _("another organisation")), extra))
    return lines


def account_text(account: dict[str, Any]) -> str:
    parts = [str(account.get(key, "")) for key in ("platform", "display_name", "username", "account_id",
                                                   "profile_url", "phone", "email")]
    return ", ".join(part for part in parts if part)


def contact_text(contact: dict[str, Any]) -> str:
    parts = [str(contact.get(key, "")) for key in ("name", "phone", "email", "address")]
    text = ", ".join(part for part in parts if part)
    if contact.get("preferred_contact"):
        text = _("{contact} (preferred: {preferred})").format(contact=text, preferred=contact["preferred_contact"])
    return text


def size_text(width: int, height: int) -> str:
    return _("{width} × {height} pixels").format(width=width, height=height)


def _coordinate(geometry: dict[str, Any], key: str, older_key: str) -> str:
    """A corner coordinate: captures record `left`/`top` (evidencekit.capture's Rect); `x`/`y` also read."""
    for name in (key, older_key):
        if isinstance(geometry.get(name), int):
            return str(geometry[name])
    return "?"


def method_text(capture: dict[str, Any]) -> str:
    """'mss (X11), monitor 1 of 2, 1920 × 1080 at 0,0, scale 1' from a capture record."""
    parts = [str(capture.get("method") or capture.get("backend") or "")]
    request = capture.get("request") or {}
    monitor = capture.get("monitor") or {}
    monitors = capture.get("monitors") or []
    if request.get("region"):
        parts.append(_("a region of the screen chosen by the person"))
    elif monitor:
        parts.append(_("whole screen, monitor {number} of {count}").format(number=monitor.get("number", "?"),
                                                                          count=len(monitors) or "?"))
    elif request.get("area"):
        parts.append(str(request["area"]))
    geometry = capture.get("geometry") or {}
    if geometry:
        parts.append(_("{width} × {height} at {left},{top}").format(
            width=geometry.get("width", "?"), height=geometry.get("height", "?"),
            left=_coordinate(geometry, "left", "x"), top=_coordinate(geometry, "top", "y")))
    if capture.get("scale") not in (None, "", "1", 1):
        parts.append(_("scale {scale}").format(scale=capture["scale"]))
    delay_ms = request.get("delay_ms")
    if isinstance(delay_ms, int) and delay_ms > 0:
        parts.append(_("after a {seconds} s countdown").format(seconds=f"{delay_ms / 1000:g}"))
    series = capture.get("series") or {}
    if isinstance(series, dict) and series.get("index"):
        count = series.get("count")
        parts.append((_("picture {index} of {count} of a series") if count else _("picture {index} of a series"))
                     .format(index=series["index"], count=count))
    return ", ".join(p for p in parts if p) or wording.NOT_GIVEN
