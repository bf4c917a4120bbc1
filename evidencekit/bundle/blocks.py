"""Small building blocks shared by every page type: escaped paragraphs, fact tables, grids, notices."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeAlias
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable, KeepTogether, LongTable, Paragraph, Spacer, Table, TableStyle

from evidencekit.bundle.fonts import MONO, SANS, drawable, para_text
from evidencekit.bundle.styles import FRAME_WIDTH, WARN, WARN_BG, facts_table_style, grid_table_style, styles

Cell: TypeAlias = str | Flowable
FACTS_PADDING = 6.5  # right padding of fact tables, plus a hair
GRID_PADDING = 8.5  # left + right padding of grids, plus a hair


def para(text: str, style_name: str = "body") -> Paragraph:
    """A paragraph of plain (untrusted) text: escaped, with undrawable characters spelled out."""
    style = getattr(styles(), style_name)
    return Paragraph(para_text(text, MONO if style.fontName == MONO else SANS), style)


def markup(text: str, style_name: str = "body") -> Paragraph:
    """A paragraph of our own trusted markup (wording constants with <b> and the like)."""
    return Paragraph(text, getattr(styles(), style_name))


class Mono(str):
    """Text to set in the monospace font (hashes), as a table cell."""


def hash_text(value: str) -> Mono:
    return Mono(value)


def table_cell(value: Cell, style_name: str, width: float, at: tuple[int, int],
               commands: list[tuple[Any, ...]]) -> Any:
    """A cell as plain text when it fits on one line (fast to lay out), else a wrapping Paragraph.

    Plain cells get their font and colour through `commands` (TableStyle entries for cell `at`)."""
    if isinstance(value, Flowable):
        return value
    style = getattr(styles(), style_name)
    if isinstance(value, Mono) and style.fontName != MONO:
        style = styles().mono
    font = style.fontName
    text = drawable(str(value), MONO if font == MONO else SANS)
    if "\n" in text or stringWidth(text, font, style.fontSize) > width:
        return Paragraph(escape(text).replace("\n", "<br/>"), style)
    commands.append(("FONT", at, at, font, style.fontSize, style.leading))
    commands.append(("TEXTCOLOR", at, at, style.textColor))
    return text


def facts_table(rows: Sequence[tuple[str, Cell]], label_width: float = 42 * mm,
                width: float = FRAME_WIDTH) -> Table:
    """Label / value rows, the workhorse of the cover, summary and exhibit pages."""
    commands: list[tuple[Any, ...]] = []
    value_width = width - label_width
    data = [[table_cell(label, "label", label_width - FACTS_PADDING, (0, index), commands),
             table_cell(value, "cell", value_width - FACTS_PADDING, (1, index), commands)]
            for index, (label, value) in enumerate(rows)]
    table = Table(data, colWidths=[label_width, value_width], hAlign="LEFT")
    style = facts_table_style()
    for command in commands:
        style.add(*command)
    table.setStyle(style)
    return table


def grid(head: Sequence[str], rows: Sequence[Sequence[Cell]], widths: Sequence[float],
         mono_columns: Sequence[int] = (), zebra: bool = True) -> Flowable:
    """A table with a repeated header row; long tables split across pages."""
    commands: list[tuple[Any, ...]] = []
    data: list[list[Any]] = [[table_cell(title, "cell_head", widths[index] - GRID_PADDING, (index, 0), commands)
                              for index, title in enumerate(head)]]
    for row_index, row in enumerate(rows, start=1):
        data.append([table_cell(Mono(value) if index in mono_columns and isinstance(value, str) else value,
                                "mono_small" if index in mono_columns else "cell", widths[index] - GRID_PADDING,
                                (index, row_index), commands)
                     for index, value in enumerate(row)])
    table = LongTable(data, colWidths=list(widths), repeatRows=1, hAlign="LEFT")
    style = grid_table_style(zebra)
    for command in commands:
        style.add(*command)
    table.setStyle(style)
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
