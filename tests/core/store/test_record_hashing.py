"""A journal record's hash is SHA-256 of the RFC 8785 form of its body, whichever way it is computed.

Reading the journal takes a shortcut (hash the record's own bytes when they are provably canonical);
these properties check it against the rfc8785 library for any JSON the store could ever be handed.
"""

from __future__ import annotations

import json
from typing import Any

import rfc8785
from hypothesis import given, settings
from hypothesis import strategies as st

from evidencekit.canonical import sha256_hex
from evidencekit.store.events import EVENT_VERSION, parse_record, read_record

_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=12)  # any character but lone surrogates
_numbers = st.integers(min_value=-(2**60), max_value=2**60) | st.floats(allow_nan=False, allow_infinity=False)
_json = st.recursive(st.none() | st.booleans() | _numbers | _text,
                     lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_text, inner, max_size=4),
                     max_leaves=20)


def _body(data: dict[str, Any], inputs: list[Any]) -> dict[str, Any]:
    return {"v": EVENT_VERSION, "case": "c" * 32, "seq": 1, "time": {"utc": "2026-01-01T00:00:00.000Z"},
            "actor": {"role": "victim", "name": ""}, "action": "details.set", "object": None,
            "inputs": inputs, "outputs": [], "data": data, "app": "evidencekit test", "prev": "0" * 64,
            "mac": "ab" * 32}


def _canonical_or_none(body: dict[str, Any]) -> bytes | None:
    """RFC 8785 bytes of `body`, if they can be read back and written again (integral floats of 2^53 and
    beyond come back as integers RFC 8785 refuses; the store never writes floats)."""
    try:
        canonical = rfc8785.dumps(body)
        rfc8785.dumps(json.loads(canonical))
    except rfc8785.CanonicalizationError:
        return None
    return canonical


@settings(max_examples=400, deadline=None)
@given(data=st.dictionaries(_text | st.just("mac"), _json | st.just({"mac": "ab" * 32, "object": None}), max_size=5),
       inputs=st.lists(_json, max_size=3))
def test_hash_of_a_canonical_record_equals_the_rfc8785_hash(data: dict[str, Any], inputs: list[Any]) -> None:
    body = _body(data, inputs)
    canonical = _canonical_or_none(body)
    if canonical is None:
        return
    event, unsealed = read_record(canonical)
    assert event.hash == sha256_hex(canonical)
    # what the seal is checked over: the record without "mac", in RFC 8785 form, whatever "data" holds
    # (nested "mac" keys included: the reader cuts the top-level member out of the bytes)
    assert unsealed == rfc8785.dumps({key: value for key, value in body.items() if key != "mac"})


@settings(max_examples=200, deadline=None)
@given(data=st.dictionaries(_text, _json, max_size=5))
def test_a_record_in_another_json_form_still_gets_the_canonical_hash(data: dict[str, Any]) -> None:
    body = _body(data, [])
    canonical = _canonical_or_none(body)
    if canonical is None:
        return
    spaced = json.dumps(body, indent=1, ensure_ascii=True).encode()
    assert parse_record(spaced).hash == sha256_hex(canonical)


def test_keys_outside_the_basic_plane_are_ordered_by_utf16_as_rfc8785_says() -> None:
    body = _body({"\U0001f600": 1, "\uffff": 2, "a": 3}, [])
    canonical = rfc8785.dumps(body)
    assert canonical.index("\U0001f600".encode()) < canonical.index("\uffff".encode())  # UTF-16 order
    assert parse_record(canonical).hash == sha256_hex(canonical)
    assert parse_record(json.dumps(body, sort_keys=True).encode()).hash == sha256_hex(canonical)
