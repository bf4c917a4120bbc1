"""Support workers see where they are: the title bar and the status say which case and which worker
(never for a victim, whose task bar anyone may see); `evidencekit open CASE` opens the window on that case,
the unlock dialog first when the keyring does not hold its key."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from evidencekit.gui.main_window import MainWindow
from evidencekit.gui.session import CaseSession
from evidencekit.store import Actor, CaseStore

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASE = "support worker passphrase"


def test_title_and_status_name_the_case_and_the_worker(qtbot, home, memory_keyring):
    created = CaseStore.create("Caller 14 (school referral)", PASSPHRASE, home=home, keyring=memory_keyring)
    session = CaseSession(home=home, keyring=memory_keyring)
    session.actor = Actor("support worker", "Sam Patel, Helpline North")
    session.attach(created.store)
    window = MainWindow(session)
    qtbot.addWidget(window)
    title = window.windowTitle()
    assert "Caller 14 (school referral)" in title and "Sam Patel, Helpline North" in title
    status = window.case_label.text()
    assert "Case: Caller 14 (school referral)" in status and "Support worker: Sam Patel, Helpline North" in status
    session.lock()


def test_a_victims_window_never_shows_the_case_title(qtbot, home, memory_keyring):
    created = CaseStore.create("Messages from Lena", PASSPHRASE, home=home, keyring=memory_keyring)
    session = CaseSession(home=home, keyring=memory_keyring)
    session.attach(created.store)
    window = MainWindow(session)
    qtbot.addWidget(window)
    assert window.windowTitle() == "evidencekit"
    assert "Lena" not in window.case_label.text()
    session.lock()


def test_open_case_shows_the_unlock_dialog_then_the_case(qtbot, make_controller, home):
    created = CaseStore.create("Opened by id", PASSPHRASE, shared_computer=True, home=home)
    created.store.close()
    controller = make_controller()
    controller.show()
    controller.open_case(created.store.path, "Sam Patel")
    start = controller.start_window
    qtbot.waitUntil(lambda: start.unlock_dialog is not None and start.unlock_dialog.isVisible(), timeout=10000)
    assert controller.main_window is None  # nothing of the case before it is unlocked
    qtbot.keyClicks(start.unlock_dialog.passphrase.edit, PASSPHRASE)
    start.unlock_dialog.try_open()
    qtbot.waitUntil(lambda: controller.main_window is not None, timeout=30000)
    window = controller.main_window
    assert controller.session.store.id == created.store.id
    assert "Opened by id" in window.windowTitle() and "Sam Patel" in window.windowTitle()


def test_open_command_refuses_an_unknown_case_in_one_sentence(home, tmp_path):
    env = {"EVIDENCEKIT_HOME": str(home), "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen",
           "PATH": "/usr/bin:/bin", "HOME": str(tmp_path)}
    done = subprocess.run([sys.executable, "-m", "evidencekit", "open", "0123abcd"], env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().startswith("evidencekit: No case matches '0123abcd'")
    assert "Traceback" not in done.stderr and done.stdout == ""
