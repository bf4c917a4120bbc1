"""A real Secret Service (gnome-keyring on a private D-Bus session): a case made by one process is reopened
by a new process with no passphrase at all. Under CI=true a missing gnome-keyring fails instead of skipping.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from evidencekit.store.keyring_access import SERVICE
from tests.core.store.case_files import PASSPHRASE
from tests.support.secret_service import SecretServiceSandbox

pytestmark = pytest.mark.secretservice

EVIDENCEKIT = [sys.executable, "-m", "evidencekit"]


@pytest.fixture
def sandbox(secret_service: SecretServiceSandbox, monkeypatch: pytest.MonkeyPatch) -> SecretServiceSandbox:
    monkeypatch.delenv("EVIDENCEKIT_PASSPHRASE", raising=False)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)  # let keyring find the Secret Service itself
    return secret_service


def _new_case(sandbox: SecretServiceSandbox, tmp_path: Path, *extra: str) -> dict[str, object]:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE)
    made = sandbox.run([*EVIDENCEKIT, "case", "new", "--title", "kept in the keyring", "--passphrase-file",
                        str(secret), "--json", *extra])
    assert made.returncode == 0, made.stderr
    result: dict[str, object] = json.loads(made.stdout)
    return result


def test_a_new_process_reopens_the_case_from_the_secret_service_without_a_passphrase(
        sandbox: SecretServiceSandbox, tmp_path: Path) -> None:
    case = _new_case(sandbox, tmp_path)
    assert case["key_in_keyring"] is True
    assert sandbox.keyring_files, "gnome-keyring stored nothing on disk"

    shown = sandbox.run([*EVIDENCEKIT, "case", "show", str(case["id"]), "--json"])
    assert shown.returncode == 0, shown.stderr
    summary = json.loads(shown.stdout)
    assert summary["unlocked_by"] == "keyring"
    assert summary["title"] == "kept in the keyring"

    lookup = sandbox.run([sys.executable, "-c", "import sys; from keyring.backends.SecretService import Keyring; "
                          f"print(Keyring().get_password({SERVICE!r}, sys.argv[1]).startswith('AGE-SECRET-KEY-'))",
                          f"case:{case['id']}"])
    assert lookup.stdout.split() == ["True"], lookup.stderr  # the identity sits in the Secret Service itself


def test_a_shared_computer_case_keeps_nothing_in_the_secret_service(
        sandbox: SecretServiceSandbox, tmp_path: Path) -> None:
    case = _new_case(sandbox, tmp_path, "--shared-computer")
    assert case["key_in_keyring"] is False
    shown = sandbox.run([*EVIDENCEKIT, "case", "show", str(case["id"])])
    assert shown.returncode == 1
    assert "keyring" in shown.stderr and "--passphrase-file" in shown.stderr


_OPEN_WITHOUT_KEYRING_IMPORT = """
import json, sys
from evidencekit.store import CaseStore, system_keyring
access = system_keyring()
with CaseStore.open(sys.argv[1]) as store:
    store.append_event("note.added", {"text": "direct"})
print(json.dumps({"backend": access.describe() if access else None, "unlocked_by": store.unlocked_by,
                  "head_kept": store.head_kept, "keyring_imported": "keyring" in sys.modules,
                  "also_imported": sorted({"secretstorage", "jeepney", "socket"} & set(sys.modules))}))
"""


@pytest.mark.bare_process  # what the process imports: coverage's subprocess hook imports socket itself
def test_the_secret_service_is_reached_without_importing_keyring_and_shares_its_entries(
        sandbox: SecretServiceSandbox, tmp_path: Path) -> None:
    """On Linux the Secret Service is talked to directly (no `keyring` import, no backend
    discovery), with keyring's own entries: a key keyring's backend stored opens the case, and the head
    this path keeps is the one keyring's backend reads."""
    case = _new_case(sandbox, tmp_path)
    case_id = str(case["id"])
    moved = sandbox.run([sys.executable, "-c", "import sys; from keyring.backends.SecretService import Keyring; "
                         "k = Keyring(); key = k.get_password('evidencekit', 'case:' + sys.argv[1]); "
                         "k.delete_password('evidencekit', 'case:' + sys.argv[1]); "
                         "k.set_password('evidencekit', 'case:' + sys.argv[1], key)", case_id])
    assert moved.returncode == 0, moved.stderr  # now the entry is one keyring's backend wrote
    opened = sandbox.run([sys.executable, "-c", _OPEN_WITHOUT_KEYRING_IMPORT, case_id])
    assert opened.returncode == 0, opened.stderr
    result = json.loads(opened.stdout)
    assert result == {"backend": "SecretServiceDirect", "unlocked_by": "keyring", "head_kept": True,
                      "keyring_imported": False, "also_imported": []}  # ~31 M instructions they cost
    head = sandbox.run([sys.executable, "-c", "import json, sys; from keyring.backends.SecretService import "
                        "Keyring; print(json.loads(Keyring().get_password('evidencekit', 'head:' + sys.argv[1]))"
                        "['seq'])", case_id])
    assert head.returncode == 0, head.stderr
    assert int(head.stdout) >= 2  # the head after the note, written by the direct path, read by keyring


def test_without_a_session_bus_no_keyring_is_looked_for(tmp_path: Path) -> None:
    """No D-Bus session (a computer without a keyring): the case opens by its recovery key without importing
    `keyring` at all."""
    import os
    import subprocess

    env = {key: value for key, value in os.environ.items()
           if key not in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND")}
    env.update(EVIDENCEKIT_HOME=str(tmp_path / "home"), XDG_RUNTIME_DIR=str(tmp_path), HOME=str(tmp_path),
               XDG_CONFIG_HOME=str(tmp_path / "config"))
    code = """
import json, sys
from evidencekit.store import CaseStore, system_keyring
created = CaseStore.create("no bus", "a passphrase long enough")
created.store.close()
with CaseStore.open(created.store.id, recovery_key=created.recovery_key) as store:
    pass
print(json.dumps([system_keyring() is None, store.head_kept, "keyring" in sys.modules,
                  created.store.events()[0].data["key_in_keyring"]]))
"""
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=False,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [True, False, False, False]


_WATCHED = r'''
import subprocess, sys, threading, time
monitor = subprocess.Popen(["dbus-monitor", "--session", "destination=org.freedesktop.secrets"],
                           stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
for line in monitor.stdout:  # it is a monitor once it has lost its own name
    if "member=NameLost" in line:
        break
seen = []
reader = threading.Thread(target=lambda: seen.extend(monitor.stdout), daemon=True)
reader.start()
done = subprocess.run([sys.executable, "-c", sys.argv[1], sys.argv[2]], capture_output=True, text=True)
time.sleep(0.3)  # let the monitor print what it saw
monitor.terminate()
reader.join(5)
print(done.returncode, done.stderr.strip().replace("\n", " | ") or "-")
print(" ".join(line.split("member=")[1].strip() for line in seen if line.startswith("method call")))
'''


def test_a_command_reads_key_and_head_in_one_call_and_writes_the_head_back_in_one(
        sandbox: SecretServiceSandbox, tmp_path: Path) -> None:
    """Opening a case from the Secret Service and saving once: the collection's lock state, one search per
    entry, one session, both secrets in one GetSecrets; then the lock state and one CreateItem for the new
    head. Nothing else (secretstorage made 21 calls for the same: item labels, lock checks twice per read,
    a match rule), and never Unlock."""
    case = _new_case(sandbox, tmp_path)
    watched = sandbox.run([sys.executable, "-c", _WATCHED, _OPEN_WITHOUT_KEYRING_IMPORT, str(case["id"])])
    assert watched.returncode == 0, watched.stderr
    status, calls = watched.stdout.splitlines()[-2:]
    assert status == "0 -", status
    assert calls.split() == ["Get", "SearchItems", "SearchItems", "OpenSession", "GetSecrets",  # open
                             "Get", "CreateItem"]  # the head after the note


_FORGET = """
import json, sys
from evidencekit.store import CaseStore
from evidencekit.store.secret_service import SecretService
with CaseStore.open(sys.argv[1]) as store:
    forgot = [store.forget_keyring_entry(), store.forget_keyring_entry()]  # the second finds nothing: fine
    keyring_imported = "keyring" in sys.modules
left = [SecretService().search({"username": f"{kind}:{sys.argv[1]}", "service": "evidencekit"})
        for kind in ("case", "head")]
print(json.dumps([forgot, keyring_imported, left]))
"""


def test_forgetting_the_entries_removes_key_and_head_without_importing_keyring(
        sandbox: SecretServiceSandbox, tmp_path: Path) -> None:
    case = _new_case(sandbox, tmp_path)
    done = sandbox.run([sys.executable, "-c", _FORGET, str(case["id"])])
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == [[True, True], False, [[], []]]
