"""Canary-marked desktop pictures and a scanner that looks for their traces in files.

A canary picture carries its canary twice inside CANARY_BOX: as drawn text, and as a pixel stripe whose
raw RGB bytes spell the canary, so an uncompressed dump of the picture (a cache, a raw temp file)
contains the canary bytes literally. The PNG itself is found by distinctive slices of its bytes.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from pathlib import Path

from PIL import Image, ImageDraw

WIDTH, HEIGHT = 800, 600
CANARY_BOX = (100, 200, 400, 80)  # x, y, w, h: the part a test blacks out


def canary_desktop_png(canary: str) -> bytes:
    """An 800×600 chat-like picture with `canary` drawn and spelled in raw pixel bytes inside CANARY_BOX."""
    image = Image.new("RGB", (WIDTH, HEIGHT), (240, 242, 245))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, WIDTH, 48), fill=(42, 93, 176))
    draw.text((16, 16), "Chat with lena_2003 - FriendChat", fill=(255, 255, 255))
    draw.text((40, 100), "Send 500 GBP by midnight or I share the video", fill=(17, 17, 17))
    x, y, w, h = CANARY_BOX
    draw.rectangle((x, y, x + w - 1, y + h - 1), fill=(255, 255, 255))
    draw.text((x + 10, y + 10), f"intimate part {canary}", fill=(200, 0, 0))
    payload = (canary.encode() * 200)[: (w - 20) * 3]
    payload += b"\x00" * (-len(payload) % 3)
    stripe = Image.frombytes("RGB", (len(payload) // 3, 1), payload)
    for row in range(y + 40, y + 60):
        image.paste(stripe, (x + 10, row))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def png_slices(png: bytes, count: int = 8, size: int = 48) -> list[bytes]:
    """Distinctive slices from the compressed middle of a PNG: present in any file that holds the PNG."""
    start, end = 100, len(png) - 100
    step = max(1, (end - start) // count)
    return [png[offset: offset + size] for offset in range(start, end - size, step)][:count]


def find_traces(roots: Iterable[Path], needles: dict[str, bytes]) -> list[tuple[str, str]]:
    """Every (file, needle name) where a needle's bytes occur (also as UTF-16, as some caches store text)."""
    hits = []
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file() and not p.is_symlink()):
            data = path.read_bytes()
            for name, needle in needles.items():
                variants = [needle]
                try:
                    variants.append(needle.decode().encode("utf-16-le"))
                except UnicodeDecodeError:
                    pass
                if any(variant in data for variant in variants):
                    hits.append((str(path), name))
    return hits
