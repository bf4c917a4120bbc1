"""Network sockets off for a test: what the root conftest's `no_network` fixture installs.

Every connect, send and name lookup on a non-AF_UNIX socket raises NetworkDisabled (an OSError, so code
under test sees what it would see offline). AF_UNIX stays allowed: D-Bus and X11 use it. The guard covers
this process only; subprocesses a test starts are not patched.
"""

from __future__ import annotations

import socket
from collections.abc import Callable
from typing import Any

import pytest

GUARDED_SOCKET_METHODS = ("connect", "connect_ex", "sendto", "sendmsg")
REFUSED_FUNCTIONS = ("create_connection", "getaddrinfo", "gethostbyname", "gethostbyname_ex")


class NetworkDisabled(OSError):
    """Raised when a test that must run offline tries to reach the network."""


def _refusal(what: str) -> NetworkDisabled:
    return NetworkDisabled(f"network use is disabled in this test (tried: {what})")


def _guarded(method: Callable[..., Any]) -> Callable[..., Any]:
    def guarded(self: socket.socket, *args: Any, **kwargs: Any) -> Any:
        if self.family != socket.AF_UNIX:
            raise _refusal(f"socket.{method.__name__}{args!r}")
        return method(self, *args, **kwargs)

    return guarded


def _refused(name: str) -> Callable[..., Any]:
    def refused(*args: Any, **kwargs: Any) -> Any:
        raise _refusal(f"socket.{name}{args!r}")

    return refused


def disable_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Install the guard until `monkeypatch` undoes it (the end of the test)."""
    for name in GUARDED_SOCKET_METHODS:
        monkeypatch.setattr(socket.socket, name, _guarded(getattr(socket.socket, name)))
    for name in REFUSED_FUNCTIONS:
        monkeypatch.setattr(socket, name, _refused(name))
