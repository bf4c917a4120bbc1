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
