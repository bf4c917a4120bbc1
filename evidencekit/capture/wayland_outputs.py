"""The monitors of a Wayland session: wl_output, with xdg-output's logical position and size.

The Screenshot portal returns one picture of the whole desktop; choosing "screen 2" or checking that a
region is on screen needs to know where each screen is in that desktop. Every Wayland desktop (GNOME,
KDE, wlroots) announces its outputs to every client, sandboxed or not; xdg-output (on all three) gives
the logical layout the portal's picture follows. Without xdg-output the position from wl_output's
geometry event and the mode divided by the scale are used.
"""

from __future__ import annotations

from typing import Any

from evidencekit.capture.backend import MonitorInfo
from evidencekit.capture.request import Rect
from evidencekit.capture.wayland_client import NEW_ID, Connection, Interface

_OUTPUT_EVENTS = [("geometry", "iiiiissi"), ("mode", "uiii"), ("done", "2"), ("scale", "2i"), ("name", "4s"),
                  ("description", "4s")]
_MODE_CURRENT = 0x1


def _interfaces() -> tuple[Interface, Interface, Interface]:
    output = Interface.core("wl_output", [("release", "3")], _OUTPUT_EVENTS)
    xdg_output = Interface.define("zxdg_output_v1", 3, [("destroy", "", [])],
                                  [("logical_position", "ii"), ("logical_size", "ii"), ("done", ""),
                                   ("name", "2s"), ("description", "2s")])
    manager = Interface.define("zxdg_output_manager_v1", 3,
                               [("destroy", "", []), ("get_xdg_output", "no", [xdg_output, output])], [])
    return output, xdg_output, manager


def wayland_monitors(display: str | None = None) -> list[MonitorInfo]:
    """The outputs in the compositor's order, numbered from 1; OSError if Wayland cannot be reached."""
    output_iface, xdg_iface, manager_iface = _interfaces()
    with Connection(display) as connection:
        found: list[dict[str, Any]] = []
        for name, version in connection.globals.get("wl_output", []):
            info: dict[str, Any] = {"scale": 1}
            proxy = connection.bind(output_iface, name, min(version, 4))
            proxy.on("geometry", lambda x, y, *_rest, info=info: info.update(x=x, y=y, transform=_rest[-1]))
            proxy.on("mode", lambda flags, w, h, _refresh, info=info: info.update(mode=(w, h))
                     if flags & _MODE_CURRENT else None)
            proxy.on("scale", lambda factor, info=info: info.update(scale=factor))
            proxy.on("name", lambda text, info=info: info.update(name=text))
            found.append({"proxy": proxy, "info": info})
        managers = connection.globals.get("zxdg_output_manager_v1", [])
        if managers:
            name, version = managers[0]
            manager = connection.bind(manager_iface, name, min(version, 3))
            for item in found:
                info = item["info"]
                xdg = manager.request("get_xdg_output", NEW_ID, item["proxy"], new=xdg_iface)
                assert xdg is not None
                xdg.on("logical_position", lambda x, y, info=info: info.update(logical_x=x, logical_y=y))
                xdg.on("logical_size", lambda w, h, info=info: info.update(logical_w=w, logical_h=h))
                xdg.on("name", lambda text, info=info: info.setdefault("name", text))
        connection.roundtrip()
        connection.roundtrip()
        return [_monitor(index, item["info"]) for index, item in enumerate(found, start=1)
                if "logical_w" in item["info"] or "mode" in item["info"]]


def _monitor(number: int, info: dict[str, Any]) -> MonitorInfo:
    if "logical_w" in info:
        rect = Rect(info.get("logical_x", 0), info.get("logical_y", 0), info["logical_w"], info["logical_h"])
    else:
        width, height = info["mode"]
        if info.get("transform", 0) % 2:  # 90 or 270 degrees: the output stands upright
            width, height = height, width
        scale = max(1, int(info.get("scale", 1)))
        rect = Rect(info.get("x", 0), info.get("y", 0), width // scale, height // scale)
    return MonitorInfo(number=number, rect=rect, primary=False, name=str(info.get("name") or ""))
