"""A Wayland client window of its own process that shows one picture pixel for pixel (no toolkit).

    python wayland_window.py PICTURE.png TITLE APP_ID

An xdg-shell toplevel the size of the picture, drawn once into a wl_shm buffer (XRGB8888) and shown at
buffer scale 1, so the compositor's screen holds exactly the picture's pixels where the window is.
Prints "READY" once the compositor has shown it (two frame callbacks after the first one), then
answers the compositor (pings, configures) until it is terminated. Wayland plumbing: evidencekit's
libwayland-client ctypes layer; the xdg-shell interfaces are described here from xdg-shell.xml.
"""

from __future__ import annotations

import mmap
import os
import sys

from PIL import Image

from evidencekit.capture.wayland_client import CALLBACK, NEW_ID, Connection, Interface

XRGB8888 = 1


def interfaces() -> dict[str, Interface]:
    surface = Interface.core("wl_surface", [("destroy", ""), ("attach", "?oii"), ("damage", "iiii"), ("frame", "n"),
                                            ("set_opaque_region", "?o"), ("set_input_region", "?o"), ("commit", "")],
                             [("enter", "o"), ("leave", "o")])
    toplevel = Interface.define(
        "xdg_toplevel", 2,
        [("destroy", "", []), ("set_parent", "?o", [None]), ("set_title", "s", [None]), ("set_app_id", "s", [None])],
        [("configure", "iia"), ("close", "")])
    xdg_surface = Interface.define(
        "xdg_surface", 2,
        [("destroy", "", []), ("get_toplevel", "n", [toplevel]), ("get_popup", "n?oo", [None, None, None]),
         ("set_window_geometry", "iiii", [None] * 4), ("ack_configure", "u", [None])],
        [("configure", "u")])
    wm_base = Interface.define(
        "xdg_wm_base", 2,
        [("destroy", "", []), ("create_positioner", "n", [None]), ("get_xdg_surface", "no", [xdg_surface, None]),
         ("pong", "u", [None])],
        [("ping", "u")])
    return {
        "compositor": Interface.core("wl_compositor", [("create_surface", "n"), ("create_region", "n")], []),
        "shm": Interface.core("wl_shm", [("create_pool", "nhi")], [("format", "u")]),
        "pool": Interface.core("wl_shm_pool", [("create_buffer", "niiiiu"), ("destroy", ""), ("resize", "i")], []),
        "buffer": Interface.core("wl_buffer", [("destroy", "")], [("release", "")]),
        "callback": Interface.core(*CALLBACK),
        "surface": surface, "xdg_surface": xdg_surface, "toplevel": toplevel, "wm_base": wm_base,
    }


def main(picture: str, title: str, app_id: str) -> int:
    with Image.open(picture) as image:
        rgb = image.convert("RGB")
    width, height = rgb.size
    stride = width * 4
    pixels = rgb.tobytes("raw", "BGRX")
    i = interfaces()
    connection = Connection()
    try:
        def bind(interface: Interface, wanted: int):
            name, version = connection.globals[interface.name][0]
            return connection.bind(interface, name, min(version, wanted))

        compositor, shm, wm_base = bind(i["compositor"], 4), bind(i["shm"], 1), bind(i["wm_base"], 2)
        wm_base.on("ping", lambda serial: wm_base.request("pong", serial))
        surface = compositor.request("create_surface", NEW_ID, new=i["surface"])
        xdg_surface = wm_base.request("get_xdg_surface", NEW_ID, surface, new=i["xdg_surface"])
        toplevel = xdg_surface.request("get_toplevel", NEW_ID, new=i["toplevel"])
        toplevel.request("set_title", title)
        toplevel.request("set_app_id", app_id)
        configured: list[int] = []
        xdg_surface.on("configure", lambda serial: configured.append(serial))
        surface.request("commit")
        while not configured:
            connection.dispatch()
        xdg_surface.request("ack_configure", configured.pop())

        fd = os.memfd_create("evidencekit-test-window", os.MFD_CLOEXEC)
        os.ftruncate(fd, stride * height)
        memory = mmap.mmap(fd, stride * height)
        memory[:] = pixels
        pool = shm.request("create_pool", NEW_ID, fd, stride * height, new=i["pool"])
        buffer = pool.request("create_buffer", NEW_ID, 0, width, height, stride, XRGB8888, new=i["buffer"])
        presented: list[int] = []

        def draw() -> None:
            surface.request("attach", buffer, 0, 0)
            surface.request("damage", 0, 0, width, height)
            callback = surface.request("frame", NEW_ID, new=i["callback"])
            callback.on("done", lambda _time: presented.append(1))
            surface.request("commit")

        def answer_configures() -> None:
            # sway shows a window only once it has answered the configure its placement sends (a transaction)
            if configured:
                xdg_surface.request("ack_configure", configured[-1])
                configured.clear()
                draw()

        draw()
        frames = 0
        while frames < 3:  # the first frame's "done" can come before the window is on the output
            presented.clear()
            while not presented:
                connection.dispatch()
                answer_configures()
            frames = 0 if configured else frames + 1
            if frames < 3:
                draw()
        print("READY", flush=True)
        while True:
            connection.dispatch()
            answer_configures()
    finally:
        connection.close()


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:4]))
