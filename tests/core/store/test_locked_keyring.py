"""A real, LOCKED gnome-keyring collection never stalls a command and never raises its unlock dialog.

Inside one throwaway D-Bus session (tests/support/secret_service.py) a case is made with its key in the
keyring, the login collection is locked with secretstorage, and then commands run while `dbus-monitor`
records every method call sent to the Secret Service. With a passphrase (file or variable) or a recovery
key, no call at all reaches it; without one, the command asks the keyring only (never `Unlock`), gives
up at once and says to give the passphrase. gnome-keyring's password prompter (which waits 60 s when
no one can answer it) is never started: dbus-daemon logs every activation on the session's stderr.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.core.store.case_files import PASSPHRASE
from tests.support.secret_service import SecretServiceSandbox

pytestmark = pytest.mark.secretservice

DRIVER = r'''
import json, os, subprocess, sys, threading, time
import secretstorage

EK = [sys.executable, "-m", "evidencekit"]
secret_file, recovery_file = sys.argv[1], sys.argv[2]
env = {k: v for k, v in os.environ.items() if k != "EVIDENCEKIT_PASSPHRASE"}


def watched(args, extra_env=None):
    """Run one command while dbus-monitor records the method calls sent to the Secret Service."""
    monitor = subprocess.Popen(["dbus-monitor", "--session", "destination=org.freedesktop.secrets"],
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in monitor.stdout:  # it is a monitor once it has lost its own name
        if "member=NameLost" in line:
            break
    seen = []
    reader = threading.Thread(target=lambda: seen.extend(monitor.stdout), daemon=True)
    reader.start()
    start = time.monotonic()
    done = subprocess.run(EK + args, capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env={**env, **(extra_env or {})}, timeout=120)
    elapsed = time.monotonic() - start
    time.sleep(0.3)  # let the monitor print what it saw
    monitor.terminate()
    reader.join(5)
    calls = [line.split("member=")[1].strip() for line in seen if line.startswith("method call")]
    return {"rc": done.returncode, "stdout": done.stdout, "stderr": done.stderr, "elapsed": elapsed,
            "calls": calls}


made = subprocess.run(EK + ["case", "new", "--title", "locked keyring", "--passphrase-file", secret_file,
                            "--json"], capture_output=True, text=True, env=env, check=True)
case = json.loads(made.stdout)
with open(recovery_file, "w") as handle:
    handle.write(case["recovery_key"])
connection = secretstorage.dbus_init()
collection = secretstorage.get_default_collection(connection)
collection.lock()
results = {"case": case, "locked": collection.is_locked()}
results["passphrase_file"] = watched(["case", "show", case["id"], "--passphrase-file", secret_file, "--json"])
results["passphrase_env"] = watched(["case", "show", case["id"], "--json"],
                                    {"EVIDENCEKIT_PASSPHRASE": open(secret_file).read()})
results["recovery_key_file"] = watched(["case", "show", case["id"], "--recovery-key-file", recovery_file,
                                        "--json"])
results["keyring_only"] = watched(["case", "show", case["id"]])
results["list"] = watched(["case", "list", "--json"])
picture = os.path.join(os.path.dirname(secret_file), "shot.png")
from PIL import Image
Image.new("RGB", (64, 48), (200, 30, 30)).save(picture)
results["import"] = watched(["import", case["id"], picture, "--passphrase-file", secret_file])
results["export"] = watched(["export", case["id"], os.path.join(os.path.dirname(secret_file), "bundle.pdf"),
                             "--passphrase-file", secret_file, "--no-sign", "--json"])
results["remove"] = watched(["case", "remove", case["id"], "--confirm", "locked keyring", "--passphrase-file",
                             secret_file])
results["still_locked"] = collection.is_locked()
print(json.dumps(results))
'''


def test_a_locked_keyring_never_stalls_or_prompts(secret_service: SecretServiceSandbox, tmp_path: Path,
                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("EVIDENCEKIT_PASSPHRASE", raising=False)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)  # keyring finds the Secret Service itself
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER)
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE)
    ran = secret_service.run([sys.executable, str(driver), str(secret), str(tmp_path / "recovery.txt")],
                             timeout=300)
    assert ran.returncode == 0, ran.stderr[-3000:]
    results = json.loads(ran.stdout)
    assert results["case"]["key_in_keyring"] is True
    assert results["locked"] is True and results["still_locked"] is True

    for way in ("passphrase_file", "passphrase_env", "recovery_key_file"):
        result = results[way]
        assert result["rc"] == 0, (way, result["stderr"])
        assert json.loads(result["stdout"])["title"] == "locked keyring"
        assert result["elapsed"] < 5, (way, result["elapsed"])
        assert result["calls"] == [], f"{way}: the keyring was touched: {result['calls']}"

    alone = results["keyring_only"]
    assert alone["rc"] == 1
    assert "--passphrase-file" in alone["stderr"] and "Traceback" not in alone["stderr"]
    assert alone["elapsed"] < 5, alone["elapsed"]
    assert alone["calls"], "without a passphrase the keyring is asked"
    assert "Unlock" not in alone["calls"] and "Prompt" not in alone["calls"], alone["calls"]

    listing = results["list"]
    assert listing["rc"] == 0 and listing["elapsed"] < 5
    assert json.loads(listing["stdout"])[0]["status"] == "locked (needs the passphrase)"
    assert "Unlock" not in listing["calls"]

    for way in ("import", "export"):
        assert results[way]["rc"] == 0, results[way]["stderr"]
        assert results[way]["calls"] == [], f"{way}: the keyring was touched"
    removed = results["remove"]  # removal deletes the keyring entry on purpose: it tries, never unlocks
    assert removed["rc"] == 0, removed["stderr"]
    assert "could not be removed from this computer's keyring" in removed["stdout"]
    assert "Unlock" not in removed["calls"] and removed["elapsed"] < 5

    assert "SystemPrompter" not in ran.stderr and "PrivatePrompter" not in ran.stderr, \
        "gnome-keyring's unlock dialog was started"
