"""Small building blocks shared by every page type: escaped paragraphs, fact tables, grids, notices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeAlias

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, LongTable, Paragraph, Spacer, Table, TableStyle

from evidencekit.bundle.fonts import MONO, SANS, para_text
from evidencekit.bundle.styles import FRAME_WIDTH, WARN, WARN_BG, facts_table_style, grid_table_style, styles

Cell: TypeAlias = str | Flowable


def para(text: str, style_name: str = "body") -> Paragraph:
    """A paragraph of plain (untrusted) text: escaped, with undrawable characters spelled out."""
    style = getattr(styles(), style_name)
    return Paragraph(para_text(text, MONO if style.fontName == MONO else SANS), style)


def markup(text: str, style_name: str = "body") -> Paragraph:
    """A paragraph of our own trusted markup (wording constants with <b> and the like)."""
    return Paragraph(text, getattr(styles(), style_name))


def hash_text(value: str, style_name: str = "mono") -> Paragraph:
    return para(value, style_name)


def _cell(value: Cell, style_name: str) -> Flowable:
    return value if isinstance(value, Flowable) else para(value, style_name)


def facts_table(rows: Sequence[tuple[str, Cell]], label_width: float = 42 * mm,
                width: float = FRAME_WIDTH) -> Table:
    """Label / value rows, the workhorse of the cover, summary and exhibit pages."""
    data = [[para(label, "label"), _cell(value, "cell")] for label, value in rows]
    table = Table(data, colWidths=[label_width, width - label_width], hAlign="LEFT")
    table.setStyle(facts_table_style())
    return table


def grid(head: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[float],
         mono_columns: Sequence[int] = (), zebra: bool = True) -> Flowable:
    """A table with a repeated header row; long tables split across pages."""
    data: list[list[Flowable]] = [[para(title, "cell_head") for title in head]]
    for row in rows:
        data.append([_cell(value, "mono_small" if index in mono_columns else "cell")
                     for index, value in enumerate(row)])
    table = LongTable(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    table.setStyle(grid_table_style(zebra))
    return table


def notice(title: str, text: str) -> Table:
    """A red-edged box for the one thing on a page that must not be missed."""
    body = [para(title, "cell_bold"), para(text, "warn")]
    table = Table([[body]], colWidths=[FRAME_WIDTH], hAlign="LEFT")
    table.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, -1), WARN_BG),
        ("LINEBEFORE", (0, 0), (0, -1), 3, WARN),
        ("LEFTPADDING", (0, 0), (-1, -1), 8),
        ("RIGHTPADDING", (0, 0), (-1, -1), 8),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 7),
    ]))
    return table


def bullets(items: Sequence[str], style_name: str = "bullet") -> list[Flowable]:
    style = getattr(styles(), style_name)
    return [Paragraph(para_text(item), style, bulletText="•") for item in items]


def gap(height_mm: float = 4) -> Spacer:
    return Spacer(1, height_mm * mm)


def keep(*flowables: Flowable) -> KeepTogether:
    return KeepTogether(list(flowables))
