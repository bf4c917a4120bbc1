"""The pages after the exhibits: hash manifest, chain of custody, how to verify, limits, next steps."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, LongTable, PageBreak, TableStyle

from evidencekit.bundle import wording
from evidencekit.bundle.blocks import bullets, facts_table, gap, grid, hash_text, keep, para, table_cell
from evidencekit.bundle.journal_export import JOURNAL_FILE
from evidencekit.bundle.layout import SectionMark
from evidencekit.bundle.manifest import MANIFEST_FILE
from evidencekit.bundle.model import BundleContent
from evidencekit.bundle.styles import ACCENT, FRAME_WIDTH, RULE, SHADE, ZEBRA
from evidencekit.categories import role_name, step_title
from evidencekit.i18n import _, ngettext


def where_short(disposition: str) -> str:
    """Where an original is, in the bundle's language (translated when the page is made, not at import)."""
    return {"attached": _("attached to this PDF"), "zip": _("in the separate ZIP"),
            "withheld": wording.MANIFEST_WITHHELD}[disposition]


def manifest_pages(content: BundleContent) -> list[Flowable]:
    entries: list[tuple[str, str, str, str, str]] = []
    for plan in content.plans:
        exhibit = plan.exhibit
        entries.append((exhibit.reference, plan.original_file, str(exhibit.size), exhibit.sha256,
                        where_short(plan.original_disposition)))
        if plan.redacted and plan.view_file and plan.view_sha256:
            entries.append((exhibit.reference, plan.view_file, str(plan.view_size or ""), plan.view_sha256,
                            _("attached, shown on page {page}").format(page=plan.page)))
    for document in content.documents:
        exhibit = document.exhibit
        entries.append((exhibit.reference, document.original_file, str(exhibit.size), exhibit.sha256,
                        where_short(document.original_disposition)))
    entries.sort(key=lambda row: row[0])
    entries.append(("bundle", JOURNAL_FILE, str(len(content.journal.data)), _sha(content.journal.data), _("attached")))
    entries.append(("bundle", MANIFEST_FILE, "", content.fingerprint, _("attached (the bundle fingerprint)")))
    return [
        SectionMark("manifest", wording.SECTION_MANIFEST),
        para(wording.SECTION_MANIFEST, "h1"),
        para(wording.MANIFEST_INTRO, "small"),
        gap(2),
        _manifest_table(entries),
        PageBreak(),
    ]


def _manifest_table(entries: list[tuple[str, str, str, str, str]]) -> Flowable:
    """Two rows per file: what and where, then its SHA-256 on a line of its own (easy to read out)."""
    data: list[list[Any]] = [[para(title, "cell_head") for title in wording.MANIFEST_HEAD]]
    style = TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
    ])
    widths = [18 * mm, 66 * mm, 20 * mm, FRAME_WIDTH - 104 * mm]
    commands: list[tuple[Any, ...]] = []
    for index, (reference, name, size, digest, where) in enumerate(entries):
        top = 1 + 2 * index
        data.append([table_cell(value, style, widths[column] - 8.5, (column, top), commands) for column, (value, style)
                     in enumerate(((reference, "cell_bold"), (name, "cell"), (size, "cell"), (where, "cell")))])
        data.append(["", table_cell(hash_text(digest), "mono", FRAME_WIDTH - 26 * mm, (1, top + 1), commands),
                     "", ""])
        style.add("SPAN", (1, top + 1), (3, top + 1))
        style.add("TOPPADDING", (0, top + 1), (-1, top + 1), 0)
        style.add("LINEBELOW", (0, top + 1), (-1, top + 1), 0.3, RULE)
        if index % 2:
            style.add("BACKGROUND", (0, top), (-1, top + 1), ZEBRA)
    for command in commands:
        style.add(*command)
    table = LongTable(data, colWidths=widths, repeatRows=1, hAlign="LEFT", splitByRow=1)
    table.setStyle(style)
    return table


def _sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def _what(line: dict[str, Any]) -> str:
    action = str(line.get("action", ""))
    text = wording.ACTIONS.get(action, action)
    data = line.get("data") or {}
    if action == "exhibit.edited" and isinstance(data.get("changes"), dict):
        text = _("{action}: {fields}").format(action=text, fields=", ".join(sorted(data["changes"])))
    elif action == "step.set":
        step = step_title(str(data.get("step", "")))  # the title in the bundle's language, not the key
        text = (_("{action}: {step} done") if data.get("done") else _("{action}: {step} not done")).format(
            action=text, step=step)
    elif action == "exhibit.redaction_set":
        count = len(data.get("boxes") or [])
        text = ngettext("{action}: {count} box", "{action}: {count} boxes", count).format(action=text, count=count)
    elif action == "bundle.exported" and data.get("sha256"):
        text = _("{action}: PDF SHA-256 {sha256}…").format(action=text, sha256=str(data["sha256"])[:16])
    elif action == "timestamp.attached":
        text += _(": {tsa}, {time} UTC, over record {seq}").format(
            tsa=data.get("tsa", ""), time=str(data.get("time", "")).replace("T", " ").removesuffix("Z"),
            seq=(data.get("covers") or {}).get("seq", ""))
    elif action == "bundle.handed_over":
        bundle = data.get("bundle") or {}
        text += _(": to {to}{reference}, bundle PDF SHA-256 {sha}…").format(
            to=data.get("to", ""), sha=str(bundle.get("sha256", ""))[:16],
            reference=_(", reference {reference}").format(reference=data["reference"]) if data.get("reference") else "")
    elif action == "exhibits.labelled":
        text += _(": {initials}/1, {initials}/2 …").format(initials=data["initials"]) if data.get("initials") else \
            _(": off")
    elif action == "timestamp.requested":
        text += _(" over record {seq}").format(seq=(data.get("covers") or {}).get("seq", ""))
    elif action == "case.verified":
        text = (_("{action}: all files match") if data.get("ok") else _("{action}: problems found")).format(
            action=text)
    if "withheld" in line:
        text += " *"  # i18n: not shown (a mark)
    return text


def custody_pages(content: BundleContent) -> list[Flowable]:
    references = {entry.exhibit.id: entry.exhibit.reference for entry in content.entries}
    rows = []
    for line in content.journal.lines:
        actor = line.get("actor") or {}
        who = " ".join(v for v in (role_name(str(actor.get("role", ""))), str(actor.get("name", ""))) if v)
        time = str((line.get("time") or {}).get("utc", "")).replace("T", " ")[:19]  # to the second; full in the JSONL
        object_id = str(line.get("object") or "")
        rows.append([str(line.get("seq", "")), time, who, _what(line),
                     references.get(object_id, object_id[:10]), hash_text(str(line.get("hash", ""))[:16])])
    journal = content.journal
    widths = [8 * mm, 36 * mm, 28 * mm, FRAME_WIDTH - 125 * mm, 20 * mm, 33 * mm]
    story: list[Flowable] = [
        SectionMark("custody", wording.SECTION_CUSTODY),
        para(wording.SECTION_CUSTODY, "h1"),
        para(wording.CUSTODY_INTRO, "small"),
        para(wording.CUSTODY_SEALS, "small"),
        gap(2),
        grid(wording.CUSTODY_HEAD, rows, widths),
        gap(3),
    ]
    if journal.withheld:
        story.append(para(wording.CUSTODY_WITHHELD, "small"))
    story.append(keep(facts_table([
        (_("Records"), str(journal.count)),
        (_("Last record's hash (chain head)"), hash_text(journal.head)),
        (_("SHA-256 of {file}").format(file=JOURNAL_FILE), hash_text(_sha(journal.data))),
    ])))
    story += timestamp_table(content)
    story.append(PageBreak())
    return story


def timestamp_table(content: BundleContent) -> list[Flowable]:
    """The trusted time stamps in the journal, and what they prove and do not (nothing when there are none)."""
    rows = []
    for line in content.journal.lines:
        if line.get("action") != "timestamp.attached":
            continue
        data = line.get("data") or {}
        covers = (data.get("covers") or {}).get("seq", "")
        when = str(data.get("time", "")).replace("T", " ").removesuffix("Z")
        rows.append([str(line.get("seq", "")), f"1–{covers}", when, str(data.get("tsa", "")),
                     str(data.get("serial", ""))])
    if not rows:
        return []
    widths = [14 * mm, 24 * mm, 44 * mm, FRAME_WIDTH - 112 * mm, 30 * mm]
    return [gap(4), keep(para(wording.TIMESTAMPS_TITLE, "h2"), para(wording.TIMESTAMPS_INTRO, "small"), gap(2),
                         grid(wording.TIMESTAMPS_HEAD, rows, widths)),
            gap(2), para(wording.TIMESTAMPS_CHECK, "small")]


def _time_stamp_limits(content: BundleContent) -> list[str]:
    """With trusted time stamps, what they change about the clock limit above (and what they do not)."""
    found = []
    for line in content.journal.lines:
        if line.get("action") == "timestamp.attached":
            data = line.get("data") or {}
            found.append(wording.LIMIT_TIMESTAMP.format(
                seq=(data.get("covers") or {}).get("seq", ""), tsa=data.get("tsa", ""),
                time=str(data.get("time", "")).replace("T", " ").removesuffix("Z")))
    return found


def verify_pages(content: BundleContent) -> list[Flowable]:
    story: list[Flowable] = [
        SectionMark("verify", wording.SECTION_VERIFY),
        para(wording.SECTION_VERIFY, "h1"),
        para(wording.VERIFY_INTRO),
        gap(2),
    ]
    for title, command, note in wording.VERIFY_STEPS:
        block: list[Flowable] = [para(title, "h2"), para(command, "code")]
        if note:
            block.append(para(note))
        story.append(keep(*block))
    if content.zip_name:
        story.append(keep(para(_("Originals in the separate ZIP file"), "h2"),
                          para(_("sha256sum -c SHA256SUMS    (inside {zip})").format(zip=content.zip_name), "code"),
                          para(_("Every line must say OK. The same values are in the hash manifest."))))
    story += [
        CondPageBreak(70 * mm),
        SectionMark("limits", wording.SECTION_LIMITS),
        para(wording.SECTION_LIMITS, "h1"),
        *bullets([*wording.LIMITS, *_time_stamp_limits(content)]),
        gap(4),
        CondPageBreak(60 * mm),
        SectionMark("next", wording.SECTION_NEXT),
        para(wording.SECTION_NEXT, "h1"),
        *bullets(wording.NEXT_STEPS),
        *bullets(_police_route(content)),
    ]
    return story


def _police_route(content: BundleContent) -> list[str]:
    """How to bring the bundle to the police of the case's country: the same words as the window's export
    page and `bundle export` (resources/guidance/handover.toml), so the route follows the country."""
    from evidencekit.guidance import load_guidance
    from evidencekit.guidance.handover import police_sentences
    from evidencekit.guidance.plaintext import strip_emphasis

    guidance = load_guidance()
    return [strip_emphasis(sentence) for sentence in police_sentences(guidance.handover_texts(),
                                                                       guidance.country(content.region))]


def back_matter(content: BundleContent) -> list[Flowable]:
    return [*manifest_pages(content), *custody_pages(content), *verify_pages(content)]
