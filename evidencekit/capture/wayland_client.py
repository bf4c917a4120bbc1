"""A minimal Wayland client through libwayland-client and ctypes (no Qt, no compiled bindings).

Requests are sent with `wl_proxy_marshal_array_flags` (an array of `union wl_argument`, no C varargs)
and every event of a proxy reaches one Python dispatcher (`wl_proxy_add_dispatcher`) with its opcode
and arguments, decoded from the message signature. Interfaces that libwayland-client does not export
(xdg-output, xdg-shell) are described here from their protocol XML: `Interface.define`.

Used by the portal backend to list the outputs (monitors) of a Wayland session, and by the tests'
Wayland client window. Wayland proxies are not thread-safe: one `Connection` per thread.
"""

from __future__ import annotations

import ctypes
import functools
from collections.abc import Callable, Sequence
from typing import Any

NEW_ID = object()  # placeholder for the new object's slot in a request's arguments


class _Message(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("signature", ctypes.c_char_p), ("types", ctypes.c_void_p)]


class _Interface(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("version", ctypes.c_int), ("method_count", ctypes.c_int),
                ("methods", ctypes.c_void_p), ("event_count", ctypes.c_int), ("events", ctypes.c_void_p)]


class _Argument(ctypes.Union):
    _fields_ = [("i", ctypes.c_int32), ("u", ctypes.c_uint32), ("s", ctypes.c_char_p), ("o", ctypes.c_void_p),
                ("n", ctypes.c_uint32), ("h", ctypes.c_int32), ("a", ctypes.c_void_p)]


class _Array(ctypes.Structure):
    _fields_ = [("size", ctypes.c_size_t), ("alloc", ctypes.c_size_t), ("data", ctypes.c_void_p)]


_DISPATCHER = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_void_p, ctypes.c_uint32, ctypes.c_void_p,
                               ctypes.POINTER(_Argument))


@functools.cache
def library() -> ctypes.CDLL:
    """libwayland-client by its soname; OSError where it is not installed."""
    lib = ctypes.CDLL("libwayland-client.so.0")
    vp, u32 = ctypes.c_void_p, ctypes.c_uint32
    for name, restype, argtypes in (
        ("wl_display_connect", vp, [ctypes.c_char_p]),
        ("wl_display_disconnect", None, [vp]),
        ("wl_display_roundtrip", ctypes.c_int, [vp]),
        ("wl_display_dispatch", ctypes.c_int, [vp]),
        ("wl_display_flush", ctypes.c_int, [vp]),
        ("wl_display_get_error", ctypes.c_int, [vp]),
        ("wl_proxy_marshal_array_flags", vp, [vp, u32, vp, u32, u32, ctypes.POINTER(_Argument)]),
        ("wl_proxy_add_dispatcher", ctypes.c_int, [vp, _DISPATCHER, vp, vp]),
        ("wl_proxy_get_version", u32, [vp]),
        ("wl_proxy_destroy", None, [vp]),
    ):
        function = getattr(lib, name)
        function.restype, function.argtypes = restype, argtypes
    return lib


class Interface:
    """A Wayland interface: exported by libwayland-client (`Interface.core`) or defined here."""

    def __init__(self, address: int, name: str, requests: Sequence[tuple[str, str]],
                 events: Sequence[tuple[str, str]], keep: list[Any] | None = None) -> None:
        self.address = address
        self.name = name
        self.requests = {request: index for index, (request, _) in enumerate(requests)}
        self.request_signatures = [signature for _, signature in requests]
        self.events = [(event, signature) for event, signature in events]
        self._keep = keep or []  # the C structures this interface points at must live as long as it

    @classmethod
    def core(cls, name: str, requests: Sequence[tuple[str, str]], events: Sequence[tuple[str, str]]) -> Interface:
        """An interface libwayland-client exports (wl_registry, wl_output, wl_surface, ...)."""
        struct = _Interface.in_dll(library(), f"{name}_interface")
        return cls(ctypes.addressof(struct), name, requests, events)

    @classmethod
    def define(cls, name: str, version: int, requests: Sequence[tuple[str, str, Sequence[Interface | None]]],
               events: Sequence[tuple[str, str]]) -> Interface:
        """Describe an interface from its protocol XML: (name, signature, interface of each argument)."""
        keep: list[Any] = []

        def messages(items: Sequence[tuple[str, str, Sequence[Interface | None]]]) -> Any:
            array = (_Message * max(1, len(items)))()
            for index, (message, signature, types) in enumerate(items):
                type_array = (ctypes.c_void_p * max(1, len(types)))(*[t.address if t else None for t in types])
                keep.append(type_array)
                array[index] = _Message(message.encode(), signature.encode(), ctypes.addressof(type_array))
            keep.append(array)
            return array

        requests_c = messages(requests)
        events_c = messages([(event, signature, [None] * _argument_count(signature)) for event, signature in events])
        struct = _Interface(name.encode(), version, len(requests), ctypes.addressof(requests_c), len(events),
                            ctypes.addressof(events_c))
        keep.append(struct)
        return cls(ctypes.addressof(struct), name, [(r, s) for r, s, _ in requests], events, keep)


def _argument_count(signature: str) -> int:
    return sum(1 for char in signature if char.isalpha())


def _decode(signature: str, args: Any) -> list[Any]:
    """Event arguments as Python values: ints, str (or None), proxy addresses, bytes for arrays."""
    values: list[Any] = []
    index = 0
    for char in signature:
        if char.isdigit() or char == "?":
            continue
        arg = args[index]
        index += 1
        if char in "iuhf":
            values.append({"i": arg.i, "u": arg.u, "h": arg.h, "f": arg.i / 256}[char])
        elif char == "s":
            values.append(arg.s.decode("utf-8", "replace") if arg.s is not None else None)
        elif char in "on":
            values.append(arg.o)
        elif char == "a":
            array = ctypes.cast(arg.a, ctypes.POINTER(_Array))
            values.append(ctypes.string_at(array.contents.data, array.contents.size) if arg.a else b"")
    return values


class Proxy:
    """One Wayland object; `on(event, callback)` receives decoded event arguments."""

    def __init__(self, connection: Connection, address: int, interface: Interface) -> None:
        self.connection = connection
        self.address = address
        self.interface = interface
        self.handlers: dict[str, Callable[..., None]] = {}
        self._dispatcher = _DISPATCHER(self._dispatch)
        library().wl_proxy_add_dispatcher(address, self._dispatcher, None, None)

    def on(self, event: str, callback: Callable[..., None]) -> Proxy:
        self.handlers[event] = callback
        return self

    def _dispatch(self, _impl: int, _target: int, opcode: int, _message: int, args: Any) -> int:
        if opcode < len(self.interface.events):
            name, signature = self.interface.events[opcode]
            handler = self.handlers.get(name)
            if handler is not None:
                try:
                    handler(*_decode(signature, args))
                except Exception as exc:  # never let a Python error cross the C callback
                    self.connection.errors.append(exc)
        return 0

    @property
    def version(self) -> int:
        return int(library().wl_proxy_get_version(self.address))

    def request(self, name: str, *args: Any, new: Interface | None = None, version: int | None = None) -> Proxy | None:
        """Send request `name`; with `new`, the NEW_ID slot in `args` becomes a new proxy (returned)."""
        opcode = self.interface.requests[name]
        signature = self.interface.request_signatures[opcode]
        chars = [c for c in signature if c.isalpha()]
        values = (_Argument * max(1, len(args)))()
        for index, (char, value) in enumerate(zip(chars, args, strict=True)):
            if value is NEW_ID:
                values[index].n = 0
            elif char in "iuh":
                setattr(values[index], char, int(value))
            elif char == "s":
                values[index].s = value if isinstance(value, bytes) else str(value).encode()
            elif char == "o":
                values[index].o = value.address if isinstance(value, Proxy) else value
            else:
                values[index].n = int(value)
        wanted = version if version is not None else self.version
        address = library().wl_proxy_marshal_array_flags(self.address, opcode, new.address if new else None,
                                                          wanted, 0, values)
        if new is None:
            return None
        if not address:
            raise OSError(f"the Wayland request {self.interface.name}.{name} failed")
        proxy = Proxy(self.connection, address, new)
        self.connection.proxies.append(proxy)
        return proxy

    def destroy(self, request: str | None = None) -> None:
        """Send the interface's destructor request (if it has one), then free the proxy."""
        if request is not None:
            self.request(request)
        library().wl_proxy_destroy(self.address)
        if self in self.connection.proxies:
            self.connection.proxies.remove(self)


Messages = list[tuple[str, str]]
REGISTRY: tuple[str, Messages, Messages] = (
    "wl_registry", [("bind", "usun")], [("global", "usu"), ("global_remove", "u")])
CALLBACK: tuple[str, Messages, Messages] = ("wl_callback", [], [("done", "u")])


class Connection:
    """A connection to the Wayland display named by $WAYLAND_DISPLAY (or `name`); OSError if none."""

    def __init__(self, name: str | None = None) -> None:
        lib = library()
        self.display = lib.wl_display_connect(name.encode() if name else None)
        if not self.display:
            raise OSError("no Wayland display to connect to")
        self.errors: list[BaseException] = []
        self.proxies: list[Proxy] = []
        self.globals: dict[str, list[tuple[int, int]]] = {}
        self._registry_interface = Interface.core(*REGISTRY)
        display = Proxy.__new__(Proxy)  # the display is a proxy too, but its events are libwayland's own
        display.connection, display.address, display.handlers = self, self.display, {}
        display.interface = Interface(0, "wl_display", [("sync", "n"), ("get_registry", "n")], [])
        self._display_proxy = display
        registry = display.request("get_registry", NEW_ID, new=self._registry_interface, version=1)
        assert registry is not None
        self.registry = registry
        registry.on("global", lambda name_, interface, version: self.globals.setdefault(interface, []).append(
            (name_, version)))
        self.roundtrip()

    def bind(self, interface: Interface, name: int, version: int) -> Proxy:
        proxy = self.registry.request("bind", name, interface.name, version, NEW_ID, new=interface, version=version)
        assert proxy is not None
        return proxy

    def roundtrip(self) -> None:
        if library().wl_display_roundtrip(self.display) < 0:
            raise OSError(f"the Wayland connection failed (error {library().wl_display_get_error(self.display)})")
        if self.errors:
            error, self.errors = self.errors[0], []
            raise error

    def dispatch(self) -> None:
        """Wait for and handle the next events."""
        if library().wl_display_dispatch(self.display) < 0:
            raise OSError(f"the Wayland connection failed (error {library().wl_display_get_error(self.display)})")
        if self.errors:
            error, self.errors = self.errors[0], []
            raise error

    def close(self) -> None:
        if self.display:
            for proxy in reversed(self.proxies):
                library().wl_proxy_destroy(proxy.address)
            self.proxies.clear()
            library().wl_display_disconnect(self.display)
            self.display = None

    def __enter__(self) -> Connection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
