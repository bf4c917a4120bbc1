"""What the bundle prints of the text read from the pictures: each exhibit's transcript page, and where
each suspect identifier was found and whether its checksum holds.

Everything here comes from the covered view's text (bundle.transcripts): no word under a black box.
"""

from __future__ import annotations

import hashlib
from typing import Any

from reportlab.platypus import Flowable, PageBreak

from evidencekit.bundle.blocks import gap, para
from evidencekit.bundle.model import BundleContent, ExhibitPlan
from evidencekit.i18n import _, ngettext
from evidencekit.ocr.identifiers import Finding, find_identifiers
from evidencekit.ocr.wording import check_short, described_kind

NOTE = "read by OCR, may contain mistakes"


def picture_words(plan: ExhibitPlan) -> list[tuple[str, tuple[int, int, int, int]]]:
    """The words of the text layer over the picture (never one under a black box)."""
    if plan.text is None:
        return []
    return [(word.text, word.box) for word in plan.text.transcript.words()]


def transcript_pages(content: BundleContent, plan: ExhibitPlan) -> list[Flowable]:
    """The page after an exhibit: its text as read, marked as derived, with how it was read."""
    text = plan.text
    if text is None:
        return []
    transcript = text.transcript
    reference = plan.exhibit.reference
    how = _("Read with Tesseract {version} ({languages}); custody record #{seq}. Every word is also laid "
            "invisibly over the picture on the page before, so it can be searched and copied.").format(
        version=transcript.engine.get("version", "?"), languages="+".join(transcript.languages),
        seq=text.record_seq)
    story: list[Flowable] = [
        para(_("Text of {reference} — {note}").format(reference=reference, note=_(NOTE)), "h2"),
        para(how, "small"),
    ]
    if text.left_out:
        story.append(para(ngettext(
            "{count} word under a black box is left out of this bundle (text layer, this page and the "
            "identifiers).", "{count} words under black boxes are left out of this bundle (text layer, this page "
            "and the identifiers).", text.left_out).format(count=text.left_out), "small"))
    story.append(gap(2))
    lines = [line.text for line in transcript.lines]
    story += [para(line, "mono_small") for line in lines] if lines else [para(_("No text was read."), "small")]
    story.append(PageBreak())
    return story


def _normal_forms(value: str, region: str | None) -> list[Finding]:
    return find_identifiers(value, region)


def _sha(value: str) -> str:
    return hashlib.sha256(value.encode("utf-8")).hexdigest()


def identifier_source(content: BundleContent, value: str, plain_source: str) -> str:
    """The Source cell for an identifier the victim recorded: where it was read, whether they confirmed
    it from a picture, and whether its checksum holds."""
    found_text = content.found_text
    if found_text is None:
        return plain_source
    forms = _normal_forms(value, content.region)
    if not forms:
        return plain_source
    parts = []
    confirmed = {str(c.get("value_sha256")): c for c in found_text.confirmed}
    for form in forms:
        where = confirmed.get(_sha(form.normalised))
        if where is not None and (where.get("from") or {}).get("reference"):
            parts.append(_("{reference}, read by OCR, confirmed by the victim").format(
                reference=where["from"]["reference"]))
        else:
            seen = sorted({f.exhibit for f in found_text.found if f.normalised == form.normalised and f.exhibit})
            parts.append(_("{source}; also read by OCR in {references}").format(
                source=plain_source, references=", ".join(seen)) if seen else plain_source)
        if form.valid is not None:
            parts.append(check_short(form))
    return "; ".join(dict.fromkeys(parts))


def unconfirmed_rows(content: BundleContent, recorded: set[str]) -> list[list[Any]]:
    """Identifiers read in the (covered) pictures that the victim has not recorded: kind, value, check, where."""
    found_text = content.found_text
    if found_text is None:
        return []
    known = {f.normalised for value in recorded for f in _normal_forms(value, content.region)} | recorded
    rows: list[list[Any]] = []
    seen: set[tuple[str, str]] = set()
    for finding in found_text.found:
        key = (finding.kind, finding.normalised)
        if finding.normalised in known or key in seen or finding.kind == "url":
            continue
        seen.add(key)
        value = finding.normalised
        if finding.value.replace(" ", "") not in (value, value.replace("https://", "")):
            value = _("{value} (read as {read})").format(value=value, read=finding.value)
        rows.append([described_kind(finding), value, check_short(finding),
                     _("{reference}, read by OCR, not confirmed").format(reference=finding.exhibit)])
    return rows


