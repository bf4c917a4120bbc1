"""JSON a person hands to evidencekit (a case-details file): bounded in size and depth before parsing.

Python's json parser recurses once per level: a file nested 100,000 levels deep ends in RecursionError,
and a gigabyte file is read whole. Both get their own sentence here, before anything is parsed.
"""

from __future__ import annotations

import json
import re
from typing import Any

from evidencekit.errors import UsageError
from evidencekit.i18n import _

MAX_DEPTH = 32  # case details are 4 levels deep
MAX_DETAILS_BYTES = 1024 * 1024
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(r"[\[\]{}]")


def nesting_depth(text: str) -> int:
    """How deeply arrays and objects nest in `text` (strings skipped); a cheap scan, no recursion."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRING.sub('""', text)):
        if match.group() in "[{":
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def too_large(what: str, size: int, limit: int) -> UsageError:
    return UsageError(_("{what} is too large ({size} bytes; at most {limit} are read). Nothing was changed.").format(
        what=what, size=size, limit=limit))


def load_json(text: str, what: str, *, max_depth: int = MAX_DEPTH) -> Any:
    """Parse `text` (already read within its size limit); UsageError with one sentence if it is not usable."""
    depth = nesting_depth(text)
    if depth > max_depth:
        raise UsageError(_("{what} is too deeply nested ({depth} levels; at most {limit}). Nothing was changed.")
                         .format(what=what, depth=depth, limit=max_depth))
    try:
        return json.loads(text, parse_float=str)
    except json.JSONDecodeError as exc:
        raise UsageError(_("{what} is not valid JSON (line {line}, column {column}: {reason}). Nothing was "
                           "changed.").format(what=what, line=exc.lineno, column=exc.colno, reason=exc.msg)) from None
    except RecursionError:
        raise UsageError(_("{what} is too deeply nested. Nothing was changed.").format(what=what)) from None
