"""What the export page shows once the bundle is made: where it is, how big, its fingerprint, and what to
do with it — who to give it to and how, using the police routes of the chosen country.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from evidencekit.bundle.model import BundleResult
from evidencekit.gui import style
from evidencekit.gui.pages.guidance_blocks import inline
from evidencekit.gui.session import CaseSession
from evidencekit.guidance import load_guidance
from evidencekit.guidance.handover import handover_paragraphs
from evidencekit.i18n import _, format_decimal, format_number, ngettext
from evidencekit.store import CaseState

EMAIL_LIMIT = 20 * 1024 * 1024


def size_text(size: int) -> str:
    """'340 KB', '12.5 MB' (decimal separator of the reader's language)."""
    if size < 1024 * 1024:
        return _("{size} KB").format(size=format_number(max(1, round(size / 1024))))
    return _("{size} MB").format(size=format_decimal(size / (1024 * 1024), "0.0"))


def handover_html(result: BundleResult, country_code: str | None, under_18: bool) -> str:
    """Who to send the bundle to and how, with this country's police route: the words of
    resources/guidance/handover.toml, the same as `evidencekit bundle export` prints."""
    guidance = load_guidance()
    paragraphs = handover_paragraphs(
        guidance.handover_texts(), guidance.country(country_code), under_18=under_18, size=result.size,
        size_text=size_text(result.size), fingerprint=result.fingerprint,
        zip_name=result.zip_path.name if result.zip_path is not None else None)
    return "".join(f"<p>{inline(paragraph)}</p>" for paragraph in paragraphs)  # i18n: not shown (markup)


class ExportResultPanel(QFrame):
    """Facts of the last bundle and the hand-over advice."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QVBoxLayout(self)
        self.headline = style.heading(_("Your police bundle is ready."), scale=style.SUBHEADING_SCALE)
        palette = self.headline.palette()
        palette.setColor(self.headline.foregroundRole(), style.success_colour())
        self.headline.setPalette(palette)
        layout.addWidget(self.headline)
        self.facts = QLabel("")
        self.facts.setTextFormat(Qt.TextFormat.RichText)
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                           | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.facts.setAccessibleName(_("Where the bundle is and its size"))
        layout.addWidget(self.facts)
        self.warnings = style.paragraph("")
        self.warnings.setVisible(False)
        layout.addWidget(self.warnings)
        layout.addWidget(style.heading(_("What to do with it"), scale=1.1))
        self.handover = style.paragraph("", rich=True)
        self.handover.setAccessibleName(_("What to do with the bundle"))
        layout.addWidget(self.handover)
        self._result: BundleResult | None = None

    def show_result(self, result: BundleResult) -> None:
        self._result = result
        rows = [
            (_("File"), escape(str(result.path))),
            (_("Size"), " · ".join((size_text(result.size),
                                    ngettext("{count} page", "{count} pages", result.pages).format(count=result.pages),
                                    ngettext("{count} picture", "{count} pictures", result.exhibits).format(
                                        count=result.exhibits)))),
            (_("Fingerprint"), f"<tt>{escape(result.fingerprint)}</tt>"),
            (_("Signed"), _("yes") if result.signed else _("no")),
        ]
        if result.zip_path is not None:
            rows.append((_("Originals (ZIP)"), escape(str(result.zip_path))))
        self.facts.setText("<table cellspacing='6'>" + "".join(  # i18n: not shown (markup)
            f"<tr><td><b>{name}</b></td><td>{value}</td></tr>" for name, value in rows) + "</table>")
        self.warnings.setText(" ".join(result.warnings))
        self.warnings.setVisible(bool(result.warnings))
        self._update_handover()

    def refresh(self, _state: CaseState) -> None:
        if self._result is not None:
            self._update_handover()

    def _update_handover(self) -> None:
        if self._result is not None:
            self.handover.setText(handover_html(self._result, self.session.country, bool(self.session.under_18)))
