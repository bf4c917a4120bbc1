"""The advice pages show the guidance for the chosen platforms and country, with sources and the month
each fact was last checked, and tick off as done."""

from __future__ import annotations

from evidencekit.gui.pages.guidance_pages import DeactivatePage, PolicePage, ReportPage, SupportPage
from evidencekit.gui.session import CaseSession
from evidencekit.guidance import load_guidance


def _page(qtbot, session: CaseSession, cls):
    page = cls(session)
    qtbot.addWidget(page)
    session.state_changed.connect(page.refresh)
    page.refresh(session.state)
    return page


def _facts_text(page) -> str:
    from PySide6.QtWidgets import QLabel

    labels = page.facts_holder.findChildren(QLabel)
    return "\n".join(label.text() for label in labels)


def test_ticking_a_platform_saves_it_and_shows_its_report_steps_with_source(qtbot, session) -> None:
    page = _page(qtbot, session, ReportPage)
    assert "Choose the app or site above" in "".join(box.title() for box in page.facts_holder.children()
                                                      if hasattr(box, "title"))
    page.platform_chooser.boxes["snapchat"].click()
    qtbot.waitUntil(lambda: session.state.profile.get("platforms") == ["snapchat"], timeout=5000)
    snapchat = load_guidance().platform("snapchat")
    text = _facts_text(page)
    assert snapchat.report.steps[0].split(",")[0] in text
    provenance = snapchat.report.provenance
    assert f"checked {provenance.last_verified}" in text and provenance.source.address in text
    assert "From: " in text
    page.platform_ticks["snapchat"].click()
    qtbot.waitUntil(lambda: session.state.steps.get("report:snapchat") is True, timeout=5000)
    page.done_toggle.click()
    qtbot.waitUntil(lambda: session.state.steps.get("report") is True, timeout=5000)


def test_deactivate_warns_where_deactivating_starts_deletion(qtbot, session) -> None:
    session.store.append_event("profile.set", {"platforms": ["snapchat", "instagram"]})
    session.state = session.store.state()
    page = _page(qtbot, session, DeactivatePage)
    text = _facts_text(page)
    assert "Careful: on Snapchat" in text
    assert "Careful: on Instagram" not in text  # Instagram's deactivate keeps the account
    assert load_guidance().platform("snapchat").hide.deactivate_starts_deletion


def test_police_page_shows_the_chosen_countrys_routes_and_the_crime_reference(qtbot, session) -> None:
    page = _page(qtbot, session, PolicePage)
    combo = page.country_chooser.combo
    combo.setCurrentIndex(combo.findData("GB"))
    combo.activated.emit(combo.currentIndex())
    qtbot.waitUntil(lambda: session.state.profile.get("country") == "GB", timeout=5000)
    gb = load_guidance().country("GB")
    text = _facts_text(page)
    assert gb.non_emergency.number in text and gb.emergency.number in text
    assert ", checked 20" in text
    assert "crime reference number" in page.reference_note.text()
    session.store.append_event("details.set", {"details": {"reports": {"police": {"crime_reference": "CR/1/26"}}}})
    session.state = session.store.state()
    page.refresh(session.state)
    assert "CR/1/26" in page.reference_note.text()


def test_under_18_route_shows_the_young_peoples_services_on_support(qtbot, session) -> None:
    session.store.append_event("profile.set", {"under_18": True, "country": "GB"})
    session.state = session.store.state()
    page = _page(qtbot, session, SupportPage)
    text = _facts_text(page)
    for route in load_guidance().country("GB").under_18:
        assert route.name.split(" (")[0] in text
    adult_only = load_guidance().country("GB").adult_helplines[0].name
    assert adult_only not in text
