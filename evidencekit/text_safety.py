"""Free text people type, and text printed to a terminal: no control or direction-override characters.

An escape sequence in a case title redraws the terminal that prints it; a right-to-left override makes
"gpj.exe" read as "exe.jpg". Such characters are refused where text comes in (one sentence, nothing
changed) and escaped where any text goes out to a terminal (as `\\u202e`, `\\u001b`), so a title, a file
name or a window title recorded earlier can never act on the terminal of whoever reads it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TextIO

from evidencekit.errors import UsageError

MAX_TITLE = 200


class _Lazy:
    """A regular expression compiled when first used: compiling these at import was ~0.5 ms of every
    command's start, and a capture with no text given (or only ASCII output) never needs them."""

    __slots__ = ("_compiled", "_pattern")

    def __init__(self, pattern: str) -> None:
        self._pattern = pattern
        self._compiled: re.Pattern[str] | None = None

    def _get(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(self._pattern)
        return self._compiled

    def search(self, text: str) -> re.Match[str] | None:
        return self._get().search(text)

    def match(self, text: str) -> re.Match[str] | None:
        return self._get().match(text)

    def sub(self, replace: Callable[[re.Match[str]], str], text: str) -> str:
        return self._get().sub(replace, text)


# C0 and C1 controls, DEL, line/paragraph separators, and the bidi embeddings, overrides and isolates.
_BIDI = "\u202a-\u202e\u2066-\u2069"
_UNSAFE_LINE = _Lazy(f"[\x00-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")
_UNSAFE_TEXT = _Lazy(f"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029{_BIDI}]")  # tab and newline allowed
_UNSAFE_OUTPUT = _UNSAFE_TEXT
_BIDI_RE = _Lazy(f"[{_BIDI}]")
# What _UNSAFE_OUTPUT matches in ASCII text: C0 controls but tab and newline, and DEL.
_UNSAFE_ASCII = bytes([*range(0x09), *range(0x0B, 0x20), 0x7F])


def _(message: str) -> str:
    """gettext, loaded only when a sentence is needed (i18n imports dataclasses; a capture must not)."""
    from evidencekit.i18n import gettext

    return gettext(message)


def unsafe_character(text: str, *, multiline: bool = False) -> str | None:
    """The first character `text` may not hold (None if it is clean)."""
    if not text:
        return None
    found = (_UNSAFE_TEXT if multiline else _UNSAFE_LINE).search(text)
    return found.group() if found else None


def problem(text: str, *, multiline: bool = False) -> str | None:
    """What is wrong with `text` as typed input, as the end of a sentence about it; None if clean."""
    found = unsafe_character(text, multiline=multiline)
    if found is None:
        return None
    code = f"U+{ord(found):04X}"
    if _BIDI_RE.match(found):
        return _("contains a text-direction override ({code}), an invisible character that can make text look "
                 "different from what it is").format(code=code)
    if found in "\n\r\u2028\u2029":
        return _("contains a line break ({code}); it must be one line").format(code=code)
    return _("contains a control character ({code})").format(code=code)


def check_text(text: str, what: str, *, multiline: bool = False, limit: int | None = None) -> str:
    """`text` unchanged if it is clean and short enough; otherwise UsageError naming `what` ("The title")."""
    found = problem(text, multiline=multiline)
    if found is not None:
        raise UsageError(_("{what} {problem}. Remove it and try again; nothing was changed.").format(
            what=what, problem=found))
    if limit is not None and len(text) > limit:
        raise UsageError(_("{what} is {length} characters long; at most {limit} are allowed. Shorten it and try "
                           "again; nothing was changed.").format(what=what, length=len(text), limit=limit))
    return text


def check_title(title: str) -> str:
    """A case title: one line, no control or direction characters, at most MAX_TITLE characters."""
    return check_text(title, _("The title"), limit=MAX_TITLE)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"  # the JSON form too: --json output stays valid JSON


def escaped(text: str) -> str:
    """`text` with every control and direction character (but tab and newline) written out as \\uNNNN."""
    if text.isascii():  # the usual case, checked ~2.5x faster than by the expression (a 1,000-row listing)
        raw = text.encode("ascii")
        if len(raw.translate(None, _UNSAFE_ASCII)) == len(raw):
            return text
    return _UNSAFE_OUTPUT.sub(_escape, text)


class EscapingStream:
    """A text stream that escapes what it is given (see `escaped`) before writing it to `stream`.

    A carriage return that starts a write is kept (the export's progress line redraws itself with one);
    anywhere else it is escaped, so recorded text cannot overwrite a line already printed.
    """

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def write(self, text: str) -> int:
        head = "\r" if text.startswith("\r") else ""
        self.stream.write(head + escaped(text[len(head):]))
        return len(text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.stream, name)
