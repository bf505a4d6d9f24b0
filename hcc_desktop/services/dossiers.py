"""Dossiers (hồ sơ): receiving, the lifecycle with its history, due-soon and overdue lists.

Due dates come from :mod:`hcc_desktop.services.calendar` only.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Protocol

from sqlalchemy import String, Uuid, bindparam, exists, func, insert, select, update
from sqlalchemy.engine import Connection

from hcc_desktop.clock import local_today, to_local
from hcc_desktop.errors import NotFound, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.auth import Actor, Role, require_role
from hcc_desktop.storage.case_models import Citizen, Dossier, DossierEvent, Procedure
from hcc_desktop.storage.engine import Database, DriverStatement
from hcc_desktop.storage.types import NFCText, UTCDateTime
from hcc_desktop.services.vocab import CHANNELS, DELIVERIES  # noqa: F401  (re-exported)
from hcc_desktop.text import clean

CASE_ROLES = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
D = Dossier.__table__
EV = DossierEvent.__table__
P = Procedure.__table__
C = Citizen.__table__


class DossierStatus(StrEnum):
    RECEIVED = "received"
    PROCESSING = "processing"
    NEEDS_SUPPLEMENT = "needs_supplement"
    RESOLVED = "resolved"
    RETURNED = "returned"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return {"received": tr("đã tiếp nhận"), "processing": tr("đang giải quyết"),
                "needs_supplement": tr("cần bổ sung"), "resolved": tr("đã có kết quả"),
                "returned": tr("đã trả kết quả"), "refused": tr("từ chối"),
                "withdrawn": tr("rút hồ sơ")}[self.value]


S = DossierStatus
TRANSITIONS: dict[DossierStatus, tuple[DossierStatus, ...]] = {
    S.RECEIVED: (S.PROCESSING, S.NEEDS_SUPPLEMENT, S.RESOLVED, S.REFUSED, S.WITHDRAWN),
    S.PROCESSING: (S.NEEDS_SUPPLEMENT, S.RESOLVED, S.REFUSED, S.WITHDRAWN),
    S.NEEDS_SUPPLEMENT: (S.PROCESSING, S.REFUSED, S.WITHDRAWN),
    S.RESOLVED: (S.RETURNED,),
    S.RETURNED: (), S.REFUSED: (), S.WITHDRAWN: (),
}
CLOSED = (S.RETURNED, S.REFUSED, S.WITHDRAWN)
OPEN = tuple(s for s in DossierStatus if s not in CLOSED and s is not S.RESOLVED)
# Open and running against their date (a dossier waiting for the person's papers is not).
RUNNING = tuple(s for s in OPEN if s is not S.NEEDS_SUPPLEMENT)


class DueDates(Protocol):
    def due_at(self, received_at: datetime, working_days: int) -> datetime: ...


@dataclass(frozen=True)
class DossierInput:
    citizen_id: uuid.UUID
    procedure_id: uuid.UUID
    channel: str = "counter"
    online_ref: str = ""
    delivery: str = "center"
    delivery_address: str = ""
    fee: str = ""
    copies: int = 1
    due_at: datetime | None = None  # only when the procedure has no processing time on record
    note: str = ""


@dataclass(frozen=True)
class DossierInfo:
    id: uuid.UUID
    code: str
    citizen_id: uuid.UUID
    citizen_name: str
    procedure_id: uuid.UUID
    procedure_code: str
    procedure_name: str
    status: DossierStatus
    channel: str
    online_ref: str
    received_at: datetime
    due_at: datetime
    resolved_at: datetime | None
    returned_at: datetime | None
    delivery: str
    delivery_address: str
    fee: str
    copies: int
    note: str

    def overdue(self, now: datetime) -> bool:
        """Past its date and not closed; a dossier waiting for the person's papers is not late."""
        late = (self.resolved_at or now) > self.due_at
        return late and self.status not in (S.REFUSED, S.WITHDRAWN, S.NEEDS_SUPPLEMENT)


@dataclass(frozen=True)
class DossierEventInfo:
    at: datetime
    kind: str
    from_status: str
    to_status: str
    detail: str
    user_id: uuid.UUID | None


_SELECT = (select(D, C.c.full_name.label("citizen_name"), P.c.code.label("procedure_code"),
                  P.c.name.label("procedure_name"))
           .join(C, C.c.id == D.c.citizen_id).join(P, P.c.id == D.c.procedure_id))
_BY_ID = _SELECT.where(D.c.id == bindparam("id"))
# The procedure's deadline and whether the applicant exists, in one look-up.
_PROCEDURE = select(P.c.same_day, P.c.processing_days,
                    exists().where(C.c.id == bindparam("citizen")).label("citizen_ok")).where(P.c.id == bindparam("id"))
# Every change of a dossier writes one: straight to the driver (see storage.engine.DriverStatement).
_INSERT_EVENT = DriverStatement(
    "INSERT INTO dossier_event (id, created_at, updated_at, device_id, dossier_id, at, kind, from_status, "
    "to_status, detail, user_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    Uuid(), UTCDateTime(), UTCDateTime(), Uuid(), Uuid(), UTCDateTime(), String(), String(), String(), NFCText(),
    Uuid())
# A range on the unique code index (LIKE would scan every dossier ever received).
_DAY_COUNT = select(func.count()).select_from(D).where(D.c.code >= bindparam("low"), D.c.code < bindparam("high"))
# The code is numbered inside the INSERT itself (prefix + the day's count + 1): one statement, not two.
_INSERT = insert(D).values(code=func.printf("%s%03d", bindparam("prefix"), _DAY_COUNT.scalar_subquery() + 1))


def _info(row) -> DossierInfo:
    return DossierInfo(row.id, row.code, row.citizen_id, row.citizen_name, row.procedure_id, row.procedure_code,
                       row.procedure_name, S(row.status), row.channel, row.online_ref, row.received_at, row.due_at,
                       row.resolved_at, row.returned_at, row.delivery, row.delivery_address, row.fee, row.copies,
                       row.note)


class DossierService:
    def __init__(self, db: Database, calendar: DueDates, code_prefix=lambda: "HS",
                 restart_after_supplement=lambda: True) -> None:
        """``restart_after_supplement()``: whether the papers brought for a supplement start the
        procedure's processing time again (a setting, with its legal basis)."""
        self._db = db
        self._calendar = calendar
        self._prefix = code_prefix
        self._restart = restart_after_supplement

    # -- receiving ------------------------------------------------------------
    def receive(self, actor: Actor, data: DossierInput, *, visit_id: uuid.UUID | None = None) -> DossierInfo:
        require_role(actor, *CASE_ROLES)
        with self._db.write_core() as conn:
            dossier_id = self.receive_in(conn, actor, data, visit_id)
            return _info(conn.execute(_BY_ID, {"id": dossier_id}).one())

    def receive_in(self, conn: Connection, actor: Actor, data: DossierInput, visit_id=None) -> uuid.UUID:
        """Insert a received dossier inside the caller's transaction (a visit completes with it)."""
        require_role(actor, *CASE_ROLES)
        fields = self._valid(data)
        procedure = conn.execute(_PROCEDURE, {"id": data.procedure_id, "citizen": data.citizen_id}).first()
        if procedure is None:
            raise ValidationError(tr("Hãy chọn thủ tục hành chính."), "procedure_id")
        if not procedure.citizen_ok:
            raise ValidationError(tr("Hãy chọn hoặc tạo người nộp hồ sơ."), "citizen_id")
        now = self._db.clock.now()
        due = self._due(procedure, now, data.due_at)
        prefix = self._code_prefix()
        values = self._db.stamp(dict(
            visit_id=visit_id, citizen_id=data.citizen_id,
            procedure_id=data.procedure_id, status=S.RECEIVED.value, received_at=now, due_at=due,
            resolved_at=None, returned_at=None, received_by=actor.user_id, book_volume="", book_number=None,
            **fields))
        conn.execute(_INSERT, {**values, "prefix": prefix, "low": prefix, "high": prefix + "\uffff"})
        self._event(conn, values["id"], "received", "", S.RECEIVED.value, "", actor)
        return values["id"]

    def _due(self, procedure, now: datetime, given: datetime | None) -> datetime:
        if procedure.same_day:
            return self._calendar.due_at(now, 0)
        if procedure.processing_days is not None:
            return self._calendar.due_at(now, procedure.processing_days)
        if given is None:
            raise ValidationError(tr("Thủ tục này chưa có thời hạn giải quyết trong danh mục; hãy nhập ngày hẹn trả."),
                                  "due_at")
        if given <= now:
            raise ValidationError(tr("Ngày hẹn trả phải sau thời điểm tiếp nhận."), "due_at")
        return given

    @staticmethod
    def _valid(data: DossierInput) -> dict:
        if data.channel not in CHANNELS:
            raise ValidationError(tr("Hình thức nộp hồ sơ không hợp lệ."), "channel")
        if data.delivery not in DELIVERIES:
            raise ValidationError(tr("Hình thức nhận kết quả không hợp lệ."), "delivery")
        address = clean(data.delivery_address, multiline=True)
        if data.delivery == "post" and not address:
            raise ValidationError(tr("Nhận kết quả qua bưu chính cần địa chỉ nhận."), "delivery_address")
        online_ref = clean(data.online_ref)
        if data.channel == "online_assisted" and not online_ref:
            raise ValidationError(tr("Hồ sơ nộp trực tuyến cần mã hồ sơ trên Cổng dịch vụ công."), "online_ref")
        if not isinstance(data.copies, int) or not 1 <= data.copies <= 50:
            raise ValidationError(tr("Số lượng hồ sơ phải từ 1 đến 50 bộ."), "copies")
        return dict(channel=data.channel, online_ref=online_ref[:80], delivery=data.delivery,
                    delivery_address=address[:2000], fee=clean(data.fee)[:500], copies=data.copies,
                    note=clean(data.note, multiline=True)[:10_000])

    def _code_prefix(self) -> str:
        """Codes are PREFIX-yymmdd-NNN, numbered per local day (the INSERT counts the day's codes)."""
        return f"{self._prefix()}-{local_today(self._db.clock):%y%m%d}-"

    # -- lifecycle ------------------------------------------------------------
    def change_status(self, actor: Actor, dossier_id: uuid.UUID, to: DossierStatus | str, detail: str = "") -> DossierInfo:
        require_role(actor, *CASE_ROLES)
        to = S(to)
        detail = clean(detail, multiline=True)[:2000]
        if to in (S.NEEDS_SUPPLEMENT, S.REFUSED) and not detail:
            raise ValidationError(tr("Hãy ghi rõ lý do (giấy tờ còn thiếu, lý do từ chối)."), "detail")
        now = self._db.clock.now()
        with self._db.write_core() as conn:
            row = self._get(conn, dossier_id)
            current = S(row.status)
            if to not in TRANSITIONS[current]:
                raise ValidationError(tr("Hồ sơ {code} đang “{a}”, không chuyển sang “{b}” được.",
                                         code=row.code, a=current.label, b=to.label))
            values = {"status": to.value}
            if to is S.RESOLVED:
                values["resolved_at"] = now
            if to is S.RETURNED:
                values["returned_at"] = now
            restarted = current is S.NEEDS_SUPPLEMENT and to is S.PROCESSING and self._restart()
            if restarted:
                procedure = conn.execute(_PROCEDURE, {"id": row.procedure_id, "citizen": row.citizen_id}).first()
                if procedure.same_day or procedure.processing_days is not None:
                    values["due_at"] = self._due(procedure, now, None)
            conn.execute(update(D).where(D.c.id == dossier_id).values(self._db.stamp(values, new=False)))
            self._event(conn, dossier_id, "status", current.value, to.value, detail, actor)
            if "due_at" in values and values["due_at"] != row.due_at:
                self._event(conn, dossier_id, "rescheduled", to.value, to.value, tr(
                    "{old} → {new}: đã nhận đủ hồ sơ bổ sung, thời hạn tính lại từ hôm nay",
                    old=to_local(row.due_at).strftime("%d/%m/%Y"),
                    new=to_local(values["due_at"]).strftime("%d/%m/%Y")), actor)
            return _info(conn.execute(_BY_ID, {"id": dossier_id}).one())

    def reschedule(self, actor: Actor, dossier_id: uuid.UUID, new_due: datetime, reason: str) -> DossierInfo:
        """A new due date for a late dossier (the apology letter records it)."""
        require_role(actor, *CASE_ROLES)
        if not clean(reason):
            raise ValidationError(tr("Hãy ghi lý do gia hạn."), "reason")
        with self._db.write_core() as conn:
            row = self._get(conn, dossier_id)
            if new_due <= row.due_at:
                raise ValidationError(tr("Ngày hẹn mới phải sau ngày hẹn cũ."), "due_at")
            conn.execute(update(D).where(D.c.id == dossier_id).values(self._db.stamp({"due_at": new_due}, new=False)))
            self._event(conn, dossier_id, "rescheduled", row.status, row.status,
                        tr("{old} → {new}: {r}", old=to_local(row.due_at).strftime("%d/%m/%Y"),
                           new=to_local(new_due).strftime("%d/%m/%Y"), r=clean(reason)), actor)
            return _info(conn.execute(_BY_ID, {"id": dossier_id}).one())

    # -- reading --------------------------------------------------------------
    def get(self, actor: Actor, dossier_id: uuid.UUID) -> DossierInfo:
        require_role(actor, *CASE_ROLES)
        with self._db.read_core() as conn:
            return _info(self._get(conn, dossier_id))

    def visit_of(self, actor: Actor, dossier_id: uuid.UUID) -> uuid.UUID | None:
        require_role(actor, *CASE_ROLES)
        with self._db.read_core() as conn:
            return self._get(conn, dossier_id).visit_id

    def history(self, actor: Actor, dossier_id: uuid.UUID) -> list[DossierEventInfo]:
        require_role(actor, *CASE_ROLES)
        with self._db.read_core() as conn:
            rows = conn.execute(select(EV).where(EV.c.dossier_id == dossier_id).order_by(EV.c.at, EV.c.created_at))
            return [DossierEventInfo(r.at, r.kind, r.from_status, r.to_status, r.detail, r.user_id) for r in rows]

    def due_soon(self, actor: Actor, days: int = 2) -> list[DossierInfo]:
        """Open dossiers due from now up to the end of the ``days``-th day ahead (not yet overdue)."""
        require_role(actor, *CASE_ROLES)
        now = self._db.clock.now()
        horizon = now + timedelta(days=days)
        return self._open_where(D.c.due_at >= now, D.c.due_at <= horizon)

    def overdue(self, actor: Actor) -> list[DossierInfo]:
        """Running dossiers past their date (not those waiting for the person's papers)."""
        require_role(actor, *CASE_ROLES)
        return self._open_where(D.c.due_at < self._db.clock.now())

    def waiting_for_papers(self, actor: Actor) -> list[DossierInfo]:
        """Dossiers waiting for the person to bring what is missing, oldest request first."""
        require_role(actor, *CASE_ROLES)
        with self._db.read_core() as conn:
            rows = conn.execute(_SELECT.where(D.c.status == S.NEEDS_SUPPLEMENT.value).order_by(D.c.updated_at))
            return [_info(r) for r in rows]

    def received_on(self, actor: Actor, first: date, last: date) -> list[DossierInfo]:
        require_role(actor, *CASE_ROLES)
        start = _local_midnight(first)
        end = _local_midnight(last + timedelta(days=1))
        with self._db.read_core() as conn:
            rows = conn.execute(_SELECT.where(D.c.received_at >= start, D.c.received_at < end)
                                .order_by(D.c.received_at))
            return [_info(r) for r in rows]

    def _open_where(self, *conditions) -> list[DossierInfo]:
        with self._db.read_core() as conn:
            rows = conn.execute(_SELECT.where(D.c.status.in_([s.value for s in RUNNING]), *conditions)
                                .order_by(D.c.due_at))
            return [_info(r) for r in rows]

    @staticmethod
    def _get(conn: Connection, dossier_id: uuid.UUID):
        row = conn.execute(_BY_ID, {"id": dossier_id}).first()
        if row is None:
            raise NotFound(tr("Không tìm thấy hồ sơ."))
        return row

    def _event(self, conn: Connection, dossier_id, kind: str, before: str, after: str, detail: str,
               actor: Actor) -> None:
        v = self._db.stamp({})
        _INSERT_EVENT.run(conn, v["id"], v["created_at"], v["updated_at"], v["device_id"], dossier_id,
                          self._db.clock.now(), kind, before, after, detail, actor.user_id)


def _local_midnight(day: date) -> datetime:
    from hcc_desktop.clock import LOCAL_TZ

    return datetime(day.year, day.month, day.day, tzinfo=LOCAL_TZ)
