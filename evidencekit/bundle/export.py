"""Export a case from its store: record any redaction asked for, build the bundle, journal the export.

The `bundle.exported` event carries the PDF's SHA-256 (the one fingerprint that cannot be printed inside
the file), the bundle fingerprint, the signing root and the options, so the case's own custody log says
exactly which file was handed over. It is written before the file is put in place, after a
`bundle.export_started` record written before any byte of it (ADR 061, evidencekit/pending_exports.py).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace as replace_options
from pathlib import Path
from typing import Any

from evidencekit.bundle.builder import prepare_bundle
from evidencekit.bundle.model import BundleOptions, BundleResult, IsCancelled, Progress, never_cancelled, no_progress
from evidencekit.bundle.originals_zip import zip_name_for
from evidencekit.bundle.output_file import OutputPlan
from evidencekit.bundle.page_image import displayed_size
from evidencekit.bundle.signing import SigningIdentity
from evidencekit.capture.linking import save_boxes, spread_all
from evidencekit.capture.shareable import record_missing_copies
from evidencekit.errors import Cancelled, EvidenceKitError, IntegrityError, StorageFull, UsageError
from evidencekit.i18n import N_, _, available_languages, country_language, has_catalogue, using_language
from evidencekit.pending_exports import ABANDONED, ExportRun, recover_exports
from evidencekit.redaction import Box, RedactionRequest, clip_boxes

CHECKPOINT_DISAGREES = N_(
    "This case's checkpoint (checkpoint.ekc), written with its key, does not say what its custody journal says "
    "(a fault in evidencekit, or someone who has the key), so nothing was written; move checkpoint.ekc out of "
    "the case folder and keep it (it is not evidence, but it shows what happened), then make the bundle again "
    "from the journal alone.")


def record_redactions(store: Any, requests: Sequence[RedactionRequest], include_original: bool) -> int:
    """Set the boxes of each named exhibit (replacing earlier boxes); returns how many events were added."""
    state = store.state()
    wanted: dict[str, list[Box]] = {}
    for request in requests:
        exhibit = state.exhibit(request.exhibit)
        if exhibit is None:
            raise UsageError(f"--redact names exhibit {request.exhibit!r}, which is not in this case "
                             "(use a reference like EK-003, a number or an exhibit id).")
        wanted.setdefault(exhibit.id, []).append(request.box)
    added = 0
    for exhibit_id, boxes in wanted.items():
        exhibit = state.exhibit(exhibit_id)
        assert exhibit is not None
        clip_boxes(boxes, displayed_size(store.read_object(exhibit.id)))  # refuse boxes outside the picture
        current = exhibit.redaction
        if current and [tuple(b) for b in current.boxes] == boxes and current.include_original == include_original:
            continue
        save_boxes(store, exhibit.id, {"boxes": [list(box) for box in boxes], "include_original": include_original})
        added += 1
    return added


def export_case(store: Any, out_path: Path, options: BundleOptions | None = None, *,
                redactions: Sequence[RedactionRequest] = (), progress: Progress = no_progress,
                cancelled: IsCancelled = never_cancelled, identity: SigningIdentity | None = None,
                replace: bool = True, home: Path | None = None) -> BundleResult:
    """Build the bundle for an open CaseStore, recording it in the custody journal (ADR 061):

    `bundle.export_started` before a byte is written; the files written unnamed (or under recorded temp
    names); `bundle.exported` once they are complete; only then the files put in place. Any failure
    removes what was written, records `bundle.export_failed` and says exactly what happened.
    """
    if not store.replay_agrees():  # before anything is written: the bundle must say what the journal says
        raise IntegrityError(_(CHECKPOINT_DISAGREES), store.path / "checkpoint.ekc")
    options = options or BundleOptions()
    home = home if home is not None else store.anchor_file.parent.parent  # the data dir the case was opened in
    for note in recover_exports(store, home):  # the next export cleans up after an interrupted one
        store.warnings.append(note)
    if redactions:
        record_redactions(store, redactions, options.include_redacted_originals)
    out_path = Path(out_path)
    if not out_path.parent.is_dir():
        raise UsageError(_("The folder {folder} does not exist. Choose an existing folder for the bundle.").format(
            folder=out_path.parent))
    if not store.state().exhibits:
        raise UsageError(_("This case has no pictures yet. Capture or import at least one, then make the bundle."))
    options = replace_options(options, language=bundle_language(store.state(), options.language))
    spread_all(store)  # the same pixels carry the same black boxes and withhold choice in every exhibit
    record_missing_copies(store)  # the journal ties every shareable copy to its original before the export
    zip_path = out_path.with_name(zip_name_for(out_path)) if options.originals == "zip" else None
    run = ExportRun(store, OutputPlan.for_folder(out_path.parent), out_path, zip_path, home)
    try:
        run.begin()
    except StorageFull as exc:
        raise StorageFull(_("The disk holding the case is full, so this export could not be recorded in its custody "
                            "journal, and no bundle was written. Free some space on that disk and export "
                            "again.")) from exc
    try:
        with using_language(options.language):  # the police's language, on this thread only
            prepared = prepare_bundle(store.state(), store.read_object, store.events(), out_path, options,
                                      progress=progress, cancelled=cancelled, identity=identity, plan=run.plan)
    except BaseException as exc:
        _fail(run, exc)
        raise
    result = prepared.result
    outputs = [{"sha256": result.sha256, "size": result.size}]
    if result.zip_path and result.zip_sha256:
        outputs.append({"sha256": result.zip_sha256, "size": os.fstat(prepared.files[0].handle.fileno()).st_size})
    state = store.state()
    try:
        store.append_event("bundle.exported", {
            "export": run.export_id,
            "sha256": result.sha256, "size": result.size, "file_name": result.path.name,
            "fingerprint": result.fingerprint, "options": options.as_dict(),
            "exhibits": [exhibit.reference for exhibit in state.exhibits], "pages": result.pages,
            "signed": result.signed, "signing_root_sha256": result.root_sha256,
            "zip": {"file_name": result.zip_path.name, "sha256": result.zip_sha256} if result.zip_path else None,
        }, outputs=outputs)
    except BaseException as exc:
        prepared.discard()
        if isinstance(exc, StorageFull):
            run.failed("the disk holding the case is full")
            raise StorageFull(_("The bundle was made, but the disk holding the case is full, so the export could "
                                "not be recorded in its custody journal; the bundle was removed, so that no "
                                "unrecorded copy is left. Free some space on that disk and export again.")) from exc
        _fail(run, exc)
        raise
    try:
        prepared.publish(replace=replace)
    except FileExistsError:
        _abandon(run, "a file with that name appeared while the bundle was being made")
        raise UsageError(_("{path} already exists, so the bundle was not put there and was removed; the case's "
                           "custody journal records that. Choose another name and export again.").format(
                               path=out_path)) from None
    except BaseException as exc:
        _abandon(run, _reason(exc))
        raise
    run.done()
    return result


def bundle_language(state: Any, chosen: str | None) -> str:
    """The bundle's language: the one chosen (`export --language`, the export page), else the language of
    the police of the case's country (Spain: Spanish; the US: English), else English."""
    if chosen:
        if not has_catalogue(chosen):
            raise UsageError(_("evidencekit cannot write a bundle in '{language}'; choose one of: {languages}. "
                               "Nothing was written.").format(language=chosen,
                                                              languages=", ".join(available_languages())))
        return chosen
    profile = state.profile if isinstance(getattr(state, "profile", None), dict) else {}
    return country_language(str(profile.get("country") or "") or None)


def _reason(exc: BaseException) -> str:
    if isinstance(exc, Cancelled):
        return "stopped by the person"
    if isinstance(exc, StorageFull):
        return "the disk where the bundle was being saved is full"
    if isinstance(exc, EvidenceKitError):
        return exc.message
    return f"an unexpected problem ({type(exc).__name__})"


def _fail(run: ExportRun, exc: BaseException) -> None:
    """Record the failure; tell the person what the journal holds now (their message is otherwise true)."""
    recorded = run.failed(_reason(exc))
    if isinstance(exc, EvidenceKitError):
        note = (_("The case's custody journal records that this export did not finish.") if recorded else
                _("The case's custody journal could not record that this export did not finish (its disk is "
                  "full); evidencekit records it the next time the case is opened."))
        exc.message += " " + note
        exc.args = (exc.message,)


def _abandon(run: ExportRun, reason: str) -> None:
    """The export was recorded, but its file could not be put in place: say so in the journal."""
    try:
        run.store.append_event(ABANDONED, {"export": run.export_id, "reason": reason, "removed": []})
    except Exception:
        return  # recover_exports finds the hint at the next start and records it then
    run.done()
