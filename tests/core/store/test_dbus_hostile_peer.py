"""store/dbus_wire.py's Connection against a session bus (or a peer on it) that misbehaves: a reply from
another sender than the one called, floods of messages for other serials, a line or a message that never
ends, a message far larger than any answer to these calls, file descriptors. Each ends as DBusError or
OSError (the keyring code's "not available") within the connection's time limit, and no answer is taken
from anyone but the one called. Unit tests: the "bus" here is a socket this test serves (a real
dbus-daemon refuses replies nobody asked for, so only a stand-in can send them); the real bus and
gnome-keyring are in test_secret_service_keyring.py."""

from __future__ import annotations

import array
import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_call, new_method_return
from jeepney.low_level import Message

from evidencekit.store.dbus_wire import Connection, DBusError, parse_message
from evidencekit.store.secret_service import BUS_NAME, SecretService

BUS = "org.freedesktop.DBus"
OWNER = ":1.7"  # the unique name that owns org.freedesktop.secrets on the stand-in bus
INTRUDER = ":1.66"  # another peer on the same bus
LIMIT = 0.6  # the connections' time limit in these tests
Call = tuple[int, dict[int, Any], tuple[Any, ...]]  # serial, header fields, body of a call we received


def _parent_of(call: Call, serial_offset: int = 0) -> Any:
    """The call as jeepney's own message, to reply to."""
    serial, fields, _ = call
    parent = new_method_call(DBusAddress(fields[1], "x.y", fields.get(2)), fields[3])
    parent.header.serial = serial + serial_offset
    return parent


def reply(call: Call, sender: str, signature: str = "", body: tuple[Any, ...] = (), *,
          serial_offset: int = 0) -> bytes:
    message = new_method_return(_parent_of(call, serial_offset), signature, body)
    message.header.fields[HeaderFields.sender] = sender
    return bytes(message.serialise(serial=1000 + call[0]))


def error(call: Call, sender: str, name: str) -> bytes:
    message = new_error(_parent_of(call), name, "s", ("no",))
    message.header.fields[HeaderFields.sender] = sender
    return bytes(message.serialise(serial=2000 + call[0]))


def signal_to_us(signature: str = "s", body: tuple[Any, ...] = ("hi",)) -> bytes:
    message = new_method_call(DBusAddress("/x", "x.y", "x.y"), "Ping", signature, body)
    message.header.message_type = MessageType.signal
    message.header.fields[HeaderFields.sender] = INTRUDER
    return bytes(Message(message.header, message.body).serialise(serial=77))


def of_type_h(message: bytes) -> bytes:
    """A message of signature 'u' turned into one of 'h' (a Unix fd index; jeepney will not write one)."""
    assert message.count(b"\x08\x01g\x00\x01u\x00") == 1
    return message.replace(b"\x08\x01g\x00\x01u\x00", b"\x08\x01g\x00\x01h\x00")


def bus_answers(call: Call) -> bytes | None:
    """What a well-behaved bus daemon answers to Hello and GetNameOwner."""
    _serial, fields, _body = call
    if fields.get(6) == BUS and fields[3] == "Hello":
        return reply(call, BUS, "s", (":1.40",))
    if fields.get(6) == BUS and fields[3] == "GetNameOwner":
        return reply(call, BUS, "s", (OWNER,))
    return None


class StandInBus:
    """A Unix socket that takes one connection, does the EXTERNAL handshake (unless `auth` says otherwise)
    and hands every call it reads to `answer(call, send)`."""

    def __init__(self, path: Path, answer: Callable[[Call, Callable[[bytes], None]], None],
                 auth: Callable[[socket.socket], None] | None = None) -> None:
        self.path = path
        self.answer = answer
        self.auth = auth
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(str(path))
        self.server.listen(1)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    @property
    def address(self) -> str:
        return f"unix:path={self.path}"

    def _serve(self) -> None:
        peer, _ = self.server.accept()
        self.peer = peer
        try:
            if self.auth is not None:
                self.auth(peer)
                return
            data = b""
            while b"\r\n" not in data:
                data += peer.recv(4096)
            peer.sendall(b"OK 0123456789abcdef0123456789abcdef\r\n")
            data = data.partition(b"\r\n")[2]
            while b"BEGIN\r\n" not in data:
                data += peer.recv(4096)
            data = data.partition(b"BEGIN\r\n")[2]
            while not self.stop.is_set():
                while len(data) < 16 or len(data) < _length(data):
                    chunk = peer.recv(65536)
                    if not chunk:
                        return
                    data += chunk
                total = _length(data)
                message, data = data[:total], data[total:]
                _kind, fields, body = parse_message(message)
                serial = int.from_bytes(message[8:12], "little")
                self.answer((serial, fields, body), peer.sendall)
        except OSError:
            return

    def close(self) -> None:
        self.stop.set()
        self.server.close()
        if hasattr(self, "peer"):
            self.peer.close()


def _length(data: bytes) -> int:
    from evidencekit.store.dbus_wire import message_length

    return message_length(data[:16])


@pytest.fixture
def stand_in(tmp_path: Path) -> Iterator[Callable[..., StandInBus]]:
    made: list[StandInBus] = []

    def make(answer: Callable[[Call, Callable[[bytes], None]], None], **kwargs: Any) -> StandInBus:
        made.append(StandInBus(tmp_path / f"bus{len(made)}", answer, **kwargs))
        return made[-1]

    yield make
    for bus in made:
        bus.close()


def _within(seconds: float, fn: Callable[[], Any]) -> BaseException | Any:
    """fn() on a thread, which must finish within `seconds`; what it returned or raised."""
    outcome: list[Any] = []

    def run() -> None:
        try:
            outcome.append(("value", fn()))
        except BaseException as exc:
            outcome.append(("raised", exc))

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, f"still waiting after {seconds} s: a hostile peer must not hold the caller"
    return outcome[0]


def _secret_call(connection: Connection) -> tuple[Any, ...]:
    return connection.call(BUS_NAME, "/org/freedesktop/secrets", "org.freedesktop.Secret.Service", "Member")


def test_a_reply_from_another_sender_than_the_name_owner_is_never_taken(stand_in: Callable[..., StandInBus]) -> None:
    """A reply to our serial, but sent by another peer than the owner of the name we called (or, for the
    bus's own calls, not by the bus): not read; the owner's own reply, coming after it, is the answer."""
    def answer(call: Call, send: Callable[[bytes], None]) -> None:
        if call[1].get(6) == BUS and call[1][3] == "Hello":
            send(reply(call, INTRUDER, "s", (":1.99",)))  # not the bus
            send(reply(call, BUS, "s", (":1.40",)))
        elif (ours := bus_answers(call)) is not None:
            send(ours)
        else:
            send(reply(call, INTRUDER, "s", ("from the intruder",)))
            send(error(call, INTRUDER, "org.example.Error.Fake"))
            send(reply(call, OWNER, "s", ("from the owner",)))

    bus = stand_in(answer)
    connection = Connection(bus.address, timeout=LIMIT)
    try:
        assert connection.unique_name == ":1.40"
        assert SecretService(connection).available()  # finds who owns the name
        assert _secret_call(connection) == ("from the owner",)
    finally:
        connection.close()


def test_the_first_answer_of_a_name_fixes_its_owner_for_the_connection(stand_in: Callable[..., StandInBus]) -> None:
    """Without asking the bus first (keyring's backend path), the peer that answered the first call for
    the name is the only one whose replies are taken after: a session opened with one peer is never
    answered by another."""
    calls = []

    def answer(call: Call, send: Callable[[bytes], None]) -> None:
        if (ours := bus_answers(call)) is not None:
            send(ours)
            return
        calls.append(call)
        if len(calls) == 1:
            unnamed = new_method_return(_parent_of(call), "s", ("no sender",))  # the bus names every sender
            send(bytes(unnamed.serialise(serial=500)))
            send(reply(call, OWNER, "s", ("first",)))
        else:
            send(reply(call, INTRUDER, "s", ("forged",)))  # and the owner never answers

    bus = stand_in(answer)
    connection = Connection(bus.address, timeout=LIMIT)
    try:
        assert _secret_call(connection) == ("first",)
        kind, outcome = _within(LIMIT + 5, lambda: _secret_call(connection))
        assert kind == "raised" and isinstance(outcome, DBusError | OSError), outcome
    finally:
        connection.close()


def test_errors_the_bus_gives_for_a_name_are_its_answer(stand_in: Callable[..., StandInBus]) -> None:
    """The bus daemon answers for a name nobody owns (ServiceUnknown): that error is the reply, at once."""
    def answer(call: Call, send: Callable[[bytes], None]) -> None:
        ours = bus_answers(call)
        send(ours if ours is not None else error(call, BUS, "org.freedesktop.DBus.Error.ServiceUnknown"))

    bus = stand_in(answer)
    connection = Connection(bus.address, timeout=LIMIT)
    try:
        started = time.monotonic()
        with pytest.raises(DBusError) as refused:
            _secret_call(connection)
        assert refused.value.name == "org.freedesktop.DBus.Error.ServiceUnknown"
        assert time.monotonic() - started < LIMIT
    finally:
        connection.close()


@pytest.mark.parametrize("flood", ["replies to other serials", "signals to us", "replies from another sender"])
def test_a_flood_that_never_answers_the_call_ends_within_the_time_limit(
        stand_in: Callable[..., StandInBus], flood: str) -> None:
    """Messages keep coming, none of them the answer: the call gives up when its time is up, although
    the socket never stays silent for that long."""
    def answer(call: Call, send: Callable[[bytes], None]) -> None:
        if (ours := bus_answers(call)) is not None:
            send(ours)
            return
        for _ in range(2000):
            if flood == "replies to other serials":
                send(reply(call, OWNER, "s", ("late",), serial_offset=-1))
            elif flood == "signals to us":
                send(signal_to_us())
            else:
                send(reply(call, INTRUDER, "s", ("forged",)))
            time.sleep(0.02)

    bus = stand_in(answer)
    connection = Connection(bus.address, timeout=LIMIT)
    try:
        assert SecretService(connection).available()  # the name's owner known, as SecretServiceDirect has it
        started = time.monotonic()
        kind, outcome = _within(LIMIT + 5, lambda: _secret_call(connection))
        assert kind == "raised" and isinstance(outcome, DBusError | OSError), outcome
        assert time.monotonic() - started < LIMIT + 2
    finally:
        connection.close()


def test_a_handshake_line_sent_a_byte_at_a_time_ends_within_the_time_limit(
        stand_in: Callable[..., StandInBus]) -> None:
    def trickle(peer: socket.socket) -> None:
        peer.recv(4096)
        for _ in range(500):
            peer.sendall(b"O")
            time.sleep(0.05)

    bus = stand_in(lambda call, send: None, auth=trickle)
    kind, outcome = _within(LIMIT + 5, lambda: Connection(bus.address, timeout=LIMIT))
    assert kind == "raised" and isinstance(outcome, DBusError | OSError), outcome


def test_a_message_larger_than_any_answer_is_refused_before_it_is_read(stand_in: Callable[..., StandInBus]) -> None:
    """A header announcing 100 MiB (under the specification's 128): refused at once, not read into memory."""
    def answer(call: Call, send: Callable[[bytes], None]) -> None:
        if (ours := bus_answers(call)) is not None:
            send(ours)
            return
        huge = bytearray(reply(call, OWNER, "s", ("x",)))
        huge[4:8] = (100 << 20).to_bytes(4, "little")  # the body's length
        send(bytes(huge))
        for _ in range(200):
            send(bytes(1 << 16))
            time.sleep(0.01)

    bus = stand_in(answer)
    connection = Connection(bus.address, timeout=LIMIT * 4)
    try:
        started = time.monotonic()
        with pytest.raises(DBusError):
            _secret_call(connection)
        assert time.monotonic() - started < LIMIT
    finally:
        connection.close()


def _open_copies(of: Path) -> int:
    """How many descriptors of this process are open on `of`."""
    count = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            count += os.readlink(f"/proc/self/fd/{fd}") == str(of)
        except OSError:
            continue
    return count


def test_file_descriptors_a_peer_sends_are_neither_kept_nor_read(stand_in: Callable[..., StandInBus],
                                                                 tmp_path: Path) -> None:
    """We never ask for Unix fd passing: descriptors sent with a message are dropped by the kernel, a
    message of type 'h' that is not our answer is passed over unread, and an answer of type 'h' is an
    error."""
    spare = tmp_path / "spare"
    spare.write_bytes(b"x")

    def send_with_fds(peer: socket.socket, data: bytes) -> None:
        fds = [os.open(spare, os.O_RDONLY) for _ in range(3)]
        try:
            peer.sendmsg([data], [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", fds))])
        finally:
            for fd in fds:
                os.close(fd)

    def answer(call: Call, send: Callable[[bytes], None]) -> None:
        if (ours := bus_answers(call)) is not None:
            send(ours)
            return
        peer = bus.peer
        send_with_fds(peer, of_type_h(signal_to_us("u", (0,))))
        send_with_fds(peer, of_type_h(reply(call, OWNER, "u", (0,), serial_offset=-1)))
        if call[1][3] == "First":
            send_with_fds(peer, reply(call, OWNER, "s", ("fine",)))
        else:
            send_with_fds(peer, of_type_h(reply(call, OWNER, "u", (0,))))

    bus = stand_in(answer)
    connection = Connection(bus.address, timeout=LIMIT)
    try:
        assert connection.call(BUS_NAME, "/org/freedesktop/secrets", "x.y", "First") == ("fine",)
        with pytest.raises(DBusError):
            connection.call(BUS_NAME, "/org/freedesktop/secrets", "x.y", "Second")
        until = time.monotonic() + 5
        while _open_copies(spare) and time.monotonic() < until:  # the stand-in closes its own after sending
            time.sleep(0.01)
        assert _open_copies(spare) == 0  # none reached us (a received one would stay open)
    finally:
        connection.close()
