"""An export builds its facts from the custody journal, not from the checkpoint (ADR 073): a checkpoint
written with the case's key that says other than the journal (a bug, or someone who has the key) makes
the export refuse in one sentence, write nothing (no bundle, no journal record, the checkpoint left as it
is) and exit 1, in process (the core the window's export page calls) and on the command line."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from evidencekit.bundle.export import export_case
from evidencekit.bundle.signing import SigningIdentity
from evidencekit.capture.linking import save_boxes
from evidencekit.details import set_details
from evidencekit.errors import IntegrityError
from evidencekit.store import CaseStore, KeyringAccess, layout
from evidencekit.store.checkpoint import Checkpoint, CheckpointKey
from evidencekit.store.unlock import unlock_identity
from tests.core.bundle.conftest import DETAILS, make_case
from tests.core.store.case_files import PASSPHRASE, case_file_names
from tests.core.store.cli import run_cli


def _case(home: Path) -> str:
    """A closed case (passphrase only) with three pictures, EK-002 covered by a box, and a checkpoint."""
    created = CaseStore.create("Checkpoint export case", PASSPHRASE, shared_computer=True, home=home)
    with created.store as store:
        sample = make_case(count=3)
        for exhibit in sample.state.exhibits:
            recorded = next(e for e in sample.events if e.object_id == exhibit.id)
            store.add_object(sample.objects[exhibit.id], media_type="image/png", action="exhibit.captured",
                             data=recorded.data)
        set_details(store, DETAILS)
        save_boxes(store, store.state().exhibits[1].id, {"boxes": [[10, 10, 200, 80]], "include_original": False})
        case_id = store.id
    assert (store.path / layout.CHECKPOINT).is_file()
    return case_id


def _rewrite_checkpoint(home: Path, case_id: str, change: Callable[[Checkpoint], None]) -> Path:
    """Change the checkpoint's state and seal it again with the case's key (as only a key holder can)."""
    folder = home / "cases" / case_id
    identity = unlock_identity(folder, case_id, PASSPHRASE, None, KeyringAccess.disabled()).identity
    key = CheckpointKey(identity, case_id)
    path = folder / layout.CHECKPOINT
    checkpoint = key.open(path.read_bytes(), case_id, layout.CHECKPOINT)
    change(checkpoint)
    path.write_bytes(key.seal(checkpoint, case_id))
    return folder


def _hide_the_last_exhibit(checkpoint: Checkpoint) -> None:
    hidden = checkpoint.state.exhibits.pop()
    del checkpoint.state.exhibits_by_id[hidden.id]


def _uncover_ek_002(checkpoint: Checkpoint) -> None:
    checkpoint.state.exhibits[1].redaction = None  # the journal covers it: the bundle would show it bare


def _relabel(checkpoint: Checkpoint) -> None:
    checkpoint.state.exhibits[0].fields = {**checkpoint.state.exhibits[0].fields, "label": "never recorded"}


CHANGES = {"an exhibit hidden": _hide_the_last_exhibit, "a box dropped": _uncover_ek_002,
           "a label the journal never had": _relabel}


def _snapshot(folder: Path, out: Path) -> tuple[bytes, bytes, list[str], list[str]]:
    return ((folder / layout.JOURNAL).read_bytes(), (folder / layout.CHECKPOINT).read_bytes(),
            case_file_names(folder), sorted(p.name for p in out.parent.iterdir()))


@pytest.mark.parametrize("change", CHANGES, ids=list(CHANGES))
def test_export_refuses_a_keyed_checkpoint_that_disagrees_with_the_journal(
        home: Path, tmp_path: Path, signing_identity: SigningIdentity, change: str) -> None:
    case_id = _case(home)
    folder = _rewrite_checkpoint(home, case_id, CHANGES[change])
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    out = out_dir / "bundle.pdf"
    before = _snapshot(folder, out)
    with CaseStore.open(case_id, home=home, passphrase=PASSPHRASE, keyring=KeyringAccess.disabled()) as store:
        assert store._events is None  # opened from the crafted checkpoint: it passes every check of open
        with pytest.raises(IntegrityError) as refused:
            export_case(store, out, identity=signing_identity)
    message = refused.value.message
    assert "checkpoint (checkpoint.ekc)" in message and "custody journal" in message
    assert "nothing was written" in message
    assert _snapshot(folder, out) == before  # no bundle, no temp file, no journal record, checkpoint as it was
    assert not any((home / "pending-exports").glob("*"))


def test_export_from_a_checkpoint_that_agrees_makes_the_bundle(home: Path, tmp_path: Path,
                                                               signing_identity: SigningIdentity) -> None:
    """The control: the same case, its checkpoint untouched (re-sealed as it was), exports."""
    case_id = _case(home)
    _rewrite_checkpoint(home, case_id, lambda checkpoint: None)
    with CaseStore.open(case_id, home=home, passphrase=PASSPHRASE, keyring=KeyringAccess.disabled()) as store:
        assert store._events is None
        result = export_case(store, tmp_path / "bundle.pdf", identity=signing_identity)
    assert result.path.is_file() and result.exhibits == 3


@pytest.mark.parametrize("as_json", [False, True], ids=["text", "json"])
def test_the_export_command_refuses_it_in_one_sentence(home: Path, tmp_path: Path, installed_identity: SigningIdentity,
                                                       as_json: bool) -> None:
    case_id = _case(home)
    folder = _rewrite_checkpoint(home, case_id, _uncover_ek_002)
    out = tmp_path / "bundle.pdf"
    before = _snapshot(folder, out)
    done = run_cli(["export", case_id, str(out), *(["--json"] if as_json else [])], home=home)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr + done.stdout
    if as_json:
        error = json.loads(done.stdout)
        assert error["exit"] == 1 and "checkpoint (checkpoint.ekc)" in error["error"]
    else:
        (line,) = [line for line in done.stderr.splitlines() if line.startswith("evidencekit: ")]
        assert "checkpoint (checkpoint.ekc)" in line and "nothing was written" in line
        assert done.stdout == ""
    assert _snapshot(folder, out) == before


def test_with_that_checkpoint_moved_out_the_export_reads_the_journal_and_says_what_it_says(
        home: Path, tmp_path: Path, signing_identity: SigningIdentity) -> None:
    """The way out the refusal gives: the checkpoint moved out of the case folder (kept elsewhere), the
    next open reads the journal in full and the bundle holds every exhibit, EK-002 covered."""
    case_id = _case(home)
    folder = _rewrite_checkpoint(home, case_id, _hide_the_last_exhibit)
    crafted = (folder / layout.CHECKPOINT).read_bytes()
    with CaseStore.open(case_id, home=home, passphrase=PASSPHRASE, keyring=KeyringAccess.disabled()) as store:
        assert len(store.state().exhibits) == 2  # what the crafted checkpoint says
        with pytest.raises(IntegrityError):
            export_case(store, tmp_path / "refused.pdf", identity=signing_identity)
        for number in range(20):  # a command that goes on writes no checkpoint from the state that disagreed
            store.append_event("step.set", {"step": f"later-{number}", "done": True})
    assert (folder / layout.CHECKPOINT).read_bytes() == crafted
    (folder / layout.CHECKPOINT).rename(tmp_path / "checkpoint.ekc")
    with CaseStore.open(case_id, home=home, passphrase=PASSPHRASE, keyring=KeyringAccess.disabled()) as store:
        result = export_case(store, tmp_path / "bundle.pdf", identity=signing_identity)
        assert [e.redaction is not None for e in store.state().exhibits] == [False, True, False]
    assert result.exhibits == 3 and not (tmp_path / "refused.pdf").exists()
