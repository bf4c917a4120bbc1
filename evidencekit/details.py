"""The case-details document: who the suspect is, what was demanded, what was reported, who prepared it.

One JSON shape (docs/case-details.md), edited by the GUI's details page and `evidencekit case details`,
stored whole in a `details.set` journal event. Validation lists every problem by its path so a support
worker fixing a file by hand sees all of them at once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime
from typing import Any

from evidencekit.errors import UsageError
from evidencekit.i18n import N_
from evidencekit.text_safety import problem as text_problem

DETAILS_FORMAT = "evidencekit.case-details/1"
PAID_STATUSES = ("unknown", "no", "yes", "partly")
MAX_TEXT = 2000
MAX_SUMMARY = 20000
MAX_ITEMS = 50

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$")
_AMOUNT_RE = re.compile(r"^\d{1,12}(\.\d{1,8})?$")
_CURRENCY_RE = re.compile(r"^[A-Z0-9]{3,6}$")
_PHONE_RE = re.compile(r"^\+?[0-9 ()./-]{3,40}$")
_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+$")

Check = Callable[[str], str | None]


def _date(value: str) -> str | None:
    if not _DATE_RE.match(value):
        return N_("is not a date like 2026-03-01 or 2026-03-01T21:30")
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return N_("is not a real date")
    return None


def _amount(value: str) -> str | None:
    return None if _AMOUNT_RE.match(value) else N_("is not an amount like 500 or 499.99 (digits, one dot)")


def _currency(value: str) -> str | None:
    return None if _CURRENCY_RE.match(value) else N_("is not a currency code like GBP, EUR, USD or BTC")


def _phone(value: str) -> str | None:
    return None if _PHONE_RE.match(value) else N_("is not a phone number (digits, spaces, + ( ) - only)")


def _email(value: str) -> str | None:
    return None if _EMAIL_RE.match(value) else N_("is not an email address (one @, no spaces)")


def _no_spaces(value: str) -> str | None:
    return None if not re.search(r"\s", value) else N_("must not contain spaces")


def _paid_status(value: str) -> str | None:
    return None if value in PAID_STATUSES else f"must be one of: {', '.join(PAID_STATUSES)}"


# Each record kind: field name -> extra check (None = any text).
ACCOUNT: dict[str, Check | None] = {
    "platform": None, "display_name": None, "username": None, "profile_url": _no_spaces,
    "account_id": None, "phone": _phone, "email": _email, "notes": None,
}
DEMAND: dict[str, Check | None] = {
    "amount": _amount, "currency": _currency, "method": None, "mtcn": None, "bank_details": None,
    "wallet": None, "payment_handle": None, "deadline": None, "notes": None,
}
PAID: dict[str, Check | None] = {
    "status": _paid_status, "amount": _amount, "currency": _currency, "method": None, "date": _date,
    "reference": None, "notes": None,
}
PLATFORM_REPORT: dict[str, Check | None] = {"platform": None, "report_id": None, "date": _date, "notes": None}
POLICE_REPORT: dict[str, Check | None] = {
    "force": None, "crime_reference": None, "date": _date, "officer": None, "notes": None,
}
OTHER_REPORT: dict[str, Check | None] = {"organisation": None, "reference": None, "date": _date, "notes": None}
CONTACT: dict[str, Check | None] = {
    "name": None, "phone": _phone, "email": _email, "address": None, "preferred_contact": None,
}
PREPARED_BY: dict[str, Check | None] = {
    "name": None, "role": None, "organisation": None, "phone": _phone, "email": _email,
}
ACCOUNT_LISTS = ("suspect_accounts", "victim_accounts")
TOP_LEVEL = ("format", "summary", "contact_start", "suspect_accounts", "demands", "paid", "reports",
             "victim_accounts", "victim_contact", "prepared_by")
REPORT_KEYS = ("platform_reports", "police", "other")


def empty_details() -> dict[str, Any]:
    """The document with every field present and empty: what a new case starts from."""
    return {
        "format": DETAILS_FORMAT,
        "summary": "",
        "contact_start": "",
        "suspect_accounts": [],
        "demands": [],
        "paid": {**dict.fromkeys(PAID, ""), "status": "unknown"},
        "reports": {"platform_reports": [], "police": dict.fromkeys(POLICE_REPORT, ""), "other": []},
        "victim_accounts": [],
        "victim_contact": dict.fromkeys(CONTACT, ""),
        "prepared_by": dict.fromkeys(PREPARED_BY, ""),
    }


class _Validator:
    """Walks a raw document, collecting problems and building the normalised copy."""

    def __init__(self) -> None:
        self.problems: list[str] = []

    def text(self, value: Any, path: str, check: Check | None, limit: int = MAX_TEXT) -> str:
        if value is None:
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.problems.append(f"{path} must be text, not {_kind(value)}")
            return ""
        text = str(value).strip()
        unsafe = text_problem(text, multiline=path == "summary" or path.endswith(".notes"))
        if unsafe:
            self.problems.append(f"{path} {unsafe}")
        elif len(text) > limit:
            self.problems.append(f"{path} is longer than {limit} characters")
        elif text and check:
            problem = check(text)
            if problem:
                self.problems.append(f"{path} {problem} (got {text[:60]!r})")
        return text

    def record(self, value: Any, path: str, shape: dict[str, Check | None]) -> dict[str, str]:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.problems.append(f"{path} must be an object {{...}}, not {_kind(value)}")
            return dict.fromkeys(shape, "")
        self.unknown(value, path, shape)
        return {name: self.text(value.get(name), f"{path}.{name}", check) for name, check in shape.items()}

    def records(self, value: Any, path: str, shape: dict[str, Check | None]) -> list[dict[str, str]]:
        if value is None:
            return []
        if not isinstance(value, list):
            self.problems.append(f"{path} must be a list [...], not {_kind(value)}")
            return []
        if len(value) > MAX_ITEMS:
            self.problems.append(f"{path} has more than {MAX_ITEMS} entries")
        rows = [self.record(item, f"{path}[{index}]", shape) for index, item in enumerate(value[:MAX_ITEMS])]
        return [row for row in rows if any(row.values())]

    def unknown(self, value: dict[str, Any], path: str, known: Any) -> None:
        for key in value:
            if key not in known:
                hint = _closest(str(key), list(known))
                where = f"{path}.{key}" if path else str(key)
                self.problems.append(f"{where} is not a known field" + (f" (did you mean {hint}?)" if hint else ""))


def _kind(value: Any) -> str:
    return {dict: "an object", list: "a list", bool: "true/false", float: "a number"}.get(
        type(value), type(value).__name__)


def _closest(name: str, options: list[str]) -> str | None:
    import difflib

    matches = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return matches[0] if matches else None


def details_problems(raw: Any) -> tuple[dict[str, Any], list[str]]:
    """Normalise `raw` into the full shape and list every problem (empty list = valid)."""
    check = _Validator()
    if not isinstance(raw, dict):
        return empty_details(), [f"the case details must be a JSON object {{...}}, not {_kind(raw)}"]
    check.unknown(raw, "", TOP_LEVEL)
    fmt = raw.get("format", DETAILS_FORMAT)
    if fmt != DETAILS_FORMAT:
        check.problems.append(f"format must be {DETAILS_FORMAT!r} (got {fmt!r})")
    reports_raw = raw.get("reports") or {}
    if not isinstance(reports_raw, dict):
        check.problems.append(f"reports must be an object {{...}}, not {_kind(reports_raw)}")
        reports_raw = {}
    check.unknown(reports_raw, "reports", REPORT_KEYS)
    paid = check.record(raw.get("paid"), "paid", PAID)
    paid["status"] = paid["status"] or "unknown"
    details = {
        "format": DETAILS_FORMAT,
        "summary": check.text(raw.get("summary"), "summary", None, MAX_SUMMARY),
        "contact_start": check.text(raw.get("contact_start"), "contact_start", _date),
        "suspect_accounts": check.records(raw.get("suspect_accounts"), "suspect_accounts", ACCOUNT),
        "demands": check.records(raw.get("demands"), "demands", DEMAND),
        "paid": paid,
        "reports": {
            "platform_reports": check.records(reports_raw.get("platform_reports"), "reports.platform_reports",
                                              PLATFORM_REPORT),
            "police": check.record(reports_raw.get("police"), "reports.police", POLICE_REPORT),
            "other": check.records(reports_raw.get("other"), "reports.other", OTHER_REPORT),
        },
        "victim_accounts": check.records(raw.get("victim_accounts"), "victim_accounts", ACCOUNT),
        "victim_contact": check.record(raw.get("victim_contact"), "victim_contact", CONTACT),
        "prepared_by": check.record(raw.get("prepared_by"), "prepared_by", PREPARED_BY),
    }
    return details, check.problems


def validate_details(raw: Any) -> dict[str, Any]:
    """The normalised document, or UsageError naming every problem."""
    details, problems = details_problems(raw)
    if problems:
        listed = "; ".join(problems[:8]) + ("; ..." if len(problems) > 8 else "")
        raise UsageError(f"The case details are not valid: {listed}. Fix these and try again; "
                         "nothing was changed.")
    return details


def stored_details(raw: Any) -> dict[str, Any]:
    """Details as replayed from the journal, in the full shape; tolerant of older or partial documents."""
    details, _problems = details_problems(raw if isinstance(raw, dict) and raw else {})
    return details


def without_victim_contact(details: dict[str, Any]) -> dict[str, Any]:
    """A copy for a bundle whose victim chose to leave out their own contact details."""
    return {**details, "victim_contact": dict.fromkeys(CONTACT, "")}


def has_victim_contact(details: dict[str, Any]) -> bool:
    return any(str(v).strip() for v in (details.get("victim_contact") or {}).values())


def crime_reference(details: dict[str, Any]) -> str:
    return str(((details.get("reports") or {}).get("police") or {}).get("crime_reference", ""))


def set_details(store: Any, raw: Any) -> Any:
    """Validate and record the whole document as one `details.set` event (returns the event)."""
    details = validate_details(raw)
    return store.append_event("details.set", {"details": details})
