"""The first screen's reads, with the standard ``sqlite3`` module only.

Loading SQLAlchemy, the models and the services costs several times what Qt needs to
show the window. The counter does not have to wait for it: when the data folder is
already at the current schema, log-in, the settings and the first queue snapshot are
read here (read-only, a handful of statements) while the full services load on a
worker thread (:mod:`hcc_desktop.early`). Every write goes through the services.

Log-in and its lock-out: the reader refuses an account while it is locked out and
accepts a right password, but it writes nothing. A wrong password (or an unknown name)
is handed to ``AuthService.authenticate`` once the services have loaded, which counts
it, locks the account when the count is reached and writes the audit line; the person
waits the second or two the services take to load, only when they typed it wrong.

The SQL mirrors two Core queries of ``services/queue.py`` (``QueueService.snapshot``);
both feed :func:`hcc_desktop.services.queue_view.assemble_snapshot`, and a test
holds their answers equal on the same data. Values are read back the way SQLAlchemy
stores them on SQLite: UUIDs as 32 hex digits, dates ``YYYY-MM-DD``, times
``YYYY-MM-DD HH:MM:SS.ffffff`` in UTC, booleans 0/1.
"""

from __future__ import annotations

import json
import sqlite3
import threading
import uuid
from functools import wraps
from datetime import date, datetime, timezone
from pathlib import Path
from types import SimpleNamespace

from hcc_desktop.errors import AuthenticationFailed
from hcc_desktop.i18n import tr
from hcc_desktop.services.queue_rules import QueuePolicy
from hcc_desktop.services.queue_view import OPEN, QueueSnapshot, Status, assemble_snapshot
from hcc_desktop.services.roles import Actor, Role, locked_out, verify_password
from hcc_desktop.settings import SettingsView
from hcc_desktop.storage import sqlite_uri
from hcc_desktop.text import clean

_TICKETS = ("SELECT * FROM queue_ticket WHERE service_day = ? AND status IN ({marks})"
            .format(marks=", ".join("?" * (len(OPEN) + 1))))
_CALLS = ("SELECT t.prefix, t.number, e.counter, t.tier, e.at FROM queue_ticket AS t "
          "JOIN queue_event AS e ON e.ticket_id = t.id "
          "WHERE e.service_day = ? AND e.kind IN ('called', 'recalled') "
          "ORDER BY e.at DESC, e.created_at DESC LIMIT 5")
_TIMES = ("postponed_until", "issued_at", "called_at", "started_at", "finished_at")


def _uuid(value) -> uuid.UUID | None:
    return None if value is None else uuid.UUID(hex=value)


def _time(value) -> datetime | None:
    return None if value is None else datetime.fromisoformat(value).replace(tzinfo=timezone.utc)


def _locked(method):
    @wraps(method)
    def call(self, *args, **kwargs):
        with self._lock:
            return method(self, *args, **kwargs)

    return call


class QuickReader:
    """Read-only access to a data folder at the current schema (see :meth:`open`). Thread-safe:
    worker threads share it, one statement at a time."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._con = connection
        self._lock = threading.Lock()

    @classmethod
    def open(cls, database: Path, head: str) -> "QuickReader | None":
        """A reader, or None when the full start-up must run first: no database yet, another schema
        (migrations to apply), no account (the first-run dialog), or anything unexpected."""
        if not database.is_file():
            return None
        try:
            con = sqlite3.connect(sqlite_uri(database, mode="rw"), uri=True, check_same_thread=False,
                                  isolation_level=None)
            con.execute("PRAGMA busy_timeout=10000")
            con.execute("PRAGMA query_only=1")
            reader = cls(con)
            if reader._scalar("SELECT version_num FROM alembic_version") != head \
                    or not reader._scalar("SELECT count(*) FROM user_account WHERE active"):
                con.close()
                return None
            return reader
        except (sqlite3.Error, OSError, ValueError):
            return None

    @_locked
    def close(self) -> None:
        self._con.close()

    def _scalar(self, sql: str, *params):
        row = self._con.execute(sql, params).fetchone()
        return None if row is None else row[0]

    # -- what the first screen needs -----------------------------------------------
    @_locked
    def journal_mode(self) -> str:
        return str(self._scalar("PRAGMA journal_mode"))

    @_locked
    def is_demo(self) -> bool:
        return bool(self._scalar("SELECT demo_data FROM installation WHERE id = 1"))

    @_locked
    def settings(self) -> SettingsView:
        rows = self._con.execute("SELECT key, value_json FROM setting").fetchall()
        return SettingsView({key: json.loads(raw) for key, raw in rows})

    @_locked
    def authenticate(self, username: str, password: str, now: datetime) -> Actor:
        """The same check as ``AuthService.authenticate``, reading only: a locked-out account is
        refused (:class:`AccountLocked`); any other refusal is :class:`AuthenticationFailed`, for the
        caller to hand to the service, which counts it (see the module's note). The audit line of a
        good log-in is written once the services have loaded (``AuthService.note_login``)."""
        row = self._con.execute("SELECT id, username, full_name, role, password_hash, active, locked_until "
                                "FROM user_account WHERE username = ?", (clean(username).lower()[:64],)).fetchone()
        if row is not None and row[6] is not None and _time(row[6]) > now:
            raise locked_out(_time(row[6]))
        if row is None or not row[5] or not verify_password(password, row[4]):
            raise AuthenticationFailed(tr("Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa."))
        return Actor(_uuid(row[0]), row[1], row[2], Role(row[3]))

    @_locked
    def snapshot(self, actor: Actor | None, day: date, now: datetime, policy: QueuePolicy) -> QueueSnapshot:
        statuses = [s.value for s in (*OPEN, Status.NO_SHOW)]
        cursor = self._con.execute(_TICKETS, (day.isoformat(), *statuses))
        names = [d[0] for d in cursor.description]
        rows = []
        for values in cursor.fetchall():
            row = dict(zip(names, values))
            row["id"] = _uuid(row["id"])
            row["service_day"] = date.fromisoformat(row["service_day"])
            row["reason_verified"] = bool(row["reason_verified"])
            for name in _TIMES:
                row[name] = _time(row[name])
            rows.append(SimpleNamespace(**row))
        calls = [(p, n, c, tier, _time(at)) for p, n, c, tier, at in
                 self._con.execute(_CALLS, (day.isoformat(),)).fetchall()]
        return assemble_snapshot(day, now, actor, rows, calls, policy)
