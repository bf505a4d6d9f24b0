"""Applying a playbook (tình huống phát sinh): one incident with the steps ticked and a note, linked to the
visit, ticket, citizen and dossier, and in the same transaction what the scenario leaves to follow up
(a referral, a complaint, a submission waiting for the connection). Counts per scenario and period."""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import case, func, insert, select

from hcc_desktop.errors import NotFound, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.auth import Actor, Role, require_role
from hcc_desktop.services.followups import (CASE_ROLES, CP, PS, RF, ComplaintInput, ComplaintInfo, FollowUpService,
                                            PendingInfo, ReferralInfo, _complaint, _pending, _referral)
from hcc_desktop.services.playbooks import PlaybookService
from hcc_desktop.storage.continuity_models import Incident
from hcc_desktop.storage.engine import Database
from hcc_desktop.text import clean

IN = Incident.__table__


@dataclass(frozen=True)
class ApplyInput:
    playbook_code: str
    steps_done: tuple[int, ...] = ()  # indexes of the checklist's steps that were done
    note: str = ""
    visit_id: uuid.UUID | None = None
    ticket_id: uuid.UUID | None = None
    citizen_id: uuid.UUID | None = None
    dossier_id: uuid.UUID | None = None
    citizen_name: str = ""
    # referral / feedback
    office: str = ""  # default: the playbook's office
    return_on: date | None = None
    bring: str | None = None  # default: the playbook's list
    external_ref: str = ""
    # complaint
    complaint: ComplaintInput | None = None
    # no connection: what was collected for the online submission
    procedure_id: uuid.UUID | None = None
    procedure_name: str = ""
    submission: dict | None = None


@dataclass(frozen=True)
class IncidentInfo:
    id: uuid.UUID
    playbook_code: str
    playbook_title: str
    at: datetime
    visit_id: uuid.UUID | None
    citizen_id: uuid.UUID | None
    steps: tuple[tuple[str, bool], ...]
    note: str


@dataclass(frozen=True)
class Applied:
    incident: IncidentInfo
    referral: ReferralInfo | None = None
    complaint: ComplaintInfo | None = None
    pending: PendingInfo | None = None


@dataclass(frozen=True)
class ScenarioCount:
    code: str
    title: str
    plan_row: int | None
    incidents: int = 0
    referrals: int = 0
    referrals_open: int = 0
    complaints: int = 0
    pending: int = 0


def _incident(r) -> IncidentInfo:
    return IncidentInfo(r.id, r.playbook_code, r.playbook_title, r.at, r.visit_id, r.citizen_id,
                        tuple((s, bool(d)) for s, d in json.loads(r.steps_json or "[]")), r.note)


def _utc_range(first: date, last: date):
    from hcc_desktop.clock import LOCAL_TZ

    start = datetime(first.year, first.month, first.day, tzinfo=LOCAL_TZ)
    return start, datetime(last.year, last.month, last.day, tzinfo=LOCAL_TZ) + timedelta(days=1)


class IncidentService:
    def __init__(self, db: Database, playbooks: PlaybookService, followups: FollowUpService) -> None:
        self._db = db
        self._playbooks = playbooks
        self._followups = followups

    @staticmethod
    def _refuse_unknown_links(conn, data: ApplyInput) -> None:
        """A visit, ticket, person or dossier that is not (or no longer) on record: a message, not a crash."""
        from hcc_desktop.storage.case_models import Citizen, Dossier, Visit
        from hcc_desktop.storage.models import QueueTicket

        for value, table, what in ((data.visit_id, Visit.__table__, tr("lượt hỗ trợ")),
                                   (data.ticket_id, QueueTicket.__table__, tr("số thứ tự")),
                                   (data.citizen_id, Citizen.__table__, tr("người dân")),
                                   (data.dossier_id, Dossier.__table__, tr("hồ sơ"))):
            if value is not None and conn.execute(select(table.c.id).where(table.c.id == value)).first() is None:
                raise NotFound(tr("Không tìm thấy {what} được gắn với tình huống này; hãy mở lại rồi thử lại.",
                                  what=what))

    def apply(self, actor: Actor, data: ApplyInput) -> Applied:
        """Record the scenario on this visit; a referral, complaint or pending submission goes with it."""
        require_role(actor, *Role)
        playbook = self._playbooks.playbook(data.playbook_code)
        if not playbook.active:
            raise ValidationError(tr("Kịch bản “{t}” đang tắt.", t=playbook.title))
        if any(not 0 <= i < len(playbook.steps) for i in data.steps_done):
            raise ValidationError(tr("Bước xử lý không có trong kịch bản."), "steps")
        note = clean(data.note, multiline=True)[:5000]
        done = set(data.steps_done)
        steps = [[text, i in done] for i, text in enumerate(playbook.steps)]
        f = self._followups
        with self._db.write_core() as conn:
            self._refuse_unknown_links(conn, data)
            values = self._db.stamp(dict(
                playbook_code=playbook.code, playbook_title=playbook.title, at=self._db.clock.now(),
                visit_id=data.visit_id, ticket_id=data.ticket_id, citizen_id=data.citizen_id,
                dossier_id=data.dossier_id, steps_json=json.dumps(steps, ensure_ascii=False), note=note,
                user_id=actor.user_id))
            conn.execute(insert(IN), values)
            links = dict(incident_id=values["id"], visit_id=data.visit_id, citizen_id=data.citizen_id)
            referral = complaint = pending = None
            if playbook.action in ("referral", "feedback"):
                rid = f.insert_referral(
                    conn, actor, playbook_code=playbook.code, office_code=data.office or playbook.office,
                    reason=note or playbook.title, bring=playbook.bring if data.bring is None else data.bring,
                    citizen_name=data.citizen_name, return_on=data.return_on, external_ref=data.external_ref,
                    dossier_id=data.dossier_id, **links)
                referral = _referral(f._get(conn, RF, rid, ""))
            elif playbook.action == "complaint":
                if data.complaint is None:
                    raise ValidationError(tr("Hãy ghi người phản ánh và nội dung phản ánh."), "content")
                cid = f.insert_complaint(conn, actor, data.complaint, incident_id=values["id"])
                complaint = _complaint(f._get(conn, CP, cid, ""))
            elif playbook.action == "offline" and data.submission is not None:
                pid = f.insert_pending(conn, actor, data=data.submission, citizen_name=data.citizen_name,
                                       procedure_name=data.procedure_name, procedure_id=data.procedure_id,
                                       note=note, **links)
                pending = _pending(f._get(conn, PS, pid, ""))
            return Applied(_incident(conn.execute(select(IN).where(IN.c.id == values["id"])).one()),
                           referral, complaint, pending)

    def for_visit(self, actor: Actor, visit_id: uuid.UUID) -> list[IncidentInfo]:
        require_role(actor, *Role)
        with self._db.read_core() as conn:
            rows = conn.execute(select(IN).where(IN.c.visit_id == visit_id).order_by(IN.c.at)).all()
        if actor.role is Role.VOLUNTEER:  # only what they recorded themselves
            rows = [r for r in rows if r.user_id == actor.user_id]
        return [_incident(r) for r in rows]

    def between(self, actor: Actor, first: date, last: date) -> list[IncidentInfo]:
        require_role(actor, *CASE_ROLES)
        start, end = _utc_range(first, last)
        with self._db.read_core() as conn:
            rows = conn.execute(select(IN).where(IN.c.at >= start, IN.c.at < end).order_by(IN.c.at)).all()
        return [_incident(r) for r in rows]

    def counts(self, actor: Actor, first: date, last: date) -> list[ScenarioCount]:
        """Per scenario, in the local days first..last: incidents, referrals (still open), complaints and
        submissions put aside for lack of connection. Complaints and pending submissions recorded without a
        playbook count under "complaint" and "no_internet"."""
        require_role(actor, *CASE_ROLES)
        if last < first:
            raise ValidationError(tr("Ngày cuối phải từ ngày đầu trở đi."), "last")
        start, end = _utc_range(first, last)
        with self._db.read_core() as conn:
            incidents = dict(conn.execute(select(IN.c.playbook_code, func.count()).where(
                IN.c.at >= start, IN.c.at < end).group_by(IN.c.playbook_code)).all())
            referrals = {code: (n, still) for code, n, still in conn.execute(select(
                RF.c.playbook_code, func.count(), func.sum(case((RF.c.status == "open", 1), else_=0)))
                .where(RF.c.at >= start, RF.c.at < end).group_by(RF.c.playbook_code)).all()}
            complaints = conn.scalar(select(func.count()).select_from(CP).where(
                CP.c.received_at >= start, CP.c.received_at < end)) or 0
            pending = dict(conn.execute(select(func.coalesce(IN.c.playbook_code, "no_internet"), func.count())
                                        .select_from(PS.outerjoin(IN, IN.c.id == PS.c.incident_id))
                                        .where(PS.c.queued_at >= start, PS.c.queued_at < end)
                                        .group_by(func.coalesce(IN.c.playbook_code, "no_internet"))).all())
        result = []
        for p in self._playbooks.playbooks(include_inactive=True):
            n, still = referrals.get(p.code, (0, 0))
            result.append(ScenarioCount(p.code, p.title, p.plan_row, incidents.get(p.code, 0), n, int(still or 0),
                                        complaints if p.code == "complaint" else 0, pending.get(p.code, 0)))
        return result

