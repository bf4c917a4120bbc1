"""A page that shows one step's guidance words (what to do, why, what next) with its done toggle.

Used for steps whose own page is not registered in PAGE_CLASSES, so the checklist always has all eight.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from evidencekit.gui import guidance_view, style, texts
from evidencekit.gui.page import Page
from evidencekit.gui.session import CaseSession
from evidencekit.i18n import _
from evidencekit.store import CaseState


class StepWordsPage(Page):
    """Guidance text for the adult or under-18 route, switching when the age answer changes."""

    def __init__(self, session: CaseSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.words = style.paragraph("", rich=True)
        self.add_widget(self.words)
        self.why_heading = self.add_subheading(_("Why"))
        self.why = style.paragraph("", rich=True)
        self.add_widget(self.why)
        self.add_done_toggle()
        self.add_what_next("")
        self.finish_layout()
        self._route: bool | None = None
        self._show(False)

    def _show(self, under_18: bool) -> None:
        words = guidance_view.step_words(self.step_id, under_18=under_18)
        self._set(self.words, words.what_to_do)
        self._set(self.why, words.why)
        self.why_heading.setVisible(bool(words.why))
        if self.next_label is not None:
            self.next_label.setText(_plain(words.what_next) or _("Go on to the next step in the list on the left."))
        self._route = under_18

    @staticmethod
    def _set(label: QLabel, markdown: str) -> None:
        label.setText(guidance_view.to_html(markdown))
        label.setAccessibleName(_plain(markdown)[:300])
        label.setVisible(bool(markdown))

    def refresh(self, state: CaseState) -> None:
        super().refresh(state)
        under_18 = bool(state.profile.get("under_18"))
        if under_18 != self._route:
            self._show(under_18)


def _plain(markdown: str) -> str:
    return markdown.replace("**", "").strip()


def step_words_page(step_id: str) -> type[Page]:
    """A StepWordsPage subclass for `step_id` (class attributes carry the id and title)."""
    title = texts.STEP_TITLES.get(step_id, step_id)  # English: Page translates it
    return type(f"StepWordsPage_{step_id}", (StepWordsPage,), {"step_id": step_id, "title": title})
