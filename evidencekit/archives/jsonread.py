"""JSON from untrusted files: bounded size (the container refuses big members), bounded nesting, one
sentence for anything malformed."""

from __future__ import annotations

import json
import re
from typing import Any

from evidencekit.archives import limits
from evidencekit.archives.container import ArchiveNotRead, Container
from evidencekit.archives.text import decode_text
from evidencekit.i18n import _

_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_INNERMOST = re.compile(r"\[\]|\{\}")


def too_deep(text: str, limit: int) -> bool:
    """Whether JSON text nests deeper than `limit`: strings dropped, then innermost bracket pairs removed
    pass by pass (each pass one regex over the text, in C) — never a Python loop over every value."""
    skeleton = _NOT_BRACKET.sub("", _STRING.sub("", text))
    for _level in range(limit):
        shorter = _INNERMOST.sub("", skeleton)
        if len(shorter) == len(skeleton):
            return False  # empty, or only unmatched brackets left: json.loads says what is wrong
        skeleton = shorter
    return bool(_INNERMOST.search(skeleton))


def load_json(container: Container, name: str) -> Any:
    """The member parsed as JSON; ArchiveNotRead with one sentence if it is not plain, shallow JSON.
    The last file parsed is kept on the container (a parser asks for the same file to detect, list, read)."""
    cached = container.last_parsed
    if cached is not None and cached[0] == name:
        return cached[1]
    text = decode_text(container.read(name), name)
    short = name[-120:]
    if too_deep(text, limits.MAX_JSON_DEPTH):
        raise ArchiveNotRead(_("{member} is nested too deeply to be a platform's file, so it was not "
                               "read.").format(member=short))

    def refuse_constant(token: str) -> Any:
        raise ValueError(token)

    try:
        value = json.loads(text, parse_constant=refuse_constant)
    except RecursionError as exc:
        raise ArchiveNotRead(_("{member} is nested too deeply to be a platform's file, so it was not "
                               "read.").format(member=short)) from exc
    except json.JSONDecodeError as exc:
        raise ArchiveNotRead(_("{member} is not valid JSON (line {line}, column {column}); it may be damaged or "
                               "cut short.").format(member=short, line=exc.lineno, column=exc.colno)) from exc
    except ValueError as exc:
        raise ArchiveNotRead(_("{member} is not valid JSON; it may be damaged.").format(member=short)) from exc
    container.last_parsed = (name, value)
    return value
