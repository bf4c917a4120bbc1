"""Every command that opens a case prints what the store noticed (its warnings: a checkpoint not used, no
anchor on this computer, ...) on stderr, one line each, and leaves stdout as it was: JSON stays JSON.
`case show` and `case verify` print them on stdout, as before, and not twice."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest
from PIL import Image

from evidencekit.language_choice import save_language
from evidencekit.store import CaseStore, layout
from tests.core.store.case_files import PASSPHRASE
from tests.core.store.cli import run_cli
from tests.support.secret_service import SecretServiceSandbox

EVIDENCEKIT = [sys.executable, "-m", "evidencekit"]

NO_ANCHOR = ("evidencekit: note: This computer had no record of this case's journal (new or moved case); one was "
             "made now.")
CHECKPOINT = "evidencekit: note: This case's checkpoint (checkpoint.ekc) is damaged or incomplete; it was not used."
# The same in Spanish (resources/locale/es), as a person who chose Spanish reads them.
NO_ANCHOR_ES = ("evidencekit: nota: Este ordenador no tenía constancia del registro de custodia de este caso (es un "
                "caso nuevo o se ha movido de sitio); desde ahora la guarda.")
CHECKPOINT_ES = ("evidencekit: nota: El punto de control de este caso (checkpoint.ekc) está dañado o incompleto; no "
                 "se ha usado.")


def _png(seed: int) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (64, 48), (seed, 90, 200)).save(out, format="PNG")
    return out.getvalue()


def _case(home: Path) -> str:
    created = CaseStore.create("warnings", PASSPHRASE, home=home, shared_computer=True)
    with created.store as store:
        store.add_object(_png(1), media_type="image/png", action="exhibit.captured",
                         data={"capture": {}, "fields": {"label": "first"}})
        return store.id


def _warn_next_open(home: Path, case_id: str) -> None:
    """The next open finds no anchor (a moved case) and a torn checkpoint: two warnings."""
    (home / "anchors" / f"{case_id}.json").unlink()
    checkpoint = home / "cases" / case_id / layout.CHECKPOINT
    checkpoint.write_bytes(checkpoint.read_bytes()[:40])


def _notes(stderr: str, prefix: str = "evidencekit: note: ") -> list[str]:
    return [line for line in stderr.splitlines() if line.startswith(prefix)]


COMMANDS = {
    "exhibits": ["exhibits", "{case}"],
    "exhibits --json": ["exhibits", "{case}", "--json"],
    "import --json": ["import", "{case}", "{png}", "--json"],
    "exhibit edit": ["exhibit", "edit", "{case}", "EK-001", "--notes", "seen again"],
    "export-original --json": ["export-original", "{case}", "EK-001", "{tmp}/original.png", "--json"],
    "identifiers --json": ["identifiers", "{case}", "--json"],
    "case details --json": ["case", "details", "{case}", "--json"],
    "export --json": ["export", "{case}", "{tmp}/bundle.pdf", "--json", "--no-sign"],
}


@pytest.mark.parametrize("name", COMMANDS, ids=list(COMMANDS))
def test_a_command_prints_the_stores_warnings_on_stderr_one_line_each(home: Path, tmp_path: Path,
                                                                      name: str) -> None:
    case_id = _case(home)
    png = tmp_path / "later.png"
    png.write_bytes(_png(2))
    args = [part.format(case=case_id, png=png, tmp=tmp_path) for part in COMMANDS[name]]
    _warn_next_open(home, case_id)
    done = run_cli(args, home=home)
    assert done.returncode == 0, done.stderr
    assert _notes(done.stderr) == [CHECKPOINT, NO_ANCHOR]  # in the order the store noticed them
    assert "no record of this case's journal" not in done.stdout and "checkpoint.ekc" not in done.stdout
    if "--json" in args:
        json.loads(done.stdout)  # stdout is one JSON document, nothing else


@pytest.mark.parametrize("how", ["--language", "saved", "LANGUAGE"])
@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_the_notes_are_in_the_language_the_person_chose(home: Path, as_json: bool, how: str) -> None:
    """Spanish chosen for this command, on the first screen (remembered on this computer) or by the
    environment: the store's notes are Spanish too, and nothing of them is left in English."""
    case_id = _case(home)
    _warn_next_open(home, case_id)
    before, env = ["--language", "es"] if how == "--language" else [], {"LANGUAGE": "es"} if how == "LANGUAGE" else {}
    if how == "saved":
        save_language("es", home)
    done = run_cli([*before, "exhibits", case_id, *(["--json"] if as_json else [])], home=home, extra_env=env)
    assert done.returncode == 0, done.stderr
    assert _notes(done.stderr, "evidencekit: nota: ") == [CHECKPOINT_ES, NO_ANCHOR_ES]
    assert _notes(done.stderr) == [] and "checkpoint.ekc) is damaged" not in done.stderr + done.stdout
    if as_json:
        json.loads(done.stdout)


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_stdout_is_what_it_is_without_warnings(home: Path, as_json: bool) -> None:
    case_id = _case(home)
    args = ["exhibits", case_id, *(["--json"] if as_json else [])]
    _warn_next_open(home, case_id)
    warned = run_cli(args, home=home)
    quiet = run_cli(args, home=home)  # the anchor was made and the checkpoint written again: nothing to say
    assert len(_notes(warned.stderr)) == 2 and quiet.stderr == ""
    assert warned.stdout == quiet.stdout


def test_the_notes_come_before_the_error_that_stops_a_command(home: Path, tmp_path: Path) -> None:
    case_id = _case(home)
    _warn_next_open(home, case_id)
    done = run_cli(["export", case_id, str(tmp_path / "no such folder" / "bundle.pdf")], home=home)
    assert done.returncode == 2
    lines = done.stderr.splitlines()
    assert lines[:2] == [CHECKPOINT, NO_ANCHOR]
    assert lines[-1].startswith("evidencekit: The folder ") and len(lines) == 3
    _warn_next_open(home, case_id)
    done = run_cli(["export", case_id, str(tmp_path / "no such folder" / "bundle.pdf"), "--json"], home=home)
    assert _notes(done.stderr) == [CHECKPOINT, NO_ANCHOR] and json.loads(done.stdout)["exit"] == 2


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_case_show_and_verify_print_them_on_stdout_as_before_and_not_again(home: Path, as_json: bool) -> None:
    case_id = _case(home)
    for command in (["case", "show"], ["case", "verify"]):
        _warn_next_open(home, case_id)
        done = run_cli([*command, case_id, *(["--json"] if as_json else [])], home=home)
        assert done.returncode == 0, done.stderr
        assert _notes(done.stderr) == []
        if as_json:
            warnings = json.loads(done.stdout)["warnings"]
            assert [f"evidencekit: note: {w}" for w in warnings[:2]] == [CHECKPOINT, NO_ANCHOR]
        else:
            assert CHECKPOINT.removeprefix("evidencekit: note: ") in done.stdout
            assert NO_ANCHOR.removeprefix("evidencekit: note: ") in done.stdout


@pytest.mark.secretservice
def test_case_list_names_the_case_of_each_note(home: Path, tmp_path: Path, secret_service: SecretServiceSandbox,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """`case list` opens every case whose key is in the keyring (a real gnome-keyring): a note says whose."""
    monkeypatch.delenv("EVIDENCEKIT_PASSPHRASE", raising=False)
    monkeypatch.delenv("PYTHON_KEYRING_BACKEND", raising=False)  # keyring finds the Secret Service itself
    secret = tmp_path / "passphrase.txt"
    secret.write_text(PASSPHRASE)
    made = secret_service.run([*EVIDENCEKIT, "case", "new", "--title", "listed", "--passphrase-file", str(secret),
                               "--json"])
    assert made.returncode == 0, made.stderr
    case_id = json.loads(made.stdout)["id"]
    assert _notes(made.stderr) == []
    (home / "anchors" / f"{case_id}.json").unlink()
    listed = secret_service.run([*EVIDENCEKIT, "case", "list", "--json"])
    assert listed.returncode == 0, listed.stderr
    assert _notes(listed.stderr) == [NO_ANCHOR.replace("note: ", f"note: case {case_id}: ")]
    assert [(row["id"], row["status"]) for row in json.loads(listed.stdout)] == [(case_id, "ready")]
    (home / "anchors" / f"{case_id}.json").unlink()
    listed = secret_service.run([*EVIDENCEKIT, "--language", "es", "case", "list", "--json"])
    assert listed.returncode == 0, listed.stderr
    assert _notes(listed.stderr, "evidencekit: nota: ") == [NO_ANCHOR_ES.replace("nota: ", f"nota: caso {case_id}: ")]
