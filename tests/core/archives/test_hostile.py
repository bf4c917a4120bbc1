"""Hostile archives: each gets one sentence, nothing is written outside the case, memory stays bounded."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from evidencekit.archives import analyse, limits
from tests.core.archives.conftest import offender_chat
from tests.core.capture.conftest import Case, run_cli
from tests.support.chat_archives import meta_download, whatsapp_text


def _zip(files: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in files.items():
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return out.getvalue()


def _one_sentence(text: str) -> None:
    assert text and "Traceback" not in text and "Error" not in text
    assert text.rstrip().count(". ") <= 1, text  # one sentence (a second only for "nothing was imported")


def _problem(tmp_path: Path, name: str, data: bytes) -> str:
    path = tmp_path / name
    path.write_bytes(data)
    analysis = analyse(path)
    assert analysis.threads == [] and analysis.problem
    _one_sentence(analysis.problem)
    return analysis.problem


def test_a_zip_bomb_is_refused_from_its_directory(tmp_path):
    chat = whatsapp_text(offender_chat()).encode()
    bomb = _zip({"WhatsApp Chat with Sam.txt": chat, "padding.bin": bytes(64 * limits.MIB)})
    assert len(bomb) < 200_000  # 64 MiB of zeros packs into ~64 KB
    assert "zip bomb" in _problem(tmp_path, "bomb.zip", bomb)


@pytest.mark.parametrize("name", ["../../evil.txt", "/etc/cron.d/evil", "chat/../../evil.txt", "C:\\evil.txt",
                                  "..\\..\\evil.txt"])
def test_names_that_point_outside_the_archive(tmp_path, name):
    problem = _problem(tmp_path, "traversal.zip", _zip({"WhatsApp Chat with Sam.txt": b"x", name: b"owned"}))
    assert "points outside the archive" in problem
    assert not (tmp_path.parent / "evil.txt").exists() and not Path("/etc/cron.d/evil").exists()


def test_invalid_utf8_in_a_chat(tmp_path):
    text = whatsapp_text(offender_chat()).encode() + b"13/03/2026, 21:05 - Sam: \xff\xfe broken\n"
    assert "not valid UTF-8" in _problem(tmp_path, "chat.zip", _zip({"WhatsApp Chat with Sam.txt": text}))


def test_malformed_and_deeply_nested_json(tmp_path):
    good = meta_download([offender_chat()])
    with zipfile.ZipFile(io.BytesIO(good)) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    first = next(n for n in files if n.endswith("message_1.json"))
    cut = dict(files, **{first: files[first][: len(files[first]) // 2]})
    assert "is not valid JSON (line" in _problem(tmp_path, "cut.zip", _zip(cut))
    deep = b"[" * 100_000 + b"]" * 100_000
    assert "nested too deeply" in _problem(tmp_path, "deep.zip", _zip({"ChatExport/result.json": deep}))
    nested = (b'{"messages": [], "type": "personal_chat", "id": 1, "name": "x", "deep": '
              + b"[" * 200 + b"]" * 200 + b"}")
    assert "nested too deeply" in _problem(tmp_path, "nested.zip", _zip({"ChatExport/result.json": nested}))


def test_a_member_too_large_to_parse(tmp_path, monkeypatch):
    monkeypatch.setattr(limits, "MAX_PARSED_MEMBER", 64 * 1024)
    chat = whatsapp_text(offender_chat()) * 400  # ~100 KB of real chat
    assert "too large to read safely" in _problem(tmp_path, "big.zip",
                                                 _zip({"WhatsApp Chat with Sam.txt": chat.encode()}))


def test_a_damaged_zip(tmp_path):
    data = meta_download([offender_chat()])
    assert "not a complete ZIP" in _problem(tmp_path, "cut.zip", data[: len(data) // 2] + b"PK\x05\x06")


MILLION = r"""
import resource, sys, time
sys.path.insert(0, {root!r})
from pathlib import Path
from evidencekit.archives import analyse
start = time.monotonic()
analysis = analyse(Path({path!r}))
print(analysis.problem)
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024, round(time.monotonic() - start, 1))
"""


@pytest.mark.slow
def test_a_million_messages_is_one_sentence_in_bounded_memory(tmp_path, temp_dir):
    lines = "".join(f"{1 + i % 28:02d}/03/2026, {i % 24:02d}:{i % 60:02d} - Sam: message number {i}\n"
                    for i in range(1_000_000))
    path = tmp_path / "million.zip"
    path.write_bytes(_zip({"WhatsApp Chat with Sam.txt": lines.encode()}))
    before = sorted(p.name for p in tmp_path.iterdir())
    result = subprocess.run([sys.executable, "-c", MILLION.format(root=str(Path.cwd()), path=str(path))],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    problem, figures = result.stdout.strip().splitlines()
    _one_sentence(problem)
    assert "more than 200000 messages" in problem
    peak_mib, seconds = figures.split()
    print(f"1,000,000-message export ({len(lines) // limits.MIB} MiB of text): peak RSS {peak_mib} MiB, {seconds} s")
    assert int(peak_mib) < 600  # the text (~48 MiB) and its decoded copy, never the million messages
    assert sorted(p.name for p in tmp_path.iterdir()) == before and not any(temp_dir.iterdir())


def _tree(root: Path) -> list[str]:
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


def test_cli_keeps_a_hostile_archive_sealed_and_writes_nothing_outside_the_case(case: Case, tmp_path, temp_dir):
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(_zip({"../../evil.txt": b"owned", "WhatsApp Chat with Sam.txt": b"x"}))
    outside = _tree(tmp_path)
    result = run_cli("import-chat", case.id, str(bomb), *case.unlock_args())
    assert result.returncode == 0, result.stderr
    assert "points outside the archive" in result.stdout and "Traceback" not in result.stderr
    assert "Kept bomb.zip sealed in the case as EK-001" in result.stdout
    assert _tree(tmp_path) == outside and not any(temp_dir.iterdir())
    with case.open() as store:
        (exhibit,) = store.state().exhibits
        assert store.read_object(exhibit.id) == bomb.read_bytes()  # byte-exact, never read inside
        assert exhibit.kind == "chat archive" and exhibit.recorded["file_name"] == "bomb.zip"


def test_cli_refuses_a_file_it_cannot_keep_with_one_sentence(case: Case, tmp_path):
    result = run_cli("import-chat", case.id, str(tmp_path / "missing.zip"), *case.unlock_args())
    assert result.returncode == 2 and result.stderr.startswith("evidencekit: The file") and case.nothing_stored()
    result = run_cli("import-chat", case.id, "/dev/null", *case.unlock_args())
    assert result.returncode == 2 and "not a regular file" in result.stderr and case.nothing_stored()
