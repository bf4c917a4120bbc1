"""Unlocking a case: which key source opens it, and telling a wrong key from an altered case folder."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from evidencekit.errors import IntegrityError, KeyUnavailable
from evidencekit.records import NamedTuple
from evidencekit.store import age, layout
from evidencekit.store.journal import first_event_ciphertext
from evidencekit.store.keyfile import intact_keyfile_case_id, keyfile_sealed_from, parse_keyfile, unwrap

if TYPE_CHECKING:
    from evidencekit.store.keyring_access import KeyringAccess


def keyring_or_system(keyring: KeyringAccess | None) -> KeyringAccess | None:
    """The keyring a caller passed in (tests, the GUI's choice), else the OS keyring if it is a real one."""
    if keyring is not None:
        return keyring
    from evidencekit.store.keyring_access import system_keyring  # keyring and D-Bus only when asked

    return system_keyring()


class Unlocked(NamedTuple):
    """The case identity, how it was found, and what the unlocking source says about the journal."""

    identity: age.Identity
    how: str  # "recovery key" | "passphrase" | "keyring"
    kept_head: str | None = None  # keyring: the kept journal head entry's text (checked by store/head.py)
    sealed_from: int = 0  # key file: its AEAD-bound "sealed_from" (0: the key file predates it)


def unlock_identity(folder: Path, case_id: str, passphrase: str | None, recovery_secret: bytes | None,
                    keyring: KeyringAccess | None) -> Unlocked:
    """The case identity and how it was found: a given recovery key, then a given passphrase, then the keyring."""
    if recovery_secret is not None:
        keyfile = parse_keyfile(_read(folder, layout.RECOVERY_KEY), case_id, "recovery", layout.RECOVERY_KEY)
        return Unlocked(_identity(unwrap(keyfile, recovery_secret, layout.RECOVERY_KEY)), "recovery key",
                        sealed_from=keyfile_sealed_from(keyfile.body))
    if passphrase is not None:
        keyfile = parse_keyfile(_read(folder, layout.PASSPHRASE_KEY), case_id, "passphrase",
                                layout.PASSPHRASE_KEY)
        return Unlocked(_identity(unwrap(keyfile, passphrase, layout.PASSPHRASE_KEY)), "passphrase",
                        sealed_from=keyfile_sealed_from(keyfile.body))
    access = keyring_or_system(keyring)
    stored, kept_head = access.get_with_head(case_id) if access else (None, None)
    if stored:
        return Unlocked(_identity(stored), "keyring", kept_head)
    raise KeyUnavailable("This case's key is not in this computer's keyring. Open it with its passphrase "
                         "or its recovery key.")


def _read(folder: Path, name: str) -> bytes:
    try:
        return (folder / name).read_bytes()
    except FileNotFoundError as exc:
        raise IntegrityError(f"The key file {name} is missing from the case folder.", folder / name) from exc


def check_header_case_id(folder: Path, case_id: str) -> None:
    """The plaintext header must name the case its (self-checked) key files belong to, else it was altered."""
    ids = {intact_keyfile_case_id(raw) for raw in (_read_if_present(folder / layout.PASSPHRASE_KEY),
                                                    _read_if_present(folder / layout.RECOVERY_KEY))} - {None}
    if len(ids) == 1 and case_id not in ids:
        raise IntegrityError(f"The case header {layout.HEADER} was altered: its case id is not the one in the "
                             "case's key files. Restore the case folder from a copy.", folder / layout.HEADER)


def claimed_sealed_from(folder: Path) -> int:
    """The "sealed_from" either intact key file states (0: neither does). Not authenticated without the
    secret, and it need not be: a key file without it cannot be made for this identity without the secret,
    and one that gains it only makes the case refuse an unsealed journal."""
    from evidencekit.store.keyfile import intact_keyfile_body

    claims = [keyfile_sealed_from(body) for body in (intact_keyfile_body(_read_if_present(folder / name))
                                                     for name in (layout.PASSPHRASE_KEY, layout.RECOVERY_KEY))
              if body is not None]
    return max(claims, default=0)


def _read_if_present(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except OSError:
        return b""


def recipient_mismatch(folder: Path, identity: age.Identity) -> IntegrityError:
    """Tell an altered header (the key still opens the journal) from a swapped key (it does not)."""
    try:
        age.decrypt(first_event_ciphertext(folder / layout.JOURNAL), identity)
    except age.AgeError:
        return IntegrityError("The key found for this case does not belong to it (the keyring entry or key file "
                              "was swapped). Open it with the recovery key.", folder / layout.HEADER)
    return IntegrityError(f"The case header {layout.HEADER} was altered: the public key in it is not this case's. "
                          "Restore the case folder from a copy.", folder / layout.HEADER)


def _identity(text: str) -> age.Identity:
    try:
        return age.Identity.parse(text)
    except ValueError as exc:
        raise IntegrityError("The stored case key is not a valid key; open the case with its recovery key.") from exc
