"""Page frame of the bundle: header and footer on every page but the cover, section bookmarks, and the
flowable that reserves an exhibit's picture (a placeholder the assembler replaces with the real image).
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol, cast

from reportlab import rl_config
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, NextPageTemplate, PageTemplate

from evidencekit.bundle import wording
from evidencekit.bundle.assemble import placeholder_name
from evidencekit.bundle.fonts import MONO, SANS, SANS_BOLD, drawable
from evidencekit.bundle.model import BundleContent
from evidencekit.bundle.styles import (
    ACCENT,
    FRAME_HEIGHT,
    FRAME_WIDTH,
    MARGIN_BOTTOM,
    MARGIN_X,
    MUTED,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RULE,
)
from evidencekit.i18n import _, babel_locale
from evidencekit.redaction import Box

if TYPE_CHECKING:
    from reportlab.lib.utils import TimeStamp
    from reportlab.pdfbase.pdfdoc import PDFObject

rl_config.useA85 = 0  # binary streams: smaller and faster than ASCII85


# reportlab internals used below, which types-reportlab leaves out (private ones) or unannotated: each
# Protocol names exactly what is read or written here, and a cast says where.
class _Document(Protocol):
    idToObject: dict[str, PDFObject]
    _timeStamp: TimeStamp

    def getXObjectName(self, name: str) -> str: ...

    def Reference(self, obj: PDFObject, name: str | None = None) -> object: ...

    def addForm(self, name: str, form: PDFObject) -> None: ...


class _CanvasInternals(Protocol):
    _doc: _Document
    _code: list[str]  # the page's content stream operators
    _formsinuse: list[str]

    def _setXObjects(self, thing: PDFObject) -> None: ...


class _ImageInternals(Protocol):
    _filters: tuple[str, ...]
    streamContent: bytes  # types-reportlab says str; reportlab writes bytes into the stream as they are


class SectionMark(Flowable):
    """Zero-size marker: records the page a section (or exhibit) starts on and adds a bookmark."""

    def __init__(self, key: str, title: str, level: int = 0) -> None:
        super().__init__()
        self.key, self.title, self.level = key, title, level

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return 0, 0

    def draw(self) -> None:
        canvas = self.canv
        canvas.bookmarkPage(self.key)
        canvas.addOutlineEntry(drawable(self.title), self.key, level=self.level, closed=self.level == 0)


class ExhibitPicture(Flowable):
    """The exhibit's picture fitted into a box; drawn as a named placeholder image XObject.

    With `words` ((text, (x, y, w, h)) in the picture's pixels), each word is also drawn as invisible
    text (render mode 3, as OCRmyPDF does) over the place it was read, in the embedded sans font stretched
    to the word's width: a reader can search, select and copy it; nothing changes on the page.
    """

    def __init__(self, index: int, pixel_width: int, pixel_height: int, max_width: float,
                 max_height: float, framed_black: bool, words: Sequence[tuple[str, Box]] = ()) -> None:
        super().__init__()
        self.index = index
        scale = min(max_width / pixel_width, max_height / pixel_height)
        self.scale = scale
        self.pixel_height = pixel_height
        self.width, self.height = pixel_width * scale, pixel_height * scale
        self.max_width = max_width
        self.framed_black = framed_black
        self.words = list(words)

    def wrap(self, _aw: float, _ah: float) -> tuple[float, float]:
        return self.max_width, self.height

    def draw(self) -> None:
        canvas = self.canv
        internals = cast(_CanvasInternals, canvas)
        x = (self.max_width - self.width) / 2
        name = placeholder_name(self.index)
        doc = internals._doc
        registered = doc.getXObjectName(name)
        if doc.idToObject.get(registered) is None:
            image = pdfdoc.PDFImageXObject(name)
            image.width = image.height = 1
            image.bitsPerComponent = 8
            image.colorSpace = "DeviceGray"
            raw = cast(_ImageInternals, image)
            raw._filters = ()
            raw.streamContent = b"\x80"
            internals._setXObjects(image)
            doc.Reference(image, registered)
            doc.addForm(name, image)
        canvas.saveState()
        canvas.translate(x, 0)
        canvas.scale(self.width, self.height)
        internals._code.append(f"/{registered} Do")  # i18n: not shown (PDF operator)
        canvas.restoreState()
        internals._formsinuse.append(name)
        if self.words:
            self._text_layer(x)
        canvas.saveState()
        canvas.setStrokeColor(ACCENT if not self.framed_black else MUTED)
        canvas.setLineWidth(0.6)
        canvas.rect(x, 0, self.width, self.height, stroke=1, fill=0)
        canvas.restoreState()

    def _text_layer(self, left: float) -> None:
        canvas, scale = self.canv, self.scale
        text = canvas.beginText()
        text.setTextRenderMode(3)  # neither fill nor stroke: invisible, yet selectable and searchable
        for word, (wx, wy, ww, wh) in self.words:
            shown = drawable(word)
            size = max(1.0, wh * scale)
            natural = stringWidth(shown, SANS, size)
            if not shown or natural <= 0:
                continue
            text.setFont(SANS, size)
            text.setHorizScale(100.0 * ww * scale / natural)
            baseline = (self.pixel_height - (wy + wh)) * scale + 0.18 * size  # descenders below the line
            text.setTextOrigin(left + wx * scale, baseline)
            text.textOut(shown + " ")
        canvas.drawText(text)


HEADER_SIZE = 8  # points, the header line of every page but the cover
HEADER_GAP = 3 * mm  # between the kind, the title and the crime reference
SMALLEST_REFERENCE = 4  # points: a crime reference too long for the line is set smaller, down to this
ELLIPSIS = "…"


class HeaderLine(NamedTuple):
    """The header as drawn: kind (bold) at the left margin, the title after it, the crime reference set
    flush right. Widths are measured in the fonts used, so the three never overprint each other."""

    kind: str
    title: str
    title_x: float
    reference: str
    reference_size: float


def fit_text(text: str, font: str, size: float, width: float) -> str:
    """`text` as it is if it fits in `width` points, else cut at a character boundary and ended with "…"
    (empty if not even "…" fits)."""
    if stringWidth(text, font, size) <= width:
        return text
    low, high = 0, len(text)  # the longest prefix whose text + "…" fits: binary search on the length
    while low < high:
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle].rstrip() + ELLIPSIS, font, size) <= width:
            low = middle
        else:
            high = middle - 1
    if low == 0 and stringWidth(ELLIPSIS, font, size) > width:
        return ""
    return text[:low].rstrip() + ELLIPSIS


def header_line(title: str, crime_reference: str) -> HeaderLine:
    """Measure the header: the crime reference is never cut (a very long one is set in smaller type), the
    title gets the space left and is shortened with "…" to fit it."""
    kind = drawable(wording.DOCUMENT_KIND.upper(), SANS_BOLD)
    title_x = MARGIN_X + stringWidth(kind, SANS_BOLD, HEADER_SIZE) + HEADER_GAP
    right = PAGE_WIDTH - MARGIN_X
    reference, size = "", float(HEADER_SIZE)
    if crime_reference:
        reference = drawable(_("Crime ref. {reference}").format(reference=crime_reference))
        room = right - title_x  # at most the whole space after the kind
        width = stringWidth(reference, SANS, size)
        if width > room:
            size = max(float(SMALLEST_REFERENCE), size * room / width)
            reference = fit_text(reference, SANS, size, room)  # only past 4-point type (the cover has it whole)
        right -= stringWidth(reference, SANS, size) + HEADER_GAP
    shown = fit_text(drawable(title), SANS, HEADER_SIZE, max(0.0, right - title_x))
    return HeaderLine(kind, shown, title_x, reference, size)


class BundleDocTemplate(BaseDocTemplate):
    """A4 document with a cover template and a body template; remembers where marks landed."""

    def __init__(self, content: BundleContent, buffer: io.BytesIO) -> None:
        self.content = content
        self.mark_pages: dict[str, int] = {}
        super().__init__(
            buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), leftMargin=MARGIN_X, rightMargin=MARGIN_X,
            topMargin=22 * mm, bottomMargin=MARGIN_BOTTOM,
            title=neutral_title(content.case_id),  # never the case title: it may name the victim
            author=_author(content), subject=wording.SUBJECT,
            creator=content.app, producer=f"{content.app} (reportlab, pypdf, pyHanko)",  # i18n: not shown
            # a list of one: reportlab's Canvas.setKeywords joins a list with ", " (types-reportlab takes a list)
            keywords=[_("evidencekit; bundle fingerprint {fingerprint}").format(fingerprint=content.fingerprint)],
            pageCompression=1, invariant=1, lang=babel_locale().replace("_", "-"),
        )
        frame = Frame(MARGIN_X, MARGIN_BOTTOM, FRAME_WIDTH, FRAME_HEIGHT, id="body",
                      leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
        self.addPageTemplates([
            PageTemplate(id="cover", frames=[frame], onPage=self._decorate_cover),
            PageTemplate(id="body", frames=[frame], onPage=self._decorate_body),
        ])

    def beforeDocument(self) -> None:
        """The PDF's creation date is the export time (UTC), not reportlab's clock or its fixed 2000-01-01."""
        utc = self.content.export_time.utc
        stamp = cast(_CanvasInternals, self.canv)._doc._timeStamp
        stamp.YMDhms = (int(utc[0:4]), int(utc[5:7]), int(utc[8:10]), int(utc[11:13]), int(utc[14:16]),
                        int(utc[17:19]))
        stamp.dhh = stamp.dmm = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, SectionMark):
            self.mark_pages[flowable.key] = self.page

    def _decorate_cover(self, canvas: Canvas, _doc: Any) -> None:
        canvas.showOutline()
        self._footer(canvas)

    def _decorate_body(self, canvas: Canvas, _doc: Any) -> None:
        content = self.content
        canvas.saveState()
        top = PAGE_HEIGHT - 13 * mm
        canvas.setFont(SANS_BOLD, HEADER_SIZE)
        canvas.setFillColor(ACCENT)
        line = header_line(content.title or content.case_id, _crime_reference(content))
        canvas.drawString(MARGIN_X, top, line.kind)
        canvas.setFont(SANS, HEADER_SIZE)
        canvas.setFillColor(MUTED)
        if line.title:
            canvas.drawString(line.title_x, top, line.title)
        if line.reference:
            canvas.setFont(SANS, line.reference_size)
            canvas.drawRightString(PAGE_WIDTH - MARGIN_X, top, line.reference)
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, top - 3 * mm, PAGE_WIDTH - MARGIN_X, top - 3 * mm)
        canvas.restoreState()
        self._footer(canvas)

    def _footer(self, canvas: Canvas) -> None:
        content = self.content
        canvas.saveState()
        y = 11 * mm
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN_X, y + 4 * mm, PAGE_WIDTH - MARGIN_X, y + 4 * mm)
        canvas.setFont(SANS, 7)
        canvas.setFillColor(MUTED)
        label = _("Bundle fingerprint")
        canvas.drawString(MARGIN_X, y, label)
        canvas.setFont(MONO, 7)  # after the label, however long it is in the bundle's language
        canvas.drawString(MARGIN_X + max(23 * mm, canvas.stringWidth(label, SANS, 7) + 2 * mm), y, content.fingerprint)
        canvas.setFont(SANS, 7)
        total = content.total_pages or self.page
        canvas.drawRightString(PAGE_WIDTH - MARGIN_X, y,
                               _("Page {page} of {total}").format(page=self.page, total=total))
        canvas.restoreState()


def neutral_title(case_id: str) -> str:
    """The PDF's title metadata (shown in reader title bars, file managers, search indexes)."""
    return f"{wording.DOCUMENT_KIND} EK-{case_id[:8]}"


def _author(content: BundleContent) -> str:
    prepared = content.details.get("prepared_by") or {}
    name = str(prepared.get("name", "")).strip()
    organisation = str(prepared.get("organisation", "")).strip()
    if name and organisation:
        return f"{name} ({organisation})"
    return name or organisation or "evidencekit"


def _crime_reference(content: BundleContent) -> str:
    police = (content.details.get("reports") or {}).get("police") or {}
    return str(police.get("crime_reference", ""))


def render_layout(content: BundleContent, story: list[Flowable]) -> tuple[bytes, dict[str, int], int]:
    """Lay out the story; returns the PDF bytes, the page of every mark, and the page count."""
    buffer = io.BytesIO()
    doc = BundleDocTemplate(content, buffer)
    doc.build([NextPageTemplate("body"), *story])
    return buffer.getvalue(), dict(doc.mark_pages), doc.page
