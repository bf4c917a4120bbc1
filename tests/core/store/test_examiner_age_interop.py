"""An examiner with the case identity can read pictures and journal records with the reference `age` tool,
exactly as docs/store-format.md describes (its Python and shell blocks are run as written), and recompute
the journal's hash chain with any RFC 8785 library.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import rfc8785

from evidencekit.store import KeyringAccess
from tests.core.store.case_files import PASSPHRASE, SampleCase, SampleFactory, journal_frames

DOC = Path(__file__).resolve().parents[3] / "docs" / "store-format.md"


@pytest.fixture
def age_tool() -> str:
    path = shutil.which("age")
    if path is None:
        reason = "the reference `age` tool is not installed (Debian: apt-get install age)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(f"CI must run the age interoperability test, but {reason}", pytrace=False)
        pytest.skip(reason)
    return path


def _age_decrypt(age_tool: str, identity_file: Path, ciphertext: bytes) -> bytes:
    return subprocess.run([age_tool, "--decrypt", "-i", str(identity_file)], input=ciphertext,
                          capture_output=True, check=True).stdout


def _check_chain(records: list[bytes], sample: SampleCase) -> list[dict[str, object]]:
    prev = "0" * 64
    bodies = []
    for number, record in enumerate(records, start=1):
        body = json.loads(record)
        assert body["seq"] == number and body["prev"] == prev
        assert rfc8785.dumps(body) == record  # records are stored as their canonical bytes
        prev = hashlib.sha256(record).hexdigest()
        assert prev == sample.event_hashes[number - 1]
        bodies.append(body)
    assert len(bodies) == len(sample.event_hashes)
    return bodies


def test_the_age_tool_decrypts_pictures_and_journal_records_split_out_of_the_journal(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, age_tool: str, tmp_path: Path) -> None:
    """Split with the tests' own frame parser (not evidencekit's, not the doc's)."""
    sample = make_sample_case(objects=(300, 150_000), events=2)
    identity_file = tmp_path / "case-identity.txt"
    identity_file.write_text((keyring_access.get(sample.id) or "") + "\n")
    identity_file.chmod(0o600)
    frames = journal_frames(sample.journal)

    pictures = {frame.object_id: frame.age_file for frame in frames if frame.kind == b"O"}
    assert set(pictures) == set(sample.objects)
    for object_id, content in sample.objects.items():
        assert _age_decrypt(age_tool, identity_file, pictures[object_id]) == content

    records = [_age_decrypt(age_tool, identity_file, frame.payload) for frame in frames if frame.kind == b"E"]
    bodies = _check_chain(records, sample)
    for index, frame in enumerate(frames[:-1]):
        if frame.kind == b"O":  # the record right after a picture's frame is the one that names it
            recorded = json.loads(_age_decrypt(age_tool, identity_file, frames[index + 1].payload))
            assert recorded["object"] == frame.object_id
            assert recorded["outputs"][0]["sha256"] == hashlib.sha256(sample.objects[frame.object_id or ""]).hexdigest()
    assert [body["action"] for body in bodies].count("exhibit.captured") == 2


def _doc_block(language: str, first_line_contains: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    for block in text.split(f"```{language}\n")[1:]:
        code = block.split("```", 1)[0]
        if first_line_contains in code.splitlines()[0]:
            return code
    raise AssertionError(f"docs/store-format.md has no {language} block starting with {first_line_contains!r}")


def _unwrapped_identity(sample: SampleCase, tmp_path: Path) -> str:
    unwrap = tmp_path / "unwrap.py"
    unwrap.write_text(_doc_block("python", "# examiner: unwrap"))
    key_file = str(sample.folder / "keys" / "passphrase.key")
    identity = subprocess.run([sys.executable, str(unwrap), key_file, PASSPHRASE], capture_output=True, text=True,
                              check=True).stdout.strip()
    assert identity.startswith("AGE-SECRET-KEY-1")
    wrong = subprocess.run([sys.executable, str(unwrap), key_file, "not the passphrase"], capture_output=True,
                           text=True, check=False)
    assert wrong.returncode == 1 and "wrong passphrase" in wrong.stderr
    return identity


def _split(workdir: Path, journal: Path) -> subprocess.CompletedProcess[str]:
    """The doc's split block, run the way the doc says: `python3 split.py journal.ekj split/`."""
    (workdir / "split.py").write_text(_doc_block("python", "# examiner: split journal.ekj"))
    return subprocess.run([sys.executable, "split.py", str(journal), "split/"], cwd=workdir, capture_output=True,
                          text=True, check=False)


def test_the_examiner_steps_in_the_format_doc_work_as_written(
        make_sample_case: SampleFactory, age_tool: str, tmp_path: Path) -> None:
    sample = make_sample_case(objects=(300, 70_000), events=1)
    workdir = tmp_path / "examiner"
    workdir.mkdir()
    (workdir / "identity.txt").write_text(_unwrapped_identity(sample, tmp_path) + "\n")

    split = _split(workdir, sample.journal)
    assert split.returncode == 0, split.stderr
    assert f"{len(sample.event_hashes)} records" in split.stdout
    records = sorted((workdir / "split" / "records").iterdir())
    assert [path.name for path in records] == [f"{n:06d}.age" for n in range(1, len(sample.event_hashes) + 1)]
    assert sorted(p.name for p in (workdir / "split" / "objects").iterdir()) == sorted(
        f"{object_id}.age" for object_id in sample.objects)

    subprocess.run(["bash", "-c", _doc_block("sh", "for record in split/records")], cwd=workdir, check=True,
                   env={**os.environ, "PATH": f"{Path(age_tool).parent}:{os.environ['PATH']}"})
    events = [json.loads(line) for line in (workdir / "journal.jsonl").read_text().splitlines()]
    lines = (workdir / "journal.jsonl").read_bytes().splitlines()
    assert [hashlib.sha256(line).hexdigest() for line in lines] == sample.event_hashes  # step 5, as written
    assert [hashlib.sha256(rfc8785.dumps(e)).hexdigest() for e in events] == sample.event_hashes

    for object_id, content in sample.objects.items():  # step 3
        decrypted = subprocess.run([age_tool, "--decrypt", "-i", "identity.txt", f"split/objects/{object_id}.age"],
                                   cwd=workdir, capture_output=True, check=True).stdout
        assert decrypted == content
        (recorded,) = [e for e in events if e["object"] == object_id]
        assert recorded["outputs"][0]["sha256"] == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize("cut", [
    "inside a picture frame", "inside a frame header", "a few header bytes", "zeros a file system left",
])
def test_the_doc_split_script_reads_every_record_of_a_journal_with_a_crash_tail(
        make_sample_case: SampleFactory, tmp_path: Path, cut: str) -> None:
    """A crash leaves an unfinished save at the end; the examiner's script must still give every whole record
    and say the last save is unfinished, as the store itself treats it, wherever the cut falls."""
    sample = make_sample_case(objects=(300, 70_000), events=0)
    frames = journal_frames(sample.journal)
    picture = frames[-2]
    at = {"inside a picture frame": (picture.start + picture.end) // 2, "inside a frame header": picture.start + 11,
          "a few header bytes": picture.start + 4, "zeros a file system left": 0}[cut]
    copy = tmp_path / "journal.ekj"
    data = sample.journal.read_bytes()
    copy.write_bytes(data[:picture.start] + bytes(4096) if cut == "zeros a file system left" else data[:at])
    workdir = tmp_path / "examiner"
    workdir.mkdir()
    split = _split(workdir, copy)
    assert "Traceback" not in split.stderr, split.stderr
    assert split.returncode == 0, split.stderr
    assert "unfinished" in split.stderr
    whole = len(sample.event_hashes) - 1
    assert f"{whole} records" in split.stdout
    assert len(list((workdir / "split" / "records").iterdir())) == whole
