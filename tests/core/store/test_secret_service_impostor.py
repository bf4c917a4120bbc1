"""A peer on a real session bus (dbus-daemon) that owns org.freedesktop.secrets where no keyring runs, and
misbehaves: never answers, floods us with messages that answer nothing, or answers every call with a
key of its own. The command line opening a case without a passphrase says in one sentence that it needs
the passphrase (or that the key found is not this case's), exits 1, within the keyring's bound, never a
traceback, and the impostor's key is never used. The wire-level cases a real bus cannot produce (replies
nobody asked for) are in test_dbus_hostile_peer.py."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.store.cli import run_cli
from tests.support.secret_service import require_secret_service

REPO = Path(__file__).resolve().parents[3]

_IMPOSTOR = r'''
import sys, time
import pyrage
from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_return, new_signal
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

mode = sys.argv[1]
conn = open_dbus_connection(bus="SESSION")
assert conn.send_and_get_reply(message_bus.RequestName("org.freedesktop.secrets", 4)).body == (1,)
print("OWNED", flush=True)
fake = str(pyrage.x25519.Identity.generate()).encode()
while True:
    call = conn.receive()
    if call.header.message_type != MessageType.method_call:
        continue
    member, caller = call.header.fields.get(HeaderFields.member), call.header.fields[HeaderFields.sender]
    if mode == "silent":
        continue
    if mode == "flood":
        until = time.monotonic() + 30
        while time.monotonic() < until:
            ping = new_signal(DBusAddress("/x", interface="org.example.X"), "Ping", "s", ("x" * 1000,))
            ping.header.fields[HeaderFields.destination] = caller
            conn.send(ping)
            time.sleep(0.001)
        continue
    if member == "Get":
        answer = new_method_return(call, "v", (("b", False),))
    elif member == "SearchItems":
        answer = new_method_return(call, "ao", (["/org/freedesktop/secrets/collection/login/1"],))
    elif member == "OpenSession" and call.body[0] != "plain":
        answer = new_error(call, "org.freedesktop.DBus.Error.NotSupported", "s", ("plain only",))
    elif member == "OpenSession":
        answer = new_method_return(call, "vo", (("s", ""), "/org/freedesktop/secrets/session/1"))
    elif member == "GetSecrets":
        secret = ("/org/freedesktop/secrets/session/1", b"", fake, "text/plain")
        answer = new_method_return(call, "a{o(oayays)}", ({path: secret for path in call.body[0]},))
    else:
        answer = new_error(call, "org.freedesktop.DBus.Error.UnknownMethod", "s", (member,))
    conn.send(answer)
'''

_DRIVER = r'''
import json, os, subprocess, sys, time
impostor = subprocess.Popen([sys.executable, "-c", sys.argv[1], sys.argv[2]], stdout=subprocess.PIPE, text=True)
try:
    assert impostor.stdout.readline().strip() == "OWNED"
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-m", "evidencekit", "case", "show", sys.argv[3]], capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=60)
    print(json.dumps({"rc": done.returncode, "stderr": done.stderr, "stdout": done.stdout,
                      "seconds": time.monotonic() - started}))
finally:
    impostor.kill()
    impostor.wait()
'''


@pytest.mark.parametrize("mode", ["silent", "flood", "own key"])
def test_an_impostor_owning_the_secret_service_name_never_opens_the_case(tmp_path: Path, mode: str) -> None:
    require_secret_service()  # dbus-run-session, as the real Secret Service tests (fails under CI if missing)
    home = tmp_path / "data"
    made = run_cli(["case", "new", "--title", "impostor", "--json"], home=home)
    assert made.returncode == 0, made.stderr
    case_id = json.loads(made.stdout)["id"]
    env = {key: value for key, value in os.environ.items()
           if key not in ("DBUS_SESSION_BUS_ADDRESS", "PYTHON_KEYRING_BACKEND", "EVIDENCEKIT_PASSPHRASE")}
    env.update(EVIDENCEKIT_HOME=str(home), HOME=str(tmp_path), XDG_CONFIG_HOME=str(tmp_path / "config"),
               PYTHONPATH=str(REPO))
    driven = subprocess.run(["dbus-run-session", "--", sys.executable, "-c", _DRIVER, _IMPOSTOR,
                             "flood" if mode == "flood" else mode, case_id],
                            env=env, cwd=REPO, capture_output=True, text=True, timeout=120, check=False)
    assert driven.returncode == 0, driven.stderr
    result = json.loads(driven.stdout.splitlines()[-1])
    assert result["rc"] == 1 and result["stdout"] == "", result
    assert "Traceback" not in result["stderr"] and len(result["stderr"].strip().splitlines()) == 1, result
    if mode == "own key":
        assert "The key found for this case does not belong to it" in result["stderr"], result
    else:
        assert "not in this computer's keyring" in result["stderr"], result
    assert result["seconds"] < 15, result  # the keyring's 2-second bound, twice at most, and the command
