"""A journal that ends before, or holds another record than, a head remembered outside it: this computer's
anchor (beside the case folder) or the case's own checkpoint (written with its key). Each is refused with
its own sentence, word for word (the wording differs on purpose: what this computer saw, against what the
case's own checkpoint shows), and the window opens it for reading only (`older_than` says which)."""

from __future__ import annotations

import pytest

from evidencekit.errors import IntegrityError
from evidencekit.store import CaseStore, KeyringAccess, age, layout
from evidencekit.store.anchor import Anchor, write_anchor
from evidencekit.store.checkpoint import CheckpointKey
from evidencekit.store.keyring_access import SERVICE
from tests.core.store.case_files import SampleCase, SampleFactory, journal_saves, write_saves

HINT = (" If you put this copy back yourself on purpose, 'evidencekit case accept-restore' opens it as it is and "
        "records that in its custody journal.")
OTHER_HASH = "0" * 64


def _expected(shown_by: str, change: str, records: int) -> str:
    if (shown_by, change) == ("anchor", "cut"):
        return (f"The custody journal (journal.ekj) ends at record {records - 1}, but this computer saw it reach "
                f"record {records}: its end was cut off.{HINT}")
    if (shown_by, change) == ("anchor", "other"):
        return (f"The custody journal (journal.ekj) record {records} is not the one this computer saw written: "
                f"the journal was replaced or rewritten.{HINT}")
    if change == "cut":
        return (f"The custody journal (journal.ekj) ends at record {records - 1}, but this case's checkpoint "
                f"(checkpoint.ekc), written with its key, shows it reached record {records}: its end was cut off."
                f"{HINT}")
    return (f"The custody journal (journal.ekj) record {records} is not the one this case's checkpoint "
            f"(checkpoint.ekc), written with its key, names: the journal was replaced by another copy.{HINT}")


def _remembered_elsewhere(sample: SampleCase, keyring: KeyringAccess, shown_by: str, change: str) -> None:
    """Leave only `shown_by` to tell: the journal cut by its last record, or that record's hash remembered
    as another one (an anchor rewritten, or a checkpoint sealed again with the case's key)."""
    keyring.backend.delete_password(SERVICE, f"head:{sample.id}")
    records = len(sample.event_hashes)
    if shown_by == "anchor":
        (sample.folder / layout.CHECKPOINT).unlink()
        if change == "other":
            write_anchor(sample.anchor, sample.id, Anchor(records, OTHER_HASH))
    else:
        sample.anchor.unlink()
        if change == "other":
            key = CheckpointKey(age.Identity.parse(keyring.get(sample.id) or ""), sample.id)
            checkpoint_file = sample.folder / layout.CHECKPOINT
            checkpoint = key.open(checkpoint_file.read_bytes(), sample.id, layout.CHECKPOINT)
            assert checkpoint.seq == records
            checkpoint_file.write_bytes(key.seal(checkpoint._replace(hash=OTHER_HASH), sample.id))
    if change == "cut":
        write_saves(sample.journal, journal_saves(sample.journal)[:-1])


@pytest.mark.parametrize("change", ["cut", "other"])
@pytest.mark.parametrize("shown_by", ["anchor", "checkpoint"])
def test_a_journal_behind_a_remembered_head_is_refused_in_its_own_words(
        make_sample_case: SampleFactory, keyring_access: KeyringAccess, shown_by: str, change: str) -> None:
    sample = make_sample_case()
    _remembered_elsewhere(sample, keyring_access, shown_by, change)
    with pytest.raises(IntegrityError) as refused:
        CaseStore.open(sample.id, home=sample.home, keyring=keyring_access)
    assert refused.value.message == _expected(shown_by, change, len(sample.event_hashes))
    with CaseStore.open(sample.id, home=sample.home, keyring=keyring_access, read_only_if_forged=True) as store:
        assert store.rolled_back and store.read_only and store.older_than == shown_by
        assert store.tampered == (f"{_expected(shown_by, change, len(sample.event_hashes))} It is open for reading "
                                  "only: nothing can be added to this older copy.")
