"""A case whose journal holds a record written without its key opens in the window for reading only, with
what was saved before that record, and the window says so in plain words (ADR 006)."""

from __future__ import annotations

import pytest

from evidencekit.errors import EvidenceKitError
from evidencekit.store import CaseStore
from tests.core.store.case_files import append_record_without_the_key

PASSPHRASE = "the kettle is always on"


def test_a_forged_case_opens_read_only_and_the_window_says_why(qtbot, make_controller, home, memory_keyring):
    created = CaseStore.create("Forged later", PASSPHRASE, home=home, keyring=memory_keyring)
    created.store.append_event("step.set", {"step": "profile", "done": True})
    created.store.close()
    forged = append_record_without_the_key(created.store.path, home, data={"step": "police", "done": True})
    controller, _start = _open_the_only_case(qtbot, make_controller)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=20000)
    store = controller.session.store
    assert store.read_only and f"record {forged} was not written by evidencekit" in store.tampered
    assert [event.action for event in store.events()] == ["case.created", "step.set"]  # nothing of the forgery
    window = controller.main_window
    qtbot.waitUntil(lambda: window.tamper_notice.isVisible(), timeout=5000)
    assert "changed by someone without its key" in window.tamper_notice.text()
    assert "reading only" in window.tamper_notice.text()
    size = store.path.joinpath("journal.ekj").stat().st_size
    with pytest.raises(EvidenceKitError, match="open for reading only"):
        store.append_event("step.set", {"step": "report", "done": True})
    assert store.path.joinpath("journal.ekj").stat().st_size == size


def test_an_older_copy_put_back_opens_read_only_and_the_window_says_so(qtbot, make_controller, home,
                                                                       memory_keyring, tmp_path):
    """The folder and its anchor put back to an older copy while the keyring kept the newer head (a rollback)."""
    import shutil

    created = CaseStore.create("Put back", PASSPHRASE, home=home, keyring=memory_keyring)
    folder, anchor = created.store.path, home / "anchors" / f"{created.store.id}.json"
    created.store.append_event("step.set", {"step": "profile", "done": True})
    created.store.close()
    shutil.copytree(folder, tmp_path / "older")
    older_anchor = anchor.read_bytes()
    with CaseStore.open(folder, home=home, keyring=memory_keyring) as store:
        store.append_event("step.set", {"step": "police", "done": True})
    shutil.rmtree(folder)
    shutil.copytree(tmp_path / "older", folder)
    anchor.write_bytes(older_anchor)

    controller, start = _open_the_only_case(qtbot, make_controller)
    # first asked whether to use this copy as it is (tests/gui/xvfb_inner/test_restore.py): Cancel
    qtbot.waitUntil(lambda: start.restore_dialog is not None and start.restore_dialog.isVisible(), timeout=20000)
    start.restore_dialog.reject()
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=20000)
    store = controller.session.store
    assert store.rolled_back and store.read_only
    assert [event.action for event in store.events()] == ["case.created", "step.set"]
    window = controller.main_window
    qtbot.waitUntil(lambda: window.tamper_notice.isVisible(), timeout=5000)
    assert "older copy of this case" in window.tamper_notice.text()
    assert "without its key" not in window.tamper_notice.text()  # nobody forged anything: it is a copy
    size = folder.joinpath("journal.ekj").stat().st_size
    with pytest.raises(EvidenceKitError, match="open for reading only"):
        store.append_event("step.set", {"step": "report", "done": True})
    assert folder.joinpath("journal.ekj").stat().st_size == size


def test_in_a_read_only_case_the_age_question_is_greyed_out_and_says_why(qtbot, make_controller, home,
                                                                          memory_keyring):
    """Not two live buttons whose click only says that nothing was saved: greyed out, with one sentence."""
    created = CaseStore.create("Forged, unanswered", PASSPHRASE, home=home, keyring=memory_keyring)
    created.store.close()
    append_record_without_the_key(created.store.path, home, data={"step": "police", "done": True})
    controller, _start = _open_the_only_case(qtbot, make_controller)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=20000)
    assert controller.session.store.read_only
    question = controller.main_window.page("stop").age_question
    for button in (question.adult_button, question.young_button):
        assert button.isVisibleTo(question) and not button.isEnabled(), button.text()
    assert question.read_only_note.isVisibleTo(question)
    assert "reading only" in question.read_only_note.text()
    assert controller.main_window.current_page().first_control() is not question.adult_button


def _open_the_only_case(qtbot, make_controller):
    """The app's first screen, then the one case in its list opened as a person would: (controller, screen)."""
    controller = make_controller()
    controller.show()
    start = controller.start_window
    qtbot.waitUntil(lambda: len(start.entries) == 1, timeout=10000)
    start.open_folder(start.entries[0].folder)
    return controller, start
