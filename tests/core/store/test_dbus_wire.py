"""store/dbus_wire.py writes and reads D-Bus's wire format exactly as jeepney (an independent, widely used
implementation) does: our calls parse in jeepney to the same header and values, and jeepney's replies
and errors parse in ours. Damaged messages and unknown types are errors, never guesses. The real bus and
gnome-keyring are in test_secret_service_keyring.py and test_locked_keyring.py."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from jeepney import DBusAddress, HeaderFields, MessageType, new_error, new_method_call, new_method_return
from jeepney.low_level import Parser

from evidencekit.store import dbus_wire
from evidencekit.store.dbus_wire import DBusError, message_length, method_call, parse_message, split_signature

CALLS: list[tuple[str, tuple[Any, ...]]] = [
    ("", ()),
    ("s", ("org.freedesktop.secrets",)),
    ("ss", ("org.freedesktop.Secret.Collection", "Locked")),
    ("sv", ("dh-ietf1024-sha256-aes128-cbc-pkcs7", ("ay", bytes(range(128))))),
    ("sv", ("plain", ("s", ""))),
    ("a{ss}", ({"username": "case:0123abcd", "service": "evidencekit", "é": "ünïcode ✓"},)),
    ("aoo", (["/org/freedesktop/secrets/collection/login/1", "/org/freedesktop/secrets/collection/login/22"],
             "/org/freedesktop/secrets/session/s7")),
    ("a{sv}(oayays)b", ({"org.freedesktop.Secret.Item.Label": ("s", "Password for 'head:x' on 'evidencekit'"),
                         "org.freedesktop.Secret.Item.Attributes": ("a{ss}", {"a": "b", "service": "evidencekit"})},
                        ("/org/freedesktop/secrets/session/s7", bytes(16), bytes(range(48)), "text/plain"), True)),
    ("yaysu", (7, b"\x00\x01\x02", "odd length", 4294967295)),  # alignment after a byte and an odd array
    ("a(yv)", ([(1, ("o", "/a")), (8, ("g", "a{sv}"))],)),
    ("ai", ([],)),
]


def _parent() -> Any:
    """A call for jeepney to reply to, with a serial as if it had been sent."""
    parent = new_method_call(DBusAddress("/p", "org.example", "org.example.I"), "M")
    parent.header.serial = 5
    return parent


def _jeepney_parse(data: bytes) -> Any:
    parser = Parser()
    parser.add_data(data)
    message = parser.get_next_message()
    assert message is not None and parser.get_next_message() is None
    return message


@pytest.mark.parametrize(("signature", "body"), CALLS, ids=[signature or "none" for signature, _ in CALLS])
def test_our_calls_read_back_in_jeepney(signature: str, body: tuple[Any, ...]) -> None:
    data = method_call(41, "org.freedesktop.secrets", "/org/freedesktop/secrets", "org.freedesktop.Secret.Service",
                       "Member", signature, body)
    assert message_length(data[:16]) == len(data)
    message = _jeepney_parse(data)
    fields = message.header.fields
    assert message.header.message_type == MessageType.method_call and message.header.serial == 41
    assert (fields[HeaderFields.path], fields[HeaderFields.interface], fields[HeaderFields.member],
            fields[HeaderFields.destination]) == ("/org/freedesktop/secrets", "org.freedesktop.Secret.Service",
                                                  "Member", "org.freedesktop.secrets")
    assert fields.get(HeaderFields.signature, "") == signature
    assert message.body == _as_jeepney_reads(body)
    assert parse_message(data)[2] == _as_jeepney_reads(body)  # and in our own reader


def _as_jeepney_reads(value: Any) -> Any:
    """jeepney reads structs as tuples and arrays as lists, like ours; only the spelling of the test's
    values needs this (a bool stays a bool, bytes stay bytes)."""
    if isinstance(value, tuple):
        return tuple(_as_jeepney_reads(item) for item in value)
    if isinstance(value, list):
        return [_as_jeepney_reads(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_jeepney_reads(item) for key, item in value.items()}
    return value


@pytest.mark.parametrize(("signature", "body"), CALLS, ids=[signature or "none" for signature, _ in CALLS])
def test_jeepneys_replies_read_in_ours(signature: str, body: tuple[Any, ...]) -> None:
    parent = _parent()
    reply = new_method_return(parent, signature or None, body)
    reply.header.fields[HeaderFields.sender] = ":1.7"
    data = reply.serialise(serial=9)
    assert message_length(data[:16]) == len(data)
    kind, fields, values = parse_message(data)
    assert kind == 2 and fields[5] == 5 and fields[7] == ":1.7"
    assert values == _as_jeepney_reads(body)


def test_an_error_reply_gives_its_name_and_message() -> None:
    parent = _parent()
    data = new_error(parent, "org.freedesktop.Secret.Error.IsLocked", "s", ("locked",)).serialise(serial=3)
    kind, fields, values = parse_message(data)
    assert (kind, fields[4], values) == (3, "org.freedesktop.Secret.Error.IsLocked", ("locked",))


def test_damaged_messages_and_unknown_types_are_errors() -> None:
    good = method_call(1, "d.e", "/p", "i.f", "M", "s", ("text",))
    for bad in (good[:-1], good + b"\0", b"B" + good[1:], good[:3] + b"\x02" + good[4:]):
        with pytest.raises(DBusError):
            parse_message(bad)
    with pytest.raises(DBusError):
        split_signature("a{sx}")  # int64 is not read here
    with pytest.raises(DBusError):
        split_signature("(ss")
    parent = _parent()
    with pytest.raises(DBusError):
        parse_message(new_method_return(parent, "d", (1.5,)).serialise(serial=2))  # a double


@pytest.mark.parametrize(("address", "expected"), [
    ("unix:path=/run/user/1000/bus", "/run/user/1000/bus"),
    ("unix:path=/tmp/dbus-Gs7daMYpzo,guid=352222f36a059f7199cf7d6d6b12fcb4", "/tmp/dbus-Gs7daMYpzo"),
    ("unix:abstract=/tmp/dbus-ab,guid=00", "\0/tmp/dbus-ab"),
    ("tcp:host=localhost,port=1;unix:path=/tmp/a%20b", "/tmp/a b"),
])
def test_session_bus_addresses(address: str, expected: str) -> None:
    assert dbus_wire.session_bus_address(address)[1] == expected


def test_an_address_without_a_unix_socket_is_an_error() -> None:
    with pytest.raises(DBusError):
        dbus_wire.session_bus_address("tcp:host=localhost,port=1")


def _reply_bytes(signature: str, body: tuple[Any, ...]) -> bytes:
    return bytes(new_method_return(_parent(), signature, body).serialise(serial=9))


_REPLIES = [_reply_bytes(signature, body) for signature, body in CALLS]


def _parse_or_refuse(data: bytes) -> None:
    try:
        parse_message(data)
    except DBusError:
        pass


@given(data=st.data())
@settings(max_examples=400, deadline=2000, suppress_health_check=[HealthCheck.too_slow])
def test_a_damaged_reply_is_read_or_refused_never_anything_else(data: st.DataObject) -> None:
    """Bytes from the bus are not trusted: a reply with bytes changed, cut short or lengthened either reads
    or is refused as DBusError, in bounded time (no other exception, no endless loop)."""
    message = bytearray(data.draw(st.sampled_from(_REPLIES)))
    for _ in range(data.draw(st.integers(1, 4))):
        where = data.draw(st.integers(0, len(message) - 1))
        message[where] = data.draw(st.integers(0, 255))
    message = message[:data.draw(st.integers(0, len(message)))] + data.draw(st.binary(max_size=8))
    _parse_or_refuse(bytes(message))


@pytest.mark.parametrize("signature", ["a()", "()", "a{sss}", "a{s}", "a" * 40 + "y", "(" * 40 + "y" + ")" * 40,
                                       "a{vs}", "a{(y)s}"])
def test_signatures_the_specification_forbids_are_refused(signature: str) -> None:
    """Empty structures, dict entries that are not one basic key and one value, and nesting deeper than
    the specification's 32 arrays or 32 structures are refused before anything is read."""
    with pytest.raises(DBusError):
        split_signature(signature)


def test_text_that_is_not_utf8_is_refused() -> None:
    message = bytearray(_reply_bytes("s", ("abc",)))
    message[message.rindex(b"abc")] = 0xFF
    with pytest.raises(DBusError):
        parse_message(bytes(message))


@pytest.mark.parametrize("where", ["body", "header field"])
def test_variants_nested_deeper_than_the_specification_allows_are_refused(where: str) -> None:
    """A variant holding a variant holding a variant ... (3 bytes a level): the specification allows 64
    levels of nesting in all; deeper is DBusError, not Python's recursion limit. In a header field it
    needs no answer to our call: any peer's message to us would do."""
    import struct

    nested = b"\x01v\x00" * 5000 + b"\x01y\x00\x07"
    if where == "body":
        fields = b"\x05\x01u\x00\x01\x00\x00\x00" + b"\x08\x01g\x00\x01v\x00"  # reply serial 1, signature v
        header = struct.pack("<cBBBII", b"l", 2, 0, 1, len(nested), 3) + struct.pack("<I", len(fields)) + fields
        message = header + bytes(-len(header) % 8) + nested
    else:
        fields = b"\x05" + nested  # reply serial, as a variant of variants
        header = struct.pack("<cBBBII", b"l", 2, 0, 1, 0, 3) + struct.pack("<I", len(fields)) + fields
        message = header + bytes(-len(header) % 8)
    with pytest.raises(DBusError):
        parse_message(message)


def test_arrays_and_variants_nested_in_turn_are_refused_past_the_specifications_depth() -> None:
    """Each variant's signature is checked on its own (32 arrays at most), so 32 arrays around a variant,
    again and again, passes every signature check: the depth of the whole value is what is limited."""
    import struct
    import sys

    signature = "a" * 32 + "v"
    value: Any = ("y", 7)
    for _ in range(60):
        for _ in range(32):
            value = [value]
        value = (signature, value)
    writer = dbus_wire._Writer(0)
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(20000)  # our writer is not limited: it writes only what we give it
    try:
        writer.write("v", value)
    finally:
        sys.setrecursionlimit(limit)
    body = bytes(writer.data)
    fields = b"\x05\x01u\x00\x01\x00\x00\x00" + b"\x08\x01g\x00\x01v\x00"
    header = struct.pack("<cBBBII", b"l", 2, 0, 1, len(body), 3) + struct.pack("<I", len(fields)) + fields
    with pytest.raises(DBusError):
        parse_message(header + bytes(-len(header) % 8) + body)
