"""Step 1, "Stop and breathe": the age question, what to do now, the country, and the crisis line."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from evidencekit.gui import guidance_view, style
from evidencekit.gui.help_dialog import country_combo
from evidencekit.gui.pages.age_question import AgeQuestion
from evidencekit.gui.pages.step_words_page import StepWordsPage
from evidencekit.gui.session import CaseSession
from evidencekit.i18n import N_, _
from evidencekit.store import CaseState


class StopPage(StepWordsPage):
    step_id = "stop"
    title = N_("Stop and breathe")

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.age_question = AgeQuestion(session)
        self.body.insertWidget(1, self.age_question)

        self.youth_heading = style.heading(_("Help made for young people"), scale=style.SUBHEADING_SCALE)
        self.youth = style.paragraph("", rich=True)
        self.body.insertWidget(3, self.youth_heading)
        self.body.insertWidget(4, self.youth)

        self.country_heading = style.heading(_("Where do you live?"), scale=style.SUBHEADING_SCALE)
        self.body.insertWidget(5, self.country_heading)
        form_host = QWidget()
        form = QFormLayout(form_host)
        form.setContentsMargins(0, 0, 0, 0)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.FieldsStayAtSizeHint)
        self.country = country_combo(None)
        self.country.setAccessibleDescription(_("Used to show the right helplines and police contacts"))
        self.country.currentIndexChanged.connect(self._country_chosen)
        country_label = QLabel(_("Your &country:"))
        country_label.setBuddy(self.country)
        form.addRow(country_label, self.country)
        self.crisis = QLabel()
        self.crisis.setWordWrap(True)
        self.crisis.setFont(style.scaled_font(1.1))
        self.crisis.setTextFormat(Qt.TextFormat.RichText)
        form.addRow(self.crisis)
        self.body.insertWidget(6, form_host)
        self._show_youth(False)
        self._show_crisis(None)

    def _country_chosen(self) -> None:
        code = str(self.country.currentData() or "")
        self._show_crisis(code or None)
        if code and self.session.is_open and code != self.session.country:
            self.session.set_profile(country=code)

    def _show_crisis(self, country: str | None) -> None:
        line = guidance_view.crisis_line(country)
        contact = line.phone or line.address
        self.crisis.setText(_("Need to talk to someone now? <b>{name}: {contact}</b>.<br>{details}").format(
            name=escape(line.name), contact=escape(contact), details=escape(line.text)))
        self.crisis.setAccessibleName(_("Need to talk to someone now? {name}: {contact}. {details}").format(
            name=line.name, contact=contact, details=line.text))

    def _show_youth(self, under_18: bool) -> None:
        services = guidance_view.youth_services(self.session.country) if under_18 else []
        html = "".join(f"<p><b>{s.name}</b>" + (f" ({s.phone})" if s.phone else "") + f": {s.text}"
                       + (f" <i>{s.address}</i>" if s.address else "") + "</p>" for s in services)
        self.youth.setText(html)
        self.youth.setAccessibleName(" ".join(f"{s.name}: {s.text}" for s in services)[:300])
        self.youth.setVisible(under_18)
        self.youth_heading.setVisible(under_18)

    def refresh(self, state: CaseState) -> None:
        super().refresh(state)
        under_18 = state.profile.get("under_18")
        self.age_question.refresh(None if under_18 is None else bool(under_18))
        self._show_youth(bool(under_18))
        country = state.profile.get("country")
        self.country.blockSignals(True)
        self.country.setCurrentIndex(max(0, self.country.findData(country or "")))
        self.country.blockSignals(False)
        self._show_crisis(country)
