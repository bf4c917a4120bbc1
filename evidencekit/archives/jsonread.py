"""JSON from untrusted files: bounded size (the container refuses big members), bounded nesting, one
sentence for anything malformed."""

from __future__ import annotations

import json
from typing import Any

from evidencekit.archives import limits
from evidencekit.archives.container import ArchiveNotRead, Container
from evidencekit.archives.text import decode_text
from evidencekit.i18n import _


def _depth(value: Any, limit: int) -> int:
    """Deepest nesting of parsed JSON, walked without recursion; stops counting past `limit`."""
    deepest = 0
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, level = stack.pop()
        if isinstance(item, (dict, list)):
            deepest = max(deepest, level)
            if deepest > limit:
                return deepest
            children = item.values() if isinstance(item, dict) else item
            stack.extend((child, level + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def load_json(container: Container, name: str) -> Any:
    """The member parsed as JSON; ArchiveNotRead with one sentence if it is not plain, shallow JSON."""
    text = decode_text(container.read(name), name)
    short = name[-120:]

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
    if _depth(value, limits.MAX_JSON_DEPTH) > limits.MAX_JSON_DEPTH:
        raise ArchiveNotRead(_("{member} is nested too deeply to be a platform's file, so it was not "
                               "read.").format(member=short))
    return value
