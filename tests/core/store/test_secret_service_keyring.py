"""A real Secret Service (gnome-keyring on a private D-Bus session): a case made by one process is reopened
by a new process with no passphrase at all. Under CI=true a missing gnome-keyring fails instead of skipping.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from evidencekit.store.keyring_access import SERVICE
from tests.core.store.case_files import PASSPHRASE
from tests.support.secret_service import SecretServiceSandbox

pytestmark = pytest.mark.secretservice

EVIDENCEKIT = [sys.executable, "-m", "evidencekit"]


@pytest.fixture
def sandbox(secret_service: SecretServiceSandbox, monkeypatch: pytest.MonkeyPatch) -> SecretServiceSandbox:
    monkeypatch.delenv("EVIDENCEKIT_PASSPHRASE", raising=False)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)  # let keyring find the Secret Service itself
    return secret_service


def _new_case(sandbox: SecretServiceSandbox, tmp_path: Path, *extra: str) -> dict[str, object]:
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE)
    made = sandbox.run([*EVIDENCEKIT, "case", "new", "--title", "kept in the keyring", "--passphrase-file",
                        str(secret), "--json", *extra])
    assert made.returncode == 0, made.stderr
    result: dict[str, object] = json.loads(made.stdout)
    return result


def test_a_new_process_reopens_the_case_from_the_secret_service_without_a_passphrase(
        sandbox: SecretServiceSandbox, tmp_path: Path) -> None:
    case = _new_case(sandbox, tmp_path)
    assert case["key_in_keyring"] is True
    assert sandbox.keyring_files, "gnome-keyring stored nothing on disk"

    shown = sandbox.run([*EVIDENCEKIT, "case", "show", str(case["id"]), "--json"])
    assert shown.returncode == 0, shown.stderr
    summary = json.loads(shown.stdout)
    assert summary["unlocked_by"] == "keyring"
    assert summary["title"] == "kept in the keyring"

    lookup = sandbox.run([sys.executable, "-c", "import sys; from keyring.backends.SecretService import Keyring; "
                          f"print(Keyring().get_password({SERVICE!r}, sys.argv[1]).startswith('AGE-SECRET-KEY-'))",
                          f"case:{case['id']}"])
    assert lookup.stdout.split() == ["True"], lookup.stderr  # the identity sits in the Secret Service itself


def test_a_shared_computer_case_keeps_nothing_in_the_secret_service(
        sandbox: SecretServiceSandbox, tmp_path: Path) -> None:
    case = _new_case(sandbox, tmp_path, "--shared-computer")
    assert case["key_in_keyring"] is False
    shown = sandbox.run([*EVIDENCEKIT, "case", "show", str(case["id"])])
    assert shown.returncode == 1
    assert "keyring" in shown.stderr and "--passphrase-file" in shown.stderr
