"""The services as the window sees them while they are still loading.

:class:`EarlyServices` stands in for :class:`hcc_desktop.app.Services` from the moment
the window is shown. Log-in, the settings, the demo flag and the queue snapshot are
answered at once by :class:`hcc_desktop.storage.quick.QuickReader`; anything else is
resolved when used: a call made on a worker thread (every service call of the UI runs
on one) waits until the full services have loaded, then goes to them. Once loaded,
every attribute is the real one. If loading fails, the waiting calls raise its error.

Plain Python: no Qt, no SQLAlchemy (that is the point).
"""

from __future__ import annotations

import logging
import threading
from typing import Any

from hcc_desktop.errors import HccError

logger = logging.getLogger(__name__)
LOAD_TIMEOUT_S = 300.0


class EarlyServices:
    def __init__(self, paths, clock, reader) -> None:
        self.paths = paths
        self.clock = clock
        self._reader = reader
        self._real = None
        self._error: BaseException | None = None
        self._loaded = threading.Event()
        self._lock = threading.Lock()
        self._released = False  # the reader let go of the file (a restore): nothing is answered early
        self._early_logins: list = []  # actors logged in before the services loaded (their audit line is due)
        self.auth = _Early(self, "auth", authenticate=self._authenticate, has_users=lambda: True)
        self.settings = _Early(self, "settings", view=reader.settings)
        self.queue = _Early(self, "queue", snapshot=self._snapshot, policy=self._policy)
        self.db = _Early(self, "db", is_demo=reader.is_demo, journal_mode=reader.journal_mode)

    # -- loading -----------------------------------------------------------------
    def resolve(self, services) -> list:
        """The full services are ready (called on the thread that loaded them): from now on
        everything goes to them. The log-ins checked early get their audit lines; returns who."""
        with self._lock:
            self._real = services
            self._error = None  # a load that failed (a damaged database) and was retried after a restore
            logins, self._early_logins = self._early_logins, []
        self._loaded.set()
        self._reader.close()
        for actor in logins:
            services.auth.note_login(actor)
        return logins

    def fail(self, error: BaseException) -> None:
        self._error = error
        self._loaded.set()

    @property
    def loaded(self) -> bool:
        return self._real is not None

    @property
    def failed(self) -> bool:
        """Loading failed (a damaged database...): nothing can be asked of the services."""
        return self._real is None and self._error is not None

    def release(self) -> None:
        """Let go of the database file (the quick reader's connection) so it can be replaced: from now on
        every call waits for services loaded again (:meth:`resolve`)."""
        self._released = True
        self._error = None
        self._loaded.clear()
        self._reader.close()

    def close(self) -> None:
        if self._real is not None:
            self._real.close()
        else:
            self._reader.close()

    def real(self):
        if not self._loaded.wait(LOAD_TIMEOUT_S):
            raise TimeoutError("the services did not load")
        if self._error is not None:
            raise self._error
        return self._real

    def __getattr__(self, name: str) -> Any:  # everything not answered early: resolved on use
        if name.startswith("_"):
            raise AttributeError(name)
        if self._real is not None:
            return getattr(self._real, name)
        return _Deferred(self, (name,))

    # -- early answers -------------------------------------------------------------
    def _authenticate(self, username: str, password: str):
        from hcc_desktop.errors import AuthenticationFailed

        try:
            actor = self._reader.authenticate(username, password, self.clock.now())
        except AuthenticationFailed:  # AccountLocked too: the service refuses (or counts) it with its audit line
            return self.real().auth.authenticate(username, password)
        with self._lock:
            if self._real is None:
                self._early_logins.append(actor)
                return actor
        self._real.auth.note_login(actor)  # loaded while the password was being checked
        return actor

    def _policy(self):
        from hcc_desktop.services.queue_rules import QueuePolicy

        view = self._reader.settings()
        return QueuePolicy(view.queue_max_regular_wait, view.queue_priority_streak)

    def _snapshot(self, actor=None, day=None):
        from hcc_desktop.clock import local_today

        return self._reader.snapshot(actor, day or local_today(self.clock), self.clock.now(), self._policy())


class _Early:
    """One service: a few methods answered early, the rest (and everything once loaded) by the real one."""

    def __init__(self, owner: EarlyServices, name: str, **early) -> None:
        self._owner, self._name, self._early = owner, name, early

    def __getattr__(self, attr: str) -> Any:
        owner = self._owner
        if owner.loaded:
            return getattr(getattr(owner.real(), self._name), attr)
        if attr in self._early and not owner._released:
            early, name = self._early[attr], self._name

            def call(*args, **kwargs):  # decided when called: the services may have loaded meanwhile
                if not owner.loaded and not owner._released:
                    try:
                        return early(*args, **kwargs)
                    except HccError:
                        raise  # a real answer (a wrong password...): asking again would count it twice
                    except Exception:
                        if not owner.loaded:
                            raise
                        # the reader was closed under us as the services arrived: they answer instead
                return getattr(getattr(owner.real(), name), attr)(*args, **kwargs)

            return call
        return _Deferred(owner, (self._name, attr))


class _Deferred:
    """An attribute path (``continuity.recovery.begin``) resolved only when called."""

    def __init__(self, owner: EarlyServices, path: tuple[str, ...]) -> None:
        self._owner, self._path = owner, path

    def _resolve(self) -> Any:
        target = self._owner.real()
        for name in self._path:
            target = getattr(target, name)
        return target

    def __getattr__(self, attr: str) -> Any:
        if attr.startswith("__"):
            raise AttributeError(attr)
        if self._owner.loaded:
            return getattr(self._resolve(), attr)
        return _Deferred(self._owner, (*self._path, attr))

    def __call__(self, *args, **kwargs) -> Any:
        return self._resolve()(*args, **kwargs)
