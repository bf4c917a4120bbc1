"""text_safety compiles its expressions only when text needs them (a capture with no text given and
ASCII output compiles none), and they refuse and escape as before once compiled."""

from __future__ import annotations

import pytest

from evidencekit import text_safety
from evidencekit.errors import UsageError


def test_no_expression_is_compiled_for_empty_text_and_ascii_output() -> None:
    fresh = [text_safety._Lazy(lazy._pattern) for lazy in (text_safety._UNSAFE_LINE, text_safety._UNSAFE_TEXT)]
    assert all(lazy._compiled is None for lazy in fresh)
    assert text_safety.unsafe_character("") is None
    assert text_safety.escaped('[{"reference": "EK-001"}]\n') == '[{"reference": "EK-001"}]\n'
    assert fresh[0].search("a\u202eb") is not None and fresh[0]._compiled is not None


@pytest.mark.parametrize(("text", "found"), [("ok", None), ("a\u202eb", "\u202e"), ("a\nb", "\n"), ("\x1b[2J", "\x1b")])
def test_the_lazy_expressions_still_refuse(text: str, found: str | None) -> None:
    assert text_safety.unsafe_character(text) == found
    if found is not None:
        with pytest.raises(UsageError):
            text_safety.check_text(text, "The label")
    assert text_safety.escaped("a\u202eb\x1b") == "a\\u202eb\\u001b"
