"""Every sentence printed in the evidence bundle, in one place, translated when it is read.

British English source texts, plain words, written for a police officer who has never seen evidencekit
before, and for the victim who may read the same pages. Each is marked with N_() so the translation
catalogue picks it up; `wording.NAME` returns it in the active language (evidencekit.i18n), so a bundle
comes out in the language the person chose. Commands and file names are never translated.

The texts are this module's own names, with their own types (str, dict[str, str], tuples), so mypy checks
every use; the module's class (`_TranslatingModule`, set at the end) translates them when they are read
from outside. Code in this module reading a text by its bare name gets the English source.
"""

from __future__ import annotations

import sys
import types
from typing import Any

from evidencekit.i18n import N_, gettext

_IMPORTED = frozenset(globals())  # the names above; every public name from here to _TEXTS is a text

DOCUMENT_KIND = N_("Evidence bundle")
SUBTITLE = N_("Online sexual extortion (webcam blackmail): evidence prepared for the police")
SUBJECT = N_("Evidence bundle for the police: captures, hashes and chain of custody")

SENSITIVE_TITLE = N_("Sensitive content")
SENSITIVE_NOTICE = (
    N_("This bundle is evidence of a sexual extortion crime. It may show intimate or distressing material. "
    "Please handle it under your procedures for sensitive material and share it only with people who need "
    "it. Where parts of a picture are covered by solid black boxes, the page says REDACTED VIEW.")
)
# The sentence after SENSITIVE_NOTICE, by where the uncovered originals of the redacted exhibits are.
REDACTED_ORIGINALS: dict[str, str] = {
    "withheld": N_("The uncovered original of such a picture is withheld and is available to the police on "
                   "request."),
    "included": N_("The uncovered original of each such picture is included in this bundle as well, because "
                   "the person chose to include it: {references}."),
    "mixed": N_("The uncovered originals of {included} are included in this bundle, because the person chose "
                "to include them; those of {withheld} are withheld and available to the police on request."),
}

COVER_FACTS: dict[str, str] = {
    "title": N_("Case title"),
    "crime_reference": N_("Crime reference"),
    "prepared_by": N_("Prepared by"),
    "export_utc": N_("Exported (UTC)"),
    "export_local": N_("Exported (local time)"),
    "app": N_("Made with"),
    "exhibits": N_("Exhibits"),
    "case_id": N_("Case id"),
}
NOT_GIVEN = N_("not given")
ZONE_UNKNOWN = N_("zone unknown")
GPS_TIME_LABEL = N_("GPS time in the picture (claimed)")
TIMELINE_EXIF = N_("{reference}: time the picture was taken, by its own EXIF data (a claim from the file)")
TIMELINE_GPS = N_("{reference}: GPS time in the picture (a claim from the file)")
EXIF_ONLY_DATETIME = N_("no DateTimeOriginal (when the picture was taken); DateTime (when the file was last "
                        "written): {date_time}")
FINGERPRINT_LABEL = N_("Bundle fingerprint (SHA-256 of the attached manifest.json)")
FINGERPRINT_NOTE = (
    N_("The manifest lists every exhibit and its SHA-256, so this one value identifies the whole bundle. "
    "The fingerprint of the PDF file itself cannot be printed inside it; it is recorded in the case's "
    "custody journal when the file is made.")
)
ROOT_LABEL = N_("Signing certificate root (SHA-256 fingerprint)")
ROOT_NOTE = (
    N_("The file is digitally signed with a certificate made on the computer that exported it. A valid "
    "signature shows only that the file has not changed since that computer signed it: anyone can sign "
    "a changed copy on another computer, and only this fingerprint then differs. Confirm it with the "
    "sender by another route: call them on a number you already have (not one given with this file), "
    "have them read out the signing root from their own copy, then check with "
    "evidencekit verify --expect-root FINGERPRINT BUNDLE.pdf.")
)
UNSIGNED = N_("Not signed (made without a digital signature)")
CONTENTS = N_("Contents")

SECTION_SUMMARY = N_("Summary for the officer")
SECTION_STATEMENT = N_("Statement of the person who produced the exhibits")
SECTION_IDENTIFIERS = N_("Suspect identifiers")
SECTION_TIMELINE = N_("Timeline")
SECTION_EXHIBITS = N_("Exhibits")
SECTION_MANIFEST = N_("Hash manifest")
SECTION_CUSTODY = N_("Chain of custody")
SECTION_VERIFY = N_("How to verify this bundle")
SECTION_LIMITS = N_("Limits of this evidence")
SECTION_NEXT = N_("Next steps for the person who made this bundle")

SUMMARY_WORDS = N_("What happened, in the victim's words")
SUMMARY_NO_WORDS = N_("The victim did not write an account. The exhibits and the timeline show what was captured.")
SUMMARY_FACTS: dict[str, str] = {
    "platforms": N_("Platforms"),
    "contact_start": N_("Contact began"),
    "demands": N_("Demanded"),
    "paid": N_("Paid"),
    "reports": N_("Reports already made"),
    "victim_accounts": N_("Victim's own account(s)"),
    "victim_contact": N_("Victim's contact details"),
    "prepared_by": N_("Prepared by"),
    "exhibits": N_("Exhibits"),
}
PAID_WORDS: dict[str, str] = {
    "unknown": N_("Not stated"), "no": N_("No, nothing was paid"), "yes": N_("Yes"), "partly": N_("Partly"),
}
CONTACT_LEFT_OUT = N_("Left out of this bundle at the victim's request.")
EXHIBIT_OVERVIEW = N_("Exhibits at a glance")
OVERVIEW_HEAD = (N_("Exhibit"), N_("Category"), N_("Label"), N_("Recorded (UTC)"), N_("Page"))

IDENTIFIERS_INTRO = (
    N_("Identifiers of the account(s) and payment details used by the suspect, as recorded by the victim "
    "and as shown in the exhibits. Spelling is exactly as given; copy from the attached manifest.json "
    "for an exact match.")
)
IDENTIFIERS_HEAD = (N_("Account / payment"), N_("Identifier"), N_("Value"), N_("Source"))
IDENTIFIERS_NONE = N_(
    "No suspect identifiers were recorded. See the exhibits (profile captures) for what was shown.")
IDENTIFIER_NAMES: dict[str, str] = {
    "display_name": N_("Display name"),
    "username": N_("Username / handle"),
    "account_id": N_("Account id"),
    "profile_url": N_("Profile URL"),
    "phone": N_("Phone"),
    "email": N_("Email"),
    "notes": N_("Notes"),
    "amount": N_("Amount"),
    "method": N_("Method"),
    "mtcn": N_("MTCN (money transfer number)"),
    "bank_details": N_("Bank details"),
    "wallet": N_("Wallet address"),
    "payment_handle": N_("Payment handle"),
    "deadline": N_("Deadline given"),
}
SOURCE_DETAILS = N_("victim's details")

TIMELINE_INTRO = (
    N_("Times from the victim's details are as the victim gave them. Capture times come from the exporting "
    "computer's clock; times shown in messages are copied as they appeared on screen.")
)
TIMELINE_HEAD = (N_("When"), N_("What"), N_("Source"))

EXHIBIT_FACTS: dict[str, str] = {
    "category": N_("Category"),
    "label": N_("Label"),
    "origin": N_("How it was obtained"),
    "captured_utc": N_("Captured (UTC)"),
    "captured_local": N_("Captured (local time)"),
    "clock": N_("Clock"),
    "method": N_("Capture method"),
    "platform": N_("Platform"),
    "url": N_("URL shown"),
    "message_time": N_("Message time shown"),
    "pixels": N_("Picture size"),
    "notes": N_("Notes"),
    "window": N_("Window shown"),
    "file_name": N_("File name (claimed)"),
    "file_modified": N_("File modified (claimed)"),
    "exif_time": N_("Time in the picture's EXIF data (claimed)"),
    "imported_utc": N_("Imported into the case (UTC)"),
    "imported_local": N_("Imported into the case (local time)"),
    "sha256": N_("SHA-256 of the original"),
    "original": N_("Original file"),
    "view_sha256": N_("SHA-256 of the redacted view"),
    "recorded_by": N_("Recorded by"),
}
ORIGIN_CAPTURED = N_("Captured by evidencekit from the screen (a picture of the screen, saved unchanged)")
ORIGIN_IMPORTED = (
    N_("Imported: a file made elsewhere (for example a phone screenshot), copied byte for byte. Its name and "
    "times are claims from the file, not checked by evidencekit.")
)
REDACTED_BANNER = N_("REDACTED VIEW")
# The note beside REDACTED VIEW, by where this exhibit's uncovered original is (its disposition).
REDACTED_NOTE: dict[str, str] = {
    "withheld": N_("Parts of this picture are covered by solid black boxes to protect the victim. Nothing "
                   "under the boxes is in this bundle."),
    "attached": N_("Parts of this picture are covered by solid black boxes to protect the victim. The "
                   "uncovered original IS in this bundle: it is attached to this PDF as {file}, because the "
                   "person chose to include it."),
    "zip": N_("Parts of this picture are covered by solid black boxes to protect the victim. The uncovered "
              "original IS in this bundle: it is in the separate ZIP file {zip} as {file}, because the "
              "person chose to include it."),
}
EXACT_VIEW_NOTE = N_("The picture above shows the original file's own pixels, unchanged.")
REDACTED_VIEW_NOTE = (
    N_("The picture above is the redacted view: the original's pixels with solid black (0, 0, 0) boxes, "
    "saved as a new PNG. The original's SHA-256 is listed below.")
)
VIEW_NOTE = N_("The picture above is a view of the original for reading; the original file is byte-exact.")
DISPOSITION: dict[str, str] = {
    "attached": N_("attached to this PDF as {file}"),
    "zip": N_("in the separate ZIP file {zip} as {file}"),
    "withheld": N_("withheld, available to the police on request"),
}

# Identifying metadata in an original (GPS, serials, names): the kinds, then the page's sentences.
IDENTIFYING_KINDS: dict[str, str] = {
    "location": N_("the place where it was taken"),
    "serial": N_("a device serial number"),
    "owner": N_("a person's name"),
    "maker notes": N_("the camera maker's notes"),  # i18n: not shown (a key or a command)
}
ORIGINAL_WITHHELD_IDENTIFYING = N_(
    "withheld, because the file holds {details}, which could identify the victim; available to the police "
    "on request (SHA-256 above)")
AND = N_("and")
LINKED_LABEL = N_("Same picture as")
LINKED_TEXT = N_("{reference} ({same}; custody record #{seq}): its black boxes and the choice about its "
                 "original apply to both")
LINKED_SAME_FILE = N_("the same file")
LINKED_SAME_PIXELS = N_("the same pixels, taken again later")
REMOVED_TITLE = N_("Removed for safeguarding")
REMOVED_INTRO = N_("These exhibits were removed from the case for safeguarding (for example a nude picture of "
                   "someone under 18, which must not be kept). Their stored originals were destroyed; the "
                   "custody journal keeps the removal, the SHA-256 of each original and the reason. Their "
                   "numbers are not reused.")
REMOVED_HEAD = (N_("Exhibit"), N_("SHA-256 of the destroyed original"), N_("Removed (UTC), by"), N_("Reason"))
COPY_LABEL = N_("Copy without those details")
COPY_SHA256 = N_("SHA-256 of the copy")
COPY_WHERE: dict[str, str] = {
    "attached": N_("attached to this PDF as {file}: the original file with {details} removed; the "
                   "compressed picture data is the original's, unchanged (nothing re-encoded)"),
    "zip": N_("in the separate ZIP file {zip} as {file}: the original file with {details} removed; the "
              "compressed picture data is the original's, unchanged (nothing re-encoded)"),
    "withheld": N_("withheld with the original"),
}
IDENTIFYING_INCLUDED = N_("The original holds {details}; it is in this bundle because the person chose to "
                          "include it.")
IDENTIFYING_LABEL = N_("Identifying details in the file")

MANIFEST_INTRO = (
    N_("Every file belonging to this bundle and its SHA-256 fingerprint. A file whose SHA-256 matches the "
    "value here is byte for byte the file that was recorded in the case.")
)
MANIFEST_HEAD = (N_("Exhibit"), N_("File, then its SHA-256"), N_("Bytes"), N_("Where"))
MANIFEST_WITHHELD = N_("withheld: available to the police on request")

CUSTODY_INTRO = (
    N_("Every action on this case was written to an append-only journal at the time it happened. Each record "
    "holds the SHA-256 of the record before it, so removing, reordering or editing any record breaks the "
    "chain. The full journal is attached as custody-journal.jsonl (one JSON record a line; the hash of a "
    "record is SHA-256 of its RFC 8785 canonical JSON without the \"hash\" member).")
)
CUSTODY_SEALS = (
    N_("Records with a \"mac\" member also carry a seal made with the case's secret key, which nobody "
    "without the key can make. The seals cannot be checked with this file alone: evidencekit checked every "
    "seal with the case key when this bundle was exported, and would have refused a case holding a record "
    "without a valid seal.")
)
CUSTODY_HEAD = (N_("#"), N_("Time (UTC)"), N_("Who"), N_("What"), N_("Object"), N_("Record hash"))
CUSTODY_WITHHELD = (
    N_("Records marked * had something left out of this bundle — the victim's contact details, at the "
    "victim's request, or the file name of a covered picture whose original is withheld: those contents "
    "are replaced, their hashes still link the chain.")
)
ACTIONS: dict[str, str] = {
    "case.created": N_("Case created"),
    "case.renamed": N_("Case renamed"),
    "key.rewrapped": N_("Case key re-protected"),
    "object.added": N_("File stored"),
    "exhibit.captured": N_("Screen captured"),
    "exhibit.imported": N_("File imported"),
    "exhibit.derived": N_("Transcript made from an exhibit"),
    "exhibit.edited": N_("Exhibit details edited"),
    "exhibit.redaction_set": N_("Redaction boxes set"),
    "exhibit.removed": N_("Removed for safeguarding (stored original destroyed)"),
    "exhibit.linked": N_("Same picture as an earlier exhibit"),
    "exhibit.shareable_copy": N_("Copy without identifying metadata recorded"),
    "original.exported": N_("Original exported"),
    "details.set": N_("Case details set"),
    "step.set": N_("Checklist step"),
    "profile.set": N_("Victim profile set"),
    "bundle.export_started": N_("Bundle export started"),
    "bundle.exported": N_("Bundle exported"),
    "bundle.export_failed": N_("Bundle export did not finish"),
    "bundle.export_abandoned": N_("Interrupted bundle export cleaned up"),
    "case.verified": N_("Case checked"),
    "journal.recovered": N_("Crash recovery"),
    "case.restored": N_("Older copy of the case put back on purpose"),
    "timestamp.requested": N_("Time-stamp request made"),
    "timestamp.attached": N_("Trusted time stamp stored"),
    "bundle.handed_over": N_("Bundle handed over"),
    "exhibits.labelled": N_("Exhibit labels set"),
}

TIMESTAMPS_TITLE = N_("Trusted time stamps")
TIMESTAMPS_INTRO = N_(
    "Each row is an RFC 3161 time stamp: a time-stamping service signed the hash of one custody record "
    "(the head of the journal when it was asked), with its own clock. Because every record holds the hash "
    "of the one before it, and the records hold the SHA-256 of every original, a valid time stamp over "
    "record N proves that records 1 to N, and the originals they name, existed at the time the service "
    "signed. It does not prove when a picture was taken, that what it shows is genuine, or anything about "
    "records after N. Only the hash left the computer; the service never saw any evidence.")
TIMESTAMPS_HEAD = (N_("Record"), N_("Covers records"), N_("Time (UTC, the service's clock)"), N_("Service"),
                   N_("Serial"))
TIMESTAMPS_CHECK = N_("Check a time stamp: evidencekit verify checks each one. By hand, save the token from "
                      "record's data.token (base64), then run openssl ts -verify -token_in -in TOKEN.der "
                      "-digest HASH-OF-THE-COVERED-RECORD -CAfile THE-SERVICE-ROOT.pem.")
LIMIT_TIMESTAMP = N_("Custody records 1 to {seq} were time-stamped by {tsa} at {time} UTC (see the chain of "
                     "custody): they, and the originals they name, existed by then. The times inside those "
                     "records still come from the computer's clock.")
TIMELINE_TIMESTAMP = N_("Trusted time stamp from {tsa}: custody records 1 to {seq} existed by then")

VERIFY_INTRO = N_("Anyone can check this bundle without trusting evidencekit. Each way gives the same answer.")
VERIFY_STEPS = (
    (N_("With evidencekit"), "evidencekit verify --expect-root FINGERPRINT BUNDLE.pdf",  # i18n: not shown
     N_("FINGERPRINT is the signing root printed on the cover, as the sender confirmed it to you by another "
     "route (a call to a number you already have, not one given with this file). Checks the signature and "
     "its root, names anything added after signing, checks every attached file against the manifest, each "
     "exhibit page's picture pixel for pixel against its original, and the custody journal's chain, and "
     "prints a verdict for each check. An unsigned bundle fails: nobody vouches for it as a whole.")),
    (N_("The signature"), "pdfsig BUNDLE.pdf",  # i18n: not shown (a key or a command)
     N_("Or open the PDF in a reader and show the signature panel. \"Signature is valid\" with the whole "
     "document covered means the file is unchanged since it was signed.")),
    (N_("Save the attached files"), "pdfdetach -saveall BUNDLE.pdf",  # i18n: not shown (a key or a command)
     N_("Or use the reader's attachments pane (the paper-clip icon) and save each file.")),
    (N_("Linux"), "sha256sum EK-001.png", ""),  # i18n: not shown (a key or a command)
    (N_("Windows"), "certutil -hashfile EK-001.png SHA256", ""),  # i18n: not shown (a key or a command)
    (N_("macOS"), "shasum -a 256 EK-001.png",  # i18n: not shown (a key or a command)
     N_("Compare each result with the SHA-256 on the exhibit's page and in the hash manifest. "
     "sha256sum manifest.json gives the bundle fingerprint printed on the cover.")),
)

LIMITS = (
    N_("A SHA-256 fingerprint proves that a file is unchanged since it was recorded. It does not prove that "
    "what the picture shows is genuine, complete or was sent by the person it appears to come from."),
    N_("Capture times come from the clock of the computer that made them. That clock was not checked against "
    "an outside time source."),
    N_("For imported files, the file name, modified time and EXIF time are claims carried by the file; "
    "evidencekit recorded them but cannot confirm them."),
    N_("Identifiers and amounts in the summary were typed by the victim or a support worker."),
    N_("For authoritative records (account registration, IP addresses, message logs, payment records) please "
    "request them from the platform or payment provider, quoting the identifiers in this bundle."),
    N_("The digital signature uses a certificate made on the exporting computer, not one issued by a "
    "recognised authority: it shows the file is unchanged since signing, not who the signer is."),
)

NEXT_STEPS = (
    N_("Do not pay, and stop replying. Paying rarely ends it and often leads to more demands."),
    N_("Do not delete anything: not the messages, not your account, not the other person's profile."),
    N_("Report the account to the platform, using the identifiers in this bundle."),
    N_("Deactivate your account if you need a break, but do not delete it: deleting can destroy evidence. "
    "On some platforms deactivating starts a countdown to deletion; log back in before it ends."),
    N_("Give this bundle to the police, with the crime reference if you have one. Keep a copy somewhere safe."),
    N_("You are the victim. This is not your fault, and help is available: see the support page in "
    "evidencekit for helplines in your country."),
)

ZIP_README = (
    N_("These are the original files of an evidencekit evidence bundle, byte for byte as recorded.\n"
    "Check them with: sha256sum -c SHA256SUMS  (Windows: certutil -hashfile FILE SHA256;\n"
    "macOS: shasum -a 256 -c SHA256SUMS). The same values are printed in the bundle's hash manifest.\n")
)

_TEXTS = frozenset(name for name in tuple(globals()) if name not in _IMPORTED and not name.startswith("_"))


def _translated(value: Any) -> Any:
    if isinstance(value, str):
        return gettext(value) if value else value
    if isinstance(value, tuple):
        return tuple(_translated(item) for item in value)
    if isinstance(value, dict):
        return {key: _translated(item) for key, item in value.items()}
    return value


class _TranslatingModule(types.ModuleType):
    """`wording.SUBTITLE` etc.: the English source text, translated into the active language."""

    def __getattribute__(self, name: str) -> Any:
        value = super().__getattribute__(name)
        return _translated(value) if name in _TEXTS else value


sys.modules[__name__].__class__ = _TranslatingModule
