"""The producer's statement page: who produced the exhibits, when and how, the list with labels and SHA-256,
what was done to them, and a declaration with space to sign by hand (evidencekit/bundle/statement.py)."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, PageBreak, Table, TableStyle

from evidencekit.bundle.blocks import bullets, facts_table, gap, grid, hash_text, keep, para
from evidencekit.bundle.facts import utc_text
from evidencekit.bundle.layout import SectionMark
from evidencekit.bundle.model import BundleContent
from evidencekit.bundle.statement import DECLARATIONS, FORM_NAMES, Statement
from evidencekit.bundle.styles import ACCENT, FRAME_WIDTH, RULE
from evidencekit.categories import category_name
from evidencekit.details import crime_reference
from evidencekit.i18n import _

SECTION = "statement"  # i18n: not shown (a bookmark key)
BLANK = "_" * 34


def statement_title() -> str:
    return _("Statement of the person who produced the exhibits")


def _role_sentence(statement: Statement) -> str:
    producer = statement.producer
    if producer.role == "victim":
        return _("I am the person these exhibits concern (the victim), and I recorded them myself.")
    if producer.organisation:
        return _("I am a {role} at {organisation}. I recorded these exhibits while helping the victim.").format(
            role=producer.role, organisation=producer.organisation)
    return _("I am a {role}. I recorded these exhibits while helping the victim.").format(role=producer.role)


def exhibit_label(content: BundleContent, exhibit: Any) -> str:
    """'JS/3' when the producer's labels are on, else ''."""
    return str(content.labels.get(exhibit.id, ""))


def statement_pages(content: BundleContent) -> list[Flowable]:
    statement = content.statement
    if statement is None:
        return []
    producer = statement.producer
    role = _("the victim") if producer.role == "victim" else (
        f"{producer.role}, {producer.organisation}" if producer.organisation else producer.role)
    facts = [
        (_("Name"), producer.name or BLANK),
        (_("Role"), role),
        (_("Age if under 18"), "____"),
        (_("Crime reference"), crime_reference(content.details) or BLANK),
    ]
    tools = ", ".join(statement.tools) or content.app
    when = _("I recorded them between {first} and {last}, by this computer's clock.").format(
        first=utc_text({"utc": statement.first_utc}), last=utc_text({"utc": statement.last_utc}))
    rows = []
    for entry in content.entries:
        exhibit = entry.exhibit
        label = exhibit_label(content, exhibit)
        category = category_name(exhibit.fields.get("category", ""))  # in the bundle's language (was the key)
        what = ", ".join(v for v in (category, exhibit.fields.get("label", "")) if v)
        how = {"captured": _("screen capture"), "imported": _("imported file"),
               "derived": _("transcript made by evidencekit")}.get(exhibit.origin, exhibit.origin)
        row: list[Any] = [label, exhibit.reference] if content.labels else [exhibit.reference]
        rows.append([*row, f"{what} ({how})" if what else how, hash_text(exhibit.sha256)])
    story: list[Flowable] = [
        SectionMark(SECTION, statement_title()),
        para(statement_title(), "h1"),
        para(_(FORM_NAMES[statement.form]), "small"),
        gap(2),
        facts_table(facts),
        gap(3),
        para(_role_sentence(statement)),
        para(_("I used {tools}, a program that stores each picture exactly as it was recorded, encrypted on this "
               "computer, and writes its SHA-256 fingerprint and the time into a custody journal in which every "
               "record is chained to the one before it. {when}").format(tools=tools, when=when)),
    ]
    for line in content.journal.lines:
        if line.get("action") == "timestamp.attached":
            data = line.get("data") or {}
            story.append(para(_("The custody journal, up to record {seq}, was time-stamped by {tsa} at {time} UTC "
                                "(an outside service's clock; see the chain of custody).").format(
                seq=(data.get("covers") or {}).get("seq", ""), tsa=data.get("tsa", ""),
                time=str(data.get("time", "")).replace("T", " ").removesuffix("Z"))))
    for who, references in statement.others:
        story.append(para(_("{references} were recorded by {who}, not by me.").format(
            references=", ".join(references), who=who)))
    story += [
        para(_("I produce these exhibits:")),
        _exhibit_grid(content, rows),
        gap(3),
        para(_("What was done to them"), "h2"),
        *bullets(statement.done),
        gap(3),
        keep(_declaration(statement)),
        PageBreak(),
    ]
    return story


def _exhibit_grid(content: BundleContent, rows: list[list[Any]]) -> Flowable:
    if content.labels:
        return grid((_("Exhibit"), _("evidencekit reference"), _("What it is"), _("SHA-256 of the original")), rows,
                    [18 * mm, 24 * mm, FRAME_WIDTH - 132 * mm, 90 * mm], zebra=True)
    return grid((_("Exhibit"), _("What it is"), _("SHA-256 of the original")), rows,
                [20 * mm, FRAME_WIDTH - 110 * mm, 90 * mm], zebra=True)


def _declaration(statement: Statement) -> Table:
    line = "_" * 40
    rows: list[list[Any]] = [
        [para(_("Declaration"), "cell_bold"), ""],
        [para(_(DECLARATIONS[statement.form]), "body"), ""],
        [para(_("Signature"), "label"), para(line, "cell")],
        [para(_("Date"), "label"), para(line, "cell")],
        [para(_("Signature witnessed by"), "label"), para(line, "cell")],
    ]
    table = Table(rows, colWidths=[45 * mm, FRAME_WIDTH - 45 * mm], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("SPAN", (0, 0), (1, 0)),
        ("SPAN", (0, 1), (1, 1)),
        ("BOX", (0, 0), (-1, -1), 0.6, RULE),
        ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
        ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 2), (-1, -1), 10),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]))
    return table
