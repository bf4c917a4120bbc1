"""The victim confirms one finding into the case details: a suspect account field or a demand field.

Nothing is added without that confirmation. One confirmation is two durable journal events: the whole
case-details document with the value added (`details.set`, as every edit of the details), then
`identifier.confirmed`, which says where it was read (exhibit, box) and whether its checksum held. That
second record carries the SHA-256 of the value, not the value: if the person later removes it from the
details, no copy of it is left in the journal the bundle attaches.
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from evidencekit.details import ACCOUNT, DEMAND, set_details, stored_details
from evidencekit.ocr.identifiers import Finding

ACTION = "identifier.confirmed"
# kind -> (list in the details, field in its rows)
TARGETS = {
    "mtcn": ("demands", "mtcn"), "moneygram_reference": ("demands", "mtcn"),
    "iban": ("demands", "bank_details"), "uk_bank_account": ("demands", "bank_details"),
    "bitcoin_address": ("demands", "wallet"), "ethereum_address": ("demands", "wallet"),
    "cashtag": ("demands", "payment_handle"), "paypal_me": ("demands", "payment_handle"),
    "gift_card": ("demands", "notes"),
    "phone": ("suspect_accounts", "phone"), "email": ("suspect_accounts", "email"),
    "profile_url": ("suspect_accounts", "profile_url"), "url": ("suspect_accounts", "profile_url"),
    "handle": ("suspect_accounts", "username"), "username": ("suspect_accounts", "username"),
}
METHODS = {"mtcn": "Western Union", "moneygram_reference": "MoneyGram", "iban": "Bank transfer",
           "uk_bank_account": "Bank transfer", "bitcoin_address": "Bitcoin", "ethereum_address": "Ethereum",
           "cashtag": "Cash App", "paypal_me": "PayPal", "gift_card": "Gift card"}


def shown_value(finding: Finding) -> str:
    """The value as it goes into the details: its normal form, grouped where people read it grouped."""
    if finding.kind == "iban":
        from stdnum import iban

        return str(iban.format(finding.normalised))
    if finding.kind == "gift_card":
        return f"{finding.detail} gift card code {finding.value}".strip()
    if finding.kind == "uk_bank_account":
        sort_code, _, account = finding.normalised.partition(" ")
        return f"sort code {sort_code}, account {account}" if account else f"sort code {sort_code}"
    return finding.normalised


def value_sha256(finding: Finding) -> str:
    return hashlib.sha256(finding.normalised.encode("utf-8")).hexdigest()


def _row_for(rows: list[dict[str, str]], field: str, platform: str, shape: dict[str, Any]) -> tuple[int, bool]:
    """(index of the row to fill, whether it is new): same platform first, then any row with the field empty."""
    for index, row in enumerate(rows):
        if not row.get(field) and platform and row.get("platform", "").lower() == platform.lower():
            return index, False
    for index, row in enumerate(rows):
        if not row.get(field) and (not platform or not row.get("platform")):
            return index, False
    rows.append(dict.fromkeys(shape, ""))
    return len(rows) - 1, True


def with_finding(details: dict[str, Any], finding: Finding) -> tuple[dict[str, Any], str]:
    """A copy of the details with the finding added, and the field path it went to."""
    list_name, field = TARGETS[finding.kind]
    document = copy.deepcopy(stored_details(details))
    rows: list[dict[str, str]] = document[list_name]
    platform = finding.detail if list_name == "suspect_accounts" else ""
    index, _new = _row_for(rows, field, platform, ACCOUNT if list_name == "suspect_accounts" else DEMAND)
    row = rows[index]
    value = shown_value(finding)
    row[field] = f"{row[field]}; {value}" if row.get(field) else value
    if list_name == "suspect_accounts" and platform and not row.get("platform"):
        row["platform"] = platform
    if list_name == "demands" and not row.get("method") and finding.kind in METHODS:
        row["method"] = METHODS[finding.kind] if finding.kind != "gift_card" else f"{finding.detail} gift card"
    return document, f"{list_name}[{index}].{field}"


def confirm_finding(store: Any, finding: Finding, transcript_object: str | None = None) -> dict[str, Any]:
    """Add `finding` to the case details and record where it came from; durable on return."""
    document, path = with_finding(store.state().details, finding)
    set_details(store, document)
    exhibit = store.exhibit(finding.exhibit) if finding.exhibit else None
    data = {"kind": finding.kind, "field": path, "value_sha256": value_sha256(finding), "valid": finding.valid,
            "source": finding.source,
            "from": {"exhibit": exhibit.id if exhibit else None, "reference": exhibit.reference if exhibit else None,
                     "box": list(finding.box) if finding.box else None, "transcript": transcript_object}}
    store.append_event(ACTION, data, object_id=exhibit.id if exhibit else None)
    return data
