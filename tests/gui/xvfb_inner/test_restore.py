"""An older copy of a case put back (a rollback) is offered, at opening, to be used as it is, as `evidencekit
case accept-restore` does; Cancel opens it for reading only, as before. A real case: one picture, the
folder copied, two more pictures, the copy put back (folder and anchor), on a real X server."""

from __future__ import annotations

import os
import shutil
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from evidencekit.capture import CaptureRequest, capture_to_case
from evidencekit.gui import workers
from evidencekit.store import CaseStore
from tests.gui.xvfb_inner.conftest import describe, focused

PASSPHRASE = "the kettle is always on"


def _rolled_back_case(home: Path, keyring, backend, tmp_path: Path) -> Path:
    created = CaseStore.create("Put back", PASSPHRASE, home=home, keyring=keyring)
    store = created.store
    folder, anchor = store.path, home / "anchors" / f"{store.id}.json"
    capture_to_case(store, CaptureRequest(), {"category": "profile"}, backend=backend)
    store.close()
    shutil.copytree(folder, tmp_path / "backup")
    older_anchor = anchor.read_bytes()
    with CaseStore.open(folder, home=home, keyring=keyring) as store:
        for _ in range(2):
            capture_to_case(store, CaptureRequest(), {"category": "conversation"}, backend=backend)
        assert len(store.state().pictures) == 3
    shutil.rmtree(folder)
    shutil.copytree(tmp_path / "backup", folder)
    anchor.write_bytes(older_anchor)
    return folder


def _open(qtbot, make_controller, folder: Path):
    controller = make_controller()
    controller.show()
    start = controller.start_window
    qtbot.waitUntil(lambda: len(start.entries) == 1, timeout=10000)
    start.open_folder(folder)
    qtbot.waitUntil(lambda: start.restore_dialog is not None and start.restore_dialog.isVisible(), timeout=20000)
    return controller, start.restore_dialog


def test_an_older_copy_can_be_used_as_it_is_from_the_window(qtbot, make_controller, home, memory_keyring,
                                                            fixture_backend, tmp_path):
    folder = _rolled_back_case(home, memory_keyring, fixture_backend, tmp_path)
    controller, dialog = _open(qtbot, make_controller, folder)
    assert controller.main_window is None  # asked first, before the case window
    words = " ".join(label.text() for label in dialog.findChildren(type(dialog.message)))
    assert "older copy of your case" in words and "newer version of this case" in words
    assert "saved after this copy was made are not in it" in words and "Cancel" in words
    qtbot.waitUntil(dialog.isActiveWindow, timeout=10000)
    qtbot.waitUntil(lambda: focused() is not None, timeout=5000)
    assert focused() is dialog.cancel_button, f"it opens on {describe(focused())}"  # Enter changes nothing
    shot = Path(os.environ.get("EVIDENCEKIT_SHOT_DIR", str(tmp_path))) / "restore_dialog.png"
    assert dialog.grab().save(str(shot))
    reopen, threads = dialog.reopen, []
    dialog.reopen = lambda: (threads.append(threading.current_thread()), reopen())[1]
    qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=30000)
    store = controller.session.store
    assert not store.rolled_back and not store.read_only and not store.tampered
    assert store.restored is not None and store.restored["journal_seq"] < store.restored["newer_seq"]
    assert [e.action for e in store.events()][-1] == "case.restored"
    assert threads and threads[0] is not threading.main_thread()  # unlocked again off the GUI thread
    assert len(store.state().pictures) == 1  # the two taken after the backup are not in this copy
    assert not controller.main_window.tamper_notice.isVisible()
    store.append_event("step.set", {"step": "profile", "done": True})  # writable again
    controller.session.lock()
    # the start screen lists the cases again, opening each one on a worker: a command run at that moment
    # is told the case is open elsewhere, so wait for the list as a person would
    assert workers.wait_for_all()
    reopened = CaseStore.open(folder, home=home, keyring=memory_keyring)  # as the command line would
    assert not reopened.rolled_back and reopened.restored is None
    reopened.close()


def test_cancel_keeps_the_older_copy_for_reading_only(qtbot, make_controller, home, memory_keyring,
                                                      fixture_backend, tmp_path):
    folder = _rolled_back_case(home, memory_keyring, fixture_backend, tmp_path)
    size = (folder / "journal.ekj").stat().st_size
    controller, store = _cancel_the_question(qtbot, make_controller, folder)
    assert store.rolled_back and store.read_only and store.restored is None
    assert "case.restored" not in [e.action for e in store.events()]
    qtbot.waitUntil(controller.main_window.tamper_notice.isVisible, timeout=5000)
    assert (folder / "journal.ekj").stat().st_size == size  # nothing written


@pytest.mark.parametrize("language", ["es"])
def test_the_question_is_asked_in_the_chosen_language(qtbot, make_controller, home, memory_keyring,
                                                      fixture_backend, tmp_path, language):
    from evidencekit import i18n

    folder = _rolled_back_case(home, memory_keyring, fixture_backend, tmp_path)
    with i18n.using_language(language):
        controller, dialog = _open(qtbot, make_controller, folder)
        assert dialog.windowTitle() == "Una copia anterior de tu caso"
        assert dialog.use_button.text() == "&Usar esta copia"
        shot = Path(os.environ.get("EVIDENCEKIT_SHOT_DIR", str(tmp_path))) / "restore_dialog_es.png"
        assert dialog.grab().save(str(shot))
        dialog.reject()
        qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)


def test_a_copy_opened_with_its_passphrase_is_accepted_with_the_same_passphrase(qtbot, make_controller, home,
                                                                             memory_keyring, fixture_backend,
                                                                             tmp_path):
    """The key is not in the keyring (forgotten), its record of the journal's head is: the unlock dialog
    asks for the passphrase, then the same question; "Use this copy" opens it again with that passphrase."""
    folder = _rolled_back_case(home, memory_keyring, fixture_backend, tmp_path)
    case_id = next(key for key in memory_keyring.backend.secrets if key[1].startswith("case:"))
    del memory_keyring.backend.secrets[case_id]  # the key entry only; the head entry stays
    controller = make_controller()
    controller.show()
    start = controller.start_window
    qtbot.waitUntil(lambda: len(start.entries) == 1, timeout=10000)
    start.open_folder(folder)
    qtbot.waitUntil(lambda: start.unlock_dialog is not None and start.unlock_dialog.isVisible(), timeout=20000)
    start.unlock_dialog.passphrase.setText(PASSPHRASE)
    start.unlock_dialog.try_open()
    qtbot.waitUntil(lambda: start.restore_dialog is not None and start.restore_dialog.isVisible(), timeout=30000)
    qtbot.mouseClick(start.restore_dialog.use_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=30000)
    store = controller.session.store
    assert store.unlocked_by == "passphrase" and store.restored is not None and not store.read_only
    assert [e.action for e in store.events()][-1] == "case.restored"


def _cut_behind_its_checkpoint(home: Path, keyring, backend) -> tuple[Path, str]:
    """One picture, the journal copied; two more, the checkpoint written at the last record; the older
    journal put back. No anchor and no kept head tell (both removed): only the case's own checkpoint does."""
    created = CaseStore.create("Cut short", PASSPHRASE, home=home, keyring=keyring)
    store = created.store
    folder, case_id = store.path, store.id
    capture_to_case(store, CaptureRequest(), {"category": "profile"}, backend=backend)
    store.close()
    older_journal = (folder / "journal.ekj").read_bytes()
    (folder / "checkpoint.ekc").unlink()  # written again, at the last record, when the next open closes
    with CaseStore.open(folder, home=home, keyring=keyring) as store:
        for _ in range(2):
            capture_to_case(store, CaptureRequest(), {"category": "conversation"}, backend=backend)
        last = store.events()[-1]
    (folder / "journal.ekj").write_bytes(older_journal)
    (home / "anchors" / f"{case_id}.json").unlink()
    del keyring.backend.secrets[next(key for key in keyring.backend.secrets if key[1] == f"head:{case_id}")]
    return folder, f"{last.seq}:{last.hash}"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_journal_cut_behind_its_checkpoint_gets_the_same_question(qtbot, make_controller, home, memory_keyring,
                                                                    fixture_backend, tmp_path, language):
    """Before, the window only showed the error (as every command does). Now it opens the case for reading
    only and asks, in words about the case's own folder; "Use this copy" does what `case accept-restore`
    does, naming the checkpoint's record among the newer heads."""
    from evidencekit import i18n

    folder, newest = _cut_behind_its_checkpoint(home, memory_keyring, fixture_backend)
    checkpoint = (folder / "checkpoint.ekc").read_bytes()
    with i18n.using_language(language):
        controller, dialog = _open(qtbot, make_controller, folder)
        assert controller.main_window is None
        assert (folder / "checkpoint.ekc").read_bytes() == checkpoint  # the read-only open touched nothing
        words = " ".join(label.text() for label in dialog.findChildren(type(dialog.message)))
        if language == "es":
            assert "La propia carpeta de este caso" in words and "Este ordenador recuerda" not in words
        else:
            assert "own folder shows that its custody log once went further" in words
            assert "This computer remembers" not in words
        shot = Path(os.environ.get("EVIDENCEKIT_SHOT_DIR", str(tmp_path))) / f"restore_dialog_cut_{language}.png"
        qtbot.waitUntil(dialog.isActiveWindow, timeout=10000)
        assert dialog.grab().save(str(shot))
        assert focused() is dialog.cancel_button, f"it opens on {describe(focused())}"
        qtbot.mouseClick(dialog.use_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: controller.main_window is not None, timeout=30000)
    store = controller.session.store
    assert not store.rolled_back and not store.read_only and len(store.state().pictures) == 1
    assert store.restored is not None
    assert [f"{head['seq']}:{head['hash']}" for head in store.restored["newer_heads"]] == [newest]
    assert [e.action for e in store.events()][-1] == "case.restored"


def test_cancel_on_a_journal_cut_behind_its_checkpoint_keeps_it_read_only_and_says_what_showed_it(
        qtbot, make_controller, home, memory_keyring, fixture_backend, tmp_path):
    folder, _newest = _cut_behind_its_checkpoint(home, memory_keyring, fixture_backend)
    size = (folder / "journal.ekj").stat().st_size
    controller, store = _cancel_the_question(qtbot, make_controller, folder)
    assert store.rolled_back and store.read_only and store.older_than == "checkpoint"
    window = controller.main_window
    qtbot.waitUntil(window.tamper_notice.isVisible, timeout=5000)
    notice = window.tamper_notice.text()
    assert notice.startswith("This case's own folder shows that its custody log once went further")
    assert "this computer last saw" not in notice and "Use this copy" in notice
    shot = Path(os.environ.get("EVIDENCEKIT_SHOT_DIR", str(tmp_path))) / "restore_cut_read_only.png"
    assert window.grab().save(str(shot))
    assert (folder / "journal.ekj").stat().st_size == size  # nothing written


def _cancel_the_question(qtbot, make_controller, folder):
    """Open `folder` from the first screen and answer the restore question with Escape (Cancel, the
    default): (controller, the store the window opened read-only)."""
    controller, dialog = _open(qtbot, make_controller, folder)
    qtbot.waitUntil(dialog.isActiveWindow, timeout=10000)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=10000)
    return controller, controller.session.store
