"""Visits (lượt hỗ trợ): one person served, from greeting to the satisfaction survey.

A visit starts as a draft; every keystroke of the form can be saved with
:meth:`VisitService.save_draft` so a power cut loses nothing typed, and open
drafts are offered back after a restart. Completing a visit that received a
dossier writes both in one transaction.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from types import SimpleNamespace
from datetime import datetime

from sqlalchemy import bindparam, insert, select, update

from hcc_desktop.errors import NotFound, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.auth import Actor, Role, require_role
from hcc_desktop.services.roles import require_own
from hcc_desktop.services.dossiers import DossierInput, DossierService
from hcc_desktop.storage.case_models import Survey, Visit
from hcc_desktop.storage.engine import Database
from hcc_desktop.services.vocab import LEVELS, OUTCOMES, SUPPORT  # noqa: F401  (re-exported)
from hcc_desktop.text import clean

V = Visit.__table__
SV = Survey.__table__
_BY_ID = select(V).where(V.c.id == bindparam("id"))
_COMPLETED = ("citizen_id", "procedure_id", "need", "support", "support_note", "documents_ok", "outcome", "note",
              "status", "finished_at", "draft_json", "updated_at")
# Built once: compiling an UPDATE per call cost more than the durable commit (bench/visit.py).
# RETURNING gives back what the closed visit's info needs beyond the values just written.
_COMPLETE = update(V).where(V.c.id == bindparam("b_id"), V.c.status == "draft").values(
    {name: bindparam(f"b_{name}") for name in _COMPLETED}).returning(V.c.ticket_id, V.c.helper_id,
                                                                      V.c.helper_role, V.c.started_at)


@dataclass(frozen=True)
class VisitInput:
    citizen_id: uuid.UUID | None = None
    procedure_id: uuid.UUID | None = None
    need: str = ""
    support: tuple[str, ...] = ()
    support_note: str = ""
    documents_ok: tuple[str, ...] = ()
    outcome: str = ""
    note: str = ""


@dataclass(frozen=True)
class VisitInfo:
    id: uuid.UUID
    ticket_id: uuid.UUID | None
    citizen_id: uuid.UUID | None
    procedure_id: uuid.UUID | None
    status: str
    need: str
    support: tuple[str, ...]
    support_note: str
    documents_ok: tuple[str, ...]
    outcome: str
    helper_id: uuid.UUID | None
    helper_role: str
    started_at: datetime
    finished_at: datetime | None
    draft: dict = field(default_factory=dict)
    note: str = ""

    @property
    def minutes(self) -> int | None:
        if self.finished_at is None:
            return None
        return max(0, int((self.finished_at - self.started_at).total_seconds() // 60))


def _info(row) -> VisitInfo:
    return VisitInfo(row.id, row.ticket_id, row.citizen_id, row.procedure_id, row.status, row.need,
                     tuple(s for s in row.support.split(",") if s), row.support_note,
                     tuple(json.loads(row.documents_ok or "[]")), row.outcome, row.helper_id, row.helper_role,
                     row.started_at, row.finished_at, json.loads(row.draft_json or "{}"), row.note)


class VisitService:
    def __init__(self, db: Database, dossiers: DossierService) -> None:
        self._db = db
        self._dossiers = dossiers

    def start(self, actor: Actor, *, ticket_id: uuid.UUID | None = None,
              citizen_id: uuid.UUID | None = None) -> VisitInfo:
        require_role(actor, *Role)
        values = self._db.stamp(dict(
            ticket_id=ticket_id, citizen_id=citizen_id, procedure_id=None, status="draft", need="", support="",
            support_note="", documents_ok="[]", outcome="", helper_id=actor.user_id, helper_role=actor.role.value,
            started_at=self._db.clock.now(), finished_at=None, draft_json="{}", note=""))
        with self._db.write_core() as conn:
            conn.execute(insert(V), values)
            return _info(conn.execute(_BY_ID, {"id": values["id"]}).one())

    def save_draft(self, actor: Actor, visit_id: uuid.UUID, draft: dict) -> None:
        """Keep the form exactly as typed (any JSON-able dict); cheap enough to call on every change."""
        require_role(actor, *Role)
        text = json.dumps(draft, ensure_ascii=False)
        if len(text) > 200_000:
            raise ValidationError(tr("Nội dung đang nhập quá dài để lưu nháp."))
        with self._db.write_core() as conn:
            self._own(conn, actor, visit_id)
            moved = conn.execute(update(V).where(V.c.id == visit_id, V.c.status == "draft").values(
                self._db.stamp({"draft_json": text}, new=False))).rowcount
            if moved != 1:
                self._get(conn, visit_id)
                raise ValidationError(tr("Lượt hỗ trợ này đã kết thúc; không lưu nháp nữa."))

    def open_drafts(self, actor: Actor) -> list[VisitInfo]:
        """Drafts left open (after a power cut or a crash), the acting user's own first."""
        require_role(actor, *Role)
        with self._db.read_core() as conn:
            rows = conn.execute(select(V).where(V.c.status == "draft").order_by(V.c.started_at)).all()
        infos = [_info(r) for r in rows]
        if actor.role is Role.VOLUNTEER:
            infos = [v for v in infos if v.helper_id == actor.user_id]
        return sorted(infos, key=lambda v: (v.helper_id != actor.user_id, v.started_at))

    def complete(self, actor: Actor, visit_id: uuid.UUID, data: VisitInput,
                 dossier: DossierInput | None = None) -> tuple[VisitInfo, uuid.UUID | None]:
        """Close the visit; with outcome 'received' the dossier is received in the same transaction."""
        require_role(actor, *Role)
        values = self._valid(data)
        if data.outcome == "received" and dossier is None:
            raise ValidationError(tr("Kết quả “đã tiếp nhận hồ sơ” cần thông tin hồ sơ."), "outcome")
        if dossier is not None and data.outcome != "received":
            raise ValidationError(tr("Chỉ tạo hồ sơ khi kết quả là “đã tiếp nhận hồ sơ”."), "outcome")
        values.update(status="completed", finished_at=self._db.clock.now(), draft_json="{}")
        values = self._db.stamp(values, new=False)
        with self._db.write_core() as conn:
            self._own(conn, actor, visit_id)
            kept = conn.execute(_COMPLETE, {"b_id": visit_id, **{f"b_{k}": values[k] for k in _COMPLETED}}).first()
            if kept is None:
                self._get(conn, visit_id)  # NotFound, or:
                raise ValidationError(tr("Lượt hỗ trợ này đã kết thúc."))
            dossier_id = None
            if dossier is not None:  # in the same transaction: no dossier, no closed visit
                dossier_id = self._dossiers.receive_in(conn, actor, dossier, visit_id)
            return _info(SimpleNamespace(id=visit_id, **values, **kept._asdict())), dossier_id

    def abandon(self, actor: Actor, visit_id: uuid.UUID) -> None:
        """The person left before anything was done (kept, marked abandoned)."""
        require_role(actor, *Role)
        with self._db.write_core() as conn:
            self._own(conn, actor, visit_id)
            conn.execute(update(V).where(V.c.id == visit_id, V.c.status == "draft").values(
                self._db.stamp({"status": "abandoned", "finished_at": self._db.clock.now()}, new=False)))

    def record_survey(self, actor: Actor, visit_id: uuid.UUID, level: int | None, trips: int | None,
                      comment: str = "") -> None:
        """The citizen's answer (or a skip, with level None) for a completed visit; once per visit."""
        require_role(actor, *Role)
        if level is not None and level not in LEVELS:
            raise ValidationError(tr("Mức hài lòng phải từ 1 đến 5."), "level")
        if trips is not None and trips not in (0, 1, 2):
            raise ValidationError(tr("Số lần đi lại: 0, 1 hoặc từ 2 lần trở lên."), "trips")
        with self._db.write_core() as conn:
            require_own(actor, self._get(conn, visit_id).helper_id)
            if conn.execute(select(SV.c.id).where(SV.c.visit_id == visit_id)).first() is not None:
                raise ValidationError(tr("Lượt hỗ trợ này đã được đánh giá."))
            conn.execute(insert(SV), self._db.stamp(dict(
                visit_id=visit_id, level=level, trips=trips, comment=clean(comment, multiline=True)[:2000],
                skipped=level is None)))

    def get(self, actor: Actor, visit_id: uuid.UUID) -> VisitInfo:
        require_role(actor, *Role)
        with self._db.read_core() as conn:
            row = self._get(conn, visit_id)
        require_own(actor, row.helper_id)
        return _info(row)

    def _own(self, conn, actor: Actor, visit_id: uuid.UUID) -> None:
        if actor.role is Role.VOLUNTEER:  # one more read, for volunteers only
            require_own(actor, self._get(conn, visit_id).helper_id)

    @staticmethod
    def _valid(data: VisitInput) -> dict:
        unknown = [s for s in data.support if s not in SUPPORT]
        if unknown:
            raise ValidationError(tr("Hình thức hỗ trợ không hợp lệ."), "support")
        if data.outcome not in OUTCOMES:
            raise ValidationError(tr("Hãy chọn kết quả của lượt hỗ trợ."), "outcome")
        if data.outcome == "received" and data.procedure_id is None:
            raise ValidationError(tr("Hãy chọn thủ tục hành chính."), "procedure_id")
        return dict(citizen_id=data.citizen_id, procedure_id=data.procedure_id,
                    need=clean(data.need, multiline=True)[:2000], support=",".join(dict.fromkeys(data.support)),
                    support_note=clean(data.support_note, multiline=True)[:2000],
                    documents_ok=json.dumps([str(d) for d in data.documents_ok]),
                    outcome=data.outcome, note=clean(data.note, multiline=True)[:10_000])

    @staticmethod
    def _get(conn, visit_id: uuid.UUID):
        row = conn.execute(_BY_ID, {"id": visit_id}).first()
        if row is None:
            raise NotFound(tr("Không tìm thấy lượt hỗ trợ."))
        return row
