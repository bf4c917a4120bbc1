"""The least of D-Bus a Secret Service client needs: the session bus over its Unix socket, method calls
and their replies, in the wire format of the D-Bus specification (little-endian, protocol version 1).

Why not jeepney, which the portal capture uses: importing it costs every keyring command ~31 M
instructions (about 6 ms), mostly the `socket` module turning its constants into enums and jeepney's
own enums; this speaks to the bus through `_socket` directly. Only the types the Secret Service calls use
are read and written (y b i u s o g a ( ) { } v); anything else in a reply is an error, never a guess.
Every failure is `DBusError` (or OSError from the socket), which the keyring code treats as "not
available". tests/core/store/test_dbus_wire.py checks the bytes against jeepney's reader and writer.

Nothing from the bus is trusted further than needed (tests/core/store/test_dbus_hostile_peer.py): a
reply is taken only when it answers our serial and comes from the one called (the bus itself, the
unique name GetNameOwner gave for a well-known name, else the peer that first answered for that name
on this connection; an error the bus gives for any name is its answer); everything else is passed over
with its body unread. Each call, and the handshake, has one time limit for all it reads (a socket
timeout alone restarts with every byte a peer trickles or floods in), and a message larger than
`MAX_RECEIVED` is refused before it is read. Unix fd passing is never negotiated: descriptors a peer
sends are dropped by the kernel (recv without ancillary data), and type 'h' is not read.
"""

from __future__ import annotations

import os
import struct
import time
from typing import Any

_METHOD_CALL, _METHOD_RETURN, _ERROR, _SIGNAL = 1, 2, 3, 4
_PATH, _INTERFACE, _MEMBER, _ERROR_NAME, _REPLY_SERIAL, _DESTINATION, _SENDER, _SIGNATURE = 1, 2, 3, 4, 5, 6, 7, 8
_FIELD_TYPES = {_PATH: "o", _INTERFACE: "s", _MEMBER: "s", _ERROR_NAME: "s", _REPLY_SERIAL: "u",
                _DESTINATION: "s", _SENDER: "s", _SIGNATURE: "g"}
_ALIGN = {"y": 1, "b": 4, "i": 4, "u": 4, "s": 4, "o": 4, "g": 1, "a": 4, "(": 8, "{": 8, "v": 1}
_FIXED = {"b": ("<I", 4), "i": ("<i", 4), "u": ("<I", 4)}
_MAX_MESSAGE = 1 << 27  # the specification's limit (128 MiB)
MAX_RECEIVED = 1 << 22  # 4 MiB: the Secret Service's answers to these calls are a few kilobytes
_BUS = ("org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus")


class DBusError(Exception):
    """The bus or a service answered with an error, or with bytes this reader does not accept."""

    def __init__(self, message: str, name: str | None = None) -> None:
        super().__init__(message)
        self.name = name


def split_signature(signature: str) -> list[str]:
    """The complete types of a signature, e.g. 'a{sv}(oayays)b' -> ['a{sv}', '(oayays)', 'b'].

    What the specification forbids is refused: over 255 characters, an empty structure, a dict entry
    outside an array or not of one basic key and one value, more than 32 nested arrays or structures."""
    if len(signature) > 255:
        raise DBusError("a D-Bus signature is longer than the specification allows")
    types, pos = [], 0
    while pos < len(signature):
        end = _type_end(signature, pos, 0, 0)
        types.append(signature[pos:end])
        pos = end
    return types


_BASIC = frozenset("ybiusog")


def _type_end(signature: str, pos: int, arrays: int, structs: int, in_array: bool = False) -> int:
    code = signature[pos:pos + 1]
    if code == "a":
        if arrays >= 32:
            raise DBusError(f"arrays nested too deep in signature {signature!r}")
        return _type_end(signature, pos + 1, arrays + 1, structs, in_array=True)
    if code in ("(", "{"):
        if structs >= 32:
            raise DBusError(f"structures nested too deep in signature {signature!r}")
        if code == "{" and not in_array:
            raise DBusError(f"a dict entry outside an array in signature {signature!r}")
        closing = ")" if code == "(" else "}"
        pos += 1
        members = 0
        while signature[pos:pos + 1] != closing:
            if pos >= len(signature):
                raise DBusError(f"unbalanced signature {signature!r}")
            if code == "{" and members == 0 and signature[pos] not in _BASIC:
                raise DBusError(f"a dict entry's key is not a basic type in signature {signature!r}")
            pos = _type_end(signature, pos, arrays, structs + 1)
            members += 1
        if members == 0 or (code == "{" and members != 2):
            raise DBusError(f"an empty structure or a malformed dict entry in signature {signature!r}")
        return pos + 1
    if code in _ALIGN:
        return pos + 1
    raise DBusError(f"type {code!r} in signature {signature!r} is not read here")


class _Writer:
    def __init__(self, offset: int = 0) -> None:
        self.data = bytearray()
        self.offset = offset  # where data[0] sits in the message (alignment is from the message's start)

    def pad(self, align: int) -> None:
        self.data += bytes(-(self.offset + len(self.data)) % align)

    def write(self, kind: str, value: Any) -> None:
        code = kind[0]
        self.pad(_ALIGN[code])
        if code == "y":
            self.data += bytes([value])
        elif code in _FIXED:
            self.data += struct.pack(_FIXED[code][0], int(value))
        elif code in ("s", "o"):
            raw = value.encode("utf-8")
            self.data += struct.pack("<I", len(raw)) + raw + b"\0"
        elif code == "g":
            raw = value.encode("ascii")
            self.data += bytes([len(raw)]) + raw + b"\0"
        elif code == "v":
            inner, item = value
            self.write("g", inner)
            self.write(inner, item)
        elif code == "a":
            element = kind[1:]
            length_at = len(self.data)
            self.data += bytes(4)
            self.pad(_ALIGN[element[0]])
            start = len(self.data)
            if element == "y":
                self.data += bytes(value)
            elif element[0] == "{":
                key, item = split_signature(element[1:-1])
                for entry_key, entry_value in value.items():
                    self.pad(8)
                    self.write(key, entry_key)
                    self.write(item, entry_value)
            else:
                for item in value:
                    self.write(element, item)
            self.data[length_at:length_at + 4] = struct.pack("<I", len(self.data) - start)
        elif code == "(":
            for inner, item in zip(split_signature(kind[1:-1]), value, strict=True):
                self.write(inner, item)
        else:
            raise DBusError(f"type {kind!r} is not written here")


_MAX_DEPTH = 64  # the specification's limit on nesting in all (arrays, structures and variants)


class _Reader:
    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data = data
        self.pos = pos
        self.depth = 0  # how deep in arrays, structures and variants this read is, all counted together

    def take(self, count: int) -> bytes:
        if self.pos + count > len(self.data):
            raise DBusError("a D-Bus message ended early")
        chunk = self.data[self.pos:self.pos + count]
        self.pos += count
        return chunk

    def align(self, align: int) -> None:
        self.take(-self.pos % align)

    def read(self, kind: str) -> Any:
        code = kind[0]
        self.align(_ALIGN[code])
        if code == "y":
            return self.take(1)[0]
        if code in _FIXED:
            fmt, size = _FIXED[code]
            value = struct.unpack(fmt, self.take(size))[0]
            return bool(value) if code == "b" else value
        if code in ("s", "o"):
            (length,) = struct.unpack("<I", self.take(4))
            text = self.take(length + 1)
            try:
                return text[:-1].decode("utf-8")
            except UnicodeDecodeError:
                raise DBusError("a D-Bus string is not UTF-8") from None
        if code == "g":
            length = self.take(1)[0]
            try:
                return self.take(length + 1)[:-1].decode("ascii")
            except UnicodeDecodeError:
                raise DBusError("a D-Bus signature is not ASCII") from None
        if code == "v":
            inner = self.read("g")
            if len(split_signature(inner)) != 1:
                raise DBusError(f"a variant of {inner!r} holds one value, not several")
            return inner, self._inside(inner)
        if code == "a":
            (length,) = struct.unpack("<I", self.take(4))
            element = kind[1:]
            self.align(_ALIGN[element[0]])
            end = self.pos + length
            if end > len(self.data):
                raise DBusError("a D-Bus array runs past its message")
            if element == "y":
                return self.take(length)
            if element[0] == "{":
                key, item = split_signature(element[1:-1])
                entries: dict[Any, Any] = {}
                while self.pos < end:
                    self.align(8)
                    entry_key = self.read(key)
                    entries[entry_key] = self._inside(item)
                return entries
            items = []
            while self.pos < end:
                items.append(self._inside(element))
            return items
        if code == "(":
            return tuple(self._inside(inner) for inner in split_signature(kind[1:-1]))
        raise DBusError(f"type {kind!r} is not read here")

    def _inside(self, kind: str) -> Any:
        """`kind` read one level deeper: a variant's own signature starts afresh, so only this count keeps
        variants of arrays of variants ... from reaching Python's recursion limit."""
        if self.depth >= _MAX_DEPTH:
            raise DBusError("values nested deeper than the specification allows")
        self.depth += 1
        try:
            return self.read(kind)
        finally:
            self.depth -= 1


def method_call(serial: int, destination: str, path: str, interface: str, member: str, signature: str,
                body: tuple[Any, ...]) -> bytes:
    """One method call message, ready to send."""
    payload = _Writer(0)
    for kind, value in zip(split_signature(signature), body, strict=True):
        payload.write(kind, value)
    fields = [(_PATH, ("o", path)), (_INTERFACE, ("s", interface)), (_MEMBER, ("s", member)),
              (_DESTINATION, ("s", destination))] + ([(_SIGNATURE, ("g", signature))] if signature else [])
    header = _Writer(0)
    header.data += struct.pack("<cBBBII", b"l", _METHOD_CALL, 0, 1, len(payload.data), serial)
    header.write("a(yv)", fields)
    header.pad(8)
    return bytes(header.data + payload.data)


def parse_message(data: bytes) -> tuple[int, dict[int, Any], tuple[Any, ...]]:
    """(message type, header fields, body values) of one whole message."""
    kind, fields, body_start = parse_header(data)
    body_length = len(data) - body_start
    body = _Reader(data[body_start:])
    values = tuple(body.read(kind) for kind in split_signature(fields.get(_SIGNATURE, "")))
    if body.pos != body_length:
        raise DBusError("a D-Bus message's body holds more than its signature says")
    return kind, fields, values


def parse_header(data: bytes) -> tuple[int, dict[int, Any], int]:
    """(message type, header fields, where the body starts) of one whole message; the body is not read."""
    if len(data) < 16:
        raise DBusError("a D-Bus message ended early")
    if data[:1] != b"l" or data[3:4] != b"\x01":
        raise DBusError("the bus answered in a byte order or protocol version this reader does not take")
    kind, _flags, body_length = data[1], data[2], struct.unpack_from("<I", data, 4)[0]
    reader = _Reader(data, 12)
    fields = {code: value[1] for code, value in reader.read("a(yv)")}
    for code, value in fields.items():
        if code in _FIELD_TYPES and not isinstance(value, int if _FIELD_TYPES[code] == "u" else str):
            raise DBusError(f"header field {code} has the wrong type")
    reader.align(8)
    body_start = reader.pos
    if len(data) != body_start + body_length:
        raise DBusError("a D-Bus message's length does not add up")
    return kind, fields, body_start


def message_length(head: bytes) -> int:
    """The whole length of a message from its first 16 bytes."""
    if len(head) < 16:
        raise DBusError("a D-Bus message ended early")
    if head[:1] != b"l":
        raise DBusError("the bus answered in a byte order this reader does not take")
    body_length, fields_length = int(struct.unpack_from("<I", head, 4)[0]), int(struct.unpack_from("<I", head, 12)[0])
    total = 16 + fields_length + (-(16 + fields_length) % 8) + body_length
    if total > _MAX_MESSAGE:
        raise DBusError("a D-Bus message is larger than the specification allows")
    return total


def session_bus_address(address: str) -> tuple[int, str | bytes]:
    """(family, socket address) of the first unix: entry of a D-Bus address (path= or abstract=)."""
    import _socket

    for entry in address.split(";"):
        transport, _, rest = entry.partition(":")
        if transport != "unix":
            continue
        keys = dict(_unescape(part).partition("=")[::2] for part in rest.split(",") if part)
        if "path" in keys:
            return _socket.AF_UNIX, keys["path"]
        if "abstract" in keys:
            return _socket.AF_UNIX, "\0" + keys["abstract"]
    raise DBusError(f"no unix: address to connect to in {address!r}")


def _unescape(text: str) -> str:
    if "%" not in text:
        return text
    from urllib.parse import unquote

    return unquote(text)


class Connection:
    """A connection to the session bus (DBUS_SESSION_BUS_ADDRESS), authenticated as this user."""

    def __init__(self, address: str | None = None, timeout: float = 10.0) -> None:
        import _socket

        family, where = session_bus_address(address or os.environ["DBUS_SESSION_BUS_ADDRESS"])
        self._sock = _socket.socket(family, _socket.SOCK_STREAM)
        self._timeout = timeout
        self._deadline = time.monotonic() + timeout  # for the handshake; each call sets its own
        # Who answers for a destination: the bus for itself; a well-known name's unique owner once known
        self._owners = {_BUS[0]: _BUS[0]}
        try:
            self._sock.settimeout(timeout)
            self._sock.connect(where)
            self._buffer = b""
            self._serial = 0
            self._sock.sendall(b"\0AUTH EXTERNAL " + str(os.geteuid()).encode("ascii").hex().encode("ascii")
                               + b"\r\n")
            answer = self._line()
            if not answer.startswith(b"OK "):
                raise DBusError(f"the session bus refused us: {answer[:80]!r}")
            self._sock.sendall(b"BEGIN\r\n")
            self.unique_name = self.call(*_BUS, "Hello", "")[0]
        except BaseException:
            self._sock.close()
            raise

    def close(self) -> None:
        self._sock.close()

    def _recv(self, size: int) -> bytes:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise DBusError("the session bus did not answer in time")
        self._sock.settimeout(left)
        chunk: bytes = self._sock.recv(size)
        if not chunk:
            raise DBusError("the session bus closed the connection")
        return chunk

    def _line(self) -> bytes:
        while b"\r\n" not in self._buffer:
            self._buffer += self._recv(4096)
            if len(self._buffer) > 16384:
                raise DBusError("the session bus sent an over-long line")
        line, _, self._buffer = self._buffer.partition(b"\r\n")
        return line

    def _receive(self) -> bytes:
        while len(self._buffer) < 16:
            self._fill()
        total = message_length(self._buffer[:16])
        if total > MAX_RECEIVED:
            raise DBusError("the session bus sent a message far larger than any answer to these calls")
        while len(self._buffer) < total:
            self._fill()
        message, self._buffer = self._buffer[:total], self._buffer[total:]
        return message

    def _fill(self) -> None:
        self._buffer += self._recv(65536)

    def name_owner(self, name: str) -> str | None:
        """The unique name owning `name` (None: nobody); from then on only it answers for `name` here."""
        error, values = self.call_or_error(*_BUS, "GetNameOwner", "s", name)
        if error == "org.freedesktop.DBus.Error.NameHasNoOwner":
            return None
        if error is not None or not values or not isinstance(values[0], str) or not values[0].startswith(":"):
            raise DBusError(f"GetNameOwner: {error or 'not a unique name'}", error)
        self._owners[name] = values[0]
        return values[0]

    def call(self, destination: str, path: str, interface: str, member: str, signature: str = "",
             *body: Any) -> tuple[Any, ...]:
        """Call `member` and wait for its reply (signals and other messages meanwhile are dropped)."""
        name, values = self.call_or_error(destination, path, interface, member, signature, *body)
        if name is not None:
            detail = values[0] if values and isinstance(values[0], str) else ""
            raise DBusError(f"{member}: {name} {detail}".strip(), name)
        return values

    def call_or_error(self, destination: str, path: str, interface: str, member: str, signature: str = "",
                      *body: Any) -> tuple[str | None, tuple[Any, ...]]:
        """(None, the reply's values), or (the error's name, its values) when the reply is an error."""
        self._serial += 1
        serial = self._serial
        self._deadline = time.monotonic() + self._timeout
        self._sock.settimeout(self._timeout)
        self._sock.sendall(method_call(serial, destination, path, interface, member, signature, body))
        owner = self._owners.get(destination, destination if destination.startswith(":") else None)
        while True:
            message = self._receive()
            kind, fields, _body_start = parse_header(message)
            if kind not in (_METHOD_RETURN, _ERROR) or fields.get(_REPLY_SERIAL) != serial:
                continue  # signals, calls to us, answers to other calls: passed over unread
            sender = fields.get(_SENDER)
            if not isinstance(sender, str) or not (
                    sender == owner or (kind == _ERROR and sender == _BUS[0])  # the bus's error for any name
                    or (owner is None and sender.startswith(":"))):
                continue  # not from the one called: never taken (the bus refuses such replies; not relied on)
            if owner is None and sender.startswith(":"):
                self._owners[destination] = sender  # the first to answer for the name: the only one after
            _kind, _fields, values = parse_message(message)
            return (str(fields.get(_ERROR_NAME, "")) if kind == _ERROR else None), values
