"""The registers a supervisor prints: the daily log (Sổ nhật ký phục vụ) and the record book (Sổ theo dõi hồ sơ).

Both carry personal data: only staff who serve at the counter (clerks, supervisors, administrators)
may gather them, and every print or save is written to the audit trail (:meth:`record_output`).
Here the day's tickets, visits and surveys are read and counted; the documents only lay out the
plain data returned (:mod:`hcc_desktop.documents.daily_log`, :mod:`hcc_desktop.documents.record_book`).
"""

from __future__ import annotations

import re
import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import bindparam, select

from hcc_desktop.clock import LOCAL_TZ, to_local
from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.audit import AuditAction, AuditService
from hcc_desktop.services.auth import Actor, Role, require_role
from hcc_desktop.services.dossiers import DELIVERIES, DossierStatus
from hcc_desktop.services.queue import Status, percentile
from hcc_desktop.services.queue_rules import Tier
from hcc_desktop.services.validators import mask_cccd
from hcc_desktop.services.visits import LEVELS, OUTCOMES, SUPPORT
from hcc_desktop.storage.case_models import Citizen, Dossier, Procedure, Survey, Visit
from hcc_desktop.storage.engine import Database
from hcc_desktop.storage.models import QueueTicket, UserAccount

_UNIT = re.compile(r"^(xã|phường|thị trấn|đặc khu)\s+", re.IGNORECASE)
REGISTER_ROLES = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
MAX_BOOK_DAYS = 366
T, V, C, P, SV, D, U = (QueueTicket.__table__, Visit.__table__, Citizen.__table__, Procedure.__table__,
                        Survey.__table__, Dossier.__table__, UserAccount.__table__)
_TICKETS = select(T).where(T.c.service_day == bindparam("day")).order_by(T.c.seq)
_VISITS = (select(V.c.id, V.c.ticket_id, V.c.status, V.c.support, V.c.support_note, V.c.outcome, V.c.need,
                  V.c.started_at, V.c.finished_at, C.c.full_name, C.c.cccd, P.c.name.label("procedure"),
                  SV.c.level, SV.c.skipped, U.c.full_name.label("helper"))
           .select_from(V.outerjoin(C, C.c.id == V.c.citizen_id).outerjoin(P, P.c.id == V.c.procedure_id)
                        .outerjoin(SV, SV.c.visit_id == V.c.id).outerjoin(U, U.c.id == V.c.helper_id))
           .where(V.c.started_at >= bindparam("start"), V.c.started_at < bindparam("end"))
           .order_by(V.c.started_at))
_TICKET_VISITS = _VISITS.where(V.c.ticket_id.in_(bindparam("ids", expanding=True)))
_DOSSIERS = (select(D.c.code, D.c.status, D.c.received_at, D.c.due_at, D.c.returned_at, D.c.resolved_at,
                    D.c.delivery, D.c.delivery_address, D.c.book_number, C.c.full_name, C.c.address, C.c.village,
                    C.c.phone, P.c.name.label("procedure"), P.c.agency)
             .select_from(D.join(C, C.c.id == D.c.citizen_id).join(P, P.c.id == D.c.procedure_id))
             .where(D.c.received_at >= bindparam("start"), D.c.received_at < bindparam("end"))
             .order_by(D.c.received_at, D.c.code))
NOT_FINISHED = {"draft": tr("đang phục vụ (chưa kết thúc)"), "abandoned": tr("người dân về trước khi xong")}
NO_SURVEY, SKIPPED = tr("Chưa hỏi ý kiến"), tr("Không đánh giá (bỏ qua)")
TIER_SHORT = {Tier.HEAD: tr("Ưu tiên đặc biệt"), Tier.PRIORITY: tr("Ưu tiên"), Tier.REGULAR: tr("Thường")}


@dataclass(frozen=True)
class LogEntry:
    """One line of the daily log: a ticket with its visit, a ticket nobody served, or a visit without a ticket."""

    time: str  # "08:05" (issued or started), with the wait on a second line when served
    number: str  # "U012", or "" for a visit without a ticket
    group: str  # "Ưu tiên: Người cao tuổi (ghi chú)"
    citizen: str  # "Nguyễn Văn An, 001******567"
    procedure: str
    support: str
    outcome: str
    satisfaction: str


@dataclass(frozen=True)
class Tally:
    title: str
    rows: tuple[tuple[str, int], ...]  # (label, count) in a fixed order, kinds with no case left out


@dataclass(frozen=True)
class WaitRow:
    tier: str
    issued: int
    served: int
    no_show: int
    median: str  # minutes, "—" when nobody was called
    p90: str
    longest: str


@dataclass(frozen=True)
class DailyLogData:
    center_name: str
    authority: str
    place: str
    day: date
    entries: tuple[LogEntry, ...]
    tallies: tuple[Tally, ...]
    waits: tuple[WaitRow, ...]
    prepared_by: str
    printed_at: datetime


@dataclass(frozen=True)
class BookEntry:
    number: str  # the book's order number (số thứ tự), or the row's when none was given
    code: str
    procedure: str
    applicant: str
    address_phone: str
    agency: str
    received: str  # "08:05 25/11/2026"
    due: str
    returned: str  # the date handed back, or the dossier's state
    delivery: str


@dataclass(frozen=True)
class RecordBookData:
    center_name: str
    authority: str
    place: str
    start: date
    end: date
    entries: tuple[BookEntry, ...]
    prepared_by: str
    printed_at: datetime


def _bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """UTC instants of the local days ``start`` … ``end`` (inclusive)."""
    return (datetime.combine(start, time(), LOCAL_TZ), datetime.combine(end + timedelta(days=1), time(), LOCAL_TZ))


def _hm(when: datetime | None) -> str:
    return "" if when is None else to_local(when).strftime("%H:%M")


def _minutes(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds() / 60)


def _fmt_minutes(value: float | None) -> str:
    return "—" if value is None else tr("{n} phút", n=round(value))


def _person(name: str | None, cccd: str | None) -> str:
    parts = [p for p in ((name or "").strip(), mask_cccd(cccd) if cccd else "") if p]
    return ", ".join(parts) or "—"


def _support(visit) -> str:
    labels = [SUPPORT.get(code, code) for code in (visit.support or "").split(",") if code]
    text = "; ".join(labels)
    note = (visit.support_note or "").strip()
    return f"{text} ({note})" if text and note else text or note


def _outcome(visit) -> str:
    if visit.status in NOT_FINISHED:
        return NOT_FINISHED[visit.status]
    return OUTCOMES.get(visit.outcome, visit.outcome)


def _satisfaction(visit) -> str:
    if visit is None or visit.status != "completed":
        return ""
    if visit.level is not None:
        return LEVELS.get(visit.level, str(visit.level))
    return SKIPPED if visit.skipped else ""


class LogbookService:
    def __init__(self, db: Database, settings, audit: AuditService) -> None:
        self._db, self._settings, self._audit = db, settings, audit

    # -- the daily log ----------------------------------------------------------------------------
    def daily_log(self, actor: Actor, day: date) -> DailyLogData:
        """Every ticket and visit of ``day`` in order of time, and the day's totals."""
        require_role(actor, *REGISTER_ROLES)
        start, end = _bounds(day, day)
        with self._db.read_core() as conn:
            tickets = conn.execute(_TICKETS, {"day": day}).all()
            visits = conn.execute(_VISITS, {"start": start, "end": end}).all()
            known = {v.id for v in visits}
            ids = [t.id for t in tickets]
            late = [v for v in conn.execute(_TICKET_VISITS, {"start": start - timedelta(days=1),
                                                             "end": end + timedelta(days=1), "ids": ids})
                    if v.id not in known] if ids else []
        visits = list(visits) + late
        by_ticket: dict = {}
        for visit in visits:
            if visit.ticket_id is not None:
                by_ticket.setdefault(visit.ticket_id, []).append(visit)
        timed: list[tuple[datetime, int, LogEntry]] = []
        for ticket in tickets:
            mine = by_ticket.pop(ticket.id, [])
            for k, visit in enumerate(mine or [None]):
                timed.append((ticket.issued_at, len(timed), self._ticket_entry(ticket, visit, k > 0)))
        ticketless = [v for v in visits if v.ticket_id is None or v.ticket_id in by_ticket]
        for visit in ticketless:
            timed.append((visit.started_at, len(timed), self._visit_entry(visit)))
        timed.sort(key=lambda item: (item[0], item[1]))
        view = self._settings.view()
        return DailyLogData(view.center_name, self._authority(view), self._place(view), day,
                            tuple(entry for _at, _n, entry in timed),
                            self._tallies(tickets, visits), self._waits(tickets), actor.full_name,
                            self._db.clock.now())

    @staticmethod
    def _ticket_entry(ticket, visit, again: bool) -> LogEntry:
        number = f"{ticket.prefix}{ticket.number:03d}"
        tier = Tier(ticket.tier)
        group = TIER_SHORT[tier]
        if tier is not Tier.REGULAR:
            group += ": " + ticket.reason_label + (f" ({ticket.reason_note})" if ticket.reason_note else "")
        wait = _minutes(ticket.issued_at, ticket.called_at)
        when = _hm(ticket.issued_at)
        if wait is not None:
            when += "\n" + tr("chờ {n} phút", n=round(wait))
        if visit is None:
            status = Status(ticket.status)
            return LogEntry(when, number, group, _person(ticket.citizen_name, None), "", "", status.label, "")
        return LogEntry(when if not again else _hm(visit.started_at), number, group,
                        _person(visit.full_name or ticket.citizen_name, visit.cccd), visit.procedure or visit.need or "",
                        _support(visit), _outcome(visit), _satisfaction(visit))

    @staticmethod
    def _visit_entry(visit) -> LogEntry:
        return LogEntry(_hm(visit.started_at), "", tr("Không lấy số"), _person(visit.full_name, visit.cccd),
                        visit.procedure or visit.need or "", _support(visit), _outcome(visit), _satisfaction(visit))

    @staticmethod
    def _tallies(tickets, visits) -> tuple[Tally, ...]:
        groups: Counter = Counter()
        order: list[str] = []
        for ticket in sorted(tickets, key=lambda t: (Tier(t.tier).rank, t.reason_label)):
            label = f"{TIER_SHORT[Tier(ticket.tier)]}: {ticket.reason_label}"
            if label not in groups:
                order.append(label)
            groups[label] += 1
        no_ticket = sum(1 for v in visits if v.ticket_id is None)
        priority = [(label, groups[label]) for label in order]
        if no_ticket:
            priority.append((tr("Không lấy số (phục vụ trực tiếp)"), no_ticket))
        support = Counter(code for v in visits for code in (v.support or "").split(",") if code)
        outcomes = Counter(v.outcome if v.status == "completed" else v.status for v in visits)
        completed = [v for v in visits if v.status == "completed"]
        levels = Counter(v.level for v in completed if v.level is not None)
        skipped = sum(1 for v in completed if v.level is None and v.skipped)
        unasked = sum(1 for v in completed if v.level is None and not v.skipped)
        def seen(rows) -> tuple[tuple[str, int], ...]:  # the kinds that happened, in their fixed order
            return tuple((label, count) for label, count in rows if count)

        return (
            Tally(tr("Theo nhóm ưu tiên"), tuple(priority)),
            Tally(tr("Theo hình thức hỗ trợ"), seen((label, support[code]) for code, label in SUPPORT.items())),
            Tally(tr("Theo kết quả"), seen((label, outcomes[code]) for code, label in
                                           (*OUTCOMES.items(), *NOT_FINISHED.items()))),
            Tally(tr("Mức độ hài lòng"), seen([(label, levels[level]) for level, label in LEVELS.items()]
                                             + [(SKIPPED, skipped), (NO_SURVEY, unasked)])),
        )

    @staticmethod
    def _waits(tickets) -> tuple[WaitRow, ...]:
        rows = []
        for tier in Tier:
            mine = [t for t in tickets if Tier(t.tier) is tier and t.status != Status.CANCELLED.value]
            waits = [m for m in (_minutes(t.issued_at, t.called_at) for t in mine) if m is not None]
            rows.append(WaitRow(TIER_SHORT[tier], len(mine), sum(1 for t in mine if t.status == Status.DONE.value),
                                sum(1 for t in mine if t.status == Status.NO_SHOW.value),
                                _fmt_minutes(statistics.median(waits) if waits else None),
                                _fmt_minutes(percentile(waits, 90)), _fmt_minutes(max(waits) if waits else None)))
        return tuple(rows)

    # -- the record book ---------------------------------------------------------------------------
    def record_book(self, actor: Actor, start: date, end: date) -> RecordBookData:
        """Dossiers received from ``start`` to ``end`` (local days, both included), in order of receipt."""
        require_role(actor, *REGISTER_ROLES)
        if end < start:
            raise ValidationError(tr("Ngày cuối phải sau hoặc bằng ngày đầu."), "end")
        if (end - start).days >= MAX_BOOK_DAYS:
            raise ValidationError(tr("Mỗi lần in sổ tối đa {n} ngày.", n=MAX_BOOK_DAYS), "end")
        lo, hi = _bounds(start, end)
        with self._db.read_core() as conn:
            rows = conn.execute(_DOSSIERS, {"start": lo, "end": hi}).all()
        entries = []
        for n, row in enumerate(rows, 1):
            address = ", ".join(p for p in (row.address, row.village) if p)
            delivery = DELIVERIES.get(row.delivery, row.delivery)
            if row.delivery_address:
                delivery += f" ({row.delivery_address})"
            status = DossierStatus(row.status)
            returned = (to_local(row.returned_at).strftime("%d/%m/%Y") if row.returned_at is not None
                        else status.label if status is not DossierStatus.RECEIVED else "")
            entries.append(BookEntry(str(row.book_number or n), row.code, row.procedure, row.full_name,
                                     "\n".join(p for p in (address, row.phone) if p), row.agency,
                                     to_local(row.received_at).strftime("%H:%M %d/%m/%Y"),
                                     to_local(row.due_at).strftime("%H:%M %d/%m/%Y"), returned, delivery))
        view = self._settings.view()
        return RecordBookData(view.center_name, self._authority(view), self._place(view), start, end,
                              tuple(entries), actor.full_name, self._db.clock.now())

    # -- the PDFs -----------------------------------------------------------------------------------
    def daily_log_pdf(self, actor: Actor, day: date, progress=None) -> bytes:
        from hcc_desktop.documents.daily_log import daily_log_pdf

        return daily_log_pdf(self.daily_log(actor, day), progress)

    def record_book_pdf(self, actor: Actor, start: date, end: date, progress=None) -> bytes:
        from hcc_desktop.documents.record_book import record_book_pdf

        return record_book_pdf(self.record_book(actor, start, end), progress)

    # -- the audit trail ---------------------------------------------------------------------------
    def record_output(self, actor: Actor, document: str, subject: str, output: str) -> None:
        """A register with personal data was printed ("printer:NAME") or saved ("pdf"): one audit line."""
        require_role(actor, *REGISTER_ROLES)
        self._audit.record(actor, AuditAction.PRINT, subject[:80], {"document": document, "output": output})

    @staticmethod
    def _authority(view) -> str:
        return f"Ủy ban nhân dân {view.commune}".strip() if view.commune else ""

    @staticmethod
    def _place(view) -> str:
        return _UNIT.sub("", view.commune or "").strip()


__all__ = ["BookEntry", "DailyLogData", "LogEntry", "LogbookService", "RecordBookData", "Tally", "WaitRow",
           "REGISTER_ROLES"]
