"""The OS keyring, accepting only real secret stores, and never waiting on it.

Allowed: Secret Service (GNOME Keyring, KeePassXC), KWallet, Windows Credential Manager, macOS Keychain.
Anything else — keyrings.alt's plaintext file, the "fail" backend, a chainer of those — means "no
keyring": the case then opens with its passphrase, and nothing is ever written to such a backend.

Every keyring error (locked, no D-Bus, denied) is "not available", never a failure, and every call is
bounded: it runs on a daemon thread (one per process, reused while it is idle) and is given `TIMEOUT_S`;
a keyring that has not answered by then is "not available" for the rest of the process. The Secret
Service is read and written through the session bus (store/secret_service.py over store/dbus_wire.py),
without ever asking it to unlock: keyring's own backend asks a locked collection to unlock itself, which
starts the desktop's password dialog and waits for it (60 s with no one to answer it). A locked
collection is simply "not available"; the window then asks for the passphrase itself
(docs/store-format.md, "Key hierarchy").

On Linux, unless keyring was set up on purpose (PYTHON_KEYRING_BACKEND, its keyringrc.cfg, or already
imported and set in this process), `keyring` is not imported at all: with no D-Bus session bus there is no
keyring to find, and a session bus offering the Secret Service is used directly with
keyring's own entry attributes (SecretServiceDirect). Importing keyring and its backend discovery cost
about 130 ms of every command. Other platforms, KWallet without the Secret Service, and a configured
keyring go through `keyring` as before.
"""

from __future__ import annotations

import os
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from pathlib import Path
from typing import Any, TypeVar

try:  # queue.SimpleQueue itself, without importing queue (see store/worker.py)
    from _queue import SimpleQueue
except ImportError:
    from queue import SimpleQueue

SERVICE = "evidencekit"
TIMEOUT_S = 2.0
_ALLOWED = {
    ("keyring.backends.SecretService", "Keyring"),
    ("keyring.backends.kwallet", "DBusKeyring"),
    ("keyring.backends.kwallet", "DBusKeyringKWallet4"),
    ("keyring.backends.Windows", "WinVaultKeyring"),
    ("keyring.backends.macOS", "Keyring"),
    ("evidencekit.store.keyring_access", "SecretServiceDirect"),
}
_SECRET_SERVICE = ("keyring.backends.SecretService", "Keyring")
_T = TypeVar("_T")


class KeyringNotAvailable(Exception):
    """The keyring is locked, unreachable or too slow; the caller goes on without it."""


def _note(message: str, exc: BaseException | str) -> None:
    """Why the keyring was not used, for whoever turned logging on (logging imported only then)."""
    import logging

    logging.getLogger(__name__).info(message, exc if isinstance(exc, str) else type(exc).__name__)


def is_real_secret_store(backend: Any) -> bool:
    cls = type(backend)
    return (cls.__module__, cls.__name__) in _ALLOWED


class _KeyringThread:
    """The daemon thread a process's keyring calls run on, one call at a time.

    Starting a thread for each call cost ~0.3-0.5 ms of CPU each, three per capture (find the keyring,
    read the key and head, write the head). A call that outlives its bound keeps this thread; the next
    call then gets a new one (`_idle_thread`), so a stuck keyring never delays anything but itself.
    """

    def __init__(self) -> None:
        self.busy = False
        self._calls: SimpleQueue[Callable[[], None]] = SimpleQueue()
        threading.Thread(target=self._serve, name="evidencekit-keyring", daemon=True).start()

    def _serve(self) -> None:
        while True:
            self._calls.get()()

    def submit(self, call: Callable[[], None]) -> None:
        self.busy = True
        self._calls.put(call)

    def done(self) -> None:
        self.busy = False


_thread: _KeyringThread | None = None
_thread_lock = threading.Lock()


def _idle_thread() -> _KeyringThread:
    global _thread
    with _thread_lock:
        if _thread is None or _thread.busy:
            _thread = _KeyringThread()
        _thread.busy = True  # taken: a second caller at the same moment gets its own
        return _thread


def bounded(fn: Callable[[], _T], timeout: float = TIMEOUT_S) -> _T:
    """`fn()` on the keyring's daemon thread, waited for at most `timeout` seconds; KeyringNotAvailable if
    it did not finish in time or raised. A call still running is left behind (a daemon thread never holds
    up exit), with the thread it runs on."""
    values: list[_T] = []  # fn's result, once it returned
    errors: list[BaseException] = []  # what it raised
    finished = threading.Event()
    worker = _idle_thread()

    def run() -> None:
        try:
            values.append(fn())
        except BaseException as exc:  # every keyring failure means "not available"
            errors.append(exc)
        finally:
            worker.done()  # before `finished`: the caller's next call finds this thread idle
            finished.set()

    worker.submit(run)
    if not finished.wait(timeout):
        raise KeyringNotAvailable(f"the keyring did not answer within {timeout:g} s")
    if errors:
        raise KeyringNotAvailable(str(type(errors[0]).__name__)) from errors[0]
    return values[0]


class SecretServiceDirect:
    """The freedesktop Secret Service on Linux reached directly (store/secret_service.py), with the
    entries keyring's own Secret Service backend makes (same attributes, label and collection), so a key
    stored either way is found either way. It spares every command importing `keyring` and its backend
    discovery (about 130 ms of a 270 ms capture; docs/performance.md)."""

    appid = "Python keyring library"  # keyring's, so the entries stay the ones keyring reads and writes
    preferred_collection = None

    def __init__(self, service: Any = None) -> None:
        self.service = service  # the connection that found the service, handed to the first call

    @staticmethod
    def _query(service: str, username: str | None = None, **base: str) -> dict[str, str]:
        return {**({"username": username} if username is not None else {}), "service": service, **base}


def _keyring_configured() -> bool:
    """keyring was set up on purpose (in this process, by environment or by its config file): use it."""
    if "keyring" in sys.modules or os.environ.get("PYTHON_KEYRING_BACKEND"):
        return True
    root = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return (root / "python_keyring" / "keyringrc.cfg").exists()


_NO_SESSION_BUS = object()


def _direct_secret_service() -> Any:
    """On Linux without keyring set up: SecretServiceDirect when the session bus offers the Secret
    Service, `_NO_SESSION_BUS` when there is no session bus at all (no keyring can be reached), else None
    (keyring's discovery decides, e.g. KWallet)."""
    if not sys.platform.startswith("linux") or _keyring_configured():
        return None
    if not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        return None if runtime and (Path(runtime) / "bus").exists() else _NO_SESSION_BUS
    from evidencekit.store.secret_service import SecretService

    service = SecretService()
    try:
        if service.available():
            return SecretServiceDirect(service)
    except BaseException:
        service.close()
        raise
    service.close()
    return None


class _SecretServiceItems:
    """keyring's Secret Service entries (same attributes and label), without ever unlocking anything."""

    def __init__(self, backend: Any) -> None:
        self.backend = backend
        # SecretServiceDirect: one connection and one (encrypted) Secret Service session for the process,
        # one call at a time; keyring's backend: a connection per call, as keyring does.
        self._keep = isinstance(backend, SecretServiceDirect)
        self._lock = threading.Lock()
        self._kept: Any = None  # the SecretService kept for the process

    @contextmanager
    def _connected(self) -> Iterator[Any]:
        """The Secret Service's collection for this backend, checked to be there and unlocked."""
        from evidencekit.store.secret_service import DEFAULT_COLLECTION, SecretService, SecretServiceError

        collection = getattr(self.backend, "preferred_collection", None) or DEFAULT_COLLECTION
        if not self._keep:
            with closing(SecretService(collection=collection)) as service:
                yield self._unlocked(service, SecretServiceError)
            return
        with self._lock:  # a call left behind by `bounded` holds it: later calls time out too, never mix
            if self._kept is None:
                self._kept, self.backend.service = self.backend.service or SecretService(), None
                self._kept.collection = collection
            try:
                yield self._unlocked(self._kept, SecretServiceError)
            except BaseException:
                kept, self._kept = self._kept, None  # a failed call: a new connection next time
                kept.close()
                raise

    @staticmethod
    def _unlocked(service: Any, error: type[Exception]) -> Any:
        try:
            service.require_unlocked()  # absent: raises, never creates one; locked: never unlocks it
        except error as exc:
            raise KeyringNotAvailable(str(exc)) from exc
        return service

    def get_password(self, service: str, username: str) -> str | None:
        return self.get_passwords(service, [username])[0]

    def get_passwords(self, service: str, usernames: list[str], *, stop_at_absent: bool = True
                      ) -> list[str | None]:
        """Each entry over one D-Bus connection, the secrets in one call (None where absent; with
        stop_at_absent, None from the first absent one on, without asking for the rest)."""
        with self._connected() as connected:
            paths: list[str | None] = []
            for username in usernames:
                found = connected.search(self.backend._query(service, username))
                if not found and stop_at_absent:
                    break
                paths.append(found[0] if found else None)
            secrets = connected.secrets([path for path in paths if path is not None])
        if any(path is not None and path not in secrets for path in paths):
            raise KeyringNotAvailable("the keyring entry is locked")  # the service leaves locked ones out
        values = [secrets[path].decode("utf-8") if path is not None else None for path in paths]
        return values + [None] * (len(usernames) - len(values))

    def set_password(self, service: str, username: str, password: str) -> None:
        attributes = self.backend._query(service, username, application=self.backend.appid)
        with self._connected() as connected:
            connected.create(f"Password for '{username}' on '{service}'", attributes, password.encode("utf-8"))

    def delete_password(self, service: str, username: str) -> None:
        with self._connected() as connected:
            for item in connected.search(self.backend._query(service, username)):
                connected.delete(item)
                return


class KeyringAccess:
    """Case identities in one keyring backend (a real one, or an in-memory one in unit tests).

    `KeyringAccess(None)` (see `disabled`) touches nothing: it is what a command given a passphrase or
    recovery key uses, so such a command never waits on, or wakes, the keyring.
    """

    def __init__(self, backend: Any, *, timeout: float = TIMEOUT_S) -> None:
        self.backend = backend
        self.timeout = timeout
        self.stalled = False  # set once a call ran out of time: from then on, "not available" at once
        cls = type(backend)
        self._items = (_SecretServiceItems(backend) if (cls.__module__, cls.__name__) == _SECRET_SERVICE
                       or isinstance(backend, SecretServiceDirect) else backend)

    @classmethod
    def disabled(cls) -> KeyringAccess:
        return cls(None)

    @property
    def enabled(self) -> bool:
        return self.backend is not None

    @staticmethod
    def _user(case_id: str) -> str:
        return f"case:{case_id}"

    def _call(self, what: str, fn: Callable[[], _T]) -> tuple[bool, _T | None]:
        if self.backend is None or self.stalled:
            return False, None
        try:
            return True, bounded(fn, self.timeout)
        except KeyringNotAvailable as exc:
            if "did not answer" in str(exc):
                self.stalled = True
            _note(f"keyring not available for {what}: %s", str(exc))
            return False, None

    @staticmethod
    def _head_user(case_id: str) -> str:
        return f"head:{case_id}"

    def get(self, case_id: str) -> str | None:
        _ok, value = self._call("reading", lambda: self._items.get_password(SERVICE, self._user(case_id)))
        return value if isinstance(value, str) else None

    def get_with_head(self, case_id: str, *, head_without_identity: bool = False) -> tuple[str | None, str | None]:
        """The identity and the kept journal head (store/head.py) in one bounded call: opening from the
        keyring costs no more waiting than before. The head is read only beside an identity unless
        head_without_identity (a case opened by passphrase or recovery key checks it either way)."""
        def both() -> tuple[str | None, str | None]:
            users = [self._user(case_id), self._head_user(case_id)]
            if isinstance(self._items, _SecretServiceItems):  # one connection for both
                identity, head = self._items.get_passwords(SERVICE, users, stop_at_absent=not head_without_identity)
                return identity, head
            identity = self._items.get_password(SERVICE, users[0])
            wanted = identity or head_without_identity
            return identity, (self._items.get_password(SERVICE, users[1]) if wanted else None)

        _ok, value = self._call("reading", both)
        identity, head = value if isinstance(value, tuple) else (None, None)
        return (identity if isinstance(identity, str) else None), (head if isinstance(head, str) else None)

    def get_head(self, case_id: str) -> str | None:
        _ok, value = self._call("reading", lambda: self._items.get_password(SERVICE, self._head_user(case_id)))
        return value if isinstance(value, str) else None

    def set_head(self, case_id: str, text: str) -> bool:
        """Replace the kept journal head; False if the keyring refused, is locked or too slow (then the
        head it holds is older than the journal, which is normal, like an anchor behind it)."""
        ok, _value = self._call("writing", lambda: self._items.set_password(SERVICE, self._head_user(case_id),
                                                                            text))
        return ok

    def set(self, case_id: str, identity: str) -> bool:
        """Store the identity and read it back; False if the keyring refused, is locked or too slow."""
        def store_and_check() -> bool:
            self._items.set_password(SERVICE, self._user(case_id), identity)
            return bool(self._items.get_password(SERVICE, self._user(case_id)) == identity)

        _ok, stored = self._call("writing", store_and_check)
        return bool(stored)

    def delete(self, case_id: str) -> bool:
        """Remove the entry; False when the keyring could not be reached (True also when there was none)."""
        def delete() -> bool:
            users = (self._user(case_id), self._head_user(case_id))
            if isinstance(self._items, _SecretServiceItems):  # an absent entry is no error here: no keyring import
                for user in users:
                    self._items.delete_password(SERVICE, user)
                return True
            from keyring.errors import PasswordDeleteError

            for user in users:
                try:
                    self._items.delete_password(SERVICE, user)
                except PasswordDeleteError:
                    pass  # nothing to delete
            return True

        ok, _value = self._call("deleting", delete)
        return ok

    def describe(self) -> str:
        return type(self.backend).__name__ if self.backend is not None else "no keyring"


_system: KeyringAccess | None = None


def system_keyring() -> KeyringAccess | None:
    """The OS keyring if it is a real secret store, else None (then passphrases are used).

    Finding it probes D-Bus and the like, so it is bounded as well; the access is kept for the process.
    """
    global _system

    def find() -> Any:
        direct = _direct_secret_service()
        if direct is not None:
            return None if direct is _NO_SESSION_BUS else direct
        import keyring
        from keyring.backends.chainer import ChainerBackend

        backend = keyring.get_keyring()
        if isinstance(backend, ChainerBackend):
            return next((candidate for candidate in backend.backends if is_real_secret_store(candidate)), None)
        return backend if is_real_secret_store(backend) else None

    if _system is not None and _system.stalled:
        return None
    if _system is not None and isinstance(_system.backend, SecretServiceDirect):
        return _system  # found once for the process, its connection kept
    try:
        backend = bounded(find)
    except KeyringNotAvailable as exc:
        _note("no keyring: %s", str(exc))
        return None
    if backend is None:
        return None
    same = _system is not None and (_system.backend is backend or (
        isinstance(backend, SecretServiceDirect) and isinstance(_system.backend, SecretServiceDirect)))
    if not same:
        _system = KeyringAccess(backend)
    return _system
