"""An examiner with the case identity can decrypt objects and journal records with the reference `age` tool,
exactly as docs/store-format.md describes, and recompute the journal's hash chain with any RFC 8785 library.
"""

from __future__ import annotations

import base64
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
from tests.core.store.case_files import SampleFactory, journal_lines


@pytest.fixture
def age_tool() -> str:
    path = shutil.which("age")
    if path is None:
        reason = "the reference `age` tool is not installed (Debian: apt-get install age)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false", "no"):
            pytest.fail(f"CI must run the age interoperability test, but {reason}", pytrace=False)
        pytest.skip(reason)
    return path


def test_the_age_tool_decrypts_objects_and_journal_records_given_the_identity(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, age_tool: str, tmp_path: Path) -> None:
    sample = make_sample_case(objects=(300, 150_000), events=2)
    identity_file = tmp_path / "case-identity.txt"
    identity_file.write_text((keyring_access.get(sample.id) or "") + "\n")
    identity_file.chmod(0o600)

    for object_id, content in sample.objects.items():
        out = subprocess.run([age_tool, "--decrypt", "-i", str(identity_file), str(sample.object_path(object_id))],
                             capture_output=True, check=True)
        assert out.stdout == content

    prev = "0" * 64
    for number, line in enumerate(journal_lines(sample), start=1):
        record = subprocess.run([age_tool, "--decrypt", "-i", str(identity_file)],
                                input=base64.b64decode(line.strip()), capture_output=True, check=True).stdout
        body = json.loads(record)
        assert body["seq"] == number and body["prev"] == prev
        assert rfc8785.dumps(body) == record  # records are stored as their canonical bytes
        prev = hashlib.sha256(record).hexdigest()
        assert prev == sample.event_hashes[number - 1]


DOC = Path(__file__).resolve().parents[3] / "docs" / "store-format.md"


def _doc_block(language: str, first_line_contains: str) -> str:
    text = DOC.read_text(encoding="utf-8")
    for block in text.split(f"```{language}\n")[1:]:
        code = block.split("```", 1)[0]
        if first_line_contains in code.splitlines()[0]:
            return code
    raise AssertionError(f"docs/store-format.md has no {language} block starting with {first_line_contains!r}")


def test_the_examiner_steps_in_the_format_doc_work_as_written(
        make_sample_case: SampleFactory, age_tool: str, tmp_path: Path) -> None:
    sample = make_sample_case(objects=(300,), events=1)
    unwrap = tmp_path / "unwrap.py"
    unwrap.write_text(_doc_block("python", "# examiner: unwrap"))
    from tests.core.store.case_files import PASSPHRASE

    identity = subprocess.run([sys.executable, str(unwrap), str(sample.folder / "keys" / "passphrase.key"),
                               PASSPHRASE], capture_output=True, text=True, check=True).stdout.strip()
    assert identity.startswith("AGE-SECRET-KEY-1")
    wrong = subprocess.run([sys.executable, str(unwrap), str(sample.folder / "keys" / "passphrase.key"),
                            "not the passphrase"], capture_output=True, text=True, check=False)
    assert wrong.returncode == 1 and "wrong passphrase" in wrong.stderr

    (sample.folder / "identity.txt").write_text(identity + "\n")
    subprocess.run(["bash", "-c", _doc_block("sh", "while IFS= read -r line")], cwd=sample.folder, check=True,
                   env={**os.environ, "PATH": f"{Path(age_tool).parent}:{os.environ['PATH']}"})
    events = [json.loads(line) for line in (sample.folder / "journal.jsonl").read_text().splitlines()]
    assert [hashlib.sha256(rfc8785.dumps(e)).hexdigest() for e in events] == sample.event_hashes
    (object_id, content), = sample.objects.items()
    decrypted = subprocess.run([age_tool, "--decrypt", "-i", "identity.txt", f"objects/{object_id}.age"],
                               cwd=sample.folder, capture_output=True, check=True).stdout
    assert decrypted == content
    assert events[1]["object"] == object_id and events[1]["outputs"][0]["sha256"] == hashlib.sha256(content).hexdigest()
