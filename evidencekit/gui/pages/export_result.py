"""What the export page shows once the bundle is made: where it is, how big, its fingerprint, and what to
do with it — who to give it to and how, using the police routes of the chosen country.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from evidencekit.bundle.model import BundleResult
from evidencekit.gui import style
from evidencekit.gui.session import CaseSession
from evidencekit.guidance import load_guidance
from evidencekit.i18n import _, format_decimal, format_number, ngettext
from evidencekit.store import CaseState

EMAIL_LIMIT = 20 * 1024 * 1024


def size_text(size: int) -> str:
    """'340 KB', '12.5 MB' (decimal separator of the reader's language)."""
    if size < 1024 * 1024:
        return _("{size} KB").format(size=format_number(max(1, round(size / 1024))))
    return _("{size} MB").format(size=format_decimal(size / (1024 * 1024), "0.0"))


def handover_html(result: BundleResult, country_code: str | None, under_18: bool) -> str:
    """Who to send the bundle to and how, in plain words, with this country's police routes."""
    country = load_guidance().country(country_code)
    # Only the police's own route: a country's online reporting list also holds non-police bodies
    # (Hotline.ie, eSafety, Netsafe, the Anti-Fraud Centre), which are not where the bundle goes.
    police = country.non_emergency
    names = {"name": escape(police.name or _("your local police")), "number": escape(police.number or ""),
             "url": escape(police.url or "")}
    if police.number and police.url:
        how = _("call <b>{number}</b> ({name}) or contact {name} through <b>{url}</b>").format(**names)
    elif police.number:
        how = _("call <b>{number}</b> ({name})").format(**names)
    elif police.url:
        how = _("contact {name} through <b>{url}</b>").format(**names)
    else:
        how = _("contact {name}").format(**names)
    parts = [
        _("<p><b>Who to give it to:</b> only the police — and, if you like, a support worker who is helping "
          "you. Do not send it to the platform, to the person threatening you, or to anyone else.</p>"),
        _("<p><b>How to bring it to the police ({country}):</b> {how}. Say that you have an "
          "evidence bundle (one PDF file) ready. The officer will tell you how they want it: often on a USB "
          "stick when you meet, or through a secure upload link they send you. The step \"Report to the "
          "police\" lists the other places where you can report it.</p>").format(country=escape(country.name), how=how),
    ]
    if result.size > EMAIL_LIMIT:
        parts.append(_("<p>The file is {size}: too big for most email. Use a USB stick or "
                       "the police's upload link.</p>").format(size=size_text(result.size)))
    else:
        parts.append(_("<p>Email it only if the officer asks you to, to the address they give you.</p>"))
    parts.append(_("<p><b>Tell them the fingerprint</b> printed on the first page ({fingerprint}…)"
                   " so they can check that the file is the one you made.</p>").format(
        fingerprint=escape(result.fingerprint[:16])))
    if result.zip_path is not None:
        parts.append(_("<p>Give them the ZIP file <b>{name}</b> together with the PDF: it "
                       "holds the original pictures.</p>").format(name=escape(result.zip_path.name)))
    parts.append(_("<p><b>Keep the file safe:</b> it contains your pictures. Once the police confirm they have it, "
                 "you can delete copies you made (USB sticks, downloads). The case on this computer keeps "
                 "everything.</p>"))
    if under_18:
        parts.append(_("<p>You are under 18: tell an adult you trust, and the services on the Police step can "
                     "help you, too.</p>"))
    return "".join(parts)


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
