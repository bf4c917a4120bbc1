"""The one small exception tree of evidencekit.

Every error a person can cause or meet carries a plain sentence (what happened, what to do) and the
exit code the command line returns for it. Anything that is not an EvidenceKitError is a bug and
reaches the crash dialog / the CLI's last-resort handler, which never shows evidence.

    EvidenceKitError                 exit 1 unless said otherwise
    ├── UsageError                   exit 2: the input cannot be used (bad option, bad file, bad region)
    │   ├── CaseNotFound             no case matches the given id, prefix or folder
    │   └── UnreadableInput          a file given to us is not what it claims (not an image, not a bundle)
    ├── WrongPassphrase              the passphrase or recovery key does not open this case
    ├── KeyUnavailable               no key source could open the case (no keyring entry, no passphrase given)
    ├── KeyFileRefused               the key file asks for weaker or absurd protection settings
    ├── IntegrityError               stored data was altered, swapped, truncated or is missing (names the file)
    │   ├── JournalBroken            the custody journal's chain breaks at record N
    │   └── CaseRolledBack           the folder (and anchor) are older than the head the keyring kept
    ├── CaseLocked                   another evidencekit process is using this case, or it was locked
    ├── StorageFull                  the disk is full; nothing was changed
    ├── CaptureUnavailable           no way to take a picture of the screen here (says why)
    └── Cancelled                    the person cancelled a long task; nothing half-written remains
"""

from __future__ import annotations

from pathlib import Path


class EvidenceKitError(Exception):
    """An error with one plain sentence for the person and an exit code for the CLI."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class UsageError(EvidenceKitError):
    """The input cannot be used as given; nothing was changed."""

    exit_code = 2


class CaseNotFound(UsageError):
    """No case matches the id, id prefix or folder that was given."""


class UnreadableInput(UsageError):
    """A file we were given is not what it claims to be (damaged image, not a bundle, ...)."""


class WrongPassphrase(EvidenceKitError):
    """The passphrase or recovery key is not the one for this case. Never says 'corrupt'."""


class KeyUnavailable(EvidenceKitError):
    """No key source could open the case: no keyring entry and no passphrase or recovery key."""


class KeyFileRefused(EvidenceKitError):
    """The key file's KDF settings are below what we write (downgrade) or absurdly high (denial of service)."""


class IntegrityError(EvidenceKitError):
    """Stored data was altered, swapped, truncated or is missing. `path` names the file."""

    def __init__(self, message: str, path: Path | None = None) -> None:
        super().__init__(message)
        self.path = path


class JournalBroken(IntegrityError):
    """The custody journal's hash chain or a record is broken at `record` (1-based).

    forged: the record decrypts but lacks this case's seal (written by someone without the case's key),
    as opposed to damage or a record edited, removed or moved."""

    def __init__(self, message: str, path: Path | None = None, record: int | None = None, *,
                 forged: bool = False) -> None:
        super().__init__(message, path)
        self.record = record
        self.forged = forged


class CaseRolledBack(IntegrityError):
    """The case folder and its anchor are older than the journal head this computer's keyring kept."""


class CaseLocked(EvidenceKitError):
    """The case is in use by another evidencekit window or process, or was locked by quick exit."""


class StorageFull(EvidenceKitError):
    """The disk (or the folder's quota) is full; what was being saved was not saved, nothing else changed."""


class CaptureUnavailable(UsageError):
    """No capture backend works here; the message says why in one sentence."""


class Cancelled(EvidenceKitError):
    """A long task was cancelled by the person; nothing half-written was left behind."""
