"""What a scenario leaves to follow up: referrals (giới thiệu) until the person returns or it is closed,
complaints (phản ánh) until answered or forwarded and closed, and online submissions waiting for the
connection. :mod:`hcc_desktop.services.incidents` creates them when a playbook is applied."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.engine import Connection

from hcc_desktop.clock import local_today
from hcc_desktop.errors import NotFound, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.auth import Actor, Role, require_role
from hcc_desktop.services.roles import require_own
from hcc_desktop.storage.continuity_models import Complaint, Office, PendingSubmission, Referral
from hcc_desktop.storage.engine import Database
from hcc_desktop.text import clean, clean_name

CASE_ROLES = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
RF, CP, PS, OF = Referral.__table__, Complaint.__table__, PendingSubmission.__table__, Office.__table__
REFERRAL_STATUS = {"open": tr("đang chờ quay lại"), "returned": tr("đã quay lại"), "closed": tr("đã đóng")}
COMPLAINT_STATUS = {"open": tr("mới tiếp nhận"), "answered": tr("đã trả lời"), "forwarded": tr("đã chuyển"),
                    "closed": tr("đã đóng")}
CHANNELS = {"counter": tr("tại quầy"), "phone": tr("qua điện thoại"), "letter": tr("bằng văn bản"),
            "online": tr("trực tuyến"), "box": tr("hòm thư góp ý")}
PENDING_STATUS = {"pending": tr("chờ nộp"), "submitted": tr("đã nộp"), "cancelled": tr("đã hủy")}
_DAY_COUNT = select(func.count()).select_from(RF).where(RF.c.code >= bindparam("low"), RF.c.code < bindparam("high"))


@dataclass(frozen=True)
class ReferralInfo:
    id: uuid.UUID
    code: str
    playbook_code: str
    office_code: str
    office_name: str
    at: datetime
    citizen_id: uuid.UUID | None
    citizen_name: str
    visit_id: uuid.UUID | None
    reason: str
    bring: tuple[str, ...]
    external_ref: str
    return_on: date | None
    status: str
    return_ticket_id: uuid.UUID | None
    outcome: str

    @property
    def status_label(self) -> str:
        return REFERRAL_STATUS[self.status]


@dataclass(frozen=True)
class ComplaintInput:
    person_name: str
    content: str
    contact: str = ""
    channel: str = "counter"
    received_at: datetime | None = None  # default: now
    visit_id: uuid.UUID | None = None
    citizen_id: uuid.UUID | None = None


@dataclass(frozen=True)
class ComplaintInfo:
    id: uuid.UUID
    person_name: str
    contact: str
    content: str
    received_at: datetime
    channel: str
    response: str
    forwarded_to: str
    status: str
    closed_at: datetime | None

    @property
    def status_label(self) -> str:
        return COMPLAINT_STATUS[self.status]


@dataclass(frozen=True)
class PendingInfo:
    id: uuid.UUID
    citizen_name: str
    procedure_name: str
    data: dict
    status: str
    queued_at: datetime
    submitted_at: datetime | None
    online_ref: str
    note: str

    @property
    def status_label(self) -> str:
        return PENDING_STATUS[self.status]


def _referral(r) -> ReferralInfo:
    return ReferralInfo(r.id, r.code, r.playbook_code, r.office_code, r.office_name, r.at, r.citizen_id,
                        r.citizen_name, r.visit_id, r.reason, tuple(x for x in r.bring.split("\n") if x),
                        r.external_ref, r.return_on, r.status, r.return_ticket_id, r.outcome)


def _complaint(r) -> ComplaintInfo:
    return ComplaintInfo(r.id, r.person_name, r.contact, r.content, r.received_at, r.channel, r.response,
                         r.forwarded_to, r.status, r.closed_at)


def _pending(r) -> PendingInfo:
    return PendingInfo(r.id, r.citizen_name, r.procedure_name, json.loads(r.data_json or "{}"), r.status,
                       r.queued_at, r.submitted_at, r.online_ref, r.note)


class FollowUpService:
    def __init__(self, db: Database, queue) -> None:
        self._db = db
        self._queue = queue

    # -- referrals ----------------------------------------------------------------
    def insert_referral(self, conn: Connection, actor: Actor, *, playbook_code: str, office_code: str,
                        reason: str, bring: str, citizen_name: str = "", return_on: date | None = None,
                        external_ref: str = "", incident_id=None, visit_id=None, citizen_id=None,
                        dossier_id=None) -> uuid.UUID:
        """A referral inside the caller's transaction; an unknown or closed office is refused."""
        require_role(actor, *Role)  # anyone who applies a playbook (see IncidentService.apply)
        office = conn.execute(select(OF).where(OF.c.code == clean(office_code))).first()
        if office is None:
            raise ValidationError(tr("Nơi giới thiệu “{c}” không có trong danh sách; hãy chọn nơi khác.",
                                     c=office_code), "office")
        if not office.active:
            raise ValidationError(tr("“{name}” đang đóng (không nhận người được giới thiệu); hãy chọn nơi khác "
                                     "hoặc nhờ phụ trách Trung tâm cập nhật danh sách.", name=office.name), "office")
        today = local_today(self._db.clock)
        if return_on is not None and return_on < today:
            raise ValidationError(tr("Ngày hẹn quay lại không được trước hôm nay."), "return_on")
        prefix = f"GT-{today:%y%m%d}-"
        count = conn.scalar(_DAY_COUNT, {"low": prefix, "high": prefix + "\uffff"}) or 0
        values = self._db.stamp(dict(
            code=f"{prefix}{count + 1:03d}", incident_id=incident_id, playbook_code=playbook_code,
            office_code=office.code, office_name=office.name, at=self._db.clock.now(), visit_id=visit_id,
            citizen_id=citizen_id, dossier_id=dossier_id, citizen_name=clean_name(citizen_name)[:200],
            reason=clean(reason, multiline=True)[:2000], bring=clean(bring, multiline=True)[:2000],
            external_ref=clean(external_ref)[:80], return_on=return_on, status="open", return_ticket_id=None,
            closed_at=None, outcome="", user_id=actor.user_id))
        conn.execute(insert(RF), values)
        return values["id"]

    def referral(self, actor: Actor, referral_id: uuid.UUID) -> ReferralInfo:
        require_role(actor, *Role)
        with self._db.read_core() as conn:
            row = self._get(conn, RF, referral_id, tr("Không tìm thấy giấy giới thiệu."))
        require_own(actor, row.user_id)
        return _referral(row)

    def referrals(self, actor: Actor, *, open_only: bool = True) -> list[ReferralInfo]:
        require_role(actor, *CASE_ROLES)
        query = select(RF).order_by(RF.c.return_on.is_(None), RF.c.return_on, RF.c.at)
        with self._db.read_core() as conn:
            rows = conn.execute(query.where(RF.c.status == "open") if open_only else query).all()
        return [_referral(r) for r in rows]

    def close_referral(self, actor: Actor, referral_id: uuid.UUID, outcome: str, external_ref: str = "") -> ReferralInfo:
        """Close a referral with what happened (and, for the feedback system, its reference)."""
        require_role(actor, *CASE_ROLES)
        outcome = clean(outcome, multiline=True)
        if not outcome:
            raise ValidationError(tr("Hãy ghi kết quả trước khi đóng."), "outcome")
        with self._db.write_core() as conn:
            row = self._get(conn, RF, referral_id, tr("Không tìm thấy giấy giới thiệu."))
            if row.status == "closed":
                raise ValidationError(tr("Giấy giới thiệu {c} đã đóng.", c=row.code))
            values = {"status": "closed", "closed_at": self._db.clock.now(), "outcome": outcome[:2000]}
            if clean(external_ref):
                values["external_ref"] = clean(external_ref)[:80]
            conn.execute(update(RF).where(RF.c.id == referral_id).values(self._db.stamp(values, new=False)))
            return _referral(self._get(conn, RF, referral_id, ""))

    def came_back(self, actor: Actor, referral_id: uuid.UUID):
        """The person is back with the referral: a priority ticket (reason "returning"); asking twice gives the
        same ticket. Returns (referral, issued ticket)."""
        from hcc_desktop.services.queue import IssueRequest

        require_role(actor, *Role)
        with self._db.read_core() as conn:
            row = self._get(conn, RF, referral_id, tr("Không tìm thấy giấy giới thiệu."))
        if row.status == "closed":
            raise ValidationError(tr("Giấy giới thiệu {c} đã đóng.", c=row.code))
        issued = self._queue.issue(actor, IssueRequest(
            reason_code="returning", citizen_name=row.citizen_name, reason_verified=True,
            reason_note=tr("Quay lại theo giấy giới thiệu {c} ({o})", c=row.code, o=row.office_name),
            request_id=row.id))
        with self._db.write_core() as conn:
            conn.execute(update(RF).where(RF.c.id == referral_id, RF.c.status != "closed").values(
                self._db.stamp({"status": "returned", "return_ticket_id": issued.ticket.id}, new=False)))
            return _referral(self._get(conn, RF, referral_id, "")), issued

    # -- complaints ---------------------------------------------------------------
    def insert_complaint(self, conn: Connection, actor: Actor, data: ComplaintInput, incident_id=None) -> uuid.UUID:
        require_role(actor, *Role)  # anyone who applies a playbook (see IncidentService.apply)
        name, content = clean_name(data.person_name), clean(data.content, multiline=True)
        if not name:
            raise ValidationError(tr("Hãy ghi tên người phản ánh (hoặc “Không cho biết tên”)."), "person_name")
        if not content:
            raise ValidationError(tr("Hãy ghi nội dung phản ánh."), "content")
        if data.channel not in CHANNELS:
            raise ValidationError(tr("Hình thức phản ánh không hợp lệ."), "channel")
        now = self._db.clock.now()
        when = data.received_at or now
        if when > now:
            raise ValidationError(tr("Thời gian phản ánh không được sau bây giờ."), "received_at")
        values = self._db.stamp(dict(
            incident_id=incident_id, visit_id=data.visit_id, citizen_id=data.citizen_id, person_name=name[:200],
            contact=clean(data.contact)[:80], content=content[:5000], received_at=when, channel=data.channel,
            response="", forwarded_to="", status="open", closed_at=None, user_id=actor.user_id))
        conn.execute(insert(CP), values)
        return values["id"]

    def record_complaint(self, actor: Actor, data: ComplaintInput) -> ComplaintInfo:
        require_role(actor, *Role)
        with self._db.write_core() as conn:
            return _complaint(self._get(conn, CP, self.insert_complaint(conn, actor, data), ""))

    def complaints(self, actor: Actor, *, open_only: bool = True) -> list[ComplaintInfo]:
        require_role(actor, *CASE_ROLES)
        query = select(CP).order_by(CP.c.received_at)
        with self._db.read_core() as conn:
            rows = conn.execute(query.where(CP.c.status != "closed") if open_only else query).all()
        return [_complaint(r) for r in rows]

    def update_complaint(self, actor: Actor, complaint_id: uuid.UUID, status: str, *, response: str = "",
                         forwarded_to: str = "") -> ComplaintInfo:
        """Answered (with the answer), forwarded (to whom) or closed (after an answer or a forward)."""
        require_role(actor, *CASE_ROLES)
        if status not in ("answered", "forwarded", "closed"):
            raise ValidationError(tr("Trạng thái phản ánh không hợp lệ."), "status")
        response, forwarded_to = clean(response, multiline=True), clean(forwarded_to)
        with self._db.write_core() as conn:
            row = self._get(conn, CP, complaint_id, tr("Không tìm thấy phản ánh."))
            if row.status == "closed":
                raise ValidationError(tr("Phản ánh này đã đóng."))
            values: dict = {"status": status}
            if status == "answered" and not response:
                raise ValidationError(tr("Hãy ghi nội dung đã trả lời người dân."), "response")
            if status == "forwarded" and not forwarded_to:
                raise ValidationError(tr("Hãy ghi nơi đã chuyển phản ánh đến."), "forwarded_to")
            if status == "closed" and not (response or row.response or row.forwarded_to):
                raise ValidationError(tr("Chỉ đóng phản ánh đã được trả lời hoặc đã chuyển; hãy ghi cách trả lời."),
                                      "response")
            if response:
                values["response"] = response[:5000]
            if forwarded_to:
                values["forwarded_to"] = forwarded_to[:200]
            if status == "closed":
                values["closed_at"] = self._db.clock.now()
            conn.execute(update(CP).where(CP.c.id == complaint_id).values(self._db.stamp(values, new=False)))
            return _complaint(self._get(conn, CP, complaint_id, ""))

    # -- submissions waiting for the connection --------------------------------------
    def insert_pending(self, conn: Connection, actor: Actor, *, data: dict, citizen_name: str = "",
                       procedure_name: str = "", incident_id=None, visit_id=None, citizen_id=None,
                       procedure_id=None, note: str = "") -> uuid.UUID:
        require_role(actor, *Role)  # anyone who applies a playbook (see IncidentService.apply)
        text = json.dumps(data or {}, ensure_ascii=False, default=str)
        if len(text) > 200_000:
            raise ValidationError(tr("Dữ liệu chờ nộp quá lớn."))
        values = self._db.stamp(dict(
            incident_id=incident_id, visit_id=visit_id, citizen_id=citizen_id, procedure_id=procedure_id,
            citizen_name=clean_name(citizen_name)[:200], procedure_name=clean(procedure_name)[:300], data_json=text,
            status="pending", queued_at=self._db.clock.now(), submitted_at=None, online_ref="",
            note=clean(note, multiline=True)[:2000], user_id=actor.user_id))
        conn.execute(insert(PS), values)
        return values["id"]

    def pending(self, actor: Actor, *, open_only: bool = True) -> list[PendingInfo]:
        require_role(actor, *CASE_ROLES)
        query = select(PS).order_by(PS.c.queued_at)
        with self._db.read_core() as conn:
            rows = conn.execute(query.where(PS.c.status == "pending") if open_only else query).all()
        return [_pending(r) for r in rows]

    def mark_submitted(self, actor: Actor, pending_id: uuid.UUID, online_ref: str) -> PendingInfo:
        """The submission was made once the connection returned: record its online reference."""
        require_role(actor, *CASE_ROLES)
        ref = clean(online_ref)
        if not ref:
            raise ValidationError(tr("Hãy ghi mã hồ sơ trên Cổng Dịch vụ công."), "online_ref")
        return self._finish_pending(pending_id, {"status": "submitted", "online_ref": ref[:80],
                                                 "submitted_at": self._db.clock.now()})

    def cancel_pending(self, actor: Actor, pending_id: uuid.UUID, note: str) -> PendingInfo:
        require_role(actor, *CASE_ROLES)
        if not clean(note):
            raise ValidationError(tr("Hãy ghi lý do không nộp nữa."), "note")
        return self._finish_pending(pending_id, {"status": "cancelled", "note": clean(note, multiline=True)[:2000]})

    def _finish_pending(self, pending_id: uuid.UUID, values: dict) -> PendingInfo:
        with self._db.write_core() as conn:
            row = self._get(conn, PS, pending_id, tr("Không tìm thấy hồ sơ chờ nộp."))
            if row.status != "pending":
                raise ValidationError(tr("Hồ sơ này không còn chờ nộp ({s}).", s=PENDING_STATUS[row.status]))
            conn.execute(update(PS).where(PS.c.id == pending_id).values(self._db.stamp(values, new=False)))
            return _pending(self._get(conn, PS, pending_id, ""))

    @staticmethod
    def _get(conn: Connection, table, row_id, missing: str):
        row = conn.execute(select(table).where(table.c.id == row_id)).first()
        if row is None:
            raise NotFound(missing)
        return row
