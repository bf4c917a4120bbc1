"""The pages before the exhibits: cover, summary for the officer, suspect identifiers, timeline.

An officer should know who the suspect is and what happened from these pages alone.
"""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, PageBreak, Table, TableStyle

from evidencekit.bundle import wording
from evidencekit.bundle.blocks import facts_table, gap, grid, notice, para
from evidencekit.bundle.facts import (
    account_text,
    contact_text,
    demand_text,
    local_text,
    paid_text,
    prepared_by_text,
    reported,
    reports_lines,
    utc_text,
)
from evidencekit.bundle.layout import SectionMark
from evidencekit.bundle.model import BundleContent
from evidencekit.bundle.pages_text import identifier_source, unconfirmed_rows
from evidencekit.bundle.styles import ACCENT, FRAME_WIDTH, RULE
from evidencekit.categories import category_name
from evidencekit.details import crime_reference
from evidencekit.i18n import _
from evidencekit.store.state import Exhibit

SECTIONS = (  # (key, name of the wording text): read when the page is made, in the bundle's language
    ("summary", "SECTION_SUMMARY"),
    ("statement", "SECTION_STATEMENT"),
    ("identifiers", "SECTION_IDENTIFIERS"),
    ("timeline", "SECTION_TIMELINE"),
    ("exhibits", "SECTION_EXHIBITS"),
    ("manifest", "SECTION_MANIFEST"),
    ("custody", "SECTION_CUSTODY"),
    ("verify", "SECTION_VERIFY"),
    ("limits", "SECTION_LIMITS"),
    ("next", "SECTION_NEXT"),
)


def cover(content: BundleContent) -> list[Flowable]:
    details = content.details
    facts = [
        (wording.COVER_FACTS["crime_reference"], crime_reference(details) or wording.NOT_GIVEN),
        (wording.COVER_FACTS["prepared_by"], prepared_by_text(details)),
        (wording.COVER_FACTS["export_utc"], utc_text(content.export_time.as_dict())),
        (wording.COVER_FACTS["export_local"], local_text(content.export_time.as_dict())),
        (wording.COVER_FACTS["app"], content.app),
        (wording.COVER_FACTS["exhibits"], str(len(content.entries))),
        (wording.COVER_FACTS["case_id"], content.case_id),
    ]
    story: list[Flowable] = [
        para(wording.DOCUMENT_KIND.upper(), "kicker"),
        para(content.title or content.case_id, "title"),
        para(wording.SUBTITLE, "subtitle"),
        facts_table(facts),
        gap(5),
        _fingerprint_box(content),
        gap(5),
        notice(wording.SENSITIVE_TITLE, sensitive_notice(content)),
        gap(5),
        para(wording.CONTENTS, "h2"),
        _contents(content),
        PageBreak(),
    ]
    return story


def sensitive_notice(content: BundleContent) -> str:
    """The sensitive-content notice, saying truly where the uncovered originals of redacted exhibits are."""
    included = [plan.exhibit.reference for plan in content.plans
                if plan.redacted and plan.original_disposition != "withheld"]
    withheld = [plan.exhibit.reference for plan in content.plans
                if plan.redacted and plan.original_disposition == "withheld"]
    sentences = wording.REDACTED_ORIGINALS
    if included and withheld:
        tail = sentences["mixed"].format(included=", ".join(included), withheld=", ".join(withheld))
    elif included:
        tail = sentences["included"].format(references=", ".join(included))
    else:
        tail = sentences["withheld"]
    return f"{wording.SENSITIVE_NOTICE} {tail}"


def _fingerprint_box(content: BundleContent) -> Table:
    rows: list[list[Any]] = [
        [para(wording.FINGERPRINT_LABEL, "cell_bold")],
        [para(content.fingerprint, "mono")],
        [para(wording.FINGERPRINT_NOTE, "small")],
        [para(wording.ROOT_LABEL, "cell_bold")],
        [para(content.root_sha256, "mono") if content.root_sha256 else para(wording.UNSIGNED, "cell")],
        [para(wording.ROOT_NOTE if content.root_sha256 else "", "small")],
    ]
    table = Table(rows, colWidths=[FRAME_WIDTH], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("TOPPADDING", (0, 3), (-1, 3), 6),
    ]))
    return table


def _contents(content: BundleContent) -> Table:
    rows = []
    for key, name in SECTIONS:
        page = content.section_pages.get(key, 0)
        if key == "statement" and content.statement is None:
            continue
        rows.append([para(getattr(wording, name), "cell"), para(str(page) if page else "", "cell")])
    table = Table(rows, colWidths=[FRAME_WIDTH - 20 * mm, 20 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("ALIGN", (1, 0), (1, -1), "RIGHT"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    return table


def _platforms(content: BundleContent) -> str:
    seen: list[str] = []
    for account in content.details.get("suspect_accounts") or []:
        seen.append(str(account.get("platform", "")))
    seen.extend(entry.exhibit.fields.get("platform", "") for entry in content.entries)
    unique = list(dict.fromkeys(p.strip() for p in seen if p and p.strip()))
    return ", ".join(unique) or wording.NOT_GIVEN


def summary(content: BundleContent) -> list[Flowable]:
    details = content.details
    facts_words = wording.SUMMARY_FACTS
    demands = [demand_text(d) for d in details.get("demands") or []]
    victim_accounts = [account_text(a) for a in details.get("victim_accounts") or []]
    contact = wording.CONTACT_LEFT_OUT if content.contact_left_out else (
        contact_text(details.get("victim_contact") or {}) or wording.NOT_GIVEN)
    rows = [
        (facts_words["platforms"], _platforms(content)),
        (facts_words["contact_start"], str(details.get("contact_start") or wording.NOT_GIVEN).replace("T", " ")),
        (facts_words["demands"], "\n".join(demands) or wording.NOT_GIVEN),
        (facts_words["paid"], paid_text(details.get("paid") or {})),
        (facts_words["reports"], "\n".join(reports_lines(details)) or _("none recorded")),
        (facts_words["victim_accounts"], "\n".join(victim_accounts) or wording.NOT_GIVEN),
        (facts_words["victim_contact"], contact),
        (facts_words["prepared_by"], prepared_by_text(details)),
        (facts_words["exhibits"], _exhibit_counts(content)),
    ]
    words = str(details.get("summary") or "")
    story: list[Flowable] = [
        SectionMark("summary", wording.SECTION_SUMMARY),
        para(wording.SECTION_SUMMARY, "h1"),
        para(wording.SUMMARY_WORDS, "h2"),
        *([para(part) for part in words.split("\n\n")] if words else [para(wording.SUMMARY_NO_WORDS, "small")]),
        gap(2),
        facts_table(rows),
        CondPageBreak(40 * mm),
        para(wording.EXHIBIT_OVERVIEW, "h2"),
        grid(wording.OVERVIEW_HEAD, [
            [_reference_cell(content, plan.exhibit), category_name(plan.exhibit.fields.get("category", "")),
             plan.exhibit.fields.get("label", ""),
             utc_text(_recorded_stamp(content, plan.exhibit)), str(plan.page or "")]
            for plan in content.entries
        ], [18 * mm, 28 * mm, FRAME_WIDTH - 110 * mm, 52 * mm, 12 * mm]),
        *removed_list(content),
        PageBreak(),
    ]
    return story


def _reference_cell(content: BundleContent, exhibit: Any) -> str:
    """'EK-003' or, with the producer's labels on, 'EK-003' and 'JS/3' on the next line."""
    label = content.labels.get(exhibit.id, "")
    return f"{exhibit.reference}\n{label}" if label else exhibit.reference


def removed_list(content: BundleContent) -> list[Flowable]:
    """The exhibits removed for safeguarding: reference, SHA-256, when, by whom and why; no picture."""
    if not content.removed:
        return []
    rows = [[entry["reference"], entry["sha256"],
             f"{utc_text(entry['time'])}\n{' '.join(str(v) for v in (entry['by'] or {}).values() if v)}",
             entry["reason"]] for entry in content.removed]
    return [gap(2), para(wording.REMOVED_TITLE, "h2"), para(wording.REMOVED_INTRO, "small"),
            grid(wording.REMOVED_HEAD, rows, [18 * mm, 66 * mm, 44 * mm, FRAME_WIDTH - 128 * mm], mono_columns=(1,))]


def _exhibit_counts(content: BundleContent) -> str:
    captured = sum(1 for p in content.plans if p.exhibit.origin == "captured")
    imported = len(content.plans) - captured
    redacted = sum(1 for p in content.plans if p.redacted)
    text = _("{count} ({captured} captured from the screen, {imported} imported)").format(
        count=len(content.plans), captured=captured, imported=imported)
    if redacted:
        text = _("{pictures}; {redacted} shown as redacted views").format(pictures=text, redacted=redacted)
    archives = sum(1 for d in content.documents if d.exhibit.kind == "chat archive")  # i18n: not shown (a kind)
    transcripts = len(content.documents) - archives
    if content.documents:
        text = _("{count}: pictures {pictures}; {archives} platform chat archive(s) and {transcripts} "
                 "transcript(s) made from them").format(count=len(content.entries), pictures=text,
                                                        archives=archives, transcripts=transcripts)
    return text


def _recorded_stamp(content: BundleContent, exhibit: Exhibit) -> dict[str, Any]:
    stamp = exhibit.recorded.get("time")
    if isinstance(stamp, dict) and stamp:
        return stamp
    for line in content.journal.lines:
        if line.get("seq") == exhibit.event_seq:
            return dict(line.get("time") or {})
    return {}


def identifiers(content: BundleContent) -> list[Flowable]:
    details = content.details
    rows: list[list[str]] = []
    for number, account in enumerate(details.get("suspect_accounts") or [], start=1):
        group = _("{platform} (account {number})").format(platform=account.get("platform") or _("Account"),
                                                          number=number)
        for key in ("display_name", "username", "account_id", "profile_url", "phone", "email", "notes"):
            if account.get(key):
                rows.append([group, wording.IDENTIFIER_NAMES[key], str(account[key]),
                             identifier_source(content, str(account[key]), wording.SOURCE_DETAILS)])
    for number, demand in enumerate(details.get("demands") or [], start=1):
        group = _("Payment demanded ({number})").format(number=number)
        for key in ("amount", "method", "mtcn", "bank_details", "wallet", "payment_handle", "deadline", "notes"):
            value = str(demand.get(key) or "")
            if key == "amount" and value:
                value = f"{value} {demand.get('currency', '')}".strip()
            if value:
                source = wording.SOURCE_DETAILS if key in ("amount", "deadline") else identifier_source(
                    content, value, wording.SOURCE_DETAILS)
                rows.append([group, wording.IDENTIFIER_NAMES[key], value, source])
    known = {row[2] for row in rows}
    for plan in content.plans:
        url = plan.exhibit.fields.get("url", "")
        if url and url not in known:
            platform = plan.exhibit.fields.get("platform", "") or _("Shown in an exhibit")
            rows.append([platform, _("URL shown"), url, plan.exhibit.reference])
            known.add(url)
    story: list[Flowable] = [
        SectionMark("identifiers", wording.SECTION_IDENTIFIERS),
        para(wording.SECTION_IDENTIFIERS, "h1"),
        para(wording.IDENTIFIERS_INTRO, "small"),
        gap(2),
    ]
    if rows:
        story.append(grid(wording.IDENTIFIERS_HEAD, rows, [34 * mm, 28 * mm, FRAME_WIDTH - 100 * mm, 38 * mm],
                          zebra=True))
    else:
        story.append(para(wording.IDENTIFIERS_NONE))
    story += read_in_pictures(content, known)
    story.append(gap(6))
    return story


def read_in_pictures(content: BundleContent, recorded: set[str]) -> list[Flowable]:
    """The identifiers OCR read in the pictures (covered parts left out) that the victim has not recorded."""
    rows = unconfirmed_rows(content, recorded)
    if not rows:
        return []
    return [gap(4), para(_("Also read in the pictures by OCR (may contain mistakes; not confirmed by the victim)"),
                         "h2"),
            grid((_("Kind"), _("Value"), _("Check"), _("Where")), rows,
                 [36 * mm, FRAME_WIDTH - 112 * mm, 38 * mm, 38 * mm], zebra=True)]


def timeline(content: BundleContent) -> list[Flowable]:
    items = _timeline_items(content)
    rows = [[when, what, source] for _key, when, what, source in sorted(items, key=lambda item: item[0])]
    return [
        CondPageBreak(60 * mm),
        SectionMark("timeline", wording.SECTION_TIMELINE),
        para(wording.SECTION_TIMELINE, "h1"),
        para(wording.TIMELINE_INTRO, "small"),
        gap(2),
        grid(wording.TIMELINE_HEAD, rows, [50 * mm, FRAME_WIDTH - 76 * mm, 26 * mm]),
        PageBreak(),
    ]


def _timeline_items(content: BundleContent) -> list[tuple[str, str, str, str]]:
    details = content.details
    items: list[tuple[str, str, str, str]] = []

    def given(when: str, what: str) -> None:
        if when:
            shown = _("{when} (as given)").format(when=when.replace("T", " "))
            items.append((when.replace(" ", "T"), shown, what, wording.SOURCE_DETAILS))

    given(str(details.get("contact_start") or ""), _("First contact from the suspect"))
    paid = details.get("paid") or {}
    if paid.get("date"):
        given(str(paid["date"]), _("Payment: {paid}").format(paid=paid_text(paid)))
    reports = details.get("reports") or {}
    for item in reports.get("platform_reports") or []:
        extra = [_("report id {id}").format(id=item["report_id"])] if item.get("report_id") else []
        given(str(item.get("date") or ""), reported(str(item.get("platform") or _("the platform")), extra))
    police = reports.get("police") or {}
    if police.get("date"):
        extra = ([_("crime reference {reference}").format(reference=police["crime_reference"])]
                 if police.get("crime_reference") else [])
        given(str(police["date"]), reported(_("the police"), extra))
    for item in reports.get("other") or []:
        given(str(item.get("date") or ""), reported(str(item.get("organisation") or _("another organisation")), []))
    if content.created:
        items.append((str(content.created.get("utc", "")), utc_text(content.created),
                      _("Case opened in evidencekit"), _("custody journal")))
    for entry in content.documents:
        document = getattr(entry, "transcript", None) or {}
        thread = document.get("thread") or {}
        for key, what in (("first_utc", _("First message in {reference} ({title}), the platform's own time")),
                          ("last_utc", _("Last message in {reference} ({title}), the platform's own time"))):
            when = str(thread.get(key) or "")
            if when:
                items.append((when, utc_text({"utc": when}), what.format(
                    reference=entry.exhibit.reference, title=thread.get("title", "")), entry.exhibit.reference))
    for plan in content.entries:
        exhibit = plan.exhibit
        stamp = _recorded_stamp(content, exhibit)
        verb = {"captured": _("{reference} captured: {category}"),
                "derived": _("{reference} made from the platform's chat: {category}")}.get(
                    exhibit.origin, _("{reference} imported: {category}"))
        what = verb.format(reference=exhibit.reference, category=category_name(exhibit.fields.get("category", "")))
        if exhibit.fields.get("label"):
            what = _("{what}, {label}").format(what=what, label=exhibit.fields["label"])
        if exhibit.fields.get("message_time"):
            what = _("{what} (message time shown: {time})").format(what=what, time=exhibit.fields["message_time"])
        items.append((str(stamp.get("utc", "")), utc_text(stamp), what, exhibit.reference))
        items += _picture_times(plan)
    for line in content.journal.lines:
        if line.get("action") == "bundle.handed_over":
            data = line.get("data") or {}
            stamp = dict(line.get("time") or {})
            items.append((str(stamp.get("utc", "")), str(data.get("date") or "") or utc_text(stamp),
                          _("An earlier bundle (PDF SHA-256 {sha}…) handed over to {to}").format(
                              sha=str((data.get("bundle") or {}).get("sha256", ""))[:16], to=data.get("to", "")),
                          _("custody journal")))
        if line.get("action") == "timestamp.attached":
            data = line.get("data") or {}
            when = str(data.get("time", ""))
            items.append((when, utc_text({"utc": when}), wording.TIMELINE_TIMESTAMP.format(
                tsa=data.get("tsa", ""), seq=(data.get("covers") or {}).get("seq", "")), _("time-stamp service")))
    export = content.export_time.as_dict()
    items.append((export["utc"], utc_text(export), _("This bundle was made"), _("this bundle")))
    return items


def _picture_times(plan: Any) -> list[tuple[str, str, str, str]]:
    """The times an imported picture claims (EXIF DateTimeOriginal with its zone, GPS time), for the timeline:
    placed by UTC where the file gives a zone, else by the time as written and marked 'zone unknown'."""
    from evidencekit.capture.picture_times import exif_time, readable

    exhibit = plan.exhibit
    if exhibit.origin != "imported" or not exhibit.is_picture:
        return []
    recorded = exhibit.recorded
    exif = recorded.get("exif") if isinstance(recorded.get("exif"), dict) else {}
    found = []
    taken = exif_time(recorded.get("exif_time"), exif.get("offset_time_original", ""))
    if taken is not None:
        found.append((taken.sort_key, readable(taken, wording.ZONE_UNKNOWN),
                      wording.TIMELINE_EXIF.format(reference=exhibit.reference), exhibit.reference))
    gps = getattr(plan, "gps_time", None)
    if gps is not None:
        found.append((gps.sort_key, readable(gps, wording.ZONE_UNKNOWN),
                      wording.TIMELINE_GPS.format(reference=exhibit.reference), exhibit.reference))
    return found


def front_matter(content: BundleContent) -> list[Flowable]:
    from evidencekit.bundle.pages_statement import statement_pages

    return [*cover(content), *summary(content), *statement_pages(content), *identifiers(content),
            *timeline(content)]

