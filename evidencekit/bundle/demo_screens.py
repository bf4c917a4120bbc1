"""Made-up chat screenshots drawn with Pillow: for `evidencekit demo`, the benchmarks and the tests.

A fictional app ("Chatterly") and invented people only; phone numbers from Ofcom's drama range, web
addresses under the reserved .example domain. Encoded like a real capture (8-bit RGB PNG, see capture/png.py).
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass
from functools import cache

from PIL import Image, ImageDraw, ImageFont

from evidencekit.capture.png import encode_rgb_png
from evidencekit.paths import resources_dir

APP = "Chatterly"
BG = (246, 247, 249)
CHROME = (43, 47, 58)
SIDEBAR = (236, 238, 242)
THEM = (229, 229, 234)
ME = (11, 132, 255)
INK = (28, 30, 36)
GREY = (120, 126, 138)

Message = tuple[str, str, str]  # ("them" | "me", text, time shown)


@dataclass(frozen=True)
class ChatScreen:
    """What one screen shows: the contact, the address bar, and the messages in view."""

    contact: str
    handle: str
    url: str
    messages: tuple[Message, ...]
    day: str = ""


@cache
def _font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    try:
        return ImageFont.truetype(str(resources_dir() / "fonts" / name), size)
    except (OSError, FileNotFoundError):
        return ImageFont.load_default(size)


def _wrap(draw: ImageDraw.ImageDraw, text: str, font: ImageFont.FreeTypeFont | ImageFont.ImageFont,
          width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            trial = f"{line} {word}".strip()
            if draw.textlength(trial, font=font) <= width or not line:
                line = trial
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _chrome(draw: ImageDraw.ImageDraw, width: int, url: str) -> None:
    draw.rectangle((0, 0, width, 56), fill=CHROME)
    for index, colour in enumerate(((237, 106, 94), (245, 191, 79), (98, 197, 84))):
        draw.ellipse((18 + index * 26, 20, 34 + index * 26, 36), fill=colour)
    draw.rounded_rectangle((120, 12, width - 120, 44), radius=16, fill=(255, 255, 255))
    draw.text((140, 18), url, font=_font(17), fill=INK)


def _sidebar(draw: ImageDraw.ImageDraw, height: int, contact: str, rng: random.Random) -> None:
    draw.rectangle((0, 56, 380, height), fill=SIDEBAR)
    draw.text((24, 76), f"{APP} · Messages", font=_font(22, True), fill=INK)
    names = [contact, "Sam P.", "Alex", "Priya", "Mum", "Football group", "Jordan"]
    for index, name in enumerate(names):
        top = 130 + index * 86
        if index == 0:
            draw.rectangle((0, top - 8, 380, top + 70), fill=(214, 228, 250))
        shade = 150 + rng.randrange(80)
        draw.ellipse((20, top, 76, top + 56), fill=(shade, 120, 200 - shade // 2))
        draw.text((92, top + 4), name, font=_font(19, True), fill=INK)
        draw.text((92, top + 32), "tap to open the chat" if index else "Online now", font=_font(15), fill=GREY)


def render_chat_png(screen: ChatScreen, *, width: int = 1920, height: int = 1080, seed: int = 0) -> bytes:
    """A desktop chat window showing `screen`, as lossless PNG bytes (like a real capture)."""
    if width < 1024 or height < 600:  # the layout needs room: draw at 1280×720 and scale down
        large = Image.open(io.BytesIO(render_chat_png(screen, seed=seed, width=1280, height=720)))
        scaled = large.convert("RGB").resize((width, height), Image.Resampling.LANCZOS)
        return encode_rgb_png(scaled.tobytes(), width, height)
    rng = random.Random(seed)
    image = Image.new("RGB", (width, height), BG)
    draw = ImageDraw.Draw(image)
    _chrome(draw, width, screen.url)
    _sidebar(draw, height, screen.contact, rng)
    draw.rectangle((380, 56, width, 132), fill=(255, 255, 255))
    draw.ellipse((404, 70, 452, 118), fill=(190, 110, 150))
    draw.text((468, 72), screen.contact, font=_font(22, True), fill=INK)
    draw.text((468, 100), screen.handle, font=_font(16), fill=GREY)
    body = _font(21)
    small = _font(14)
    y = 160
    if screen.day:
        draw.text(((380 + width) // 2 - 60, y), screen.day, font=small, fill=GREY)
        y += 34
    max_text = min(760, width - 560)
    for side, text, shown in screen.messages:
        lines = _wrap(draw, text, body, max_text)
        text_width = max(int(draw.textlength(line, font=body)) for line in lines)
        bubble_h = 22 + 30 * len(lines)
        if y + bubble_h + 30 > height - 90:
            break
        left = 420 if side == "them" else width - 60 - text_width - 36
        draw.rounded_rectangle((left, y, left + text_width + 36, y + bubble_h), radius=18,
                               fill=THEM if side == "them" else ME)
        for index, line in enumerate(lines):
            draw.text((left + 18, y + 11 + 30 * index), line, font=body,
                      fill=INK if side == "them" else (255, 255, 255))
        draw.text((left + 6, y + bubble_h + 4), shown, font=small, fill=GREY)
        y += bubble_h + 34
    draw.rectangle((380, height - 80, width, height), fill=(255, 255, 255))
    draw.rounded_rectangle((410, height - 62, width - 40, height - 18), radius=22, outline=(210, 212, 218), width=2)
    draw.text((436, height - 52), "Write a message…", font=_font(18), fill=GREY)
    return encode_rgb_png(image.tobytes(), width, height)


def render_profile_png(*, name: str, handle: str, account_id: str, url: str, bio: str,
                       width: int = 1920, height: int = 1080) -> bytes:
    """A profile page of the fictional app, with the identifiers an officer needs in view."""
    image = Image.new("RGB", (width, height), BG)
    draw = ImageDraw.Draw(image)
    _chrome(draw, width, url)
    draw.rectangle((0, 56, width, 320), fill=(92, 84, 160))
    draw.ellipse((200, 220, 420, 440), fill=(255, 255, 255))
    draw.ellipse((212, 232, 408, 428), fill=(190, 110, 150))
    draw.text((460, 340), name, font=_font(44, True), fill=INK)
    draw.text((460, 400), handle, font=_font(26), fill=GREY)
    rows = (("Account ID", account_id), ("Joined", "February 2026"), ("Friends", "12"), ("Profile link", url))
    for index, (label, value) in enumerate(rows):
        top = 500 + index * 58
        draw.text((200, top), label, font=_font(22, True), fill=GREY)
        draw.text((460, top), value, font=_font(22), fill=INK)
    for index, line in enumerate(_wrap(draw, bio, _font(22), 1100)):
        draw.text((200, 760 + index * 32), line, font=_font(22), fill=INK)
    draw.rounded_rectangle((1500, 350, 1720, 410), radius=12, fill=ME)
    draw.text((1545, 365), "Message", font=_font(22, True), fill=(255, 255, 255))
    return encode_rgb_png(image.tobytes(), width, height)


def render_phone_jpeg(screen: ChatScreen, *, seed: int = 0) -> bytes:
    """A portrait phone screenshot (JPEG, as phones often save them) for the 'imported' path."""
    png = render_chat_png(screen, width=1080, height=2340, seed=seed)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=88)
    return out.getvalue()


def synthetic_conversation(seed: int, count: int = 7) -> ChatScreen:
    """A varied chat screen for benchmarks: different words and times on every seed."""
    rng = random.Random(seed)
    words = ("hey", "are you there", "answer me", "I have the video", "everyone will see it", "pay now",
             "last warning", "please stop", "I don't have that much", "you have one hour", "send the code",
             "I know your school", "your friends list", "gift cards", "don't ignore me", "why are you doing this")
    messages = []
    for index in range(count):
        side = "them" if rng.random() < 0.65 else "me"
        text = " ".join(rng.choice(words) for _ in range(rng.randint(2, 9)))
        messages.append((side, f"{text.capitalize()} ({seed}-{index})", f"21:{(seed + index * 3) % 60:02d}"))
    return ChatScreen("Lena", "@lena_x_sweet", f"https://chat.example/messages/{seed}", tuple(messages),
                      day=f"Day {seed % 28 + 1}")
