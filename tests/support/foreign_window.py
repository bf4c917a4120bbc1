"""A chat-like X11 window with known text and colours, run as a separate process (plain Xlib, no Qt).

    python foreign_window.py --geometry X,Y,W,H --title T [--focus] [--set-active] [--variant chat|profile]

It prints "READY <window id>" once the window is mapped, drawn and the server has processed every
drawing request, then redraws on Expose until terminated. --focus gives it the X input focus;
--set-active also sets _NET_ACTIVE_WINDOW on the root window, as a window manager would.
Layout (window coordinates), imported by tests to check pixels:
"""

from __future__ import annotations

import argparse
import ctypes
import ctypes.util
import sys
from collections.abc import Callable

PHRASE = "Send 500 GBP by midnight or I share the video"
REPLY = "Please stop. I am not paying."
BACKGROUND = 0xF0F2F5
HEADER = 0x2A5DB0  # header bar, full width, HEADER_HEIGHT tall
HEADER_HEIGHT = 56
INCOMING = 0xFFFFFF  # their bubble: (24, 90) size (width*3//5, 64)
OUTGOING = 0x25D366  # our bubble: right aligned at y=180, size (width//2, 64)
DEMAND = 0xD93025  # a red demand banner at y=270, full width minus margins, 48 tall
PROFILE_HEADER = 0x7B2CBF  # the "profile" variant uses a purple header and no bubbles
TEXT = 0x111111
WINDOW_CLASS = b"friendchat\0FriendChat\0"


def incoming_rect(width: int) -> tuple[int, int, int, int]:
    return 24, 90, width * 3 // 5, 64


def outgoing_rect(width: int) -> tuple[int, int, int, int]:
    return width - 24 - width // 2, 180, width // 2, 64


def demand_rect(width: int) -> tuple[int, int, int, int]:
    return 24, 270, width - 48, 48


def _xlib() -> ctypes.CDLL:
    x11 = ctypes.CDLL(ctypes.util.find_library("X11"))
    vp, ul, i, ci, cs = ctypes.c_void_p, ctypes.c_ulong, ctypes.c_int, ctypes.c_uint, ctypes.c_char_p
    signatures = {
        "XOpenDisplay": (vp, [cs]),
        "XDefaultRootWindow": (ul, [vp]),
        "XCreateSimpleWindow": (ul, [vp, ul, i, i, ci, ci, ci, ul, ul]),
        "XStoreName": (i, [vp, ul, cs]),
        "XInternAtom": (ul, [vp, cs, i]),
        "XChangeProperty": (i, [vp, ul, ul, ul, i, i, vp, i]),
        "XSelectInput": (i, [vp, ul, ctypes.c_long]),
        "XMapRaised": (i, [vp, ul]),
        "XNextEvent": (i, [vp, vp]),
        "XCreateGC": (vp, [vp, ul, ul, vp]),
        "XSetForeground": (i, [vp, vp, ul]),
        "XFillRectangle": (i, [vp, ul, vp, i, i, ci, ci]),
        "XLoadFont": (ul, [vp, cs]),
        "XSetFont": (i, [vp, vp, ul]),
        "XDrawString": (i, [vp, ul, vp, i, i, cs, i]),
        "XSync": (i, [vp, i]),
        "XSetInputFocus": (i, [vp, ul, i, ul]),
        "XMoveResizeWindow": (i, [vp, ul, i, i, ci, ci]),
    }
    for name, (restype, argtypes) in signatures.items():
        function = getattr(x11, name)
        function.restype = restype
        function.argtypes = argtypes
    return x11


def _draw(x11: ctypes.CDLL, dpy: int, win: int, gc: int, width: int, height: int, title: str,
          variant: str) -> None:
    def fill(colour: int, rect: tuple[int, int, int, int]) -> None:
        x11.XSetForeground(dpy, gc, colour)
        x11.XFillRectangle(dpy, win, gc, *rect)

    def text(colour: int, x: int, y: int, value: str) -> None:
        data = value.encode("latin-1", "replace")
        x11.XSetForeground(dpy, gc, colour)
        x11.XDrawString(dpy, win, gc, x, y, data, len(data))

    fill(BACKGROUND, (0, 0, width, height))
    fill(PROFILE_HEADER if variant == "profile" else HEADER, (0, 0, width, HEADER_HEIGHT))
    if variant == "wall":
        _draw_wall(fill, text, width, height)
        return
    text(0xFFFFFF, 16, 36, title.replace("\u2014", "-"))
    if variant == "profile":
        text(TEXT, 24, 110, "lena_2003  -  joined 3 weeks ago  -  ID 8812 3345 19")
        return
    fill(INCOMING, incoming_rect(width))
    text(TEXT, 40, 128, PHRASE)
    fill(OUTGOING, outgoing_rect(width))
    text(TEXT, outgoing_rect(width)[0] + 16, 218, REPLY)
    fill(DEMAND, demand_rect(width))
    text(0xFFFFFF, 40, 300, "Western Union MTCN 123-456-7890, deadline 23:59")
    for row in range(7):  # a scroll of older messages: realistic text for compression and benches
        y = 350 + row * 34
        if y + 20 > height:
            break
        text(TEXT, 24, y, f"[21:{10 + row:02d}] lena_2003: message {row + 1} of an older conversation")


def _draw_wall(fill: Callable[[int, tuple[int, int, int, int]], None], text: Callable[[int, int, int, str], None],
               width: int, height: int) -> None:
    """A screen full of conversation: bubbles and lines of varied text, like a long chat being scrolled."""
    words = ("you", "said", "money", "tonight", "video", "send", "now", "please", "stop", "I", "will", "share",
             "with", "your", "friends", "family", "account", "paid", "wait", "deadline", "OK", "why", "no")
    y, row = HEADER_HEIGHT + 12, 0
    while y + 40 < height:
        theirs = row % 3 != 2
        line = " ".join(words[(row * 7 + i * 3) % len(words)] for i in range(6 + row % 9))
        line = f"[{21 + row // 60:02d}:{row % 60:02d}] {line} {row * 37 % 1000}"
        bubble_width = min(width - 48, 60 + len(line) * 10)
        left = 24 if theirs else width - 24 - bubble_width
        fill(INCOMING if theirs else OUTGOING, (left, y, bubble_width, 34))
        text(TEXT, left + 12, y + 23, line)
        y += 42
        row += 1


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--geometry", required=True)
    parser.add_argument("--title", required=True)
    parser.add_argument("--variant", default="chat", choices=["chat", "profile", "wall"])
    parser.add_argument("--focus", action="store_true")
    parser.add_argument("--set-active", action="store_true")
    args = parser.parse_args(argv)
    x, y, width, height = (int(part) for part in args.geometry.split(","))

    x11 = _xlib()
    dpy = x11.XOpenDisplay(None)
    if not dpy:
        print("cannot open display", file=sys.stderr)
        return 1
    root = x11.XDefaultRootWindow(dpy)
    win = x11.XCreateSimpleWindow(dpy, root, x, y, width, height, 0, 0, BACKGROUND)
    title_utf8 = args.title.encode("utf-8")
    x11.XStoreName(dpy, win, args.title.encode("latin-1", "replace"))
    utf8 = x11.XInternAtom(dpy, b"UTF8_STRING", 0)
    x11.XChangeProperty(dpy, win, x11.XInternAtom(dpy, b"_NET_WM_NAME", 0), utf8, 8, 0,
                        title_utf8, len(title_utf8))
    x11.XChangeProperty(dpy, win, 67, 31, 8, 0, WINDOW_CLASS, len(WINDOW_CLASS))  # WM_CLASS, STRING
    x11.XSelectInput(dpy, win, 1 << 15 | 1 << 17)  # ExposureMask | StructureNotifyMask
    gc = x11.XCreateGC(dpy, win, 0, None)
    x11.XSetFont(dpy, gc, x11.XLoadFont(dpy, b"10x20"))
    x11.XMapRaised(dpy, win)
    x11.XMoveResizeWindow(dpy, win, x, y, width, height)

    event = (ctypes.c_long * 24)()
    ready = False
    while True:
        x11.XNextEvent(dpy, event)
        if ctypes.c_int.from_buffer(event).value != 12:  # Expose
            continue
        _draw(x11, dpy, win, gc, width, height, args.title, args.variant)
        if not ready:
            if args.focus:
                x11.XSetInputFocus(dpy, win, 2, 0)  # RevertToParent, CurrentTime
            if args.set_active:
                active = ctypes.c_ulong(win)
                x11.XChangeProperty(dpy, root, x11.XInternAtom(dpy, b"_NET_ACTIVE_WINDOW", 0), 33, 32, 0,
                                    ctypes.byref(active), 1)  # XA_WINDOW
            x11.XSync(dpy, 0)
            print(f"READY {win}", flush=True)
            ready = True
        else:
            x11.XSync(dpy, 0)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
