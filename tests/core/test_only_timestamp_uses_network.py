"""The time-stamp request is the only code that may open a network connection.

Two ways: by reading the code (no module but evidencekit/timestamp/network.py imports a networking
module), and by watching processes (strace on connect/sendto/sendmsg): the commands that work with a case
and a bundle — including `timestamp request`, `attach` and `list`, `export` and `verify` of a bundle
with a time stamp — make no call on an internet socket; `timestamp get` does, to the service only.
"""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.core.store.cli import cli_env
from tests.support.tsa import TestTsa, TsaServer

PACKAGE = Path(__file__).resolve().parents[2] / "evidencekit"
ALLOWED = PACKAGE / "timestamp" / "network.py"
NETWORK_MODULES = ("socket", "_socket", "http.client", "http.server", "urllib.request", "urllib.error", "requests",
                   "aiohttp", "httpx", "ftplib", "smtplib", "xmlrpc", "socketserver", "asyncio.streams", "websockets")
STRACE = shutil.which("strace")


def _imports(tree: ast.AST) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
            names.update(f"{node.module}.{alias.name}" for alias in node.names)
    return names


INTERNET_NAMES = {"AF_INET", "AF_INET6", "create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex",
                  "create_server"}


def _local_sockets_only(tree: ast.AST, found: set[str]) -> bool:
    """A module that imports only `socket` (or its C half `_socket`, as store/dbus_wire.py does for the
    session bus) and never names an internet family or lookup (AF_UNIX probes of the X server, for
    example) cannot reach the network."""
    if not found or not found <= {"socket", "_socket"}:
        return False
    names = {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)}
    names |= {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    return not names & INTERNET_NAMES and "AF_UNIX" in names


def test_only_the_time_stamp_sender_imports_a_networking_module() -> None:
    offenders = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        found = {name for name in _imports(tree)
                 if any(name == module or name.startswith(module + ".") for module in NETWORK_MODULES)}
        if found and path != ALLOWED and not _local_sockets_only(tree, found):
            offenders.append(f"{path.relative_to(PACKAGE)}: {sorted(found)}")
    assert offenders == []
    # The check itself: an internet socket in any module would be named.
    assert not _local_sockets_only(ast.parse("import socket\nsocket.socket(socket.AF_INET)"), {"socket"})
    assert not _local_sockets_only(ast.parse("import _socket\n_socket.socket(_socket.AF_INET6)"), {"_socket"})
    assert "urllib.request" in _imports(ast.parse(ALLOWED.read_text(encoding="utf-8")))  # the check can see one


def _traced(args: list[str], env: dict[str, str], log: Path) -> subprocess.CompletedProcess[str]:
    assert STRACE is not None
    return subprocess.run([STRACE, "-f", "-qq", "-e", "trace=connect,sendto,sendmsg", "-o", str(log),
                           sys.executable, "-m", "evidencekit", *args], env=env, capture_output=True, text=True,
                          stdin=subprocess.DEVNULL, timeout=300, check=False)


def _internet_calls(log: Path) -> list[str]:
    return [line for line in log.read_text().splitlines()
            if re.search(r"\b(connect|sendto|sendmsg)\(", line) and re.search(r"AF_INET6?\b", line)]


@pytest.mark.slow
@pytest.mark.skipif(STRACE is None, reason="strace is not installed")
def test_no_command_but_timestamp_get_touches_the_network(home: Path, tmp_path: Path) -> None:
    env = cli_env(home)
    tsa = TestTsa(tmp_path / "tsa")
    picture = tmp_path / "picture.png"
    from evidencekit.bundle.demo_screens import render_chat_png, synthetic_conversation

    picture.write_bytes(render_chat_png(synthetic_conversation(1), width=1024, height=600))
    steps: list[list[str]] = []
    made = subprocess.run([sys.executable, "-m", "evidencekit", "case", "new", "--title", "Offline", "--json",
                           "--shared-computer"], env=env, capture_output=True, text=True, check=True, timeout=120)
    case_id = json.loads(made.stdout)["id"]
    request, reply, bundle = tmp_path / "r.tsq", tmp_path / "r.tsr", tmp_path / "b.pdf"
    steps = [["import", case_id, str(picture)], ["timestamp", "request", case_id, str(request)]]
    logs = []
    for number, args in enumerate(steps):
        log = tmp_path / f"strace-{number}.log"
        run = _traced(args, env, log)
        assert run.returncode == 0, (args, run.stderr)
        logs.append((args, log))
    reply.write_bytes(tsa.reply(request.read_bytes()))
    for number, args in enumerate([["timestamp", "attach", case_id, str(reply)], ["timestamp", "list", case_id],
                                   ["export", case_id, str(bundle)], ["verify", str(bundle)]], start=len(steps)):
        log = tmp_path / f"strace-{number}.log"
        run = _traced(args, env, log)
        assert run.returncode == 0, (args, run.stdout, run.stderr)
        logs.append((args, log))
    for args, log in logs:
        assert _internet_calls(log) == [], args

    # Control: `timestamp get` is traced the same way and its connection to the service is seen.
    with TsaServer(tsa) as server:
        log = tmp_path / "strace-get.log"
        run = _traced(["timestamp", "get", case_id, "--service", server.url, "--yes"], env, log)
        assert run.returncode == 0, run.stderr
        port = server.url.split(":")[2].split("/")[0]
    calls = _internet_calls(log)
    assert calls and all(f"htons({port})" in call or "sendto" in call or "sendmsg" in call for call in calls), calls
