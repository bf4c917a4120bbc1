"""Embedded fonts for the bundle, and text made safe for them.

Suspects' names and handles come in any script; the PDF must show every character or say clearly which
one it could not draw ([U+1F600]), never a silent blank. DejaVu ships in resources/fonts; reportlab's own
Vera is the fallback so an export never fails for want of a font.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import cast
from xml.sax.saxutils import escape

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from evidencekit.paths import resources_dir

SANS = "EK-Sans"
SANS_BOLD = "EK-Sans-Bold"
SANS_ITALIC = "EK-Sans-Italic"
MONO = "EK-Mono"

_FILES = {
    SANS: ("DejaVuSans.ttf", "Vera.ttf"),
    SANS_BOLD: ("DejaVuSans-Bold.ttf", "VeraBd.ttf"),
    SANS_ITALIC: ("DejaVuSans-Oblique.ttf", "VeraIt.ttf"),
    MONO: ("DejaVuSansMono.ttf", "Vera.ttf"),
}


def _font_file(preferred: str, fallback: str) -> Path:
    try:
        candidate = resources_dir() / "fonts" / preferred
        if candidate.is_file():
            return candidate
    except FileNotFoundError:
        pass
    return Path(rl_config.__file__).resolve().parent / "fonts" / fallback


@cache
def register_fonts() -> None:
    """Register the bundle's fonts with reportlab once per process."""
    for name, (preferred, fallback) in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(_font_file(preferred, fallback))))
    addMapping(SANS, 0, 0, SANS)
    addMapping(SANS, 1, 0, SANS_BOLD)
    addMapping(SANS, 0, 1, SANS_ITALIC)
    addMapping(SANS, 1, 1, SANS_BOLD)


@cache
def _covered(font_name: str) -> frozenset[int]:
    register_fonts()
    font = cast(TTFont, pdfmetrics.getFont(font_name))  # register_fonts registers TrueType fonts only
    return frozenset(font.face.charToGlyph)


def drawable(text: str, font_name: str = SANS) -> str:
    """`text` with characters the font cannot draw written as [U+XXXX], and control characters dropped."""
    covered = _covered(font_name)
    out = []
    for char in text:
        code = ord(char)
        if char in "\n\t":
            out.append(" " if char == "\t" else char)
        elif code < 32 or 0x7F <= code < 0xA0:
            continue
        elif code in covered:
            out.append(char)
        else:
            out.append(f"[U+{code:04X}]")
    return "".join(out)


def para_text(text: str, font_name: str = SANS) -> str:
    """Plain text ready for a reportlab Paragraph: drawable, XML-escaped, line breaks kept."""
    return escape(drawable(text, font_name)).replace("\n", "<br/>")
