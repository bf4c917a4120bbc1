"""The advice steps: report to the platform, deactivate (don't delete), report to the police, support.

Each page shows the step's guidance for the adult or under-18 route, then the facts for the platforms
and country the person chose (chosen here, saved as `profile.set`), each with its source and the month
it was last checked, and ticks off as done (`step.set`; per platform for report and deactivate).
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from evidencekit.gui import style, texts
from evidencekit.gui.page import Page
from evidencekit.gui.pages import guidance_blocks as blocks
from evidencekit.gui.session import CaseSession
from evidencekit.guidance import Guidance, StepText, load_guidance, step_extras
from evidencekit.i18n import N_, _
from evidencekit.store import CaseState

PLATFORM_KINDS = ("platform_report", "platform_hide", "platform_identity")


def rich_label(html: str = "") -> QLabel:
    label = style.paragraph(html, rich=True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                  | Qt.TextInteractionFlag.TextSelectableByKeyboard)
    label.setOpenExternalLinks(False)
    return label


class PlatformChooser(QGroupBox):
    """Tick the apps or sites where it happened; saved in the case profile as guidance platform ids."""

    def __init__(self, session: CaseSession, guidance: Guidance) -> None:
        super().__init__(_("Where did it happen? Tick every app or site they used."))
        self.session = session
        self.grid = QGridLayout(self)
        self.boxes: dict[str, QCheckBox] = {}
        for platform in guidance.platforms():
            box = QCheckBox(platform.name)
            box.setAccessibleName(_("It happened on {platform}").format(platform=platform.name))
            box.clicked.connect(self._changed)
            self.boxes[platform.id] = box
        self.columns = 0
        self._arrange(3)

    def _arrange(self, columns: int) -> None:
        """Lay the boxes out in `columns` columns, row by row (the order Tab follows)."""
        if columns == self.columns:
            return
        self.columns = columns
        for box in self.boxes.values():
            self.grid.removeWidget(box)
        for index, box in enumerate(self.boxes.values()):
            self.grid.addWidget(box, index // columns, index % columns)

    def _widest(self) -> int:
        return max((box.sizeHint().width() for box in self.boxes.values()), default=100)

    def minimumSizeHint(self) -> QSize:
        # one column is enough: a narrow window (960 px at scale factor 2) gets fewer columns, never cut boxes
        hint = super().minimumSizeHint()
        margins = self.grid.contentsMargins()
        return QSize(self._widest() + margins.left() + margins.right() + 8, hint.height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        margins = self.grid.contentsMargins()
        room = event.size().width() - margins.left() - margins.right()
        spacing = max(0, self.grid.horizontalSpacing())
        self._arrange(max(1, min(3, (room + spacing) // (self._widest() + spacing))))
        super().resizeEvent(event)

    def chosen(self) -> list[str]:
        return [pid for pid, box in self.boxes.items() if box.isChecked()]

    def show_chosen(self, ids: list[str]) -> None:
        for pid, box in self.boxes.items():
            box.blockSignals(True)
            box.setChecked(pid in ids)
            box.blockSignals(False)

    def _changed(self) -> None:
        self.session.set_profile(platforms=self.chosen())


class CountryChooser(QWidget):
    """The country whose police and helplines are shown; saved in the case profile."""

    def __init__(self, session: CaseSession, guidance: Guidance) -> None:
        super().__init__()
        self.session = session
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        label = QLabel(_("Where do you live?"))
        self.combo = QComboBox()
        self.combo.setAccessibleName(_("Country you live in"))
        for country in guidance.countries():
            self.combo.addItem(country.name, country.code)
        label.setBuddy(self.combo)
        self.combo.activated.connect(self._changed)
        row.addWidget(label)
        row.addWidget(self.combo)
        row.addStretch(1)

    def show_country(self, code: str | None) -> None:
        index = self.combo.findData(code) if code else -1
        self.combo.setCurrentIndex(index if index >= 0 else self.combo.count() - 1)

    def _changed(self, _index: int) -> None:
        self.session.set_profile(country=self.combo.currentData())


class GuidanceStepPage(Page):
    """One advice step: words, chooser, facts with sources, why, done toggle, what next."""

    chooser_kind = ""  # "platforms" | "country"
    done_text = N_("I have done this step")
    per_platform_done = ""  # text with {name} for a per-platform tick, or "" for none

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.guidance = load_guidance()
        self.what_to_do = rich_label()
        self.add_widget(self.what_to_do)
        self.platform_chooser: PlatformChooser | None = None
        self.country_chooser: CountryChooser | None = None
        if self.chooser_kind == "platforms":
            self.platform_chooser = PlatformChooser(session, self.guidance)
            self.add_widget(self.platform_chooser)
        else:
            self.country_chooser = CountryChooser(session, self.guidance)
            self.add_widget(self.country_chooser)
        self.facts_holder = QWidget()
        self.facts = QVBoxLayout(self.facts_holder)
        self.facts.setContentsMargins(0, 0, 0, 0)
        self.facts.setSpacing(style.SPACING)
        self.add_widget(self.facts_holder)
        self._add_extra_controls()
        self.why_heading = self.add_subheading(_("Why"))
        self.why = rich_label()
        self.add_widget(self.why)
        self.sources = rich_label()
        self.add_widget(self.sources)
        self.add_done_toggle(_(self.done_text))
        self.add_what_next("")
        self.finish_layout()
        self.platform_ticks: dict[str, QCheckBox] = {}
        self._shown: tuple[object, ...] | None = None

    def _add_extra_controls(self) -> None:
        """Subclasses add page-specific controls between the facts and "Why"."""

    # ----- content ----------------------------------------------------------------------------------

    def step_text(self, under_18: bool) -> StepText:
        return self.guidance.step(self.step_id, under_18)

    def refresh(self, state: CaseState) -> None:
        super().refresh(state)
        under_18 = bool(state.profile.get("under_18"))
        platforms = [str(p) for p in state.profile.get("platforms", []) or []]
        country = state.profile.get("country")
        if self.platform_chooser is not None:
            self.platform_chooser.show_chosen(platforms)
        if self.country_chooser is not None:
            self.country_chooser.show_country(str(country) if country else None)
        key = (under_18, tuple(platforms), country)
        if key != self._shown:
            self._shown = key
            self._render(under_18, platforms, str(country) if country else None)
        for pid, tick in self.platform_ticks.items():
            tick.blockSignals(True)
            tick.setChecked(bool(state.steps.get(f"{self.step_id}:{pid}", False)))
            tick.blockSignals(False)

    def _render(self, under_18: bool, platform_ids: list[str], country_code: str | None) -> None:
        step = self.step_text(under_18)
        self.heading_label.setText(step.title)
        self.what_to_do.setText(blocks.md(step.what_to_do))
        self.why.setText(blocks.md(step.why))
        self.why_heading.setVisible(bool(step.why))
        self.sources.setText(blocks.step_sources_line(step.sources, step.last_verified))
        if self.next_label is not None:
            self.next_label.setText(step.next.replace("**", "") or _("Go on to the next step in the list on the left."))
        while self.facts.count():
            item = self.facts.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.platform_ticks = {}
        country = self.guidance.country(country_code)
        platforms = [p for p in self.guidance.platforms() if p.id in platform_ids]
        kinds = step_extras(self.step_id, under_18)
        for kind in kinds:
            if kind in PLATFORM_KINDS:
                for platform in platforms:
                    self._add_platform_block(kind, platform)
            else:
                heading, html = blocks.country_html(kind, country)
                if html:
                    self._add_block(f"{heading} ({country.name})", html)
        if any(kind in PLATFORM_KINDS for kind in kinds) and not platforms:
            self._add_block(_("Choose the app or site above"),
                            _("<p>Tick where it happened, and the steps for that app or site appear here.</p>"))

    def _add_block(self, title: str, html: str) -> QGroupBox:
        group = QGroupBox(title)
        group.setAccessibleName(title)
        layout = QVBoxLayout(group)
        layout.addWidget(rich_label(html))
        self.facts.addWidget(group)
        return group

    def _add_platform_block(self, kind: str, platform: object) -> None:
        from evidencekit.guidance import Platform

        assert isinstance(platform, Platform)
        if kind == "platform_report":
            html = blocks.platform_report_html(platform)
        elif kind == "platform_hide":
            html = blocks.platform_hide_html(platform, style.destructive_colour().name())
        else:
            html = blocks.platform_identity_html(platform)
        group = self._add_block(platform.name, html)
        if self.per_platform_done:
            tick = QCheckBox(_(self.per_platform_done).format(name=platform.name))
            tick.clicked.connect(lambda checked, pid=platform.id: self.session.set_step_done(
                f"{self.step_id}:{pid}", checked))
            layout = group.layout()
            assert layout is not None
            layout.addWidget(tick)
            self.platform_ticks[platform.id] = tick


class ReportPage(GuidanceStepPage):
    step_id = "report"
    title = texts.STEP_TITLES["report"]
    chooser_kind = "platforms"
    done_text = N_("I have reported them")
    per_platform_done = N_("Reported on {name}")


class DeactivatePage(GuidanceStepPage):
    step_id = "deactivate"
    title = texts.STEP_TITLES["deactivate"]
    chooser_kind = "platforms"
    done_text = N_("My account is hidden, and nothing is deleted")
    per_platform_done = N_("Done on {name}")


class PolicePage(GuidanceStepPage):
    step_id = "police"
    title = texts.STEP_TITLES["police"]
    chooser_kind = "country"
    done_text = N_("I have reported it to the police")

    def _add_extra_controls(self) -> None:
        row = QHBoxLayout()
        self.bundle_button = QPushButton(_("Make the police bundle"))
        self.bundle_button.setAccessibleName(_("Go to the page that makes the police bundle"))
        self.bundle_button.clicked.connect(self._go_to_export)
        row.addWidget(self.bundle_button)
        row.addStretch(1)
        self.body.addLayout(row)
        self.reference_note = rich_label()
        self.add_widget(self.reference_note)

    def _go_to_export(self) -> None:
        window = self.window()
        show_page = getattr(window, "show_page", None)
        if callable(show_page):
            show_page("export")

    def refresh(self, state: CaseState) -> None:
        super().refresh(state)
        police = ((state.details or {}).get("reports") or {}).get("police") or {}
        reference = str(police.get("crime_reference", "") or "")
        self.reference_note.setText(
            _("<p>Your crime reference number: <b>{reference}</b></p>").format(reference=escape(reference))
            if reference else
            _("<p>When the police give you a crime reference number, write it in the <b>Details</b> step. "
            "It is then printed on the bundle's first page.</p>"))


class SupportPage(GuidanceStepPage):
    step_id = "support"
    title = texts.STEP_TITLES["support"]
    chooser_kind = "country"
    done_text = N_("I know where to get support")
