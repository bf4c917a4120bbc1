"""CaseStore: one case folder — the custody journal (events and the encrypted originals they record) and keys.

The narrow API the capture, bundle and GUI code use: create/open, add_object, read_object,
append_event, events, state, verify, close. Every method that writes returns only when the data is durable.
Thread-safe: the GUI calls it from worker threads.
"""

from __future__ import annotations

import os
import threading
from contextlib import suppress
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from evidencekit import __version__
from evidencekit.canonical import canonical_json, sha256_hex
from evidencekit.clock import Clock, stamp, system_clock
from evidencekit.errors import (
    CaseRolledBack,
    EvidenceKitError,
    IntegrityError,
    JournalBroken,
    UsageError,
)
from evidencekit.fsio import (
    AppendSession,
    atomic_write,
    durable_append_with,
    fsync_dir,
    sweep_temp_files,
)
from evidencekit.i18n import _
from evidencekit.paths import anchors_dir, cases_dir, data_home, make_private_dir
from evidencekit.records import NamedTuple
from evidencekit.store import age, layout
from evidencekit.store.anchor import Anchor, anchor_path, read_anchor, write_anchor
from evidencekit.store.background import Background
from evidencekit.store.case_lock import CaseFolderLock
from evidencekit.store.catalog import read_header, resolve_case
from evidencekit.store.checkpoint import (
    EVERY,
    KEPT_ACTIONS,
    Checkpoint,
    CheckpointKey,
    CheckpointOutdated,
    CheckpointRefused,
    same_state,
)
from evidencekit.store.events import GENESIS_PREV, Actor, DraftEvent, Event
from evidencekit.store.head import RESTORE_HINT, HeadKey, KeptHead, rollback_message
from evidencekit.store.journal import (
    FRAME_HEADER,
    MAGIC,
    OBJECT_ID_BYTES,
    CheckpointMismatch,
    JournalRead,
    ObjectRef,
    TailStart,
    event_frame,
    object_frame_header,
    prefix_digest,
    read_journal,
    read_journal_tail,
)
from evidencekit.store.keyfile import (
    wrap_with_passphrase,
    wrap_with_recovery_key,
)
from evidencekit.store.objects import read_checked_object
from evidencekit.store.recovery_key import new_recovery_key, parse_recovery_key
from evidencekit.store.saving import Workers
from evidencekit.store.seal import SealKey
from evidencekit.store.state import CaseState, Exhibit, apply_event, replay
from evidencekit.store.unlock import (
    Unlocked,
    check_header_case_id,
    claimed_sealed_from,
    keyring_or_system,
    recipient_mismatch,
    unlock_identity,
)
from evidencekit.text_safety import check_title

if TYPE_CHECKING:
    from collections.abc import Callable

    from evidencekit.store.keyring_access import KeyringAccess
    from evidencekit.store.verify import VerifyReport

MIN_PASSPHRASE = 8
ROLLBACK_UNSEEN = ("Rollback cannot be detected for this case: this computer's keyring keeps no copy of its "
                   "journal's last record (a shared-computer case, no keyring, or a passphrase or recovery key "
                   "given to the command), so an older copy of the case folder put back in its place would pass.")
# A journal that does not reach a head remembered outside it (_behind_head_problem), by whose memory it is:
# (it ends before that record, it holds another record there). Worded apart on purpose: what this computer
# saw, against what the case's own checkpoint, written with its key, shows.
_BEHIND_HEAD = {
    "anchor": ("The custody journal ({journal}) ends at record {end}, but this computer saw it reach record {seq}: "
               "its end was cut off.",
               "The custody journal ({journal}) record {seq} is not the one this computer saw written: the journal "
               "was replaced or rewritten."),
    "checkpoint": ("The custody journal ({journal}) ends at record {end}, but this case's checkpoint ({checkpoint}), "
                   "written with its key, shows it reached record {seq}: its end was cut off.",
                   "The custody journal ({journal}) record {seq} is not the one this case's checkpoint ({checkpoint}), "
                   "written with its key, names: the journal was replaced by another copy."),
}
_UNSET: Any = object()
T = TypeVar("T")


class CreatedCase(NamedTuple):
    """A new, open case and its recovery key (shown once)."""

    store: CaseStore
    recovery_key: str  # show once, offer to print or save; never stored anywhere by us


class CaseStore:
    """An open, unlocked case. Use `create` or `open`; `close` (or quick exit) drops the key from memory."""

    def __init__(self, folder: Path, case_id: str, identity: age.Identity, *, actor: Actor,
                 home: Path | None, keyring: KeyringAccess | None, clock: Clock, lock: CaseFolderLock,
                 unlocked_by: str) -> None:
        self.path = folder
        self.id = case_id
        self.actor = actor
        self.unlocked_by = unlocked_by  # "keyring" | "passphrase" | "recovery key" | "new"
        self.warnings: list[str] = []
        self.tampered: str = ""  # set when the journal holds a record written without the key (read-only then)
        self.rolled_back = False  # `tampered` says the folder is older than the head the keyring kept
        # What showed it (the window, read_only_if_forged): "keyring", "anchor" (this computer's record
        # outside the case) or "checkpoint" (the case's own, written with its key: the end was cut off).
        self.older_than = ""
        self.restored: dict[str, object] | None = None  # an older copy accepted on purpose (open's accept_restore)
        self.head_kept = False  # this computer's keyring keeps the journal head (a rollback is noticed)
        self._identity: age.Identity | None = identity
        self._recipient = identity.to_public()
        self._journal = folder / layout.JOURNAL
        self._objects_at: dict[str, ObjectRef] = {}
        self._workers = Workers()
        self._anchor_file = anchor_path(_anchors_folder(home), case_id)
        self._background = Background(self._anchor_file, case_id, self._recipient, self.warnings)
        self._home = home
        self._keyring = keyring
        self._key_kept = False  # opened by passphrase or recovery key: the keyring already holds this key
        self._clock = clock
        self._lock = lock
        self._mutex = threading.RLock()
        self._seal: SealKey | None = SealKey(identity, case_id)
        self._head_key = HeadKey(identity, case_id)
        self._sealed_from = 0  # the first sealed record's seq
        # Every record, once read in full (at create, without a checkpoint, or on the first `events()` call);
        # None while the case was opened from its checkpoint and only the records after it were read.
        self._events: list[Event] | None = []
        self._last: Event | None = None  # the journal's last record
        self._frame_at = 0  # where the last record's E frame starts
        self._end = len(MAGIC)  # where it ends (the journal's length)
        self._hashes: dict[int, str] = {}  # record seq -> hash, for the records this store has seen
        self._kept: list[Event] = []  # record 1 and the records in KEPT_ACTIONS
        self._checkpoint_key = CheckpointKey(identity, case_id)
        self._checkpoint_seq = 0  # the record the checkpoint on disk is at (0: none usable)
        # The checkpoint on disk was named and not used; it is removed only by an open that is not refused
        # (a refused or read-only open touches nothing: that checkpoint shows what the journal said).
        self._checkpoint_refused = False
        self._refused_head: Anchor | None = None  # the record a refused (but genuine) checkpoint names
        # The state taken from the checkpoint says other than a replay of the whole journal (replay_agrees):
        # no checkpoint is written from it, and the one on disk is left as it is.
        self._state_disagrees = False
        self._state = CaseState(id=case_id)

    # ----- creating and opening -------------------------------------------------------------------

    @classmethod
    def create(cls, title: str, passphrase: str, *, shared_computer: bool = False, actor: Actor = _UNSET,
               home: Path | None = None, keyring: KeyringAccess | None = None,
               clock: Clock = system_clock) -> CreatedCase:
        """Make a new case folder; the identity goes to the keyring unless this is a shared computer."""
        check_title(title)
        if len(passphrase) < MIN_PASSPHRASE:
            raise UsageError(f"The passphrase must have at least {MIN_PASSPHRASE} characters. A short sentence "
                             "you will remember works well.")
        case_id = os.urandom(16).hex()
        folder = cases_dir(home) / case_id
        make_private_dir(folder / layout.KEYS_DIR)
        try:
            return cls._fill_new_case(folder, case_id, title, passphrase, shared_computer=shared_computer,
                                      actor=actor, home=home, keyring=keyring, clock=clock)
        except BaseException:
            # A case that could not be finished (disk full, a title that cannot be stored, Ctrl+C) holds
            # no evidence yet: remove every trace so it is never listed as a broken or locked case.
            _discard_unfinished_case(folder, case_id, home, keyring, used_keyring=not shared_computer)
            raise

    @classmethod
    def _fill_new_case(cls, folder: Path, case_id: str, title: str, passphrase: str, *, shared_computer: bool,
                       actor: Actor, home: Path | None, keyring: KeyringAccess | None,
                       clock: Clock) -> CreatedCase:
        identity = age.Identity.generate()
        identity_text = str(identity)
        recovery_text, recovery_secret = new_recovery_key()
        header = canonical_json({"format": layout.FORMAT_NAME, "version": layout.FORMAT_VERSION, "case": case_id,
                                 "recipient": str(identity.to_public())})
        files = {
            layout.HEADER: header,
            layout.PASSPHRASE_KEY: wrap_with_passphrase(case_id, identity_text, passphrase).to_bytes(),
            layout.RECOVERY_KEY: wrap_with_recovery_key(case_id, identity_text, recovery_secret).to_bytes(),
        }
        for name, data in files.items():
            atomic_write(folder / name, data, overwrite=False)
        atomic_write(folder / layout.JOURNAL, MAGIC, overwrite=False)
        fsync_dir(folder.parent)
        lock = CaseFolderLock(folder / layout.LOCK)
        lock.acquire()
        try:
            store = cls(folder, case_id, identity, actor=Actor() if actor is _UNSET else actor, home=home,
                        keyring=keyring, clock=clock, lock=lock, unlocked_by="new")
        except BaseException:
            lock.release()
            raise
        try:
            in_keyring = False
            if not shared_computer:
                access = keyring_or_system(keyring)
                in_keyring = bool(access and access.set(case_id, identity_text))
                if in_keyring and access is not None:
                    store._keep_head_in(access)
            store.append_event("case.created", {
                "title": title, "shared_computer": shared_computer, "key_in_keyring": in_keyring,
                "files": {name: sha256_hex(data) for name, data in files.items()},
            })
        except BaseException:
            store.close()
            raise
        return CreatedCase(store, recovery_text)

    @classmethod
    def open(cls, ref: str | Path, *, passphrase: str | None = None, recovery_key: str | None = None,
             actor: Actor = _UNSET, home: Path | None = None, keyring: KeyringAccess | None = None,
             clock: Clock = system_clock, read_only_if_forged: bool = False,
             accept_restore: bool = False) -> CaseStore:
        """Unlock a case (recovery key, passphrase, else keyring), check its journal, recover a torn tail.

        read_only_if_forged (the window): a journal holding a record written without the case's key opens
        for reading only, with what came before that record, and `tampered` saying so; otherwise that is a
        JournalBroken like any other damage (every command refuses the case). The same holds for an older
        copy of the case (a rollback, CaseRolledBack) unless accept_restore: the person put a backup back on
        purpose, so the copy opens as it is and its journal records which newer head is missing from it
        ("case.restored", `restored`)."""
        folder = resolve_case(ref, home)
        header = read_header(folder)
        recovery_secret = parse_recovery_key(recovery_key) if recovery_key else None
        check_header_case_id(folder, header.case_id)
        lock = CaseFolderLock(folder / layout.LOCK)
        lock.acquire()
        try:
            unlocked = unlock_identity(header.path, header.case_id, passphrase, recovery_secret, keyring)
            identity, how = unlocked.identity, unlocked.how
            if str(identity.to_public()) != header.recipient:
                raise recipient_mismatch(folder, identity)
            store = cls(folder, header.case_id, identity, actor=Actor() if actor is _UNSET else actor,
                        home=home, keyring=keyring, clock=clock, lock=lock, unlocked_by=how)
            access = store._load(unlocked, keyring, read_only_if_forged, accept_restore)
        except BaseException:
            lock.release()
            raise
        if store.tampered:
            return store
        if store.restored is not None:
            store.append_event("case.restored", store.restored)
            store._background.flush()  # the anchor and the kept head name this copy before anything else runs
        if how != "keyring" and access is not None and not store._key_kept:
            access.set(store.id, str(identity))
        return store

    def _load(self, unlocked: Unlocked, keyring: KeyringAccess | None, read_only_if_forged: bool = False,
              accept_restore: bool = False) -> KeyringAccess | None:
        """Read and check the journal, recover and migrate; the keyring that keeps this case's head (None:
        a shared-computer case, no keyring, or a command given a passphrase, which never asks it)."""
        assert self._identity is not None
        journal_path = self._journal
        try:
            read = self._read_from_checkpoint(read_only_if_forged)
            if read is None:
                read = read_journal(journal_path, self._identity, self.id, layout.JOURNAL,
                                    stop_at_forgery=read_only_if_forged)
        except FileNotFoundError as exc:
            raise IntegrityError(f"The custody journal {journal_path} is missing.", journal_path) from exc
        if not read.events and not read.after:
            raise IntegrityError("This case was never finished being created (its journal is empty).",
                                 journal_path)
        anchor = read_anchor(self._anchor_file)
        self._objects_at = read.objects
        self._sealed_from = read.sealed_from
        if not read.after:
            self._events = read.events
            self._state = CaseState(id=self.id)
        for event in read.events:
            self._note(event)
            apply_event(self._state, event)
        if read.events:
            self._frame_at, self._end = read.last_frame, read.good_length
        if read.forged is not None:  # a forged tail may have moved the (plaintext) anchor too: the forgery is the news
            self.tampered = (f"{read.forged.message} It is open for reading only, as it was before record "
                             f"{read.forged.record}: nothing can be added to it. Keep it as it is and tell the "
                             "police; the recovery key does not change this.")
            self.warnings.append(self.tampered)
            return None
        access, kept = self._kept_head(unlocked, keyring)
        self._check_sealed_from(read.sealed_from, unlocked.sealed_from, kept)
        anchor_problem = self._behind_head_problem(anchor, "anchor")
        rolled_back = rollback_message(_Chain(self), kept, layout.JOURNAL) if kept is not None else ""  # type: ignore[arg-type]
        checkpoint_ahead = self._behind_head_problem(self._refused_head, "checkpoint")
        if (anchor_problem or rolled_back or checkpoint_ahead) and accept_restore and not self.read_only:
            # The person put an older copy back on purpose: it opens as it is, and its journal says so.
            last = self._head()
            newer = [head for head in (kept, anchor, self._refused_head)
                     if head is not None and (head.seq, head.hash) != (last.seq, last.hash)]
            self.restored = {"journal_seq": last.seq, "journal_hash": last.hash,
                             "newer_seq": max(head.seq for head in newer),
                             "newer_heads": [{"seq": head.seq, "hash": head.hash} for head in newer]}
            self.warnings.append(_(
                "An older copy of this case was accepted as it is: its custody journal ends at record {seq}, and "
                "this computer had last seen record {newer} of another copy. What only that copy holds is not in "
                "this one; the custody journal now records that this copy was put back on purpose.").format(
                    seq=last.seq, newer=self.restored["newer_seq"]))
            anchor_problem = rolled_back = checkpoint_ahead = ""
        # The window (read_only_if_forged) opens an older copy for reading only and asks whether to use it as
        # it is (accept_restore); `older_than` says what showed it. Every command refuses it.
        for problem, shown_by in ((anchor_problem, "anchor"), (rolled_back, "keyring"),
                                  (checkpoint_ahead, "checkpoint")):
            if not problem:
                continue
            if not read_only_if_forged:  # an anchor still ahead says more precisely: the end was cut off
                raise (CaseRolledBack if shown_by == "keyring" else IntegrityError)(problem, journal_path)
            self.tampered = f"{problem} It is open for reading only: nothing can be added to this older copy."
            self.rolled_back, self.older_than = True, shown_by
            self.warnings.append(self.tampered)
            return None
        if self.read_only:
            self.warnings.append(_("The case folder {folder} cannot be written: it was opened for reading "
                                   "only.").format(folder=self.path))
            if read.torn_length:
                self.warnings.append(_("An unfinished record from an interrupted save was left in place; it is "
                                       "removed when the case is next opened where it can be written."))
            if not read.sealed_from:
                self.warnings.append(_("This case was made by an older evidencekit and its records are not sealed "
                                       "with its key yet; they are sealed when it is next opened where it can be "
                                       "written."))
        else:
            for folder in (self.path, self.path / layout.KEYS_DIR):
                if folder.is_dir():
                    sweep_temp_files(folder)
            if self._checkpoint_refused:  # named once; a new one is written when this command closes
                with suppress(OSError):
                    (self.path / layout.CHECKPOINT).unlink()
            if read.torn_length:
                self._drop_torn_tail(journal_path, read.good_length, read.torn_length, read.torn_sha256)
            if access is not None:
                self._keep_head_in(access)
                last = self._head()
                if kept is None or (kept.seq, kept.hash) != (last.seq, last.hash):
                    self._background.after_save(Anchor(last.seq, last.hash))  # the keyring catches up
            if not read.sealed_from:
                self._seal_older_journal()
            self._finish_removals()
        if anchor is None:
            self.warnings.append(_("This computer had no record of this case's journal (new or moved case); "
                                   "one was made now."))
            try:
                write_anchor(self._anchor_file, self.id, Anchor(self._head().seq, self._head().hash))
            except (OSError, EvidenceKitError):
                self.warnings[-1] = _("This computer had no record of this case's journal, and none could be "
                                      "saved in {folder}.").format(folder=self._anchor_file.parent)
        return access

    def _kept_head(self, unlocked: Unlocked, keyring: KeyringAccess | None) -> tuple[KeyringAccess | None,
                                                                                     KeptHead | None]:
        """The keyring that keeps this case's head, and the head it kept (checked with the case key)."""
        if unlocked.how == "keyring":
            access, text = keyring_or_system(keyring), unlocked.kept_head  # read with the identity: no extra wait
        elif self._state.shared_computer:
            return None, None  # its key never goes to the keyring, nor does anything else of it
        else:
            access = keyring_or_system(keyring)
            access = access if access is not None and access.enabled else None
            stored, text = (access.get_with_head(self.id, head_without_identity=True) if access is not None
                            else (None, None))
            self._key_kept = stored is not None and stored == str(self._identity)  # then not written again
        kept = self._head_key.decode(text) if text else None
        if text and kept is None:
            self.warnings.append(_("This computer's keyring holds a record of this case's journal that evidencekit "
                                   "did not write with the case's key; it was ignored and is replaced at the next "
                                   "save."))
        self.head_kept = access is not None
        return access, kept

    def _check_sealed_from(self, sealed_from: int, from_key_file: int, kept: KeptHead | None) -> None:
        """Where the key file that opened the case, either key file, or the keyring's head says the journal
        is sealed from record K, it must be: a journal without seals there is a whole-journal forgery in
        the older format (every real record discarded), which would otherwise be accepted and sealed."""
        claims = {claim for claim in (from_key_file, claimed_sealed_from(self.path),
                                      kept.sealed_from if kept is not None else 0) if claim}
        for claim in sorted(claims):
            if sealed_from != claim:
                raise JournalBroken(
                    f"The custody journal ({layout.JOURNAL}) was changed by someone without this case's key: "
                    f"this case's records are sealed from record {claim} on, but "
                    + (f"record {claim} carries no seal" if sealed_from == 0 or sealed_from > claim
                       else f"record {sealed_from} already carries one")
                    + " (the whole journal was replaced).", self._journal, min(claim, sealed_from or claim),
                    forged=True)

    def _keep_head_in(self, access: KeyringAccess) -> None:
        """From now on every durable save also replaces the keyring's copy of the head (in the background,
        bounded; a keyring that is locked or does not answer only leaves that copy behind)."""
        case_id, head_key = self.id, self._head_key

        def keep(anchor: Anchor) -> None:
            if self._sealed_from:
                access.set_head(case_id, head_key.encode(KeptHead(anchor.seq, anchor.hash, self._sealed_from)))

        self._background.keep_head = keep
        self.head_kept = True

    def _seal_older_journal(self) -> None:
        """A case from before record seals: from now on every record carries one. The first sealed record
        names the head it follows, so its seal vouches for the whole chain as it stood (ADR 006)."""
        last = self._head()
        self.append_event("journal.sealed", {
            "reason": "records from here on carry a seal under the case's key (evidencekit store format 3)",
            "unsealed_records": last.seq, "head_before": last.hash, "from_event_version": 1,
        }, actor=Actor("system", "evidencekit"))

    def _behind_head_problem(self, head: Anchor | None, remembered_by: str) -> str:
        """One sentence when the journal ends before `head`, a head remembered outside it, or holds another
        record where `head` is; else "". `remembered_by` says whose memory it is (_BEHIND_HEAD): "anchor",
        this computer's (the anchor beside the case folder), or "checkpoint", the case's own: the record a
        checkpoint that did not match, but was written with the case's key, names. Either is proof that the
        journal's end was cut off or the journal replaced by another copy."""
        if head is None:
            return ""
        chain = _Chain(self)
        ends_before, differs = _BEHIND_HEAD[remembered_by]
        if head.seq > len(chain):
            sentence = ends_before
        elif chain[head.seq - 1].hash != head.hash:
            sentence = differs
        else:
            return ""
        return sentence.format(journal=layout.JOURNAL, checkpoint=layout.CHECKPOINT, end=len(chain),
                               seq=head.seq) + RESTORE_HINT

    # ----- the checkpoint (ADR 073) ------------------------------------------------------------------

    def _read_from_checkpoint(self, read_only_if_forged: bool) -> JournalRead | None:
        """The journal read from the checkpoint on (the state taken from it), or None: read it in full (no
        checkpoint, or one that is refused: the reason is then one warning)."""
        from evidencekit.store.checkpoint import read_checkpoint_bytes

        assert self._identity is not None
        data = read_checkpoint_bytes(self.path / layout.CHECKPOINT)
        if data is None:
            return None
        checkpoint: Checkpoint | None = None
        try:
            checkpoint = self._checkpoint_key.open(data, self.id, layout.CHECKPOINT)
            read = read_journal_tail(self._journal, self._identity, self.id, layout.JOURNAL,
                                     TailStart(checkpoint.seq, checkpoint.hash, checkpoint.sealed_from,
                                               checkpoint.frame, checkpoint.end, checkpoint.objects,
                                               checkpoint.digest),
                                     stop_at_forgery=read_only_if_forged)
        except CheckpointOutdated:
            return None  # written by an older evidencekit: nothing to name; replaced when this command closes
        except (CheckpointRefused, CheckpointMismatch) as exc:
            self.warnings.append(str(exc))
            self._checkpoint_refused = True  # removed only once the case opens for writing (see _load)
            if checkpoint is not None:  # written with the key: the journal held its record (_behind_head_problem)
                self._refused_head = Anchor(checkpoint.seq, checkpoint.hash)
            return None
        assert checkpoint is not None
        self._events = None
        self._state = checkpoint.state
        self._checkpoint_seq = checkpoint.seq
        self._kept = list(checkpoint.kept)
        self._last = next((e for e in reversed(checkpoint.kept) if e.seq == checkpoint.seq), None) or _Stub(
            checkpoint.seq, checkpoint.hash)  # type: ignore[assignment]
        self._hashes[checkpoint.seq] = checkpoint.hash
        self._frame_at, self._end = checkpoint.frame, checkpoint.end
        return read

    def _note(self, event: Event, frame_at: int = 0, end: int = 0) -> None:
        """`event` is the journal's new last record (its E frame from frame_at to end, when known)."""
        self._last = event
        self._hashes[event.seq] = event.hash
        if event.seq == 1 or event.action in KEPT_ACTIONS:
            self._kept.append(event)
        if end:
            self._frame_at, self._end = frame_at, end
        else:
            self._frame_at = 0  # unknown: the next checkpoint waits for a save that knows it

    def _head(self) -> Event:
        assert self._last is not None
        return self._last

    def _write_checkpoint(self) -> None:
        """Write the checkpoint (atomically) when it is missing or EVERY records behind; best effort: a
        checkpoint that cannot be written only makes the next open read more of the journal."""
        last = self._last
        if (last is None or self.read_only or self.rolled_back or not self._sealed_from or not self._frame_at
                or self._state_disagrees or self._identity is None
                or last.seq - self._checkpoint_seq < (EVERY if self._checkpoint_seq else 1)):
            return
        try:
            fd = os.open(self._journal, os.O_RDONLY)
            try:
                digest = prefix_digest(fd, self._end, self._objects_at.values())
            finally:
                os.close(fd)
            if not digest:
                return
            checkpoint = Checkpoint(last.seq, last.hash, self._sealed_from, self._frame_at, self._end,
                                    self._state, self._objects_at, self._kept, digest)
            atomic_write(self.path / layout.CHECKPOINT, self._checkpoint_key.seal(checkpoint, self.id))
        except (OSError, EvidenceKitError, TypeError, ValueError):  # disk full, read-only, ...: next time
            return
        self._checkpoint_seq = last.seq

    def _checkpoint_problem(self, events: list[Event]) -> str:
        """For verify: one sentence when the checkpoint on disk says other than the full replay, else ""."""
        from evidencekit.store.checkpoint import read_checkpoint_bytes

        data = read_checkpoint_bytes(self.path / layout.CHECKPOINT)
        if data is None:
            return ""
        try:
            checkpoint = self._checkpoint_key.open(data, self.id, layout.CHECKPOINT)
        except CheckpointOutdated:
            return ""  # an older version's: not read, replaced when a command closes
        except CheckpointRefused as exc:
            return _("{problem} It is not evidence; the next opening replaces it.").format(problem=exc)
        if (checkpoint.seq > len(events) or events[checkpoint.seq - 1].hash != checkpoint.hash
                or not same_state(replay(self.id, events[:checkpoint.seq]), checkpoint.state)):
            return (f"This case's checkpoint ({layout.CHECKPOINT}) does not say what the custody journal says up to "
                    f"its record {checkpoint.seq}, although it was written with the case's key (a fault in "
                    "evidencekit, or someone who has the key); the journal's own records are what count, and an "
                    "export refuses to start while it disagrees: move it out of the case folder and keep it (it "
                    "is not evidence, but it shows what happened).")
        return ""

    def _drop_torn_tail(self, journal: Path, good_length: int, torn_length: int, torn_sha256: str) -> None:
        """A crash left an unfinished save: cut it off (it was never acknowledged) and say so in the journal."""
        fd = os.open(journal, os.O_RDWR)
        try:
            os.ftruncate(fd, good_length)
            os.fsync(fd)
        finally:
            os.close(fd)
        self.append_event("journal.recovered", {
            "reason": "an unfinished record from an interrupted save was removed",
            "dropped_bytes": torn_length, "dropped_sha256": torn_sha256}, actor=Actor("system", "evidencekit"))

    # ----- the narrow API ---------------------------------------------------------------------------

    def append_event(self, action: str, data: dict[str, Any], *, object_id: str | None = None,
                     inputs: list[dict[str, Any]] | None = None, outputs: list[dict[str, Any]] | None = None,
                     actor: Actor | None = None) -> Event:
        """Append one event durably (fsynced) and fold it into the state."""
        with self._mutex:
            self._require_open()
            self._require_writable()
            event, body = self._next_event(action, data, object_id=object_id, inputs=inputs, outputs=outputs,
                                           actor=actor).final()
            frame = event_frame(body, self._background.sealed_files(1)[0])
            start = durable_append_with(self._journal, lambda session: session.write([frame]))
            self._commit(event, start, len(frame))
            return event

    def add_object(self, content: bytes, /, *, media_type: str, action: str = "object.added",
                   data: dict[str, Any] | None = None, inputs: list[dict[str, Any]] | None = None) -> Event:
        """Store `content` as a write-once encrypted original and record `action`; durable on return.

        The original's frame and its event go to the journal in one append with one flush: a power cut
        keeps both or neither. A worker encrypts and writes the chunks while this thread takes the SHA-256.
        """
        with self._mutex:
            self._require_open()
            self._require_writable()
            object_id = os.urandom(16).hex()
            sealed, event_sealed = self._background.sealed_files(2)
            age_length = sealed.length(len(content))
            made: list[Event] = []

            def fill(session: AppendSession) -> None:
                session.write([object_frame_header(object_id, age_length) + sealed.header])
                writing = self._workers.encrypt_and_write(sealed, content, session)  # on a worker from here
                try:
                    output = {"sha256": sha256_hex(content), "size": len(content), "media_type": media_type}
                    draft = self._next_event(action, data or {}, object_id=object_id, inputs=inputs,
                                             outputs=[output])
                finally:
                    writing.result()  # never leave (or let the file be cut back) while the worker writes
                event, body = draft.final()
                made.append(event)
                frame = event_frame(body, event_sealed)
                lengths.append(len(frame))
                session.write([frame])

            lengths: list[int] = []
            start = durable_append_with(self._journal, fill)
            self._objects_at[object_id] = ObjectRef(start + FRAME_HEADER + OBJECT_ID_BYTES, age_length)
            self._commit(made[0], start + FRAME_HEADER + OBJECT_ID_BYTES + age_length, lengths[0])
            return made[0]

    def _next_event(self, action: str, data: dict[str, Any], *, object_id: str | None = None,
                    inputs: list[dict[str, Any]] | None = None, outputs: list[dict[str, Any]] | None = None,
                    actor: Actor | None = None) -> DraftEvent:
        last = self._last
        assert self._seal is not None
        return DraftEvent(Event(
            seq=(last.seq + 1) if last else 1, case_id=self.id, time=stamp(self._clock()).as_dict(),
            actor=(actor or self.actor).as_dict(), action=action, object_id=object_id,
            inputs=list(inputs or []), outputs=list(outputs or []), data=data,
            app=f"evidencekit {__version__}", prev=last.hash if last else GENESIS_PREV,
        ), self._seal)

    def _commit(self, event: Event, frame_at: int = 0, length: int = 0) -> None:
        """The event is durable (its E frame `length` bytes from `frame_at`, when known): make it part of
        the case and move the outside anchor forward."""
        if self._events is not None:
            self._events.append(event)
        self._note(event, frame_at, frame_at + length if length else 0)
        if event.mac and not self._sealed_from:
            self._sealed_from = event.seq
        apply_event(self._state, event)
        self._background.after_save(Anchor(event.seq, event.hash))

    def destroy_removed_objects(self) -> list[str]:
        """Overwrite in place every object an `exhibit.removed` event removed that is still readable (the
        only deletion the store makes; ADR 062). Called right after that event, and on every open."""
        with self._mutex:
            self._require_open()
            self._require_writable()
            return self._finish_removals()

    def _finish_removals(self) -> list[str]:
        removed = [object_id for entry in self._state.removed for object_id in entry["objects"]]
        if not removed:
            return []  # the usual case: nothing to destroy, destroy.py not even imported
        from evidencekit.store.destroy import finish_removals

        return finish_removals(self._journal, self._objects_at, removed)

    def read_object(self, object_id: str) -> bytes:
        """The original bytes, decrypted and re-checked against the SHA-256 in the journal."""
        with self._mutex:
            self._require_open()
            info = self._state.objects.get(object_id)
            ref = self._objects_at.get(object_id)
            identity = self._identity
        if info is None or ref is None:
            raise UsageError(f"There is no object {object_id} in this case.")
        assert identity is not None
        return read_checked_object(self._journal, object_id, ref, info["sha256"], identity)

    def exhibit(self, ref: str) -> Exhibit | None:
        """One exhibit (by id, number or reference), copied: cheaper than a whole `state()` snapshot."""
        with self._mutex:
            found = self._state.exhibit(ref)
            return found.snapshot() if found is not None else None

    def events(self) -> list[Event]:
        """Every record of the journal. Opened from its checkpoint, the case reads (and checks) the whole
        journal the first time this is asked; commands that only need record 1 or the export records ask
        `first_event` or `events_of` instead, which cost nothing."""
        with self._mutex:
            return list(self._all_events())

    def first_event(self) -> Event:
        with self._mutex:
            return self._kept[0] if self._kept and self._kept[0].seq == 1 else self._all_events()[0]

    def events_of(self, actions: frozenset[str]) -> list[Event]:
        """The records with one of `actions`, in order (without reading the whole journal when all of
        `actions` are among those the checkpoint keeps)."""
        with self._mutex:
            if actions <= KEPT_ACTIONS and self._kept and self._kept[0].seq == 1:
                return [event for event in self._kept if event.action in actions]
            return [event for event in self._all_events() if event.action in actions]

    def _all_events(self) -> list[Event]:
        if self._events is None:
            self._require_open()
            assert self._identity is not None
            read = read_journal(self._journal, self._identity, self.id, layout.JOURNAL,
                                stop_at_forgery=bool(self.tampered))
            head = self._head()
            if len(read.events) < head.seq:
                raise IntegrityError(f"The custody journal ({layout.JOURNAL}) ends at record {len(read.events)}, but "
                                     f"it held record {head.seq} while this case was open: its end was cut off.",
                                     self._journal)
            if read.events[head.seq - 1].hash != head.hash:
                raise IntegrityError(f"The custody journal ({layout.JOURNAL}) record {head.seq} is not the one this "
                                     "case held while it was open: the journal was replaced or rewritten.",
                                     self._journal)
            self._events = read.events[:head.seq]
        return self._events

    def replay_agrees(self) -> bool:
        """Whether the state this case holds (taken from its checkpoint, then the records after it) says what
        a replay of every record of its journal says, for an export, whose bundle must say what the journal
        says: the journal is read in full and checked as `events` does (an export reads it anyway), then
        replayed and compared field by field (~8 + ~4 ms at 1,000 exhibits; `same_state`, which verify uses,
        would add ~25 ms to tell 1 from True or 1.0, which a replay of JSON records never mixes up). False
        means a checkpoint written with the case's key that disagrees with the journal (a bug, or someone who
        has the key): no checkpoint is written from this state, and the one on disk is left as it is, as
        what shows it (`case verify` names it)."""
        with self._mutex:
            self._require_open()
            if replay(self.id, self._all_events()) == self._state:
                return True
            self._state_disagrees = True
            return False

    def state(self) -> CaseState:
        """A snapshot of the replayed state (safe to hand to another thread)."""
        with self._mutex:
            return self._state.snapshot()

    def view(self, reader: Callable[[CaseState], T]) -> T:
        """`reader(state)` on the live state, under the store's lock, without copying it (a snapshot of a
        1,000-exhibit case costs ~1 ms): for a command that only reads it once. `reader` must not change
        the state nor return any of its lists or dicts; it returns what it made (text, a summary)."""
        with self._mutex:
            return reader(self._state)

    def verify(self) -> VerifyReport:
        with self._mutex:
            self._require_open()
            assert self._identity is not None
            self._background.flush()
            from evidencekit.store.verify import Problem, verify_case

            try:
                events = self._all_events()
            except (IntegrityError, JournalBroken) as exc:  # the journal changed behind the open case's back
                from evidencekit.store.verify import VerifyReport

                report = VerifyReport()
                report.problems.append(Problem(layout.JOURNAL, str(getattr(exc, "message", "") or exc)))
                return report
            report = verify_case(self.path, self.id, self._identity, events, self._state,
                                 read_anchor(self._anchor_file))
            problem = self._checkpoint_problem(events)
            if problem:
                report.problems.append(Problem(layout.CHECKPOINT, problem))
        if not self.head_kept:
            report.warnings.append(ROLLBACK_UNSEEN)
        return report

    def forget_keyring_entry(self) -> bool:
        """Delete this case's keyring entry (from the system keyring when this store was opened without
        one); False when the keyring was locked or did not answer in time."""
        given = self._keyring if self._keyring is not None and self._keyring.enabled else None
        access = keyring_or_system(given)
        return access.delete(self.id) if access else True

    @property
    def read_only(self) -> bool:
        """The case folder cannot be written (read-only disk or no permission), or its journal holds a record
        written without the key (`tampered`): reading works, saving not."""
        return self._lock.read_only or bool(self.tampered)

    def _require_writable(self) -> None:
        if self.rolled_back:
            raise EvidenceKitError("This case is older than the last state this computer saw, so it is open for "
                                   "reading only; nothing was saved.")
        if self.tampered:
            raise EvidenceKitError("This case was changed by someone without its key, so it is open for reading "
                                   "only; nothing was saved.")
        if self._lock.read_only:
            raise EvidenceKitError(f"The case folder {self.path} cannot be written (read-only disk or no "
                                   "permission), so nothing could be saved in it; nothing was changed.")

    @property
    def anchor_file(self) -> Path:
        return self._anchor_file

    @property
    def is_open(self) -> bool:
        return self._identity is not None

    def close(self) -> None:
        """Forget the key and release the folder; further reads fail until the case is opened again."""
        with self._mutex:
            if self._identity is not None:
                self._write_checkpoint()
            self._identity = None
            self._seal = None
            self._workers.close()
            self._background.close()
            self._lock.release()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _require_open(self) -> None:
        if self._identity is None:
            from evidencekit.errors import CaseLocked

            raise CaseLocked("The case is locked. Open it again to continue.")


class _Stub(NamedTuple):
    """The checkpoint's last record, when it is not one of those it keeps whole: its seq and hash."""

    seq: int
    hash: str


class _Chain:
    """The journal's records as the rollback and anchor checks index them (len = the last record's seq,
    [i].hash = record i+1's hash): from what this store has seen, else from the whole journal."""

    def __init__(self, store: CaseStore) -> None:
        self._store = store

    def __len__(self) -> int:
        return self._store._head().seq

    def __getitem__(self, index: int) -> Any:
        seq = index + 1 if index >= 0 else len(self) + index + 1
        known = self._store._hashes.get(seq)
        if known is not None:
            return _Stub(seq, known)
        return self._store._all_events()[seq - 1]


def _anchors_folder(home: Path | None) -> Path:
    """anchors/, made if missing; on a read-only data dir where it cannot be made, where it would be."""
    try:
        return anchors_dir(home)
    except OSError:
        return (home or data_home()) / "anchors"  # reading it finds no anchor; saving one is a warning


def _discard_unfinished_case(folder: Path, case_id: str, home: Path | None, keyring: KeyringAccess | None, *,
                             used_keyring: bool) -> None:
    """Best effort: the new folder, its keyring entry and its anchor go; a failure here is not reported
    over the error that stopped the creation."""
    import shutil

    shutil.rmtree(folder, ignore_errors=True)
    from contextlib import suppress

    if used_keyring:
        with suppress(Exception):  # cleanup must never hide the real error
            access = keyring_or_system(keyring)
            if access is not None and access.get(case_id) is not None:
                access.delete(case_id)
    with suppress(OSError):
        anchor_path(anchors_dir(home), case_id).unlink(missing_ok=True)
