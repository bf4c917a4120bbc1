"""How findings are said to a person (window, command line, bundle): one place, through gettext."""

from __future__ import annotations

from evidencekit.i18n import N_, _
from evidencekit.ocr.identifiers import Finding

KIND_NAMES = {
    "mtcn": N_("Western Union MTCN"), "moneygram_reference": N_("MoneyGram reference"), "iban": N_("IBAN"),
    "uk_bank_account": N_("UK sort code and account"), "bitcoin_address": N_("Bitcoin address"),
    "ethereum_address": N_("Ethereum address"), "phone": N_("Phone number"), "email": N_("Email address"),
    "url": N_("Web address"), "profile_url": N_("Profile address"), "handle": N_("Handle"),
    "username": N_("Username"), "cashtag": N_("Cash App $cashtag"), "paypal_me": N_("PayPal.me link"),
    "gift_card": N_("Gift card code"),
}


def kind_name(kind: str) -> str:
    return _(KIND_NAMES.get(kind, kind))


DETAIL_KINDS = frozenset({"handle", "username", "profile_url", "gift_card"})  # detail = platform or brand


def check_text(finding: Finding) -> str:
    """What the check says, for the window and the command line."""
    if finding.kind == "phone":
        if finding.valid:
            return _("a valid number")
        return _("read as {value} — check it against the picture (not a valid number)").format(value=finding.value)
    if finding.valid is True:
        return _("checksum correct")
    if finding.valid is False:
        return _("read as {value} — check it against the picture (its checksum does not match)").format(
            value=finding.value)
    return _("no checksum to test")


def check_short(finding: Finding) -> str:
    """The same in a few words, for the bundle's tables (the value is in the next column)."""
    if finding.kind == "phone":
        return _("valid number") if finding.valid else _("not a valid number: check it against the picture")
    if finding.valid is True:
        return _("checksum correct")
    if finding.valid is False:
        return _("checksum fails: check it against the picture")
    return _("no checksum exists")


def described_kind(finding: Finding) -> str:
    """"Username (Snapchat)", "Gift card code (Steam)", "IBAN"."""
    if finding.detail and finding.kind in DETAIL_KINDS:
        return f"{kind_name(finding.kind)} ({finding.detail})"
    return kind_name(finding.kind)


def where_text(finding: Finding) -> str:
    if finding.source == "ocr" and finding.exhibit:
        return _("{reference}, read by OCR").format(reference=finding.exhibit)
    if finding.exhibit:
        return _("typed on {reference}").format(reference=finding.exhibit)
    return _("typed in the case details")


def finding_line(finding: Finding) -> str:
    return f"{described_kind(finding)}: {finding.normalised} — {check_text(finding)}; {where_text(finding)}"
