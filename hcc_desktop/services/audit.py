"""The audit trail: who logged in, saw a full ID number, changed, printed, exported or imported what.

Append-only and hash-chained: each line's hash covers its own fields and the hash of
the line before, and ``audit_head`` repeats the newest line's number and hash. Database
triggers refuse UPDATE and DELETE; :meth:`AuditService.verify` catches a line changed,
removed or added around them. A line is written in the same transaction as the change
it describes (:meth:`AuditService.append`), so one is never kept without the other.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from typing import Iterator

from sqlalchemy import Connection, Integer, String, Uuid, select

from hcc_desktop.i18n import tr
from hcc_desktop.services.auth import MANAGERS, Actor, require_role
from hcc_desktop.storage.engine import Database, DriverStatement
from hcc_desktop.storage.models import AuditEntry, AuditHead
from hcc_desktop.storage.types import NFCString, UTCDateTime

GENESIS = "0" * 64


class AuditAction(StrEnum):
    LOGIN = "login"
    LOGIN_FAILED = "login_failed"
    LOGOUT = "logout"
    VIEW_ID = "view_id"
    CREATE = "create"
    EDIT = "edit"
    DELETE = "delete"
    PRINT = "print"
    EXPORT = "export"
    IMPORT = "import"
    SETTINGS = "settings"
    ACCOUNT = "account"
    BACKUP = "backup"
    RESTORE = "restore"
    LOCKOUT = "lockout"
    UNLOCK = "unlock"

    @property
    def label(self) -> str:
        from hcc_desktop.services.audit_text import action_label

        return action_label(self.value)


@dataclass(frozen=True)
class AuditLine:
    seq: int
    at: datetime
    username: str
    action: AuditAction
    subject: str
    detail: dict


@dataclass(frozen=True)
class AuditCheck:
    lines: int
    problems: list[str]

    @property
    def ok(self) -> bool:
        return not self.problems


_T = AuditEntry.__table__
_H = AuditHead.__table__
_HEAD = select(_H.c.seq, _H.c.hash).where(_H.c.id == 1)
# Every change writes a line: these go straight to the driver (see DriverStatement).
_READ_HEAD = DriverStatement("SELECT seq, hash FROM audit_head WHERE id = 1")
_INSERT = DriverStatement(
    "INSERT INTO audit_log (seq, at, device_id, user_id, username, action, subject, detail, prev_hash, hash) "
    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    Integer(), UTCDateTime(), Uuid(), Uuid(), NFCString(), String(), String(), NFCString(), String(), String())
_PUT_HEAD = DriverStatement("INSERT INTO audit_head (id, seq, hash) VALUES (1, ?, ?) "
                            "ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash",
                            Integer(), String())


def line_hash(seq: int, at: datetime, device_id: uuid.UUID, user_id: uuid.UUID | None, username: str,
              action: str, subject: str, detail: str, prev_hash: str) -> str:
    fields = [seq, at.isoformat(), str(device_id), str(user_id or ""), username, action, subject, detail, prev_hash]
    return hashlib.sha256(json.dumps(fields, ensure_ascii=False).encode("utf-8")).hexdigest()


def _detail_json(detail: dict | None) -> str:
    return json.dumps(detail or {}, ensure_ascii=False, sort_keys=True, default=str)


class AuditService:
    def __init__(self, db: Database) -> None:
        self._db = db

    def append(self, conn: Connection, actor: Actor | None, action: AuditAction, subject: str = "",
               detail: dict | None = None, *, username: str | None = None) -> int:
        """Add a line inside the caller's write transaction; returns its number."""
        head = _READ_HEAD.run(conn)
        seq, prev = (head[0][0] + 1, head[0][1]) if head else (1, GENESIS)
        at = self._db.clock.now()
        user_id = actor.user_id if actor else None
        name = actor.username if actor else (username or "")
        body = _detail_json(detail)
        digest = line_hash(seq, at, self._db.device_id, user_id, name, action.value, subject, body, prev)
        _INSERT.run(conn, seq, at, self._db.device_id, user_id, name, action.value, subject, body, prev, digest)
        _PUT_HEAD.run(conn, seq, digest)
        return seq

    def record(self, actor: Actor | None, action: AuditAction, subject: str = "", detail: dict | None = None,
               *, username: str | None = None) -> int:
        """Add a line in a transaction of its own (views, prints, exports: nothing else is written)."""
        with self._db.write_core() as conn:
            return self.append(conn, actor, action, subject, detail, username=username)

    def lines(self, actor: Actor, *, since: datetime | None = None, until: datetime | None = None,
              action: AuditAction | None = None, username: str | None = None, limit: int = 500) -> list[AuditLine]:
        """Newest first, for the supervisor's viewer."""
        require_role(actor, *MANAGERS)
        query = select(_T).order_by(_T.c.seq.desc()).limit(limit)
        if since is not None:
            query = query.where(_T.c.at >= since)
        if until is not None:
            query = query.where(_T.c.at < until)
        if action is not None:
            query = query.where(_T.c.action == action.value)
        if username:
            query = query.where(_T.c.username == username)
        with self._db.read_core() as conn:
            return [AuditLine(r.seq, r.at, r.username, AuditAction(r.action), r.subject, json.loads(r.detail))
                    for r in conn.execute(query)]

    def verify(self) -> AuditCheck:
        """Recompute the chain: every line's hash, its link to the line before, no gap, the head."""
        problems: list[str] = []
        count = 0
        prev_seq, prev_hash = 0, GENESIS
        with self._db.read_core() as conn:
            for row in self._rows(conn):
                count += 1
                if row.seq != prev_seq + 1:
                    problems.append(tr("Thiếu dòng nhật ký số {a}–{b}.", a=prev_seq + 1, b=row.seq - 1))
                if row.prev_hash != prev_hash:
                    problems.append(tr("Dòng {n} không nối tiếp dòng trước (đã bị xóa hoặc sửa).", n=row.seq))
                expected = line_hash(row.seq, row.at, row.device_id, row.user_id, row.username, row.action,
                                     row.subject, row.detail, row.prev_hash)
                if expected != row.hash:
                    problems.append(tr("Dòng {n} đã bị sửa sau khi ghi.", n=row.seq))
                prev_seq, prev_hash = row.seq, row.hash
            head = conn.execute(_HEAD).first()
        if head is None and count:
            problems.append(tr("Mất dấu dòng cuối của nhật ký."))
        elif head is not None and (head.seq, head.hash) != (prev_seq, prev_hash):
            problems.append(tr("Nhật ký dừng ở dòng {n} nhưng dòng cuối đã ghi là {m}: các dòng cuối đã bị xóa.",
                               n=prev_seq, m=head.seq))
        return AuditCheck(count, problems)

    @staticmethod
    def _rows(conn: Connection) -> Iterator:
        result = conn.execution_options(yield_per=2000).execute(select(_T).order_by(_T.c.seq))
        yield from result
