"""Removing a case after hand-over: only once a bundle was exported, and only with the exact title."""

from __future__ import annotations

import shutil

from evidencekit.errors import UsageError
from evidencekit.fsio import fsync_dir
from evidencekit.pending_exports import completed_exports
from evidencekit.store.case import CaseStore


def remove_case(store: CaseStore, *, confirm_title: str) -> tuple[str, bool]:
    """Delete the case folder, its keyring entry and its anchor; returns the case id and whether the
    keyring entry is gone (False: the keyring was locked or did not answer). Closes the store."""
    state = store.state()
    try:
        if not completed_exports(store.events()):
            raise UsageError("This case has never been exported as a bundle, so it is not removed. Export the "
                             "bundle and hand it over first.")
        if confirm_title != state.title:
            raise UsageError("The title typed does not match the case's title exactly, so nothing was removed.")
    except UsageError:
        store.close()
        raise
    folder, case_id, anchor = store.path, store.id, store.anchor_file
    keyring_cleared = store.forget_keyring_entry()
    store.close()
    shutil.rmtree(folder)
    fsync_dir(folder.parent)
    anchor.unlink(missing_ok=True)
    return case_id, keyring_cleared
