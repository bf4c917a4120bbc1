"""`evidencekit verify BUNDLE.pdf`: check a bundle with no case and no key, and give a verdict per check.

Exit codes: 0 every check passed (or was skipped with a reason), 1 any check failed, 2 the file is not
an evidencekit bundle or cannot be read at all. Damaged input of any kind gives a verdict, never a crash.

Verify trusts nothing it was not given: an unsigned bundle fails unless the officer allows it
(`--allow-unsigned`, and then the report says first that nobody vouches for the file as a whole); the
signing root is printed in full and compared with `--expect-root` when given.

Adding a check: write `check_x(bundle: OpenedBundle) -> Verdict` (in its own module if it is large; it
may read what earlier checks left on the OpenedBundle, such as `signing_root`) and add it to CHECKS.
A check that raises fails on its own with a sentence; the others still run.
"""

from __future__ import annotations

import json
import logging
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from evidencekit.bundle.manifest import MANIFEST_FILE, MANIFEST_FORMAT
from evidencekit.bundle.verify_checks import (
    FAIL,
    SKIP,
    Attachments,
    OpenedBundle,
    Verdict,
    VerifyOptions,
    check_attachments,
    check_exhibit_pages,
    check_fingerprint,
    check_journal,
    check_manifest_vs_journal,
    check_originals_zip,
    check_signature,
    check_signing_root,
    parse_root_fingerprint,
)
from evidencekit.bundle.verify_pixels import check_page_pictures
from evidencekit.bundle.verify_revisions import check_later_revisions
from evidencekit.bundle.verify_signature import UNSIGNED_WARNING

__all__ = ["CHECKS", "VerifyOptions", "VerifyResult", "format_result", "parse_root_fingerprint", "verify_bundle"]

# In order: the signature first (later checks read what it found), then the root it chains to.
ROOT_ADVICE = ("The signature shows only that the file is unchanged since the installation with this root "
               "signed it. Confirm the root with the sender by another route: call them on a number you "
               "already have (not one given with this file) and have them read out the 'Signing root' from "
               "their own copy's cover or from what 'evidencekit export' printed; then run "
               "'evidencekit verify --expect-root {root} {name}'.")

CHECKS: tuple[tuple[str, Callable[[OpenedBundle], Verdict]], ...] = (
    ("signature", check_signature),
    ("signing root", check_signing_root),
    ("changes after signing", check_later_revisions),
    ("fingerprint", check_fingerprint),
    ("attachments", check_attachments),
    ("exhibit pages", check_exhibit_pages),
    ("page pictures", check_page_pictures),
    ("custody journal", check_journal),
    ("manifest vs journal", check_manifest_vs_journal),
    ("originals ZIP", check_originals_zip),
)


@dataclass
class VerifyResult:
    """All verdicts for one file, or why it could not be checked at all."""

    path: Path
    verdicts: list[Verdict] = field(default_factory=list)
    unreadable: str = ""
    fingerprint: str = ""
    case_title: str = ""
    exhibits: int = 0
    options: VerifyOptions = field(default_factory=VerifyOptions)
    signed: bool | None = None  # None: not known (the file could not be read)
    signing_root: str = ""  # the root a holding signature chains to (SHA-256 of its certificate, hex)

    @property
    def exit_code(self) -> int:
        if self.unreadable:
            return 2
        return 1 if any(v.status == FAIL for v in self.verdicts) else 0

    @property
    def verdict(self) -> str:
        return {0: "PASSED", 1: "FAILED", 2: "NOT CHECKED"}[self.exit_code]

    def as_dict(self) -> dict[str, Any]:
        return {"path": str(self.path), "verdict": self.verdict.lower().replace(" ", "_"),
                "exit_code": self.exit_code, "unreadable": self.unreadable or None,
                "fingerprint": self.fingerprint or None, "case_title": self.case_title or None,
                "exhibits": self.exhibits, "signed": self.signed, "signing_root": self.signing_root or None,
                "expected_root": self.options.expect_root,
                "unsigned_warning": UNSIGNED_WARNING if self.signed is False else None,
                "checks": [v.as_dict() for v in self.verdicts]}


class _DamagedManifest(str):
    """Why the file could not be checked, when that is its attached manifest.json (a readable PDF with one)."""

    __slots__ = ()


def _open(path: Path, options: VerifyOptions) -> OpenedBundle | str:
    """The opened bundle, or one sentence saying why this is not a readable evidencekit bundle
    (a _DamagedManifest when the PDF reads and has a manifest.json that is not a bundle manifest)."""
    from pypdf import PdfReader  # keep `evidencekit --help` fast

    if not path.is_file():
        return f"{path} does not exist or is not a file."
    handle = None
    try:
        handle = path.open("rb")
        if handle.read(1024).find(b"%PDF-") < 0:
            handle.close()
            return f"{path.name} is not a PDF file."
        handle.seek(0)
        reader = PdfReader(handle, strict=False)  # reads objects from the file as needed, not all of it at once
        holder: OpenedBundle | None = None

        def forget() -> None:
            if holder is not None:
                holder.forget()

        entries: dict[str, list[Any]] = {}
        for entry in reader.attachment_list:
            entries.setdefault(entry.name, []).append(entry)
        attachments = Attachments(entries, forget)
        found = attachments.get(MANIFEST_FILE)
        manifest_bytes = found[0] if found else None
    except Exception:  # any parser failure on a damaged file: say so, never crash (nor name the error)
        if handle is not None:
            handle.close()
        return f"{path.name} cannot be read as a PDF: it is damaged or cut short."
    if manifest_bytes is None:
        handle.close()
        return f"{path.name} is a PDF but not an evidencekit bundle (it has no attached {MANIFEST_FILE})."
    try:
        manifest = json.loads(manifest_bytes)
    except ValueError:
        handle.close()
        return _DamagedManifest(f"The {MANIFEST_FILE} attached to {path.name} is damaged (not JSON).")
    if not isinstance(manifest, dict) or manifest.get("format") != MANIFEST_FORMAT:
        handle.close()
        return _DamagedManifest(f"The {MANIFEST_FILE} attached to {path.name} is not an evidencekit bundle "
                                "manifest.")
    holder = OpenedBundle(path=path, reader=reader, attachments=attachments, manifest=manifest,
                          manifest_bytes=manifest_bytes, options=options, handle=handle)
    return holder


def verify_bundle(path: Path, options: VerifyOptions | None = None, *,
                  tsa_roots: Sequence[bytes] = ()) -> VerifyResult:
    """Run every check on the file at `path` with what the officer gave (`options`; tsa_roots: DER roots
    trusted for time stamps, beside the system's)."""
    path = Path(path)
    options = options or VerifyOptions()
    result = VerifyResult(path, options=options)
    opened: OpenedBundle | str = ""
    quiet = logging.getLogger("pypdf"), logging.getLogger("pyhanko"), logging.getLogger("pyhanko_certvalidator")
    levels = [logger.level for logger in quiet]
    for logger in quiet:
        logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            opened = _open(path, options)
            if isinstance(opened, str):
                result.unreadable = str(opened)
                if isinstance(opened, _DamagedManifest):
                    _check_signature_only(result, opened)
                return result
            case = opened.manifest.get("case")
            result.case_title = str(case.get("title", "")) if isinstance(case, dict) else ""
            exhibits = opened.manifest.get("exhibits")
            result.exhibits = len(exhibits) if isinstance(exhibits, list) else 0
            from evidencekit.canonical import sha256_hex

            result.fingerprint = sha256_hex(opened.manifest_bytes)
            for name, check in CHECKS:
                try:
                    result.verdicts.append(check(opened))
                except Exception:  # a damaged part of the file: this check fails, the others still run
                    result.verdicts.append(Verdict(name, FAIL, "This part of the bundle could not be read; "
                                                               "it is damaged."))
            result.verdicts.append(_trusted_time(opened, tsa_roots))
            result.signed = not opened.unsigned
            result.signing_root = opened.signing_root
    finally:
        if not isinstance(opened, str):
            opened.handle.close()
        for logger, level in zip(quiet, levels, strict=True):
            logger.setLevel(level)
    return result


def _trusted_time(opened: OpenedBundle, tsa_roots: Sequence[bytes]) -> Verdict:
    """The time-stamp tokens in the custody journal (evidencekit/bundle/verify_timestamps.py)."""
    from evidencekit.bundle.verify_timestamps import CHECK, check_timestamps

    try:
        return check_timestamps(opened, tsa_roots)
    except Exception:  # a damaged token structure fails this check only
        return Verdict(CHECK, FAIL, "The time stamps could not be read; they are damaged.")


def _check_signature_only(result: VerifyResult, damage: str) -> None:
    """A signed file whose manifest was damaged or replaced (say by an incremental update): the signature
    can still be checked without the manifest. If it fails, that is the verdict (FAILED, exit 1), with the
    manifest's damage as a failed check of its own; if the file has no signature, or it holds, the file
    stays NOT CHECKED (exit 2), as evidencekit never signs a bundle with such a manifest."""
    from evidencekit.bundle.verify_signature import signature_verdict_without_manifest

    try:
        verdict = signature_verdict_without_manifest(result.path)
    except Exception:  # an unreadable signature on a file already not checkable: keep the first sentence
        return
    if verdict is None or verdict.status != FAIL:
        return
    result.unreadable = ""
    result.verdicts = [verdict]
    from evidencekit.bundle.verify_revisions import read_revisions, revisions_verdict

    try:
        revisions = read_revisions(result.path)
    except Exception:  # the later revisions cannot be compared: the signature verdict already fails
        revisions = None
    if revisions is not None:
        result.verdicts.append(revisions_verdict(revisions))
    result.verdicts.append(Verdict("manifest", FAIL, f"{damage} The other checks need it and were not run."))


def format_result(result: VerifyResult) -> str:
    """The human-readable report printed by `evidencekit verify`."""
    if result.unreadable:
        return f"NOT CHECKED: {result.unreadable}"
    lines = []
    if result.signed is False:  # first and loud: before anything that could read as reassurance
        lines += [UNSIGNED_WARNING, ""]
    lines.append(f"Bundle: {result.path.name}")
    if result.case_title:
        lines.append(f"Case: {result.case_title} ({result.exhibits} exhibit(s))")
    if result.fingerprint:
        lines.append(f"Bundle fingerprint: {result.fingerprint}")
    if result.signing_root:
        lines.append(f"Signing root (SHA-256): {result.signing_root}")
    lines.append("")
    marks = {"pass": "PASS", "fail": "FAIL", SKIP: "SKIP"}
    for verdict in result.verdicts:
        lines.append(f"  {marks.get(verdict.status, verdict.status.upper()):4}  {verdict.check}: {verdict.message}")
        lines.extend(f"          - {problem}" for problem in verdict.problems[:20])
        if len(verdict.problems) > 20:
            lines.append(f"          - ... and {len(verdict.problems) - 20} more")
    lines.append("")
    if result.exit_code == 0 and result.signed is False:
        lines.append("Verdict: PASSED, BUT NOT SIGNED. The parts of the file agree with each other, and nobody "
                     "vouches for the file as a whole.")
    elif result.exit_code == 0 and result.options.expect_root:
        lines.append("Verdict: PASSED. Every attached file matches the manifest, nothing changed since signing, "
                     "and the signing root is the one you expected.")
    elif result.exit_code == 0:
        lines.append("Verdict: PASSED. Every attached file matches the manifest and nothing changed since signing.")
        lines.append(ROOT_ADVICE.format(root=result.signing_root, name=result.path.name))
    else:
        lines.append("Verdict: FAILED. This file is not the bundle as it was made; ask the sender for a fresh copy.")
    return "\n".join(lines)
