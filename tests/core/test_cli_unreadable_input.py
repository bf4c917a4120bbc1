"""Files that cannot be read and text that is not UTF-8: one sentence naming the file, never a traceback,
and nothing already stored is touched."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from tests.core.store.case_files import snapshot_tree
from tests.core.store.cli import run_cli

NOT_UTF8 = os.fsdecode(b"caf\xe9")  # Latin-1 bytes: what a file name or argument from an old system may hold


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\0\x80")) + chunk(b"IEND", b""))


@pytest.fixture
def case(home: Path) -> str:
    made = run_cli(["case", "new", "--json"], home=home)
    assert made.returncode == 0, made.stderr
    return str(json.loads(made.stdout)["id"])


def _one_sentence(result: subprocess.CompletedProcess[str], code: int, *words: str) -> str:
    assert result.returncode == code, (result.returncode, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


@pytest.mark.parametrize("option", ["--passphrase-file", "--recovery-key-file"])
def test_a_key_file_that_is_not_utf8_is_named(home: Path, case: str, tmp_path: Path, option: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_bytes(b"\xff\xfe not text \x80")
    before = snapshot_tree(home)
    result = run_cli(["case", "show", case, option, str(secret)], home=home, passphrase=None)
    _one_sentence(result, 2, str(secret), "not text in UTF-8")
    assert snapshot_tree(home) == before


@pytest.mark.parametrize("name", ["keys/passphrase.key", "journal.ekj"])
def test_a_case_file_that_cannot_be_read_is_named(home: Path, case: str, name: str) -> None:
    target = home / "cases" / case / name
    target.unlink()
    target.mkdir()  # reading it fails with an OSError, as an unreadable file does for a normal user
    result = run_cli(["case", "show", case], home=home)
    assert result.returncode in (1, 2)
    _one_sentence(result, result.returncode, Path(name).name)
    assert target.is_dir()


def test_a_file_name_that_is_not_utf8_is_refused(home: Path, case: str, tmp_path: Path) -> None:
    picture = tmp_path / NOT_UTF8
    picture.write_bytes(_png())
    before = snapshot_tree(home)
    result = run_cli(["import", case, str(picture)], home=home)
    _one_sentence(result, 2, "not valid UTF-8", "caf")
    assert snapshot_tree(home) == before


@pytest.mark.parametrize("option", ["--operator", "--label"])
def test_an_argument_that_is_not_utf8_is_refused(home: Path, case: str, tmp_path: Path, option: str) -> None:
    picture = tmp_path / "shot.png"
    picture.write_bytes(_png())
    before = snapshot_tree(home)
    result = run_cli(["import", case, str(picture), option, NOT_UTF8], home=home)
    _one_sentence(result, 2, option, "not text in UTF-8")
    assert snapshot_tree(home) == before


def test_an_unreadable_case_folder_in_the_listing_is_named(home: Path, case: str) -> None:
    folder = home / "cases" / case
    (folder / "case.json").unlink()
    (folder / "case.json").mkdir()
    result = run_cli(["case", "show", case], home=home)
    _one_sentence(result, result.returncode, "case.json")


def test_an_operator_variable_that_is_not_utf8_is_refused(home: Path, case: str) -> None:
    before = snapshot_tree(home)
    result = run_cli(["case", "verify", case], home=home, extra_env={"EVIDENCEKIT_OPERATOR": NOT_UTF8})
    _one_sentence(result, 2, "$EVIDENCEKIT_OPERATOR", "not text in UTF-8")
    assert snapshot_tree(home) == before
