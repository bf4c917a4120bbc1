"""Rollback against a real Secret Service (gnome-keyring on a private D-Bus session), through the command
line as a person would meet it: the case folder and its anchor are put back to an older copy while the
keyring kept the newer journal head; `case verify` and `export` name it as a rollback and change nothing, and
`case accept-restore` takes it back on purpose.
Under CI=true a missing gnome-keyring fails instead of skipping. About 10 s: three keyring sessions of ~3 s
start-up each (a new case, then two imports, then verify, export and a reopen), the price of a real keyring.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

import pytest
from PIL import Image

from tests.core.store.case_files import PASSPHRASE
from tests.support.secret_service import SecretServiceSandbox

pytestmark = pytest.mark.secretservice

EVIDENCEKIT = [sys.executable, "-m", "evidencekit"]


def _picture(path: Path, colour: tuple[int, int, int]) -> Path:
    Image.new("RGB", (64, 48), colour).save(path)
    return path


def test_a_folder_and_anchor_put_back_are_named_as_a_rollback(secret_service: SecretServiceSandbox,
                                                               monkeypatch: pytest.MonkeyPatch, home: Path,
                                                               tmp_path: Path) -> None:
    monkeypatch.delenv("EVIDENCEKIT_PASSPHRASE", raising=False)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)  # keyring finds the Secret Service itself
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE)
    first, second = _picture(tmp_path / "one.png", (200, 30, 30)), _picture(tmp_path / "two.png", (30, 30, 200))
    made = secret_service.run([*EVIDENCEKIT, "case", "new", "--title", "rolled back", "--passphrase-file",
                               str(secret), "--json"])
    assert made.returncode == 0, made.stderr
    case = json.loads(made.stdout)
    assert case["key_in_keyring"] is True
    folder, anchor = Path(case["path"]), home / "anchors" / f"{case['id']}.json"

    # one session: import a picture, keep a copy of the folder and its anchor, import another
    script = (f"{_cli('import', case['id'], str(first))} && cp -a {folder} {tmp_path / 'copy'} && "
              f"cp -a {anchor} {tmp_path / 'copy-anchor'} && {_cli('import', case['id'], str(second))}")
    done = secret_service.run(script)
    assert done.returncode == 0, done.stderr

    shutil.copytree(folder, tmp_path / "newer")
    shutil.copy2(anchor, tmp_path / "newer-anchor")
    _put_back(tmp_path / "copy", tmp_path / "copy-anchor", folder, anchor)

    # one more session (each costs ~3 s of gnome-keyring start-up): verify, export, then the newer copy
    out = tmp_path / "out"
    out.mkdir()
    bundle = tmp_path / "bundle.pdf"
    later = secret_service.run(
        f"{_cli('case', 'verify', case['id'])} >{out}/verify.out 2>&1; echo $? >{out}/verify.rc; "
        f"{_cli('export', case['id'], str(bundle))} >{out}/export.out 2>&1; echo $? >{out}/export.rc; "
        f"rm -rf {folder} && cp -a {tmp_path / 'newer'} {folder} && cp -a {tmp_path / 'newer-anchor'} {anchor} && "
        f"{_cli('exhibits', case['id'], '--json')} >{out}/exhibits.out 2>{out}/exhibits.err; "
        f"echo $? >{out}/exhibits.rc; "
        # then the older copy again, put back on purpose this time: accepted, journaled, opens as usual after
        f"rm -rf {folder} && cp -a {tmp_path / 'copy'} {folder} && cp -a {tmp_path / 'copy-anchor'} {anchor} && "
        f"{_cli('case', 'accept-restore', case['id'])} >{out}/accept.out 2>&1; echo $? >{out}/accept.rc; "
        f"{_cli('case', 'verify', case['id'], '--json')} >{out}/reverify.out 2>&1; echo $? >{out}/reverify.rc")
    assert later.returncode == 0, later.stderr

    def said(name: str) -> tuple[int, str]:
        return int((out / f"{name}.rc").read_text()), (out / f"{name}.out").read_text()

    status, text = said("verify")
    assert status == 1, text
    assert "rollback" in text and "older than the last state this computer saw" in text
    assert "Traceback" not in text
    status, text = said("export")
    assert status == 1, text
    assert "rollback" in text and "Traceback" not in text
    assert not bundle.exists()

    # the newer copy put back opens as before: the refusal was about the older copy, not the case
    status, text = said("exhibits")
    assert status == 0, (out / "exhibits.err").read_text()
    assert [exhibit["reference"] for exhibit in json.loads(text)["exhibits"]] == ["EK-001", "EK-002"]

    # `case accept-restore`: the person says the older copy was put back on purpose
    status, text = said("accept")
    assert status == 0, text
    assert "older copy was accepted" in text and "Traceback" not in text
    status, text = said("reverify")
    assert status == 0, text
    assert json.loads(text)["ok"] is True


def _put_back(copy: Path, copy_anchor: Path, folder: Path, anchor: Path) -> None:
    shutil.rmtree(folder)
    shutil.copytree(copy, folder)
    shutil.copy2(copy_anchor, anchor)


def _cli(*args: str) -> str:
    import shlex

    return shlex.join([*EVIDENCEKIT, *args])
