"""Turn recorded data (stamps, details, capture records) into the short strings the pages print."""

from __future__ import annotations

from typing import Any

from evidencekit.bundle import wording


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
    extra = ", ".join(v for v in (str(prepared.get("role", "")), str(prepared.get("organisation", ""))) if v)
    contact = ", ".join(v for v in (str(prepared.get("phone", "")), str(prepared.get("email", ""))) if v)
    text = f"{name} ({extra})" if name and extra else (name or extra)
    if contact:
        text = f"{text}; {contact}" if text else contact
    return text or wording.NOT_GIVEN


def demand_text(demand: dict[str, Any]) -> str:
    amount = " ".join(v for v in (str(demand.get("amount", "")), str(demand.get("currency", ""))) if v)
    parts = [amount or "amount not stated"]
    if demand.get("method"):
        parts.append(f"by {demand['method']}")
    text = " ".join(parts)
    if demand.get("deadline"):
        text += f"; deadline given: {demand['deadline']}"
    return text


def paid_text(paid: dict[str, Any]) -> str:
    status = str(paid.get("status", "unknown") or "unknown")
    text = wording.PAID_WORDS.get(status, status)
    if status in ("yes", "partly"):
        detail = ", ".join(v for v in (
            " ".join(x for x in (str(paid.get("amount", "")), str(paid.get("currency", ""))) if x),
            str(paid.get("method", "")), str(paid.get("date", "")),
            f"reference {paid['reference']}" if paid.get("reference") else "") if v)
        if detail:
            text += f": {detail}"
    if paid.get("notes"):
        text += f". {paid['notes']}"
    return text


def reports_lines(details: dict[str, Any]) -> list[str]:
    reports = details.get("reports") or {}
    lines = []
    for item in reports.get("platform_reports") or []:
        line = f"Reported to {item.get('platform') or 'the platform'}"
        if item.get("report_id"):
            line += f", report id {item['report_id']}"
        if item.get("date"):
            line += f", on {item['date']}"
        lines.append(line)
    police = reports.get("police") or {}
    if any(police.values()):
        line = f"Reported to the police{' (' + police['force'] + ')' if police.get('force') else ''}"
        if police.get("crime_reference"):
            line += f", crime reference {police['crime_reference']}"
        if police.get("date"):
            line += f", on {police['date']}"
        if police.get("officer"):
            line += f", officer {police['officer']}"
        lines.append(line)
    for item in reports.get("other") or []:
        line = f"Reported to {item.get('organisation') or 'another organisation'}"
        if item.get("reference"):
            line += f", reference {item['reference']}"
        if item.get("date"):
            line += f", on {item['date']}"
        lines.append(line)
    return lines


def account_text(account: dict[str, Any]) -> str:
    parts = [str(account.get(key, "")) for key in ("platform", "display_name", "username", "account_id",
                                                   "profile_url", "phone", "email")]
    return ", ".join(part for part in parts if part)


def contact_text(contact: dict[str, Any]) -> str:
    parts = [str(contact.get(key, "")) for key in ("name", "phone", "email", "address")]
    text = ", ".join(part for part in parts if part)
    if contact.get("preferred_contact"):
        text += f" (preferred: {contact['preferred_contact']})"
    return text


def size_text(width: int, height: int) -> str:
    return f"{width} × {height} pixels"


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
        parts.append("a region of the screen chosen by the person")
    elif monitor:
        parts.append(f"whole screen, monitor {monitor.get('number', '?')} of {len(monitors) or '?'}")
    elif request.get("area"):
        parts.append(str(request["area"]))
    geometry = capture.get("geometry") or {}
    if geometry:
        parts.append(f"{geometry.get('width', '?')} × {geometry.get('height', '?')} at "
                     f"{_coordinate(geometry, 'left', 'x')},{_coordinate(geometry, 'top', 'y')}")
    if capture.get("scale") not in (None, "", "1", 1):
        parts.append(f"scale {capture['scale']}")
    delay_ms = request.get("delay_ms")
    if isinstance(delay_ms, int) and delay_ms > 0:
        parts.append(f"after a {delay_ms / 1000:g} s countdown")
    series = capture.get("series") or {}
    if isinstance(series, dict) and series.get("index"):
        count = series.get("count")
        parts.append(f"picture {series['index']}{f' of {count}' if count else ''} of a series")
    return ", ".join(p for p in parts if p) or wording.NOT_GIVEN
