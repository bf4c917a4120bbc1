"""Every sentence printed in the evidence bundle, in one place so it can move to the translation layer.

British English, plain words, written for a police officer who has never seen evidencekit before, and
for the victim who may read the same pages.
"""

from __future__ import annotations

DOCUMENT_KIND = "Evidence bundle"
SUBTITLE = "Online sexual extortion (webcam blackmail): evidence prepared for the police"
SUBJECT = "Evidence bundle for the police: captures, hashes and chain of custody"

SENSITIVE_TITLE = "Sensitive content"
SENSITIVE_NOTICE = (
    "This bundle is evidence of a sexual extortion crime. It may show intimate or distressing material. "
    "Please handle it under your procedures for sensitive material and share it only with people who need "
    "it. Where parts of a picture are covered by solid black boxes, the page says REDACTED VIEW; the "
    "uncovered original is then withheld and is available to the police on request."
)

COVER_FACTS = {
    "title": "Case title",
    "crime_reference": "Crime reference",
    "prepared_by": "Prepared by",
    "export_utc": "Exported (UTC)",
    "export_local": "Exported (local time)",
    "app": "Made with",
    "exhibits": "Exhibits",
    "case_id": "Case id",
}
NOT_GIVEN = "not given"
FINGERPRINT_LABEL = "Bundle fingerprint (SHA-256 of the attached manifest.json)"
FINGERPRINT_NOTE = (
    "The manifest lists every exhibit and its SHA-256, so this one value identifies the whole bundle. "
    "The fingerprint of the PDF file itself cannot be printed inside it; it is recorded in the case's "
    "custody journal when the file is made."
)
ROOT_LABEL = "Signing certificate root (SHA-256 fingerprint)"
ROOT_NOTE = (
    "The file is digitally signed with a certificate made on the computer that exported it. A valid "
    "signature shows the file has not changed since it was signed; compare this fingerprint with the "
    "one the sender gives you by another route."
)
UNSIGNED = "Not signed (made without a digital signature)"
CONTENTS = "Contents"

SECTION_SUMMARY = "Summary for the officer"
SECTION_IDENTIFIERS = "Suspect identifiers"
SECTION_TIMELINE = "Timeline"
SECTION_EXHIBITS = "Exhibits"
SECTION_MANIFEST = "Hash manifest"
SECTION_CUSTODY = "Chain of custody"
SECTION_VERIFY = "How to verify this bundle"
SECTION_LIMITS = "Limits of this evidence"
SECTION_NEXT = "Next steps for the person who made this bundle"

SUMMARY_WORDS = "What happened, in the victim's words"
SUMMARY_NO_WORDS = "The victim did not write an account. The exhibits and the timeline show what was captured."
SUMMARY_FACTS = {
    "platforms": "Platforms",
    "contact_start": "Contact began",
    "demands": "Demanded",
    "paid": "Paid",
    "reports": "Reports already made",
    "victim_accounts": "Victim's own account(s)",
    "victim_contact": "Victim's contact details",
    "prepared_by": "Prepared by",
    "exhibits": "Exhibits",
}
PAID_WORDS = {"unknown": "Not stated", "no": "No, nothing was paid", "yes": "Yes", "partly": "Partly"}
CONTACT_LEFT_OUT = "Left out of this bundle at the victim's request."
EXHIBIT_OVERVIEW = "Exhibits at a glance"
OVERVIEW_HEAD = ("Exhibit", "Category", "Label", "Recorded (UTC)", "Page")

IDENTIFIERS_INTRO = (
    "Identifiers of the account(s) and payment details used by the suspect, as recorded by the victim "
    "and as shown in the exhibits. Spelling is exactly as given; copy from the attached manifest.json "
    "for an exact match."
)
IDENTIFIERS_HEAD = ("Account / payment", "Identifier", "Value", "Source")
IDENTIFIERS_NONE = "No suspect identifiers were recorded. See the exhibits (profile captures) for what was shown."
IDENTIFIER_NAMES = {
    "display_name": "Display name",
    "username": "Username / handle",
    "account_id": "Account id",
    "profile_url": "Profile URL",
    "phone": "Phone",
    "email": "Email",
    "notes": "Notes",
    "amount": "Amount",
    "method": "Method",
    "mtcn": "MTCN (money transfer number)",
    "bank_details": "Bank details",
    "wallet": "Wallet address",
    "payment_handle": "Payment handle",
    "deadline": "Deadline given",
}
SOURCE_DETAILS = "victim's details"

TIMELINE_INTRO = (
    "Times from the victim's details are as the victim gave them. Capture times come from the exporting "
    "computer's clock; times shown in messages are copied as they appeared on screen."
)
TIMELINE_HEAD = ("When", "What", "Source")

EXHIBIT_FACTS = {
    "category": "Category",
    "label": "Label",
    "origin": "How it was obtained",
    "captured_utc": "Captured (UTC)",
    "captured_local": "Captured (local time)",
    "clock": "Clock",
    "method": "Capture method",
    "platform": "Platform",
    "url": "URL shown",
    "message_time": "Message time shown",
    "pixels": "Picture size",
    "notes": "Notes",
    "window": "Window shown",
    "file_name": "File name (claimed)",
    "file_modified": "File modified (claimed)",
    "exif_time": "Time in the picture's EXIF data (claimed)",
    "imported_utc": "Imported into the case (UTC)",
    "imported_local": "Imported into the case (local time)",
    "sha256": "SHA-256 of the original",
    "original": "Original file",
    "view_sha256": "SHA-256 of the redacted view",
    "recorded_by": "Recorded by",
}
ORIGIN_CAPTURED = "Captured by evidencekit from the screen (a picture of the screen, saved unchanged)"
ORIGIN_IMPORTED = (
    "Imported: a file made elsewhere (for example a phone screenshot), copied byte for byte. Its name and "
    "times are claims from the file, not checked by evidencekit."
)
REDACTED_BANNER = "REDACTED VIEW"
REDACTED_NOTE = (
    "Parts of this picture are covered by solid black boxes to protect the victim. Nothing under the "
    "boxes is in this bundle."
)
EXACT_VIEW_NOTE = "The picture above shows the original file's own pixels, unchanged."
REDACTED_VIEW_NOTE = (
    "The picture above is the redacted view: the original's pixels with solid black (0, 0, 0) boxes, "
    "saved as a new PNG. The original's SHA-256 is listed below."
)
VIEW_NOTE = "The picture above is a view of the original for reading; the original file is byte-exact."
DISPOSITION = {
    "attached": "attached to this PDF as {file}",
    "zip": "in the separate ZIP file {zip} as {file}",
    "withheld": "withheld, available to the police on request",
}

MANIFEST_INTRO = (
    "Every file belonging to this bundle and its SHA-256 fingerprint. A file whose SHA-256 matches the "
    "value here is byte for byte the file that was recorded in the case."
)
MANIFEST_HEAD = ("Exhibit", "File, then its SHA-256", "Bytes", "Where")
MANIFEST_WITHHELD = "withheld: available to the police on request"

CUSTODY_INTRO = (
    "Every action on this case was written to an append-only journal at the time it happened. Each record "
    "holds the SHA-256 of the record before it, so removing, reordering or editing any record breaks the "
    "chain. The full journal is attached as custody-journal.jsonl (one JSON record a line; the hash of a "
    "record is SHA-256 of its RFC 8785 canonical JSON without the \"hash\" member)."
)
CUSTODY_HEAD = ("#", "Time (UTC)", "Who", "What", "Object", "Record hash")
CUSTODY_WITHHELD = (
    "Records marked * hold the victim's contact details, left out at the victim's request: their "
    "contents are replaced, their hashes still link the chain."
)
ACTIONS = {
    "case.created": "Case created",
    "case.renamed": "Case renamed",
    "key.rewrapped": "Case key re-protected",
    "object.added": "File stored",
    "exhibit.captured": "Screen captured",
    "exhibit.imported": "File imported",
    "exhibit.edited": "Exhibit details edited",
    "exhibit.redaction_set": "Redaction boxes set",
    "original.exported": "Original exported",
    "details.set": "Case details set",
    "step.set": "Checklist step",
    "profile.set": "Victim profile set",
    "bundle.exported": "Bundle exported",
    "case.verified": "Case checked",
    "journal.recovered": "Crash recovery",
}

VERIFY_INTRO = "Anyone can check this bundle without trusting evidencekit. Each way gives the same answer."
VERIFY_STEPS = (
    ("With evidencekit", "evidencekit verify BUNDLE.pdf",
     "Checks the signature, every attached file against the manifest and the exhibit pages, and the "
     "custody journal's chain. It prints a verdict for each check."),
    ("The signature", "pdfsig BUNDLE.pdf",
     "Or open the PDF in a reader and show the signature panel. \"Signature is valid\" with the whole "
     "document covered means the file is unchanged since it was signed."),
    ("Save the attached files", "pdfdetach -saveall BUNDLE.pdf",
     "Or use the reader's attachments pane (the paper-clip icon) and save each file."),
    ("Linux", "sha256sum EK-001.png", ""),
    ("Windows", "certutil -hashfile EK-001.png SHA256", ""),
    ("macOS", "shasum -a 256 EK-001.png",
     "Compare each result with the SHA-256 on the exhibit's page and in the hash manifest. "
     "sha256sum manifest.json gives the bundle fingerprint printed on the cover."),
)

LIMITS = (
    "A SHA-256 fingerprint proves that a file is unchanged since it was recorded. It does not prove that "
    "what the picture shows is genuine, complete or was sent by the person it appears to come from.",
    "Capture times come from the clock of the computer that made them. That clock was not checked against "
    "an outside time source.",
    "For imported files, the file name, modified time and EXIF time are claims carried by the file; "
    "evidencekit recorded them but cannot confirm them.",
    "Identifiers and amounts in the summary were typed by the victim or a support worker.",
    "For authoritative records (account registration, IP addresses, message logs, payment records) please "
    "request them from the platform or payment provider, quoting the identifiers in this bundle.",
    "The digital signature uses a certificate made on the exporting computer, not one issued by a "
    "recognised authority: it shows the file is unchanged since signing, not who the signer is.",
)

NEXT_STEPS = (
    "Do not pay, and stop replying. Paying rarely ends it and often leads to more demands.",
    "Do not delete anything: not the messages, not your account, not the other person's profile.",
    "Report the account to the platform, using the identifiers in this bundle.",
    "Deactivate your account if you need a break, but do not delete it: deleting can destroy evidence. "
    "On some platforms deactivating starts a countdown to deletion; log back in before it ends.",
    "Give this bundle to the police, with the crime reference if you have one. Keep a copy somewhere safe.",
    "You are the victim. This is not your fault, and help is available: see the support page in "
    "evidencekit for helplines in your country.",
)

ZIP_README = (
    "These are the original files of an evidencekit evidence bundle, byte for byte as recorded.\n"
    "Check them with: sha256sum -c SHA256SUMS  (Windows: certutil -hashfile FILE SHA256;\n"
    "macOS: shasum -a 256 -c SHA256SUMS). The same values are printed in the bundle's hash manifest.\n"
)
