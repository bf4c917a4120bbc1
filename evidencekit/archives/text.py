"""Text from untrusted files: strict decoding with one sentence on failure, Meta's mojibake undone,
and characters that could make a line read differently than it is written (bidi overrides, controls) removed."""

from __future__ import annotations

import re

from evidencekit.archives import limits
from evidencekit.archives.container import ArchiveNotRead
from evidencekit.i18n import _

# C0/C1 controls except tab and newline; bidi embeddings, overrides and isolates; zero-width no-break.
_HIDDEN = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def decode_text(data: bytes, name: str) -> str:
    """UTF-8 (with or without BOM) or UTF-16 with BOM; anything else is one sentence, never a guess."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise _not_text(name, exc.start) from exc
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _not_text(name, exc.start) from exc


def _not_text(name: str, position: int) -> ArchiveNotRead:
    return ArchiveNotRead(_("{member} is not valid UTF-8 text (at byte {position}), so the chat in it could not be "
                            "read; the platform's exports are UTF-8.").format(member=name[-120:], position=position))


def fix_meta_text(text: str) -> str:
    """Meta's downloads write each UTF-8 byte as its own \\u00XX escape ("Ã©" for "é"): undo exactly that.

    Only a string made wholly of code points below 256 that are valid UTF-8 bytes is changed; anything
    else (already right, or genuinely Latin-1 text) is kept as it is.
    """
    if text.isascii():
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def clean(text: str, limit: int = limits.MAX_MESSAGE_CHARS) -> tuple[str, bool]:
    """Text as it is shown: hidden direction and control characters removed, cut at `limit`; (text, was cut)."""
    shown = _HIDDEN.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    if len(shown) > limit:
        return shown[:limit], True
    return shown, False
