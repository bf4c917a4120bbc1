"""Render every screen of the app into docs/screenshots/*.png, on a private Xvfb (or the given display).

    python scripts/screenshots.py            # starts Xvfb, renders, stops it
    python scripts/screenshots.py --here     # use the current $DISPLAY / QT_QPA_PLATFORM as is
    python scripts/screenshots.py --language es    # the first screen, every step page and the export page
                                                   # in Spanish, into docs/screenshots/es/
    python scripts/screenshots.py --language rtl   # the same with a right-to-left test catalogue
                                                   # (pseudo-Arabic, evidencekit.l10n.pseudo), docs/screenshots/rtl/
    python scripts/screenshots.py --screen 1366x768 --screen 1920x1080@2
        # every page and dialog as it opens on a screen of that size (and scale factor, QT_SCALE_FACTOR):
        # the windows placed as the app places them (screen_fit.show_fitted), each picture the whole
        # screen, so what does not fit would be cut off; into docs/screenshots/screen-1366x768/ and
        # docs/screenshots/screen-1920x1080-scale2/ (combines with --language)

A throwaway data dir and an in-memory keyring are used, captures come from the fixture backend's
made-up desktops: nothing of a real case is ever rendered. GUI part 2 adds its screens to SCREENS.
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs" / "screenshots"
MAX_BYTES = 150 * 1024
sys.path.insert(0, str(ROOT))


def parse_screen(text: str) -> tuple[int, int, str]:
    """'1366x768' or '1920x1080@2' -> (width, height, scale factor as given)."""
    size, _at, scale = text.partition("@")
    width, _x, height = size.partition("x")
    try:
        if int(width) < 640 or int(height) < 480 or float(scale or "1") <= 0:
            raise ValueError
    except ValueError:
        raise SystemExit(f"--screen wants WIDTHxHEIGHT or WIDTHxHEIGHT@SCALE (e.g. 1920x1080@2), not {text!r}") \
            from None
    return int(width), int(height), scale or "1"


def screen_folder(text: str) -> str:
    width, height, scale = parse_screen(text)
    return f"screen-{width}x{height}" + ("" if float(scale) == 1 else f"-scale{scale}")


def run_under_xvfb(argv: list[str], screen: str = "1600x1000") -> int:
    """Start Xvfb on a free display (of `screen`'s size) and run this script inside it with --here."""
    width, height, scale = parse_screen(screen)
    read_fd, write_fd = os.pipe()
    xvfb = subprocess.Popen(["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24",
                             "-nolisten", "tcp", "-noreset"], pass_fds=(write_fd,), stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    os.close(write_fd)
    try:
        number = b""
        while not number.endswith(b"\n"):
            chunk = os.read(read_fd, 16)
            if not chunk:
                raise SystemExit("Xvfb did not start")
            number += chunk
        env = dict(os.environ, DISPLAY=f":{int(number)}", QT_QPA_PLATFORM="xcb", XDG_SESSION_TYPE="x11")
        env.pop("WAYLAND_DISPLAY", None)
        if scale != "1":
            env["QT_SCALE_FACTOR"] = scale
        else:
            env.pop("QT_SCALE_FACTOR", None)
        return subprocess.call([sys.executable, __file__, "--here", *argv], env=env)
    finally:
        os.close(read_fd)
        xvfb.terminate()
        xvfb.wait()


# ----- inside the display --------------------------------------------------------------------------


class DictKeyring:
    """A keyring backend in memory (the screenshots never touch the real keyring)."""

    def __init__(self) -> None:
        self.secrets: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, user: str) -> str | None:
        return self.secrets.get((service, user))

    def set_password(self, service: str, user: str, secret: str) -> None:
        self.secrets[(service, user)] = secret

    def delete_password(self, service: str, user: str) -> None:
        self.secrets.pop((service, user), None)


class Shots:
    """Shared state of one rendering run: the app, a data dir, a keyring, the capture backend."""

    def __init__(self, home: Path, out: Path = OUT, country: str = "GB", case_title: str = "Messages on FriendChat",
                 labels: tuple[str, str, str] = ("Their profile page", "The first threat",
                                                 "The demand: 500 GBP by Western Union"),
                 whole_screen: bool = False) -> None:
        from evidencekit.capture import FixtureBackend, synthetic_desktop_png
        from evidencekit.gui.app import make_application
        from evidencekit.store import KeyringAccess

        self.app = make_application([sys.argv[0]])
        self.home = home
        self.keyring = KeyringAccess(DictKeyring())
        self.backend = FixtureBackend([synthetic_desktop_png(variant="profile"), synthetic_desktop_png(variant="chat"),
                                       synthetic_desktop_png(variant="chat")])
        self.saved: list[str] = []
        self.out, self.country, self.case_title, self.labels = out, country, case_title, labels
        # --screen: windows placed as the app places them, every picture the whole screen
        self.whole_screen = whole_screen
        self.backdrop: object = None
        if whole_screen:
            self.backdrop = self._backdrop()

    def _backdrop(self) -> object:
        """A plain desktop behind the windows (Xvfb has none: its root window is black)."""
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QWidget

        desktop = QWidget(None, Qt.WindowType.FramelessWindowHint | Qt.WindowType.WindowDoesNotAcceptFocus)
        desktop.setStyleSheet("background: #5b6770;")
        desktop.setGeometry(QGuiApplication.primaryScreen().geometry())
        desktop.show()
        return desktop

    def show_window(self, window: object, preferred: object | None = None) -> None:
        """Show a main or start window: at the size it would like (fixed, for the usual pictures), or
        (--screen) where and how big the app itself opens it on this screen."""
        if self.whole_screen:
            from evidencekit.gui.main_window import PREFERRED_SIZE
            from evidencekit.gui.screen_fit import show_fitted

            show_fitted(window, preferred if preferred is not None else PREFERRED_SIZE)  # type: ignore[arg-type]
            window.raise_()  # type: ignore[attr-defined]
            window.activateWindow()  # type: ignore[attr-defined]
        else:
            if preferred is None:
                window.resize(1280, 860)  # type: ignore[attr-defined]
            window.show()  # type: ignore[attr-defined]

    def settle(self, ms: int = 150) -> None:
        from PySide6.QtTest import QTest

        QTest.qWait(ms)

    def wait_until(self, condition: Callable[[], bool], timeout_ms: int = 20000) -> None:
        from PySide6.QtTest import QTest

        waited = 0
        while not condition():
            if waited > timeout_ms:
                raise TimeoutError("the screen did not get ready in time")
            QTest.qWait(20)
            waited += 20

    def save(self, name: str, widget: object) -> None:
        """Grab `widget` (as shown) into docs/screenshots/NAME.png, at most 150 KB."""
        from PIL import Image
        from PySide6.QtCore import QBuffer, QIODevice

        self.settle()
        if self.whole_screen:
            from PySide6.QtGui import QGuiApplication

            pixmap = QGuiApplication.primaryScreen().grabWindow(0)  # what is on the screen, at its pixels
        else:
            pixmap = widget.grab()  # type: ignore[attr-defined]
        buffer = QBuffer()
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        pixmap.save(buffer, "PNG")
        image = Image.open(io.BytesIO(bytes(buffer.data()))).convert("RGB")
        data = _png(image)
        if len(data) > MAX_BYTES:
            data = _png(image.quantize(colors=128, method=Image.Quantize.MEDIANCUT))
        scale = 0.9
        while len(data) > MAX_BYTES and scale > 0.4 and not self.whole_screen:  # whole screens keep their pixels
            smaller = image.resize((int(image.width * scale), int(image.height * scale)), Image.Resampling.LANCZOS)
            data = _png(smaller.quantize(colors=128, method=Image.Quantize.MEDIANCUT))
            scale -= 0.1
        (self.out / f"{name}.png").write_bytes(data)
        self.saved.append(f"{name}.png ({len(data) // 1024} KB, {image.width}×{image.height})")


def _png(image: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)  # type: ignore[attr-defined]
    return out.getvalue()


def start_screens(shots: Shots) -> Iterator[None]:
    from evidencekit.gui.session import CaseSession
    from evidencekit.gui.start import StartWindow
    from evidencekit.gui.start.create_dialog import CreateCaseDialog
    from evidencekit.gui.start.recovery_key_dialog import RecoveryKeyDialog
    from evidencekit.gui.start.restore_dialog import RestoreDialog
    from evidencekit.gui.start.start_window import PREFERRED_SIZE as START_SIZE
    from evidencekit.gui.start.unlock_dialog import UnlockDialog
    from evidencekit.store import Actor, CaseStore

    session = CaseSession(home=shots.home, keyring=shots.keyring)
    start = StartWindow(session)
    shots.show_window(start, START_SIZE)
    shots.wait_until(lambda: start.case_list.count() == 0 and not start.open_button.isVisible())
    shots.save("start", start)
    yield
    dialog = CreateCaseDialog(home=shots.home, keyring=shots.keyring, actor=Actor(), parent=start)
    dialog.title_edit.setText(shots.case_title)
    dialog.passphrase.setText("a quiet evening by the sea")
    dialog.repeat.setText("a quiet evening by the sea")
    dialog.show()
    shots.save("start-new-case", dialog)
    dialog.close()
    created = CaseStore.create(shots.case_title, "a quiet evening by the sea", home=shots.home,
                               keyring=shots.keyring)
    recovery = RecoveryKeyDialog(created.recovery_key, start)
    recovery.show()
    shots.save("start-recovery-key", recovery)
    recovery.confirm.setChecked(True)
    recovery.accept()
    created.store.close()
    other = CaseStore.create("Caller 14 (school referral)", "another long passphrase", home=shots.home,
                             keyring=shots.keyring, shared_computer=True)
    other.store.close()
    start.worker_box.setChecked(True)
    start.operator_name.setText("Sam Patel, Helpline North")
    start.reload_cases()
    shots.wait_until(lambda: start.case_list.count() == 2)
    shots.save("start-support-worker", start)
    unlock = UnlockDialog(other.store.path, home=shots.home, keyring=shots.keyring, actor=Actor(), parent=start)
    unlock.show()
    shots.save("start-open-with-passphrase", unlock)
    unlock.close()
    older = _older_copy(shots)
    restore = RestoreDialog(older, lambda: older, parent=start)  # shown, never answered
    restore.show()
    shots.save("start-restore", restore)
    restore.reject()
    older.close()
    start.close()
    yield


def _older_copy(shots: Shots) -> object:
    """A case whose folder (and this computer's record of it) was put back to an older copy, opened as the
    window opens it, for reading only (rolled_back): what RestoreDialog asks about ("Use this copy")."""
    import shutil

    from evidencekit.store import CaseStore

    passphrase = "a quiet evening by the sea"
    created = CaseStore.create("Put back from a backup", passphrase, home=shots.home, keyring=shots.keyring)
    folder, anchor = created.store.path, shots.home / "anchors" / f"{created.store.id}.json"
    created.store.append_event("step.set", {"step": "stop", "done": True})
    created.store.close()
    backup = shots.home / "backup-copy"
    shutil.copytree(folder, backup)
    older_anchor = anchor.read_bytes()
    with CaseStore.open(folder, home=shots.home, keyring=shots.keyring) as store:
        store.append_event("step.set", {"step": "profile", "done": True})
    shutil.rmtree(folder)
    shutil.copytree(backup, folder)
    anchor.write_bytes(older_anchor)
    older = CaseStore.open(folder, passphrase=passphrase, home=shots.home, keyring=shots.keyring,
                           read_only_if_forged=True)
    assert older.rolled_back, "the copy put back was not seen as older"
    return older


def main_window_screens(shots: Shots) -> Iterator[None]:
    from evidencekit.capture import CaptureRequest, capture_to_case
    from evidencekit.gui.help_dialog import HelpDialog
    from evidencekit.gui.main_window import MainWindow
    from evidencekit.gui.session import CaseSession
    from evidencekit.store import CaseStore

    session = CaseSession(home=shots.home, keyring=shots.keyring, backend_factory=lambda: shots.backend)
    session.attach(CaseStore.create(shots.case_title, "a quiet evening by the sea", home=shots.home,
                                    keyring=shots.keyring).store)
    window = MainWindow(session)
    shots.show_window(window)
    shots.save("main-stop-age-question", window)
    store = session.store
    assert store is not None
    store.append_event("profile.set", {"under_18": False, "country": shots.country, "platforms": ["instagram"]})
    capture_to_case(store, CaptureRequest(), {"category": "profile", "label": shots.labels[0],
                                              "platform": "Instagram"}, backend=shots.backend)
    for label in shots.labels[1:]:
        capture_to_case(store, CaptureRequest(), {"category": "conversation", "label": label,
                                                  "platform": "Instagram"}, backend=shots.backend)
    store.append_event("step.set", {"step": "stop", "done": True})
    store.append_event("step.set", {"step": "profile", "done": True})
    session.state = store.state()
    session.state_changed.emit(session.state)
    for page in window.pages:
        window.show_page(page.step_id)
        if hasattr(page, "gallery"):
            shots.wait_until(lambda p=page: all(not p.gallery.grid.icon(i).isNull()
                                                for i in range(p.gallery.grid.count())))
        if page.step_id == "review":
            shots.wait_until(lambda p=page: p.canvas.has_image())
        shots.save(f"main-{page.step_id}", window)
        if hasattr(page, "gallery"):
            page.gallery.select(session.state.exhibits[-1].id if page.step_id == "conversation"
                                else session.state.exhibits[0].id)
            page.scroll_area.ensureWidgetVisible(page.gallery.editor, 0, 0)
            shots.save(f"main-{page.step_id}-notes", window)
            page.scroll_area.verticalScrollBar().setValue(0)
        yield
    window.show_page("stop")
    help_dialog = HelpDialog(session, window)
    help_dialog.show()
    shots.save("get-help-now", help_dialog)
    help_dialog.close()
    store.append_event("profile.set", {"under_18": True})
    session.state = store.state()
    session.state_changed.emit(session.state)
    window.show_page("stop")
    shots.save("main-stop-under-18", window)
    window.show_page("conversation")
    shots.save("main-conversation-under-18", window)
    window.close()
    session.lock()
    yield


def capture_screens(shots: Shots) -> Iterator[None]:
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QImage

    from evidencekit.capture import synthetic_desktop_png
    from evidencekit.gui.capture.countdown import Countdown
    from evidencekit.gui.capture.region_overlay import RegionOverlay
    from evidencekit.gui.capture.series_control import SeriesControl

    countdown = Countdown(5)
    countdown.start()
    shots.save("capture-countdown", countdown)
    countdown.cancel()
    control = SeriesControl(interval_s=5)
    control.picture_saved(3)
    shots.save("capture-series", control)
    control.pause()
    control.close()
    from PySide6.QtGui import QGuiApplication

    physical = QGuiApplication.primaryScreen().geometry().size() * QGuiApplication.primaryScreen().devicePixelRatio()
    width, height = (physical.width(), physical.height()) if shots.whole_screen else (1600, 1000)
    overlay = RegionOverlay(QImage.fromData(synthetic_desktop_png(width, height, variant="chat")))
    overlay.start()
    overlay.selection = QRect(230, 150, 700, 260)
    overlay.update()
    shots.save("capture-region", overlay)
    overlay.close()
    yield


def part2_screens(shots: Shots) -> Iterator[None]:
    """GUI part 2 in use: details filled in, a black box drawn, the bundle being made and made, the trap
    warning for Snapchat, the removal dialog."""
    from PySide6.QtWidgets import QApplication

    from evidencekit.capture import CaptureRequest, capture_to_case
    from evidencekit.details import set_details
    from evidencekit.gui.main_window import MainWindow
    from evidencekit.gui.pages.case_removal import CaseRemovalDialog
    from evidencekit.gui.session import CaseSession
    from evidencekit.store import CaseStore

    session = CaseSession(home=shots.home, keyring=shots.keyring, backend_factory=lambda: shots.backend)
    session.attach(CaseStore.create("Messages on FriendChat", "a quiet evening by the sea", home=shots.home,
                                    keyring=shots.keyring).store)
    store = session.store
    assert store is not None
    store.append_event("profile.set", {"under_18": False, "country": "GB", "platforms": ["snapchat", "instagram"]})
    for category, label in (("profile", "Their profile page"), ("payment demand", "The demand: 500 GBP")):
        capture_to_case(store, CaptureRequest(), {"category": category, "label": label, "platform": "Snapchat"},
                        backend=shots.backend)
    set_details(store, {
        "contact_start": "2026-03-01 21:30",
        "suspect_accounts": [{"platform": "Snapchat", "display_name": "Lena", "username": "lena_2003",
                              "account_id": "8812 3345 19", "profile_url": "https://www.snapchat.com/add/lena_2003"}],
        "demands": [{"amount": "500", "currency": "GBP", "method": "Western Union", "mtcn": "123-456-7890",
                     "deadline": "by midnight"}],
        "paid": {"status": "no"},
        "reports": {"police": {"crime_reference": "CR/4471/26"}},
        "victim_contact": {"name": "Alex", "email": "alex@example.org"},
    })
    session.state = store.state()
    window = MainWindow(session)
    shots.show_window(window)
    session.state_changed.emit(session.state)
    window.show_page("details")
    shots.save("part2-details-filled", window)
    yield
    window.show_page("review")
    review = window.current_page()
    review.show_exhibit(session.state.exhibits[1].id)
    shots.wait_until(lambda: review._shown_id == session.state.exhibits[1].id)
    review.canvas.add_box((300, 200, 520, 90))
    shots.wait_until(lambda: (session.state.exhibits[1].redaction is not None
                              and "Saved" in review.status.text()))
    review.canvas.fit_to_window()
    shots.save("part2-review-box", window)
    yield
    window.show_page("deactivate")
    shots.save("part2-deactivate-snapchat", window)
    yield
    window.show_page("export")
    export = window.current_page()
    export.set_out_path(shots.home / "police-bundle-2026-03-02.pdf")
    shots.wait_until(lambda: export_ready())
    export.export_button.click()
    shots.wait_until(lambda: export.progress.value() > 2 or not export.is_running())
    shots.save("part2-export-running", window)
    shots.wait_until(lambda: not export.is_running(), timeout_ms=120000)
    export.scroll_area.ensureWidgetVisible(export.result_panel, 0, 0)
    shots.save("part2-export-done", window)
    yield
    from evidencekit.gui.handover_dialogs import HandoverDialog, TrustedTimeDialog

    stamp = TrustedTimeDialog(session, window)  # shown, never sent: the screenshot makes no request
    stamp.show()
    QApplication.processEvents()
    shots.save("part2-trusted-time", stamp)
    stamp.reject()
    handover = HandoverDialog(session, window)
    handover.to.setText("PC 1234 Smith, Example Police")
    handover.reference.setText("CR/4471/26")
    handover.date.setText("2026-03-02")
    handover.show()
    QApplication.processEvents()
    shots.save("part2-handover", handover)
    handover.reject()
    yield
    dialog = CaseRemovalDialog(session, window)
    dialog.confirm_edit.setText("Messages on FriendChat")
    dialog.show()
    QApplication.processEvents()
    shots.save("part2-remove-case", dialog)
    dialog.reject()
    window.close()
    session.lock()
    yield


def guidance_screens(shots: Shots) -> Iterator[None]:
    """Guidance, second edition: "Get help now" for a country without its own file, and pages of the new
    platforms and countries (Wizz, Tinder, Kik, the webcam email, India's police route)."""
    from evidencekit.gui.help_dialog import HelpDialog
    from evidencekit.gui.main_window import MainWindow
    from evidencekit.gui.session import CaseSession
    from evidencekit.store import CaseStore

    session = CaseSession(home=shots.home, keyring=shots.keyring, backend_factory=lambda: shots.backend)
    session.attach(CaseStore.create("Messages on a dating app", "a quiet evening by the sea", home=shots.home,
                                    keyring=shots.keyring).store)
    store = session.store
    assert store is not None
    window = MainWindow(session)
    shots.show_window(window)
    help_dialog = HelpDialog(session, window)
    help_dialog.show()
    shots.save("get-help-now-unknown-country", help_dialog)
    help_dialog.close()
    yield
    for country, under_18, platforms, page, name in (
            ("FR", True, ["wizz"], "report", "guidance-report-wizz-under-18"),
            ("GB", False, ["tinder"], "deactivate", "guidance-deactivate-tinder"),
            ("US", False, ["kik"], "report", "guidance-report-kik"),
            ("GB", False, ["email"], "report", "guidance-report-webcam-email"),
            ("IN", False, ["instagram"], "police", "guidance-police-india")):
        store.append_event("profile.set", {"under_18": under_18, "country": country, "platforms": platforms})
        session.state = store.state()
        session.state_changed.emit(session.state)
        window.show_page(page)
        shown = window.current_page()
        shots.settle()
        shown.scroll_area.verticalScrollBar().setValue(shown.facts_holder.y() - 40)  # the platform's facts
        shots.save(name, window)
        yield
    window.close()
    session.lock()
    yield


def export_ready() -> bool:
    from evidencekit.gui.pages.export import bundle_code_ready

    return bundle_code_ready()


SCREENS: list[Callable[[Shots], Iterator[None]]] = [start_screens, main_window_screens, capture_screens,
                                                    part2_screens, guidance_screens]


LANGUAGE_SCREENS: list[Callable[[Shots], Iterator[None]]] = [start_screens, main_window_screens]
# --screen: every page and dialog once (the guidance group shows the same pages for other platforms)
SCREEN_SCREENS: list[Callable[[Shots], Iterator[None]]] = [start_screens, main_window_screens, capture_screens,
                                                           part2_screens]
SAMPLE = {"es": ("ES", "Mensajes en FriendChat")}  # a case as a person in that country would name it
LABELS = {"es": ("Su página de perfil", "La primera amenaza", "La exigencia: 500 EUR por Bizum")}


def choose_language(language: str, folder: Path) -> str:
    """Speak `language` for this run; 'rtl' is a made-up right-to-left catalogue built from the template."""
    from evidencekit import i18n

    if language == "rtl":
        from evidencekit.l10n import pseudo

        locale = folder / "locale"
        pseudo.write_pseudo_language(locale, "ar", pseudo.rtl)  # Arabic's code: Babel knows it runs right to left
        i18n.locale_dir = lambda: locale  # type: ignore[assignment]  # this process only
        return i18n.set_language("ar")
    return i18n.set_language(language)


def render(only: str | None = None, language: str = "", screen: str = "") -> int:
    out = OUT / language if language else OUT
    if screen:
        out = out / screen_folder(screen)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="evidencekit-screens-") as folder:
        os.environ["EVIDENCEKIT_HOME"] = folder
        if language:
            spoken = choose_language(language, Path(folder))
            if spoken == "en" and language != "en":
                raise SystemExit(f"there is no compiled catalogue for {language!r}")
        country, title = SAMPLE.get(language, ("GB", "Messages on FriendChat"))
        if language in LABELS:
            shots = Shots(Path(folder), out, country, title, LABELS[language], whole_screen=bool(screen))
        else:
            shots = Shots(Path(folder), out, country, title, whole_screen=bool(screen))
        for screens in (LANGUAGE_SCREENS if language else SCREEN_SCREENS if screen else SCREENS):
            if only and screens.__name__ != f"{only}_screens":
                continue
            for _ in screens(shots):
                pass
        from evidencekit.gui import workers

        workers.wait_for_all()
    print("\n".join(shots.saved))
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--here", action="store_true", help="render on the current display instead of Xvfb")
    parser.add_argument("--only", metavar="GROUP", help="render one group of screens only, e.g. guidance")
    parser.add_argument("--language", default="", metavar="LANG",
                        help="render the first screen and the main window's pages in LANG (e.g. es), or 'rtl' "
                             "for a right-to-left test catalogue, into docs/screenshots/LANG/")
    parser.add_argument("--screen", action="append", default=[], metavar="WxH[@SCALE]",
                        help="render every page and dialog as opened on a screen of that size and scale factor, "
                             "the whole screen in each picture, into docs/screenshots/screen-WxH[-scaleS]/ "
                             "(repeatable: --screen 1366x768 --screen 1920x1080@2)")
    args = parser.parse_args()
    for screen in args.screen:
        parse_screen(screen)  # a wrong size is one sentence before any Xvfb starts
    if args.here:
        return render(args.only, args.language, args.screen[0] if args.screen else "")
    extra = (["--only", args.only] if args.only else []) + (["--language", args.language] if args.language else [])
    if not args.screen:
        return run_under_xvfb(extra)
    for screen in args.screen:
        code = run_under_xvfb([*extra, "--screen", screen], screen)
        if code:
            return code
    return 0


if __name__ == "__main__":
    sys.exit(main())
