"""Build the evidence bundle: case state + originals -> signed PDF (and optionally a ZIP of originals).

Plain data in (state, an object reader, the journal events, options), so the GUI, the CLI and the
benchmarks drive it the same way. One original is in memory at a time; progress is reported and cancel
honoured between exhibits; nothing appears under the output name until the file is complete and signed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from evidencekit import __version__
from evidencekit.bundle.assemble import Attachment, ExhibitPayload, assemble_pdf
from evidencekit.bundle.chat_pages import document_pages, document_plan
from evidencekit.bundle.journal_export import JOURNAL_FILE, WITHHELD_NAME, export_journal
from evidencekit.bundle.layout import render_layout
from evidencekit.bundle.manifest import (
    MANIFEST_FILE,
    build_manifest,
    manifest_bytes,
    original_file_name,
    redacted_file_name,
    shareable_file_name,
)
from evidencekit.bundle.model import (
    BundleContent,
    BundleOptions,
    BundleResult,
    DocumentPlan,
    ExhibitPlan,
    IsCancelled,
    Progress,
    ReadObject,
    SharedCopy,
    never_cancelled,
    no_progress,
)
from evidencekit.bundle.originals_zip import write_originals_zip, zip_name_for
from evidencekit.bundle.output_file import OutputPlan, PreparedBundle, StagedFile, storage_error
from evidencekit.bundle.page_image import displayed_size, page_image, shows_original_pixels
from evidencekit.bundle.pages_back import back_matter
from evidencekit.bundle.pages_exhibit import exhibit_page, exhibit_stand_in
from evidencekit.bundle.pages_front import front_matter
from evidencekit.bundle.signing import SigningIdentity, load_or_create_identity, sign_pdf_file
from evidencekit.bundle.statement import build_statement, producer_labels, statement_form
from evidencekit.bundle.transcripts import attach_texts
from evidencekit.canonical import sha256_hex
from evidencekit.capture.identifying import find_identifying, kinds_of, shareable_copy
from evidencekit.capture.shareable import recorded_copies
from evidencekit.clock import Clock, stamp, system_clock
from evidencekit.details import has_victim_contact, stored_details, without_victim_contact
from evidencekit.errors import Cancelled, IntegrityError, UsageError
from evidencekit.i18n import N_, _, format_decimal
from evidencekit.ocr.runner import case_region
from evidencekit.paths import settings_dir
from evidencekit.redaction import redacted_view
from evidencekit.store.state import CaseState, Exhibit

CANCELLED_MESSAGE = N_("The export was stopped. No bundle was written, and nothing was left where it was to be saved.")
DISPOSITIONS = {"attach": "attached", "zip": "zip", "withhold": "withheld"}


def _read_checked(read_object: ReadObject, exhibit: Exhibit) -> bytes:
    data = read_object(exhibit.id)
    if hashlib.sha256(data).hexdigest() != exhibit.sha256:
        raise IntegrityError(_("The original of {reference} does not match its recorded SHA-256; run 'evidencekit "
                               "case verify' on the case. No bundle was written.").format(reference=exhibit.reference))
    return data


def _plan(exhibit: Exhibit, index: int, data: bytes, options: BundleOptions) -> ExhibitPlan:
    boxes = list(exhibit.redaction.boxes) if exhibit.redaction and exhibit.redaction.boxes else []
    disposition = DISPOSITIONS[options.originals]
    plan = ExhibitPlan(exhibit=exhibit, index=index, width=0, height=0, boxes=[],
                       original_disposition=disposition,
                       original_file=original_file_name(exhibit.reference, exhibit.media_type))
    if exhibit.origin == "imported":  # the GPS time is a time, not a place: it is shown even when the
        from evidencekit.capture.picture_times import gps_time  # location is withheld (read before the copy)

        plan.gps_time = gps_time(data)
    plan.identifying = kinds_of(find_identifying(data))
    if plan.identifying:
        copy = shareable_copy(data)
        plan.copy = SharedCopy(shareable_file_name(exhibit.reference, exhibit.media_type), sha256_hex(copy),
                               len(copy), "withheld" if options.include_location else disposition)
        if not options.include_location and disposition != "withheld":
            plan.original_disposition = "withheld"
        data = copy  # the page shows the copy's pixels (the same pixels), never the original's metadata
    if boxes:
        view, applied = redacted_view(data, boxes)
        include = bool(exhibit.redaction and exhibit.redaction.include_original) or options.include_redacted_originals
        plan.boxes = applied
        plan.view_file = redacted_file_name(exhibit.reference)
        plan.view_sha256 = sha256_hex(view)
        plan.view_size = len(view)
        plan.exact_view = False
        plan.width, plan.height = displayed_size(view)
        if not include:
            plan.original_disposition = "withheld"
            plan.exhibit = _without_file_name(exhibit)
            if plan.copy:  # the copy shows the uncovered picture: it stays with the original
                plan.copy = SharedCopy(plan.copy.file, plan.copy.sha256, plan.copy.size, "withheld")
    else:
        plan.exact_view = shows_original_pixels(data)
        plan.width, plan.height = displayed_size(data)
    return plan


def _without_file_name(exhibit: Exhibit) -> Exhibit:
    """A copy of a covered, withheld exhibit whose file name (kept in the case) reads "withheld"."""
    copy = exhibit.snapshot()
    if "file_name" in copy.recorded:
        copy.recorded["file_name"] = WITHHELD_NAME
    return copy


def _exhibit_story(content: BundleContent, stand_ins: bool) -> list[Any]:
    """Every exhibit's pages in reference order; a chat record's text pages are the same in both passes."""
    story: list[Any] = []
    for entry in content.entries:
        first = not story
        if isinstance(entry, DocumentPlan):
            story += document_pages(content, entry, first)
        else:
            story += exhibit_stand_in(entry, first, content) if stand_ins else exhibit_page(content, entry, first)
    return story


def _story(content: BundleContent, *, stand_ins: bool = False) -> list[Any]:
    return [*front_matter(content), *_exhibit_story(content, stand_ins), *back_matter(content)]


def _paginate(content: BundleContent, marks: dict[str, int], pages: int) -> None:
    content.total_pages = pages
    content.section_pages = {key: page for key, page in marks.items() if not key.startswith("exhibit-")}
    for entry in content.entries:
        entry.page = marks[f"exhibit-{entry.exhibit.reference}"]


def _lay_out(content: BundleContent) -> tuple[bytes, bytes]:
    """Page numbers go into the manifest, and the manifest's fingerprint is printed on every page, so
    the pages are laid out first with one-page stand-ins for the exhibits (cheap), then for real. If a
    real exhibit page ran over (a very long note), the real layout's numbers are used for one more pass.
    Returns (layout PDF, manifest bytes)."""
    _pdf, marks, pages = render_layout(content, _story(content, stand_ins=True))
    for _attempt in range(3):
        _paginate(content, marks, pages)
        manifest_data, content.fingerprint = manifest_bytes(build_manifest(content))
        pdf, marks_again, pages_again = render_layout(content, _story(content))
        if (marks_again, pages_again) == (marks, pages):
            return pdf, manifest_data
        marks, pages = marks_again, pages_again
    raise RuntimeError("the bundle's pages kept moving between layout passes")  # i18n: not shown (a bug)


class _Exporter:
    """One export run: holds the inputs and the progress counter."""

    def __init__(self, state: CaseState, read_object: ReadObject, options: BundleOptions,
                 progress: Progress, cancelled: IsCancelled) -> None:
        self.state, self.read_object, self.options = state, read_object, options
        self.progress, self.cancelled = progress, cancelled
        count = len(state.exhibits)
        self.total = 2 * count + (count if options.originals == "zip" else 0) + 2 + (1 if options.sign else 0)
        self.done = 0
        self.documents: list[DocumentPlan] = []
        self.copies: dict[str, tuple[str, int]] = {}

    def step(self, what: str) -> None:
        if self.cancelled():
            raise Cancelled(_(CANCELLED_MESSAGE))
        self.done += 1
        self.progress(min(self.done, self.total), self.total, what)

    def _checked_reader(self, exhibit: Exhibit) -> ReadObject:
        return lambda _object_id: _read_checked(self.read_object, exhibit)

    def plans(self) -> list[ExhibitPlan]:
        plans: list[ExhibitPlan] = []
        count = len(self.state.exhibits)
        for index, exhibit in enumerate(self.state.exhibits):
            self.step(_("Checking exhibit {number} of {count}").format(number=index + 1, count=count))
            if not exhibit.is_picture:  # a chat archive or transcript: pages of text, no picture
                self.documents.append(document_plan(exhibit, self._checked_reader(exhibit), self.options))
                continue
            plan = _plan(exhibit, len(plans), _read_checked(self.read_object, exhibit), self.options)
            if plan.copy is not None:
                plan.copy = _tied(plan.copy, exhibit, self.copies)
            plans.append(plan)
        zipped = sum(1 for plan in plans if plan.original_disposition == "zip"
                     or (plan.copy is not None and plan.copy.disposition == "zip"))
        self.total = 2 * count + zipped + 2 + (1 if self.options.sign else 0)
        return plans

    def payloads(self, plans: Sequence[ExhibitPlan]) -> Iterator[ExhibitPayload]:
        for plan in plans:
            self.step(_("Writing exhibit {number} of {count}").format(number=plan.index + 1, count=len(plans)))
            exhibit = plan.exhibit
            data = _read_checked(self.read_object, exhibit)
            attachments = []
            shown = None
            if plan.redacted:
                shown, _applied = redacted_view(data, plan.boxes)
                if sha256_hex(shown) != plan.view_sha256:
                    raise RuntimeError("the redacted view changed between passes")  # i18n: not shown (a bug)
                attachments.append(Attachment(plan.view_file or "", shown, "image/png",
                                              _("{reference} redacted view (solid black boxes), SHA-256 {sha256}")
                                              .format(reference=exhibit.reference, sha256=plan.view_sha256),
                                              relationship="Supplement"))  # i18n: not shown (PDF name)
            if plan.original_disposition == "attached":
                attachments.insert(0, Attachment(plan.original_file, data, exhibit.media_type,
                                                 _("{reference} original, SHA-256 {sha256}").format(
                                                     reference=exhibit.reference, sha256=exhibit.sha256),
                                                 mod_date=_pdf_date(exhibit)))
            if plan.copy is not None:
                data = _checked_copy(plan, data)
                if plan.copy.disposition == "attached":
                    attachments.insert(0, Attachment(
                        plan.copy.file, data, exhibit.media_type,
                        _("{reference} copy without identifying metadata (same pixels), SHA-256 {sha256}, of the "
                          "original with SHA-256 {original}").format(reference=exhibit.reference,
                                                                    sha256=plan.copy.sha256, original=exhibit.sha256),
                        mod_date=_pdf_date(exhibit), relationship="Supplement"))  # i18n: not shown (PDF name)
            picture = page_image(data, exact=plan.exact_view, shown=shown)
            yield ExhibitPayload(picture, attachments)

    def zip_items(self, plans: Sequence[ExhibitPlan]) -> Iterator[tuple[str, Any]]:
        for plan in plans:
            if plan.original_disposition == "zip":
                def read(plan: ExhibitPlan = plan) -> bytes:
                    self.step(_("Adding {file} to the ZIP").format(file=plan.original_file))
                    return _read_checked(self.read_object, plan.exhibit)

                yield plan.original_file, read
            elif plan.copy is not None and plan.copy.disposition == "zip":
                def read_copy(plan: ExhibitPlan = plan) -> bytes:
                    self.step(_("Adding {file} to the ZIP").format(file=plan.copy.file if plan.copy else ""))
                    return _checked_copy(plan, _read_checked(self.read_object, plan.exhibit))

                yield plan.copy.file, read_copy


def _tied(copy: SharedCopy, exhibit: Exhibit, recorded: dict[str, tuple[str, int]]) -> SharedCopy:
    """The copy with the number of the journal record that ties it to the original (none: a case exported
    without the store, as in the demo); a record naming another SHA-256 means the journal and this copy
    disagree, and no bundle is made."""
    sha, seq = recorded.get(exhibit.id, (copy.sha256, None))
    if sha != copy.sha256:
        raise IntegrityError(_("The copy of {reference} without identifying details does not match the one "
                               "recorded in the custody journal; run 'evidencekit case verify' on the case. No "
                               "bundle was written.").format(reference=exhibit.reference))
    return SharedCopy(copy.file, copy.sha256, copy.size, copy.disposition, seq)


def _checked_copy(plan: ExhibitPlan, original: bytes) -> bytes:
    copy = shareable_copy(original)
    if plan.copy is None or sha256_hex(copy) != plan.copy.sha256:
        raise RuntimeError("the shareable copy changed between passes")  # i18n: not shown (a bug)
    return copy


def _pdf_date(exhibit: Exhibit) -> str:
    time = exhibit.recorded.get("time")
    utc = str(time.get("utc", "")) if isinstance(time, dict) else ""
    digits = "".join(ch for ch in utc[:19] if ch.isdigit())
    return f"D:{digits}Z" if len(digits) == 14 else ""


def _hash_file(handle: Any) -> tuple[str, int]:
    handle.seek(0)
    digest = hashlib.sha256()
    size = 0
    while chunk := handle.read(1 << 20):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def build_bundle(state: CaseState, read_object: ReadObject, events: Sequence[Any], out_path: Path,
                 options: BundleOptions | None = None, *, progress: Progress = no_progress,
                 cancelled: IsCancelled = never_cancelled, identity: SigningIdentity | None = None,
                 clock: Clock = system_clock) -> BundleResult:
    """Write the bundle for `state` to `out_path` (replacing a file there) and return what was made.
    Nothing is recorded here: export.export_case records the export around `prepare_bundle`."""
    out_path = Path(out_path)
    prepared = prepare_bundle(state, read_object, events, out_path, options, progress=progress,
                              cancelled=cancelled, identity=identity, clock=clock,
                              plan=OutputPlan.for_folder(out_path.parent))
    prepared.publish(replace=True)
    return prepared.result


def prepare_bundle(state: CaseState, read_object: ReadObject, events: Sequence[Any], out_path: Path,
                   options: BundleOptions | None = None, *, progress: Progress = no_progress,
                   cancelled: IsCancelled = never_cancelled, identity: SigningIdentity | None = None,
                   clock: Clock = system_clock, plan: OutputPlan) -> PreparedBundle:
    """Write the bundle for `state`, finished and fsynced, but not yet under `out_path` (see
    PreparedBundle): unnamed files, or the named temp files of `plan`. A failure leaves nothing."""
    options = options or BundleOptions()
    if not state.exhibits:
        raise UsageError(_("This case has no pictures yet. Capture or import at least one, then make the bundle."))
    out_path = Path(out_path)
    run = _Exporter(state, read_object, options, progress, cancelled)
    run.copies = recorded_copies(events)
    if options.sign and identity is None:
        identity = load_or_create_identity(settings_dir())
    details = stored_details(state.details)
    contact_left_out = not options.include_contact and has_victim_contact(details)
    if not options.include_contact:
        details = without_victim_contact(details)
    zip_path = out_path.with_name(zip_name_for(out_path)) if options.originals == "zip" else None
    plans = run.plans()
    withheld_names = {plan.exhibit.id for plan in plans if plan.redacted and plan.original_disposition == "withheld"}
    withheld_names |= {str(entry["id"]) for entry in state.removed}  # a removed picture's file name stays in
    found_text = attach_texts(plans, state, read_object, events)
    region = case_region(state)
    statement = build_statement(state, events, details, form=statement_form(options.statement_form, region),
                                contact_left_out=contact_left_out) if options.statement else None
    content = BundleContent(
        case_id=state.id, title=state.title, created=dict(state.created), details=details,
        contact_left_out=contact_left_out, plans=plans, found_text=found_text, region=region,
        journal=export_journal(events, include_contact=options.include_contact, withheld_names=withheld_names),
        export_time=stamp(clock()), app=f"evidencekit {__version__}", options=options,
        root_sha256=identity.root_sha256 if options.sign and identity else None,
        zip_name=zip_path.name if zip_path else None, documents=run.documents,
        statement=statement, labels=producer_labels(events, state.exhibits),
        removed=[dict(entry) for entry in state.removed],
    )
    run.step(_("Laying out the pages"))
    layout_pdf, manifest_data = _lay_out(content)
    return _write(run, content, layout_pdf, manifest_data, out_path, zip_path, identity, plan)


def _write(run: _Exporter, content: BundleContent, layout_pdf: bytes, manifest_data: bytes, out_path: Path,
           zip_path: Path | None, identity: SigningIdentity | None, plan: OutputPlan) -> PreparedBundle:
    extra = [Attachment(doc.original_file, doc.data, doc.exhibit.media_type,
                        _("{reference} chat transcript, SHA-256 {sha256}").format(reference=doc.exhibit.reference,
                                                                                  sha256=doc.exhibit.sha256))
             for doc in content.documents if doc.original_disposition == "attached"]
    extra += [
        Attachment(MANIFEST_FILE, manifest_data, "application/json",
                   _("Bundle manifest; its SHA-256 is the bundle fingerprint {fingerprint}").format(
                       fingerprint=content.fingerprint), "Data"),  # i18n: not shown (PDF name)
        Attachment(JOURNAL_FILE, content.journal.data, "application/x-ndjson",
                   _("Chain of custody, {count} records, SHA-256 {sha256}").format(
                       count=content.journal.count, sha256=sha256_hex(content.journal.data)),
                   "Data"),  # i18n: not shown (PDF name)
    ]
    signing = identity if content.options.sign else None
    zip_sha = None
    with ExitStack() as stack:
        try:
            final = stack.enter_context(StagedFile(out_path, plan.temp("pdf")))
            assemble_pdf(layout_pdf, final.handle, len(content.plans), lambda: run.payloads(content.plans), extra)
            staged_zip = stack.enter_context(StagedFile(zip_path, plan.temp("zip"))) if zip_path is not None else None
            if staged_zip is not None:
                write_originals_zip(staged_zip.handle, run.zip_items(content.plans))
            run.step(_("Finishing the file"))
            if signing is not None:
                signed = stack.enter_context(StagedFile(out_path, plan.temp("signed")))
                final.handle.seek(0)
                sign_pdf_file(signing, final.handle, signed.handle)
                final.discard()
                final = signed
                run.step(_("Signed the bundle"))
            sha, size = _hash_file(final.handle)
            files = [final]
            if staged_zip is not None:
                zip_sha, _zip_size = _hash_file(staged_zip.handle)
                files.insert(0, staged_zip)
            for staged in files:
                staged.finish()
        except OSError as exc:
            raise storage_error(exc, out_path) from exc
        stack.pop_all()  # finished: the caller publishes or discards them
    warnings = []
    if size > content.options.size_warning_bytes:
        warnings.append(_("The PDF is {size} MB, more than most email services accept (about 20 MB). Hand it over "
                          "on a USB stick or through the police's upload link, or export again with the originals "
                          "in a separate ZIP.").format(size=format_decimal(size / 1_048_576)))
    result = BundleResult(path=out_path, sha256=sha, size=size, fingerprint=content.fingerprint,
                          exhibits=len(content.entries), pages=content.total_pages, signed=signing is not None,
                          root_sha256=content.root_sha256, zip_path=zip_path, zip_sha256=zip_sha,
                          warnings=warnings,
                          shareable_copies=[p.exhibit.reference for p in content.plans
                                            if p.copy is not None and p.copy.disposition != "withheld"],
                          identifying_included=[p.exhibit.reference for p in content.plans
                                                if p.identifying and p.original_disposition != "withheld"])
    return PreparedBundle(result, files, plan)
