"""Keeping personal data only as long as needed: anonymizing closed records older than N years.

A person's record is anonymized when nothing about them is still open (no dossier waiting,
being processed or not yet handed back, no visit left as a draft) and nothing has happened for
``retention_years`` (a setting; 0 keeps everything). What goes: the name (replaced by
:data:`ANONYMOUS`), ID number, phone, address, birth date and notes of the person, the free text
of their visits, dossiers and survey answers; names, seats and notes on old queue tickets; names,
contacts and texts of closed referrals, complaints and online submissions. What stays, for the
figures: birth year, gender, village, vulnerabilities, procedures, dates, outcomes, ratings.

:meth:`RetentionService.preview` counts what :meth:`~RetentionService.apply` would change, with the
same conditions; ``apply`` does it in one transaction and writes one audit line with the counts.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import and_, exists, func, not_, or_, select, update

from hcc_desktop.i18n import tr
from hcc_desktop.services.audit import AuditAction, AuditService
from hcc_desktop.services.auth import MANAGERS, Actor, require_role
from hcc_desktop.storage.case_models import Citizen, Dossier, Survey, Visit
from hcc_desktop.storage.continuity_models import Complaint, PendingSubmission, Referral
from hcc_desktop.storage.engine import Database
from hcc_desktop.storage.models import QueueTicket
from hcc_desktop.text import fold

ANONYMOUS = "Người dân đã ẩn danh"
CLOSED_DOSSIER = ("returned", "refused", "withdrawn")

C, D, V, SV = Citizen.__table__, Dossier.__table__, Visit.__table__, Survey.__table__
T, R, K, P = QueueTicket.__table__, Referral.__table__, Complaint.__table__, PendingSubmission.__table__


@dataclass(frozen=True)
class RetentionCounts:
    cutoff: datetime | None  # records untouched since before this are anonymized; None: the setting is 0
    people: int = 0
    visits: int = 0
    dossiers: int = 0
    surveys: int = 0
    tickets: int = 0
    referrals: int = 0
    complaints: int = 0
    submissions: int = 0

    @property
    def total(self) -> int:
        return (self.people + self.visits + self.dossiers + self.surveys + self.tickets + self.referrals
                + self.complaints + self.submissions)

    def lines(self) -> list[tuple[str, int]]:
        """What will change (or changed), in words, for the preview."""
        return [(tr("người dân (tên, số định danh, điện thoại, địa chỉ, ngày sinh, ghi chú)"), self.people),
                (tr("lượt hỗ trợ (nhu cầu, ghi chú)"), self.visits),
                (tr("hồ sơ (địa chỉ nhận kết quả, ghi chú)"), self.dossiers),
                (tr("góp ý khi đánh giá"), self.surveys),
                (tr("số thứ tự (tên, chỗ ngồi, ghi chú ưu tiên)"), self.tickets),
                (tr("giấy giới thiệu đã đóng (tên người dân)"), self.referrals),
                (tr("phản ánh đã đóng (người phản ánh, liên hệ, nội dung)"), self.complaints),
                (tr("hồ sơ chờ nộp trực tuyến đã xong (tên, dữ liệu)"), self.submissions)]


def _years_before(now: datetime, years: int) -> datetime:
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February
        return now.replace(year=now.year - years, day=28)


class RetentionService:
    def __init__(self, db: Database, settings, audit: AuditService) -> None:
        self._db, self._settings, self._audit = db, settings, audit

    def cutoff(self) -> datetime | None:
        years = self._settings.view().retention_years
        return None if years <= 0 else _years_before(self._db.clock.now(), years)

    # -- which rows ---------------------------------------------------------------------
    @staticmethod
    def _people(cutoff: datetime):
        """People with nothing open and nothing new since ``cutoff`` (not anonymized already)."""
        busy_dossier = exists().where(D.c.citizen_id == C.c.id,
                                      or_(D.c.status.not_in(CLOSED_DOSSIER), D.c.updated_at >= cutoff))
        busy_visit = exists().where(V.c.citizen_id == C.c.id, or_(V.c.status == "draft", V.c.updated_at >= cutoff))
        return select(C.c.id).where(C.c.full_name != ANONYMOUS, C.c.updated_at < cutoff,
                                    not_(busy_dossier), not_(busy_visit))

    @classmethod
    def _targets(cls, cutoff: datetime) -> dict:
        """Each table's rows to change, and the values they get (the people last: the others use them)."""
        people = cls._people(cutoff).scalar_subquery()
        their_visits = select(V.c.id).where(V.c.citizen_id.in_(cls._people(cutoff))).scalar_subquery()
        return {
            "visits": (V, V.c.citizen_id.in_(people), or_(V.c.need != "", V.c.support_note != "", V.c.note != "",
                                                          V.c.draft_json != ""),
                       {"need": "", "support_note": "", "note": "", "draft_json": ""}),
            "dossiers": (D, D.c.citizen_id.in_(people), or_(D.c.delivery_address != "", D.c.note != ""),
                         {"delivery_address": "", "note": ""}),
            "surveys": (SV, SV.c.visit_id.in_(their_visits), SV.c.comment != "", {"comment": ""}),
            "tickets": (T, T.c.issued_at < cutoff, or_(T.c.citizen_name != "", T.c.seat != "", T.c.reason_note != ""),
                        {"citizen_name": "", "seat": "", "reason_note": ""}),
            "referrals": (R, and_(R.c.status == "closed", R.c.updated_at < cutoff), R.c.citizen_name != "",
                          {"citizen_name": ""}),
            "complaints": (K, and_(K.c.status == "closed", K.c.updated_at < cutoff), K.c.person_name != ANONYMOUS,
                           {"person_name": ANONYMOUS, "contact": "", "content": "", "response": ""}),
            "submissions": (P, and_(P.c.status != "pending", P.c.updated_at < cutoff),
                            or_(P.c.citizen_name != "", P.c.data_json != "{}"), {"citizen_name": "", "data_json": "{}"}),
            "people": (C, C.c.id.in_(people), None,
                       {"full_name": ANONYMOUS, "name_folded": fold(ANONYMOUS), "cccd": None, "phone": "",
                        "address": "", "birth_date": None, "note": ""}),
        }

    # -- what a supervisor sees and does --------------------------------------------------------
    def preview(self, actor: Actor) -> RetentionCounts:
        require_role(actor, *MANAGERS)
        cutoff = self.cutoff()
        if cutoff is None:
            return RetentionCounts(None)
        counts = {}
        with self._db.read_core() as conn:
            for name, (table, which, changed, _values) in self._targets(cutoff).items():
                condition = which if changed is None else and_(which, changed)
                counts[name] = conn.scalar(select(func.count()).select_from(table).where(condition))
        return RetentionCounts(cutoff, **counts)

    def apply(self, actor: Actor) -> RetentionCounts:
        """Anonymize everything :meth:`preview` counts, in one transaction, with one audit line. The rows
        changed get a new ``updated_at`` (a newer version for the data packages sent upward)."""
        require_role(actor, *MANAGERS)
        cutoff = self.cutoff()
        if cutoff is None:
            return RetentionCounts(None)
        counts = {}
        with self._db.write_core() as conn:
            if self._db.is_sqlite:  # overwrite what is replaced, instead of leaving it in free pages
                conn.connection.dbapi_connection.execute("PRAGMA secure_delete=ON")
            people = list(conn.scalars(self._people(cutoff)))  # fixed first: the updates below change dates
            for name, (table, which, changed, values) in self._targets(cutoff).items():
                stamped = self._db.stamp(dict(values), new=False)
                if name in _BY_PERSON:
                    column = _BY_PERSON[name]
                    counts[name] = 0
                    for start in range(0, len(people), _CHUNK):
                        chunk = people[start:start + _CHUNK]
                        where = column.in_(chunk) if name != "surveys" else \
                            SV.c.visit_id.in_(select(V.c.id).where(V.c.citizen_id.in_(chunk)))
                        if changed is not None:
                            where = and_(where, changed)
                        counts[name] += conn.execute(update(table).where(where).values(stamped)).rowcount
                else:
                    counts[name] = conn.execute(update(table).where(and_(which, changed)).values(stamped)).rowcount
            result = RetentionCounts(cutoff, **counts)
            self._audit.append(conn, actor, AuditAction.DELETE, "retention",
                               {"cutoff": cutoff.isoformat(), **counts})
        if self._db.is_sqlite and result.total:
            self._scrub()
        return result

    def _scrub(self) -> None:
        """Old values must not linger: merge the word index (its old segments hold the names' words)
        and copy the write-ahead log into the database, emptying it."""
        from sqlalchemy import text

        from hcc_desktop.storage.search import FTS

        with self._db.write_core() as conn:
            conn.connection.dbapi_connection.execute("PRAGMA secure_delete=ON")
            conn.execute(text(f"INSERT INTO {FTS} ({FTS}) VALUES ('optimize')"))
        with self._db.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


_CHUNK = 500
_BY_PERSON = {"visits": V.c.citizen_id, "dossiers": D.c.citizen_id, "surveys": None, "people": C.c.id}
