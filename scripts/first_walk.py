"""The measured first-time walk of the core path (stop → profile → conversation → details → bundle).

Replays, with real X input only (xdotool clicks, key presses and typing), the walk first made by hand from
screenshots on 2026-12-04 at 1366×768: the real `python -m evidencekit` on its own Xvfb with a throwaway
HOME and EVIDENCEKIT_HOME, a new case without a keyring, the age question, one picture of the profile, two
of the conversation, three boxes on Details, the police bundle. It counts every action (a click, a key
press, a typed field or one burst of the wheel = 1), times the replay, reads the words shown on every
screen with tesseract (only words not already on the screen before count, so the banner and the side list
are read once) and prints the estimate for a first-time user: words ÷ 200 per minute + 1.2 s per action
(Keystroke-Level Model). The coordinates are those of that layout at 1366×768; a layout change that moves
a control makes the walk fail loudly (no bundle), never pass silently.

    python scripts/first_walk.py [--keep DIR]   # DIR keeps the screenshots
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.support.xserver import running_xvfb  # noqa: E402

PASSPHRASE = "my dog likes the red ball"
WORDS_PER_MINUTE = 200
SECONDS_PER_ACTION = 1.2

# (what, action, argument, seconds to let the window answer); "shot" = look at the screen (no action)
WALK: list[tuple[str, str, str, float]] = [
    ("start window", "shot", "", 0),
    ("Start a new case", "click", "396 289", 1.5),
    ("new case dialog", "shot", "", 0),
    ("case name", "type", "Messages on Instagram", 0.2),
    ("", "key", "Tab", 0.1),
    ("passphrase", "type", PASSPHRASE, 0.2),
    ("", "key", "Tab", 0.1),
    ("past 'Show'", "key", "Tab", 0.1),
    ("passphrase again", "type", PASSPHRASE, 0.2),
    ("Start the case", "key", "Return", 3),
    ("recovery key dialog", "shot", "", 0),
    ("I have written down ...", "click", "372 605", 0.3),
    ("Continue", "click", "931 634", 3),
    ("Stop and breathe", "shot", "", 0),
    ("No, I am 18 or older", "click", "430 270", 1),
    ("Next: Their profile", "click", "1250 720", 2),
    ("Their profile", "shot", "", 0),
    ("Take the picture", "click", "387 505", 4),
    ("profile, one picture", "shot", "", 0),
    ("Next: The conversation", "click", "1230 720", 2),
    ("The conversation", "shot", "", 0),
    ("Take the picture", "click", "387 526", 4),
    ("Take the picture (after scrolling the chat)", "click", "387 526", 4),
    ("Next: Details", "click", "1270 720", 2),
    ("Details", "shot", "", 0),
    ("Platform or app", "click", "900 393", 0.2),
    ("", "type", "Instagram", 0.2),
    ("", "key", "Tab", 0.1),
    ("Name shown", "type", "Lena", 0.2),
    ("", "key", "Tab", 0.1),
    ("Username or handle", "type", "@lena.k_2008", 0.2),
    ("", "key", "Tab", 1),
    ("Make the police bundle (side list)", "click", "89 536", 2),
    ("Make the police bundle", "shot", "", 0),
    ("Make the police bundle", "click", "417 350", 0),
]


def words(png: Path) -> list[str]:
    text = subprocess.run(["tesseract", str(png), "-", "--psm", "3"], capture_output=True, text=True,
                          check=True).stdout
    return [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’.-]*", text) if len(w.strip(".-")) > 1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, help="keep the screenshots in this folder")
    args = parser.parse_args()
    for tool in ("Xvfb", "xdotool", "import", "tesseract"):
        if shutil.which(tool) is None:
            print(f"first_walk: {tool} is not installed.", file=sys.stderr)
            return 2
    with tempfile.TemporaryDirectory(prefix="first-walk-") as tmp_text, running_xvfb(width=1366,
                                                                                     height=768) as server:
        tmp = Path(tmp_text)
        shots = args.keep or tmp / "shots"
        shots.mkdir(parents=True, exist_ok=True)
        env = dict(server.env, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT), HOME=str(tmp / "home"),
                   EVIDENCEKIT_HOME=str(tmp / "home" / "ek"))
        env.pop("DBUS_SESSION_BUS_ADDRESS", None)  # a first-time user on a computer without a keyring
        (tmp / "home").mkdir()
        app = subprocess.Popen([sys.executable, "-m", "evidencekit"], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE, cwd=ROOT)
        try:
            deadline = time.monotonic() + 60
            while not subprocess.run(["xdotool", "search", "--onlyvisible", "--name", "evidencekit"], env=env,
                                     capture_output=True).stdout.strip():
                if time.monotonic() > deadline or app.poll() is not None:
                    print("first_walk: the window did not open.", file=sys.stderr)
                    return 1
                time.sleep(0.2)
            time.sleep(1)
            actions = 0
            seen: Counter[str] = Counter()
            read = 0
            started = time.monotonic()
            for number, (what, kind, argument, wait) in enumerate(WALK):
                if kind == "shot":
                    png = shots / f"{number:02d}.png"
                    subprocess.run(["import", "-window", "root", str(png)], env=env, check=True)
                    shown = Counter(words(png))
                    new = sum((shown - seen).values())
                    read += new
                    seen = shown
                    print(f"  screen {what}: {new} new words")
                    continue
                if kind == "click":
                    x, y = argument.split()
                    subprocess.run(["xdotool", "mousemove", x, y, "click", "1"], env=env, check=True)
                elif kind == "key":
                    subprocess.run(["xdotool", "key", argument], env=env, check=True)
                elif kind == "type":
                    subprocess.run(["xdotool", "type", "--delay", "15", argument], env=env, check=True)
                elif kind == "scroll":
                    x, y = argument.split()
                    subprocess.run(["xdotool", "mousemove", x, y, "click", "--repeat", "10", "--delay", "30", "5"],
                                   env=env, check=True)
                actions += 1
                time.sleep(wait)
            bundle = tmp / "home" / f"police-bundle-{time.strftime('%Y-%m-%d')}.pdf"
            deadline = time.monotonic() + 120
            while not bundle.exists() and time.monotonic() < deadline:
                time.sleep(0.2)
            elapsed = time.monotonic() - started
            size = bundle.stat().st_size if bundle.exists() else 0
            if not bundle.exists():
                print(f"first_walk: no bundle after {actions} actions (a control moved?); screenshots in "
                      f"{shots}", file=sys.stderr)
                return 1
        finally:
            app.terminate()
            try:
                app.wait(timeout=30)
            except subprocess.TimeoutExpired:
                app.kill()
    reading = read / WORDS_PER_MINUTE * 60
    estimate = reading + actions * SECONDS_PER_ACTION
    print(f"actions: {actions} (goal <= 90)")
    print(f"replayed in {elapsed:.0f} s (machine speed, includes the app's own waits)")
    print(f"words shown, each read once: {read} -> {reading / 60:.1f} min at {WORDS_PER_MINUTE} words/min")
    print(f"first-time estimate: {estimate / 60:.1f} min = reading + {actions} x {SECONDS_PER_ACTION} s "
          f"(goal <= 12 min)")
    print(f"bundle: {size // 1024} KB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
