"""Plain data the bundle builder works from and returns: options, per-exhibit plans, the result."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidencekit.clock import Stamp
from evidencekit.errors import UsageError
from evidencekit.redaction import Box
from evidencekit.store.state import Exhibit

ORIGINALS_MODES = ("attach", "zip", "withhold")
SIZE_WARNING_BYTES = 20 * 1024 * 1024

Progress = Callable[[int, int, str], None]  # done, total, what is happening now
IsCancelled = Callable[[], bool]
ReadObject = Callable[[str], bytes]


def no_progress(_done: int, _total: int, _what: str) -> None:
    """The default progress callback: report nothing."""


def never_cancelled() -> bool:
    return False


@dataclass(frozen=True)
class BundleOptions:
    """What the person chose on the export page (or on the command line)."""

    include_contact: bool = True
    originals: str = "attach"  # attach | zip | withhold
    include_redacted_originals: bool = False
    include_location: bool = False  # attach originals that hold GPS, serials or names (else a shareable copy)
    sign: bool = True
    size_warning_bytes: int = SIZE_WARNING_BYTES
    language: str | None = None  # the police's language; None: the case's country's (bundle_language)
    statement: bool = True  # the producer's statement page (bundle/statement.py); off: export --no-statement
    statement_form: str = "auto"  # auto | england-wales | northern-ireland | plain

    def __post_init__(self) -> None:
        if self.originals not in ORIGINALS_MODES:
            raise UsageError(f"--originals must be one of {', '.join(ORIGINALS_MODES)}, not {self.originals!r}.")
        from evidencekit.bundle.statement import FORMS

        if self.statement_form not in FORMS:
            raise UsageError(f"--statement-form must be one of {', '.join(FORMS)}, not {self.statement_form!r}.")

    def as_dict(self) -> dict[str, Any]:
        found = {"include_contact": self.include_contact, "originals": self.originals,
                 "include_redacted_originals": self.include_redacted_originals,
                 "include_location": self.include_location, "sign": self.sign}
        if self.language:
            found["language"] = self.language
        if not self.statement:
            found["statement"] = False
        elif self.statement_form != "auto":
            found["statement_form"] = self.statement_form
        return found


@dataclass(frozen=True)
class SharedCopy:
    """A picture's original with its identifying metadata removed losslessly (capture/identifying.py)."""

    file: str  # EK-001-shareable.jpg
    sha256: str
    size: int
    disposition: str  # attached | zip | withheld (where the original would have gone)
    journal_seq: int | None = None  # the exhibit.shareable_copy record tying it to the original


@dataclass
class ExhibitPlan:
    """How one exhibit appears in this bundle: picture size, redaction, where its original goes."""

    exhibit: Exhibit
    index: int
    width: int
    height: int
    boxes: list[Box]
    original_disposition: str  # attached | zip | withheld
    original_file: str  # EK-001.png (the name inside the PDF or the ZIP)
    view_file: str | None = None  # EK-001-redacted.png when redacted
    view_sha256: str | None = None
    view_size: int | None = None
    exact_view: bool = True
    page: int = 0
    text: Any = None  # bundle.transcripts.VisibleText: what OCR read, without the words under black boxes
    gps_time: Any = None  # capture.picture_times.ClaimedTime: the GPS time the file claims (imports only)
    identifying: list[str] = field(default_factory=list)  # kinds of identifying metadata in the original
    copy: SharedCopy | None = None  # the original without them, attached (or zipped) in its place

    @property
    def redacted(self) -> bool:
        return bool(self.boxes)


@dataclass
class DocumentPlan:
    """How a chat archive or chat transcript exhibit appears: pages of text, no picture.

    The archive's original is always withheld (it holds the victim's other conversations too); the
    transcript's original (its JSON) is attached unless every original is withheld."""

    exhibit: Exhibit
    original_file: str  # EK-004.json
    original_disposition: str  # attached | withheld
    transcript: dict[str, Any] | None = None  # the parsed transcript document (chat transcript only)
    data: bytes = b""  # the transcript's bytes, attached as they are stored
    page: int = 0


@dataclass(frozen=True)
class JournalExport:
    """The custody journal as attached: JSON lines, which records hold withheld contents, the head."""

    lines: list[dict[str, Any]]
    data: bytes
    withheld: list[int]
    head: str
    count: int


@dataclass
class BundleContent:
    """Everything the pages print. Built once, then laid out twice (page numbers, then fingerprint)."""

    case_id: str
    title: str
    created: dict[str, str]
    details: dict[str, Any]
    contact_left_out: bool
    plans: list[ExhibitPlan]
    journal: JournalExport
    export_time: Stamp
    app: str
    options: BundleOptions
    root_sha256: str | None
    zip_name: str | None
    region: str | None = None  # the case's country (ISO 3166 alpha-2): phone numbers without +
    found_text: Any = None  # bundle.transcripts.FoundText: identifiers read in the pictures, confirmations
    fingerprint: str = "0" * 64
    total_pages: int = 0
    section_pages: dict[str, int] = field(default_factory=dict)
    documents: list[DocumentPlan] = field(default_factory=list)
    statement: Any = None  # bundle.statement.Statement, or None with --no-statement
    labels: dict[str, str] = field(default_factory=dict)  # exhibit id -> the producer's label ('JS/3')
    removed: list[dict[str, Any]] = field(default_factory=list)  # exhibits removed for safeguarding (state)

    @property
    def entries(self) -> list[ExhibitPlan | DocumentPlan]:
        """Every exhibit of the bundle, pictures and chat documents, in reference order."""
        return sorted([*self.plans, *self.documents], key=lambda entry: entry.exhibit.number)

    def reference_for(self, sha256: str) -> str:
        """The reference of the exhibit whose original has this SHA-256 ('' when none has)."""
        return next((entry.exhibit.reference for entry in self.entries if entry.exhibit.sha256 == sha256), "")


@dataclass(frozen=True)
class BundleResult:
    """What an export made: the PDF (and ZIP), their hashes, and anything the person should know."""

    path: Path
    sha256: str
    size: int
    fingerprint: str
    exhibits: int
    pages: int
    signed: bool
    root_sha256: str | None
    zip_path: Path | None = None
    zip_sha256: str | None = None
    warnings: list[str] = field(default_factory=list)
    shareable_copies: list[str] = field(default_factory=list)  # exhibits whose original is replaced by a copy
    identifying_included: list[str] = field(default_factory=list)  # exhibits whose identifying original is in

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "sha256": self.sha256, "size": self.size,
                "fingerprint": self.fingerprint, "exhibits": self.exhibits, "pages": self.pages,
                "signed": self.signed, "signing_root_sha256": self.root_sha256,
                "zip_path": str(self.zip_path) if self.zip_path else None, "zip_sha256": self.zip_sha256,
                "warnings": list(self.warnings), "shareable_copies": list(self.shareable_copies),
                "identifying_originals_included": list(self.identifying_included)}
