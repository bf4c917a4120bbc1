"""Every core test runs with network sockets disabled (root conftest), while AF_UNIX keeps working.

A local TCP listener proves the guard, not a missing network, is what stops each connection.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest

from tests.support.offline import NetworkDisabled


@pytest.fixture
def tcp_listener() -> Iterator[tuple[str, int]]:
    server = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    server.bind(("127.0.0.1", 0))
    server.listen()
    try:
        yield server.getsockname()
    finally:
        server.close()


def test_tcp_connections_from_core_tests_are_refused(tcp_listener: tuple[str, int]) -> None:
    with pytest.raises(NetworkDisabled):
        socket.create_connection(tcp_listener, timeout=2)
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        with pytest.raises(NetworkDisabled):
            sock.connect(tcp_listener)
        with pytest.raises(NetworkDisabled):
            sock.connect_ex(tcp_listener)


def test_udp_sends_and_name_lookups_from_core_tests_are_refused() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock, pytest.raises(NetworkDisabled):
        sock.sendto(b"x", ("127.0.0.1", 9))
    with pytest.raises(NetworkDisabled):
        socket.getaddrinfo("example.org", 443)
    with pytest.raises(NetworkDisabled):
        socket.gethostbyname("example.org")


def test_network_disabled_is_an_oserror_so_code_under_test_handles_it_as_offline() -> None:
    assert issubclass(NetworkDisabled, OSError)


def test_unix_sockets_stay_usable_for_dbus_and_x11(tmp_path) -> None:
    path = str(tmp_path / "bus")
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(path)
        server.listen()
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as client:
            client.connect(path)
            peer, _ = server.accept()
            with peer:
                client.sendall(b"hello")
                assert peer.recv(5) == b"hello"
