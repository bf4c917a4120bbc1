"""Hostile input: control characters, direction overrides, 100,000-character titles, JSON nested 100,000
deep, a decompression-bomb PNG. Each gets one clear sentence, exit 2, and nothing is stored. Text that
is already recorded (a file name, an old title) is printed escaped, never acted on by the terminal."""

from __future__ import annotations

import json
import struct
import subprocess
import zlib
from pathlib import Path

import pytest
from PIL import Image

from evidencekit.store import CaseStore
from tests.core.store.case_files import PASSPHRASE, snapshot_tree
from tests.core.store.cli import run_cli


@pytest.fixture
def case(home: Path) -> str:
    made = run_cli(["case", "new", "--title", "plain", "--json"], home=home)
    assert made.returncode == 0, made.stderr
    return str(json.loads(made.stdout)["id"])


def _refused(result: subprocess.CompletedProcess[str], *words: str) -> str:
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr and "Error" not in result.stderr, result.stderr
    assert "\x1b" not in result.stderr and "\u202e" not in result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize(("title", "words"), [
    ("evil\x1b[2J\x1b[Hcleared", ("The title", "control character (U+001B)")),
    ("invoice\u202egpj.exe", ("The title", "text-direction override (U+202E)")),
    ("two\nlines", ("The title", "line break")),
    ("x" * 100_000, ("The title", "100000 characters", "at most 200")),
])
def test_a_bad_title_makes_no_case(home: Path, title: str, words: tuple[str, ...]) -> None:
    result = run_cli(["case", "new", "--title", title], home=home)
    _refused(result, *words, "nothing was changed")
    assert not list((home / "cases").glob("*")) if (home / "cases").exists() else True


def test_a_title_of_200_characters_is_fine(home: Path) -> None:
    assert run_cli(["case", "new", "--title", "é" * 200], home=home).returncode == 0


@pytest.mark.parametrize(("option", "value", "words"), [
    ("--label", "profile\x1b]0;owned\x07", ("The label", "U+001B")),
    ("--notes", "line one\nline \u2066two", ("The notes", "U+2066")),
    ("--url", "https://x.example/\u202e", ("The URL", "U+202E")),
    ("--operator", "Sam\x1b[31m", ("support worker's name", "U+001B")),
])
def test_bad_text_in_exhibit_fields_or_the_operator_stores_nothing(home: Path, case: str, tmp_path: Path,
                                                                    option: str, value: str,
                                                                    words: tuple[str, ...]) -> None:
    picture = tmp_path / "shot.png"
    Image.new("RGB", (40, 30), (9, 9, 9)).save(picture)
    before = snapshot_tree(home)
    _refused(run_cli(["import", case, str(picture), option, value], home=home), *words)
    assert snapshot_tree(home) == before


def test_notes_keep_their_line_breaks(home: Path, case: str, tmp_path: Path) -> None:
    picture = tmp_path / "shot.png"
    Image.new("RGB", (40, 30), (9, 9, 9)).save(picture)
    result = run_cli(["import", case, str(picture), "--notes", "first line\n\tsecond line"], home=home)
    assert result.returncode == 0, result.stderr


def test_json_nested_100000_deep_is_refused_in_one_sentence(home: Path, case: str, tmp_path: Path) -> None:
    deep = tmp_path / "deep.json"
    deep.write_text("[" * 100_000 + "]" * 100_000)
    before = snapshot_tree(home)
    _refused(run_cli(["case", "details", case, "--file", str(deep)], home=home), str(deep),
             "too deeply nested", "100000 levels")
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text('{"summary": ' + "[" * 100_000 + "]" * 100_000 + "}")
    _refused(run_cli(["case", "details", case, "--file", str(wrapped)], home=home), "too deeply nested")
    assert snapshot_tree(home) == before


def test_a_huge_details_file_is_refused_before_it_is_read(home: Path, case: str, tmp_path: Path) -> None:
    huge = tmp_path / "huge.json"
    with huge.open("w") as handle:
        handle.write('{"summary": "')
        handle.write("a" * (3 * 1024 * 1024))
        handle.write('"}')
    before = snapshot_tree(home)
    _refused(run_cli(["case", "details", case, "--file", str(huge)], home=home), "too large")
    assert snapshot_tree(home) == before


def test_direction_overrides_in_details_are_refused(home: Path, case: str, tmp_path: Path) -> None:
    details = tmp_path / "details.json"
    details.write_text(json.dumps({"suspect_accounts": [{"username": "mark\u202eredoc"}]}))
    before = snapshot_tree(home)
    _refused(run_cli(["case", "details", case, "--file", str(details)], home=home),
             "suspect_accounts[0].username", "U+202E")
    assert snapshot_tree(home) == before


def _bomb_png(width: int, height: int) -> bytes:
    """A valid 1-bit greyscale PNG of width×height black pixels: a few hundred kilobytes."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    row = b"\0" * (1 + (width + 7) // 8)
    packer = zlib.compressobj(9)
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))


def test_a_decompression_bomb_is_too_large_not_damaged(home: Path, case: str, tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.png"
    bomb.write_bytes(_bomb_png(40_000, 40_000))
    assert bomb.stat().st_size < 1_000_000
    before = snapshot_tree(home)
    line = _refused(run_cli(["import", case, str(bomb)], home=home), "bomb.png is too large: 40000×40000 pixels")
    assert "damaged" not in line
    assert snapshot_tree(home) == before


def test_recorded_text_is_printed_escaped(home: Path, case: str, tmp_path: Path) -> None:
    picture = tmp_path / "name\x1b[2J\u202eevil.png"
    Image.new("RGB", (40, 30), (9, 9, 9)).save(picture)
    imported = run_cli(["import", case, str(picture)], home=home)
    assert imported.returncode == 0, imported.stderr
    with CaseStore.open(case, passphrase=PASSPHRASE, home=home) as store:  # a title another tool wrote
        store.append_event("case.renamed", {"title": "old\x1b]0;owned\x07title"})
    for args in (["exhibits", case], ["exhibits", case, "--json"], ["case", "show", case], ["case", "show", case,
                                                                                          "--json"]):
        shown = run_cli(args, home=home)
        assert shown.returncode == 0, shown.stderr
        for raw in ("\x1b", "\x07", "\u202e"):
            assert raw not in shown.stdout, (args, raw)
    assert "old\\u001b]0;owned\\u0007title" in run_cli(["case", "show", case], home=home).stdout
    listing = json.loads(run_cli(["exhibits", case, "--json"], home=home).stdout)  # escapes are valid JSON
    assert listing["exhibits"][0]["recorded"]["file_name"] == picture.name
