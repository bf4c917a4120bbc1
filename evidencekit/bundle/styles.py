"""The bundle's look: A4, one sans family, a navy accent, grey labels, red only for warnings.

Kept in one place so every page type shares margins, type sizes and table rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import TableStyle

from evidencekit.bundle.fonts import MONO, SANS, SANS_BOLD, SANS_ITALIC, register_fonts

if TYPE_CHECKING:
    from reportlab.platypus.tables import _TableCommand  # types-reportlab's name for one TableStyle command

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 18 * mm
MARGIN_TOP = 22 * mm
MARGIN_BOTTOM = 20 * mm
FRAME_WIDTH = PAGE_WIDTH - 2 * MARGIN_X
FRAME_HEIGHT = PAGE_HEIGHT - MARGIN_TOP - MARGIN_BOTTOM

INK = colors.HexColor("#1A1F2B")
ACCENT = colors.HexColor("#1F3A5F")
MUTED = colors.HexColor("#5A6270")
RULE = colors.HexColor("#C9CED6")
SHADE = colors.HexColor("#EEF1F5")
WARN = colors.HexColor("#9B1C1C")
WARN_BG = colors.HexColor("#FBEDED")
ZEBRA = colors.HexColor("#F8F9FB")
BLACK = colors.black
WHITE = colors.white


@dataclass(frozen=True)
class Styles:
    title: ParagraphStyle
    kicker: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    body: ParagraphStyle
    small: ParagraphStyle
    label: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    cell_head: ParagraphStyle
    mono: ParagraphStyle
    mono_small: ParagraphStyle
    code: ParagraphStyle
    warn: ParagraphStyle
    bullet: ParagraphStyle
    exhibit_ref: ParagraphStyle
    banner: ParagraphStyle


@cache
def styles() -> Styles:
    """Paragraph styles, built once the fonts are registered."""
    register_fonts()
    base = ParagraphStyle("ek-body", fontName=SANS, fontSize=9.5, leading=13.5, textColor=INK,
                          alignment=TA_LEFT, spaceAfter=4)
    return Styles(
        title=ParagraphStyle("ek-title", parent=base, fontName=SANS_BOLD, fontSize=22, leading=27,
                             textColor=ACCENT, spaceAfter=4),
        kicker=ParagraphStyle("ek-kicker", parent=base, fontName=SANS_BOLD, fontSize=9, leading=12,
                              textColor=MUTED, spaceAfter=2),
        subtitle=ParagraphStyle("ek-subtitle", parent=base, fontSize=11, leading=15, textColor=MUTED,
                                spaceAfter=10),
        h1=ParagraphStyle("ek-h1", parent=base, fontName=SANS_BOLD, fontSize=16, leading=20,
                          textColor=ACCENT, spaceBefore=0, spaceAfter=8),
        h2=ParagraphStyle("ek-h2", parent=base, fontName=SANS_BOLD, fontSize=11, leading=15,
                          textColor=ACCENT, spaceBefore=8, spaceAfter=4),
        body=base,
        small=ParagraphStyle("ek-small", parent=base, fontSize=8, leading=10.5, textColor=MUTED),
        label=ParagraphStyle("ek-label", parent=base, fontSize=8.5, leading=11, textColor=MUTED,
                             spaceAfter=0),
        cell=ParagraphStyle("ek-cell", parent=base, fontSize=8.5, leading=11, spaceAfter=0),
        cell_bold=ParagraphStyle("ek-cell-bold", parent=base, fontName=SANS_BOLD, fontSize=8.5,
                                 leading=11, spaceAfter=0),
        cell_head=ParagraphStyle("ek-cell-head", parent=base, fontName=SANS_BOLD, fontSize=8, leading=10,
                                 textColor=ACCENT, spaceAfter=0),
        mono=ParagraphStyle("ek-mono", parent=base, fontName=MONO, fontSize=8.5, leading=11, spaceAfter=0),
        mono_small=ParagraphStyle("ek-mono-small", parent=base, fontName=MONO, fontSize=6.6, leading=8.5,
                                  spaceAfter=0),
        code=ParagraphStyle("ek-code", parent=base, fontName=MONO, fontSize=9, leading=12, textColor=INK,
                            backColor=SHADE, leftIndent=5, spaceBefore=2, spaceAfter=6,
                            # (top, right, bottom, left): reportlab reads it with normalizeTRBL; types-reportlab
                            # (5.0) declares a float only
                            borderPadding=(3, 5, 3, 5)),  # type: ignore[arg-type]
        warn=ParagraphStyle("ek-warn", parent=base, fontSize=9, leading=12.5, textColor=WARN, spaceAfter=0),
        bullet=ParagraphStyle("ek-bullet", parent=base, leftIndent=12, bulletIndent=2, spaceAfter=5),
        exhibit_ref=ParagraphStyle("ek-exhibit-ref", parent=base, fontName=SANS_BOLD, fontSize=18,
                                   leading=22, textColor=ACCENT, spaceAfter=0),
        banner=ParagraphStyle("ek-banner", parent=base, fontName=SANS_BOLD, fontSize=10, leading=12,
                              textColor=WHITE, spaceAfter=0),
    )


def italic(text: str) -> str:
    return f'<font name="{SANS_ITALIC}">{text}</font>'


def facts_table_style() -> TableStyle:
    """Two columns, label and value, hairlines between rows."""
    return TableStyle([
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 6),
    ])


def grid_table_style(zebra: bool = True) -> TableStyle:
    """A header row on a light shade, hairline rows, optional zebra striping for long lists."""
    commands: list[_TableCommand] = [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("BACKGROUND", (0, 0), (-1, 0), SHADE),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("LINEBELOW", (0, 1), (-1, -1), 0.3, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
        ("LEFTPADDING", (0, 0), (-1, -1), 4),
        ("RIGHTPADDING", (0, 0), (-1, -1), 4),
    ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1), (-1, -1), [WHITE, ZEBRA]))
    return TableStyle(commands)
