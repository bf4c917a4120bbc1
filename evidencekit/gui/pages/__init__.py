"""The pages of the main window, in checklist order. GUI part 2 adds its classes to PAGE_CLASSES."""

from __future__ import annotations

from evidencekit.gui import texts
from evidencekit.gui.page import Page
from evidencekit.gui.pages.capture_page import ConversationCapturePage, ProfileCapturePage
from evidencekit.gui.pages.details import DetailsPage
from evidencekit.gui.pages.export import ExportPage
from evidencekit.gui.pages.guidance_pages import DeactivatePage, PolicePage, ReportPage, SupportPage
from evidencekit.gui.pages.privacy import PrivacyPage
from evidencekit.gui.pages.review import ReviewPage
from evidencekit.gui.pages.step_words_page import step_words_page
from evidencekit.gui.pages.stop import StopPage

PAGE_CLASSES: list[type[Page]] = [
    StopPage,
    ProfileCapturePage,
    ConversationCapturePage,
    DetailsPage,
    ReportPage,
    DeactivatePage,
    PolicePage,
    SupportPage,
    ReviewPage,
    ExportPage,
    PrivacyPage,
]


def all_page_classes() -> list[type[Page]]:
    """Every step in flow order (a guidance-words page for steps without their own page), then the rest."""
    by_step = {cls.step_id: cls for cls in PAGE_CLASSES}
    ordered = [by_step.get(step) or step_words_page(step) for step in texts.STEP_ORDER]
    ordered += [cls for cls in PAGE_CLASSES if cls.step_id not in texts.STEP_ORDER]
    return ordered
