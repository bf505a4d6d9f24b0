"""The priority queue at the counter: issuing, calling, serving, statistics.

Ordering lives in :mod:`hcc_desktop.services.queue_rules`; this module keeps
tickets on disk. Every action is one write transaction (BEGIN IMMEDIATE), so
two counters on one PC can never call the same ticket, and a power cut at any
moment leaves each ticket either before or after the action, never between.
"""

from __future__ import annotations

import statistics
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from hcc_desktop.clock import local_today, to_local
from hcc_desktop.errors import NotFound, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.auth import Actor, Role, require_role
from hcc_desktop.services.queue_rules import (Candidate, QueuePolicy, Rule, Tier, choose_next, display_order)
from hcc_desktop.services.settings import SettingsService
from hcc_desktop.storage.engine import Database
from hcc_desktop.storage.models import PriorityReason, QueueEvent, QueueTicket
from hcc_desktop.text import clean, clean_name

COUNTER_ROLES = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)
ALL_ROLES = tuple(Role)
POSTPONE_RANGE = (5, 30)


class Status(StrEnum):
    WAITING = "waiting"
    CALLED = "called"
    SERVING = "serving"
    DONE = "done"
    NO_SHOW = "no_show"
    CANCELLED = "cancelled"
    EXPIRED = "expired"  # still waiting when the day ended; kept, not deleted

    @property
    def label(self) -> str:
        return {Status.WAITING: tr("đang chờ"), Status.CALLED: tr("đã mời"), Status.SERVING: tr("đang phục vụ"),
                Status.DONE: tr("đã xong"), Status.NO_SHOW: tr("vắng mặt"), Status.CANCELLED: tr("đã hủy"),
                Status.EXPIRED: tr("hết ngày chưa phục vụ")}[self]


class Need(StrEnum):
    HEARING = "hearing"
    VISION = "vision"
    MOBILITY = "mobility"

    @property
    def label(self) -> str:
        return {Need.HEARING: tr("khiếm thính"), Need.VISION: tr("khiếm thị"), Need.MOBILITY: tr("khó đi lại")}[self]


OPEN = (Status.WAITING, Status.CALLED, Status.SERVING)

# Default priority reasons (Lạc Phương plan §III.2 and §IV row 7); a supervisor edits them.
DEFAULT_REASONS: tuple[tuple[str, str, Tier, bool], ...] = (
    ("disabled", "Người khuyết tật", Tier.HEAD, False),
    ("elderly", "Người cao tuổi", Tier.PRIORITY, False),
    ("pregnant", "Phụ nữ mang thai", Tier.PRIORITY, False),
    ("merit", "Người có công với cách mạng", Tier.PRIORITY, False),
    ("small_child", "Người đi cùng trẻ nhỏ", Tier.PRIORITY, False),
    ("returning", "Quay lại theo giấy hẹn / bổ sung hồ sơ", Tier.PRIORITY, False),
    ("other", "Ưu tiên khác (ghi rõ lý do)", Tier.PRIORITY, True),
    ("none", "Không thuộc diện ưu tiên", Tier.REGULAR, False),
)
ELDERLY, REGULAR_REASON = "elderly", "none"


@dataclass(frozen=True)
class Reason:
    code: str
    label: str
    tier: Tier
    needs_note: bool
    active: bool


@dataclass(frozen=True)
class Ticket:
    id: uuid.UUID
    code: str
    service_day: date
    seq: int
    tier: Tier
    reason_code: str
    reason_label: str
    reason_note: str
    reason_verified: bool
    citizen_name: str
    birth_year: int | None
    seat: str
    needs: tuple[Need, ...]
    status: Status
    counter: str
    assigned_counter: str
    recall_count: int
    call_rule: str
    postponed_until: datetime | None
    issued_at: datetime
    called_at: datetime | None
    started_at: datetime | None
    finished_at: datetime | None

    @property
    def go_to_person(self) -> bool:
        """The person may not hear or see the call, or cannot walk to the counter: fetch them."""
        return bool(self.needs)

    def waited_minutes(self, now: datetime) -> int:
        end = self.called_at or now
        return max(0, int((end - self.issued_at).total_seconds() // 60))


@dataclass(frozen=True)
class IssueRequest:
    reason_code: str = REGULAR_REASON
    citizen_name: str = ""
    birth_year: int | None = None
    seat: str = ""
    needs: tuple[str, ...] = ()
    reason_note: str = ""
    reason_verified: bool = False
    request_id: uuid.UUID | None = None  # the same request sent twice (a double click) gives one ticket


@dataclass(frozen=True)
class IssuedTicket:
    ticket: Ticket
    people_ahead: int
    estimated_wait_minutes: int | None


@dataclass(frozen=True)
class Call:
    ticket_code: str
    counter: str
    tier: Tier
    at: datetime


@dataclass(frozen=True)
class QueueSnapshot:
    day: date
    waiting: list[Ticket]
    postponed: list[Ticket]
    active: list[Ticket]  # called or being served, at any counter
    recent_calls: list[Call]
    waiting_by_tier: dict[Tier, int]
    policy: QueuePolicy


@dataclass(frozen=True)
class TierStats:
    tier: Tier
    issued: int = 0
    served: int = 0
    no_show: int = 0
    median_wait_minutes: float | None = None
    p90_wait_minutes: float | None = None
    median_service_minutes: float | None = None


@dataclass(frozen=True)
class DayStats:
    day: date
    tiers: dict[Tier, TierStats] = field(default_factory=dict)


def _to_ticket(row: QueueTicket) -> Ticket:
    return Ticket(row.id, f"{row.prefix}{row.number:03d}", row.service_day, row.seq, Tier(row.tier),
                  row.reason_code, row.reason_label, row.reason_note, row.reason_verified, row.citizen_name,
                  row.birth_year, row.seat, tuple(Need(n) for n in row.needs.split(",") if n),
                  Status(row.status), row.counter, row.assigned_counter, row.recall_count, row.call_rule,
                  row.postponed_until, row.issued_at, row.called_at, row.started_at, row.finished_at)


def _candidate(row: QueueTicket) -> Candidate:
    return Candidate(row.id, Tier(row.tier), row.seq, row.issued_at, row.postponed_until, row.assigned_counter)


def percentile(values: Sequence[float], q: float) -> float | None:
    """The q-th percentile (0–100) by linear interpolation; None for no values."""
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q / 100
    low = int(pos)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (pos - low)


def _minutes(start: datetime | None, end: datetime | None) -> float | None:
    if start is None or end is None:
        return None
    return max(0.0, (end - start).total_seconds() / 60)  # a clock jump never gives a negative time


class QueueService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings

    # -- configuration --------------------------------------------------------
    def seed_reasons(self) -> None:
        """Store the default priority reasons not stored yet (idempotent)."""
        with self._db.write() as session:
            present = set(session.scalars(select(PriorityReason.code)))
            for position, (code, label, tier, note) in enumerate(DEFAULT_REASONS):
                if code not in present:
                    session.add(PriorityReason(code=code, label=label, tier=tier.value, needs_note=note,
                                               active=True, position=position))

    def reasons(self, *, include_inactive: bool = False) -> list[Reason]:
        with self._db.read() as session:
            rows = session.scalars(select(PriorityReason).order_by(PriorityReason.position)).all()
        return [Reason(r.code, r.label, Tier(r.tier), r.needs_note, r.active)
                for r in rows if r.active or include_inactive]

    def update_reason(self, actor: Actor, code: str, *, label: str | None = None, tier: Tier | str | None = None,
                      active: bool | None = None, needs_note: bool | None = None) -> Reason:
        require_role(actor, Role.SUPERVISOR, Role.ADMIN)
        if label is not None and not clean(label):
            raise ValidationError(tr("Tên nhóm ưu tiên không được để trống."), "label")
        with self._db.write() as session:
            row = session.scalar(select(PriorityReason).where(PriorityReason.code == code))
            if row is None:
                raise NotFound(tr("Không có nhóm ưu tiên “{c}”.", c=code))
            if code == REGULAR_REASON and ((active is False) or (tier not in (None, Tier.REGULAR, "regular"))):
                raise ValidationError(tr("Nhóm “không ưu tiên” luôn phải có để cấp số thường."), "active")
            if label is not None:
                row.label = clean(label)
            if tier is not None:
                row.tier = Tier(tier).value
            if active is not None:
                row.active = active
            if needs_note is not None:
                row.needs_note = needs_note
            return Reason(row.code, row.label, Tier(row.tier), row.needs_note, row.active)

    def policy(self) -> QueuePolicy:
        view = self._settings.view()
        return QueuePolicy(view.queue_max_regular_wait, view.queue_priority_streak)

    # -- issuing --------------------------------------------------------------
    def issue(self, actor: Actor, request: IssueRequest) -> IssuedTicket:
        require_role(actor, *ALL_ROLES)
        view = self._settings.view()
        now = self._db.clock.now()
        today = local_today(self._db.clock)
        name, seat, note = clean_name(request.citizen_name), clean(request.seat), clean(request.reason_note, multiline=True)
        birth_year = self._valid_birth_year(request.birth_year, today)
        needs = self._valid_needs(request.needs)
        if len(name) > 200 or len(seat) > 40 or len(note) > 2000:
            raise ValidationError(tr("Tên, chỗ ngồi hoặc lý do quá dài."), "citizen_name")
        with self._db.write() as session:
            if request.request_id is not None:
                existing = session.scalar(select(QueueTicket).where(QueueTicket.request_id == request.request_id))
                if existing is not None:
                    return IssuedTicket(_to_ticket(existing), self._people_ahead(session, existing),
                                        self._estimate(session, today, self._people_ahead(session, existing),
                                                       len(view.counters)))
            self._expire_old_days(session, today)
            reason = self._reason(session, request.reason_code)
            if reason.code == REGULAR_REASON and birth_year and today.year - birth_year >= view.elderly_age:
                reason = self._reason(session, ELDERLY)  # derived from the birth year
            if reason.needs_note and not note:
                raise ValidationError(tr("Hãy ghi rõ lý do ưu tiên."), "reason_note")
            tier = Tier(reason.tier)
            prefix = {Tier.HEAD: view.queue_prefix_head, Tier.PRIORITY: view.queue_prefix_priority,
                      Tier.REGULAR: view.queue_prefix_regular}[tier]
            seq = (session.scalar(select(func.max(QueueTicket.seq)).where(QueueTicket.service_day == today)) or 0) + 1
            number = (session.scalar(select(func.max(QueueTicket.number)).where(
                QueueTicket.service_day == today, QueueTicket.prefix == prefix)) or 0) + 1
            row = QueueTicket(service_day=today, seq=seq, tier=tier.value, prefix=prefix, number=number,
                              reason_code=reason.code, reason_label=reason.label, reason_note=note,
                              reason_verified=request.reason_verified, citizen_name=name, birth_year=birth_year,
                              seat=seat, needs=",".join(n.value for n in needs), status=Status.WAITING.value,
                              counter="", assigned_counter="", service_note="", recall_count=0, call_rule="",
                              issued_at=now, issued_by=actor.user_id, request_id=request.request_id)
            session.add(row)
            session.flush()
            self._event(session, row, "issued", actor)
            ahead = self._people_ahead(session, row)
            estimate = self._estimate(session, today, ahead, len(view.counters))
            return IssuedTicket(_to_ticket(row), ahead, estimate)

    @staticmethod
    def _valid_birth_year(year: int | str | None, today: date) -> int | None:
        if year in (None, ""):
            return None
        try:
            value = int(str(year).strip())
        except ValueError:
            value = 0
        if not today.year - 120 <= value <= today.year:
            raise ValidationError(tr("Năm sinh phải từ {a} đến {b}.", a=today.year - 120, b=today.year), "birth_year")
        return value

    @staticmethod
    def _valid_needs(needs: Sequence[str]) -> tuple[Need, ...]:
        try:
            return tuple(sorted({Need(n) for n in needs}, key=list(Need).index))
        except ValueError:
            raise ValidationError(tr("Nhu cầu hỗ trợ không hợp lệ."), "needs") from None

    @staticmethod
    def _reason(session: Session, code: str) -> PriorityReason:
        row = session.scalar(select(PriorityReason).where(PriorityReason.code == code))
        if row is None or not row.active:
            raise ValidationError(tr("Nhóm ưu tiên không hợp lệ."), "reason_code")
        return row

    def _people_ahead(self, session: Session, row: QueueTicket) -> int:
        waiting = session.scalars(select(QueueTicket).where(
            QueueTicket.service_day == row.service_day, QueueTicket.status == Status.WAITING.value)).all()
        order = display_order([_candidate(t) for t in waiting])
        return next((i for i, c in enumerate(order) if c.id == row.id), 0)

    def _estimate(self, session: Session, day: date, ahead: int, counters: int) -> int | None:
        durations = [m for m in (_minutes(s, f) for s, f in session.execute(
            select(QueueTicket.started_at, QueueTicket.finished_at).where(
                QueueTicket.service_day == day, QueueTicket.status == Status.DONE.value))) if m is not None]
        if not durations:
            return None
        return round(ahead * statistics.median(durations) / max(1, counters))

    # -- calling --------------------------------------------------------------
    def call_next(self, actor: Actor, counter: str) -> Ticket:
        require_role(actor, *COUNTER_ROLES)
        counter = self._valid_counter(counter)
        now, today = self._db.clock.now(), local_today(self._db.clock)
        with self._db.write() as session:
            self._expire_old_days(session, today)
            self._close_current(session, counter, actor, now)
            waiting = session.scalars(select(QueueTicket).where(
                QueueTicket.service_day == today, QueueTicket.status == Status.WAITING.value)).all()
            choice = choose_next([_candidate(t) for t in waiting], self._recent_tiers(session, today), now,
                                 self.policy(), counter)
            if choice is None:
                postponed = sum(1 for t in waiting if t.postponed_until and t.postponed_until > now)
                raise ValidationError(tr("Không còn ai đang chờ.") + (
                    tr(" Có {n} số đang hoãn, sẽ trở lại khi hết giờ hoãn.", n=postponed) if postponed else ""))
            row = next(t for t in waiting if t.id == choice.ticket_id)
            return self._mark_called(session, row, counter, choice.rule, actor, now)

    def call_ticket(self, actor: Actor, counter: str, ticket_id: uuid.UUID) -> Ticket:
        """Call a chosen ticket out of turn (recorded as the clerk's choice)."""
        require_role(actor, *COUNTER_ROLES)
        counter = self._valid_counter(counter)
        now = self._db.clock.now()
        with self._db.write() as session:
            row = self._get(session, ticket_id)
            self._require_status(row, Status.WAITING)
            self._close_current(session, counter, actor, now)
            return self._mark_called(session, row, counter, Rule.MANUAL, actor, now)

    def _close_current(self, session: Session, counter: str, actor: Actor, now: datetime) -> None:
        """Before a new call: finish the ticket being served here; refuse if one is called but not come yet."""
        for row in session.scalars(select(QueueTicket).where(
                QueueTicket.counter == counter, QueueTicket.status.in_([Status.CALLED.value, Status.SERVING.value]))):
            if row.status == Status.CALLED.value:
                raise ValidationError(tr("Số {code} đang được mời ở {counter}: hãy bắt đầu phục vụ, gọi lại, "
                                         "hoãn hoặc đánh dấu vắng trước khi gọi số mới.",
                                         code=_to_ticket(row).code, counter=counter))
            self._finish_row(session, row, actor, now)

    def _mark_called(self, session: Session, row: QueueTicket, counter: str, rule: Rule, actor: Actor,
                     now: datetime) -> Ticket:
        moved = session.execute(update(QueueTicket).where(
            QueueTicket.id == row.id, QueueTicket.status == Status.WAITING.value).values(
            status=Status.CALLED.value, counter=counter, call_rule=rule.value, called_at=now, postponed_until=None,
            recall_count=0, updated_at=now)).rowcount
        if moved != 1:  # another counter got there first; cannot happen under the write lock, checked anyway
            raise ValidationError(tr("Số này vừa được quầy khác gọi."))
        session.refresh(row)
        self._event(session, row, "called", actor, counter, rule.value)
        return _to_ticket(row)

    def _recent_tiers(self, session: Session, day: date) -> list[Tier]:
        rows = session.execute(select(QueueTicket.tier).join(QueueEvent, QueueEvent.ticket_id == QueueTicket.id)
                               .where(QueueEvent.service_day == day, QueueEvent.kind == "called")
                               .order_by(QueueEvent.at.desc(), QueueEvent.created_at.desc()).limit(50)).all()
        return [Tier(t) for (t,) in reversed(rows)]

    # -- actions on one ticket -------------------------------------------------
    def recall(self, actor: Actor, ticket_id: uuid.UUID) -> Ticket:
        require_role(actor, *COUNTER_ROLES)
        limit = self._settings.view().queue_recall_limit
        with self._db.write() as session:
            row = self._get(session, ticket_id)
            self._require_status(row, Status.CALLED)
            if row.recall_count >= limit:
                raise ValidationError(tr("Đã gọi lại {n} lần; hãy đánh dấu vắng mặt hoặc hoãn.", n=limit))
            row.recall_count += 1
            self._event(session, row, "recalled", actor, row.counter)
            return _to_ticket(row)

    def postpone(self, actor: Actor, ticket_id: uuid.UUID, minutes: int) -> Ticket:
        require_role(actor, *COUNTER_ROLES)
        low, high = POSTPONE_RANGE
        if not isinstance(minutes, int) or not low <= minutes <= high:
            raise ValidationError(tr("Thời gian hoãn phải từ {a} đến {b} phút.", a=low, b=high), "minutes")
        now = self._db.clock.now()
        with self._db.write() as session:
            row = self._get(session, ticket_id)
            self._require_status(row, Status.WAITING, Status.CALLED)
            row.status, row.postponed_until, row.recall_count = Status.WAITING.value, now + timedelta(minutes=minutes), 0
            self._event(session, row, "postponed", actor, row.counter, detail=str(minutes))
            row.counter = ""
            return _to_ticket(row)

    def no_show(self, actor: Actor, ticket_id: uuid.UUID) -> Ticket:
        require_role(actor, *COUNTER_ROLES)
        with self._db.write() as session:
            row = self._get(session, ticket_id)
            self._require_status(row, Status.CALLED, Status.WAITING)
            row.status = Status.NO_SHOW.value
            self._event(session, row, "no_show", actor, row.counter)
            return _to_ticket(row)

    def reactivate(self, actor: Actor, ticket_id: uuid.UUID) -> Ticket:
        """A person marked absent came back: back in the queue at their original place."""
        require_role(actor, *COUNTER_ROLES)
        today = local_today(self._db.clock)
        with self._db.write() as session:
            row = self._get(session, ticket_id)
            self._require_status(row, Status.NO_SHOW)
            if row.service_day != today:
                raise ValidationError(tr("Số của ngày khác không kích hoạt lại được; hãy cấp số mới."))
            row.status, row.counter, row.recall_count, row.postponed_until = Status.WAITING.value, "", 0, None
            self._event(session, row, "reactivated", actor)
            return _to_ticket(row)

    def transfer(self, actor: Actor, ticket_id: uuid.UUID, to_counter: str, note: str = "") -> Ticket:
        """Send the person to another counter, keeping number and priority."""
        require_role(actor, *COUNTER_ROLES)
        to_counter = self._valid_counter(to_counter)
        with self._db.write() as session:
            row = self._get(session, ticket_id)
            self._require_status(row, Status.WAITING, Status.CALLED, Status.SERVING)
            from_counter = row.counter
            row.status, row.assigned_counter, row.counter = Status.WAITING.value, to_counter, ""
            row.service_note = clean(note)[:200]
            row.postponed_until, row.recall_count = None, 0
            self._event(session, row, "transferred", actor, to_counter, detail=from_counter)
            return _to_ticket(row)

    def start(self, actor: Actor, ticket_id: uuid.UUID) -> Ticket:
        require_role(actor, *COUNTER_ROLES)
        now = self._db.clock.now()
        with self._db.write() as session:
            row = self._get(session, ticket_id)
            self._require_status(row, Status.CALLED)
            row.status, row.started_at = Status.SERVING.value, max(now, row.called_at)
            self._event(session, row, "started", actor, row.counter)
            return _to_ticket(row)

    def finish(self, actor: Actor, ticket_id: uuid.UUID) -> Ticket:
        """Service done. From 'called' it counts service from the call (the person came when called)."""
        require_role(actor, *COUNTER_ROLES)
        with self._db.write() as session:
            row = self._get(session, ticket_id)
            self._require_status(row, Status.CALLED, Status.SERVING)
            self._finish_row(session, row, actor, self._db.clock.now())
            return _to_ticket(row)

    def cancel(self, actor: Actor, ticket_id: uuid.UUID, reason: str) -> Ticket:
        """A number issued by mistake (kept, marked cancelled)."""
        require_role(actor, *ALL_ROLES)
        if not clean(reason):
            raise ValidationError(tr("Hãy ghi lý do hủy số."), "reason")
        with self._db.write() as session:
            row = self._get(session, ticket_id)
            self._require_status(row, Status.WAITING)
            row.status = Status.CANCELLED.value
            self._event(session, row, "cancelled", actor, detail=clean(reason)[:500])
            return _to_ticket(row)

    def _finish_row(self, session: Session, row: QueueTicket, actor: Actor, now: datetime) -> None:
        if row.started_at is None:
            row.started_at = row.called_at
        row.status, row.finished_at = Status.DONE.value, max(now, row.started_at)
        self._event(session, row, "finished", actor, row.counter)

    # -- reading --------------------------------------------------------------
    def ticket(self, actor: Actor, ticket_id: uuid.UUID) -> Ticket:
        require_role(actor, *ALL_ROLES)
        with self._db.read() as session:
            return self._redact(actor, _to_ticket(self._get(session, ticket_id)))

    def snapshot(self, actor: Actor | None = None, day: date | None = None) -> QueueSnapshot:
        """Today's queue. Without an actor (the display board) no names or seats are included."""
        day = day or local_today(self._db.clock)
        now = self._db.clock.now()
        with self._db.read() as session:
            rows = session.scalars(select(QueueTicket).where(
                QueueTicket.service_day == day, QueueTicket.status.in_([s.value for s in OPEN]))).all()
            calls = session.execute(
                select(QueueTicket.prefix, QueueTicket.number, QueueEvent.counter, QueueTicket.tier, QueueEvent.at)
                .join(QueueEvent, QueueEvent.ticket_id == QueueTicket.id)
                .where(QueueEvent.service_day == day, QueueEvent.kind.in_(["called", "recalled"]))
                .order_by(QueueEvent.at.desc(), QueueEvent.created_at.desc()).limit(5)).all()
        tickets = [self._redact(actor, _to_ticket(r)) for r in rows]
        waiting = [t for t in tickets if t.status is Status.WAITING]
        ready = [t for t in waiting if t.postponed_until is None or t.postponed_until <= now]
        by_id = {t.id: t for t in ready}
        ordered = [by_id[c.id] for c in display_order([
            Candidate(t.id, t.tier, t.seq, t.issued_at) for t in ready])]
        postponed = sorted((t for t in waiting if t not in ready), key=lambda t: t.postponed_until)
        active = sorted((t for t in tickets if t.status in (Status.CALLED, Status.SERVING)), key=lambda t: t.counter)
        counts = {tier: sum(1 for t in waiting if t.tier is tier) for tier in Tier}
        recent = [Call(f"{p}{n:03d}", c, Tier(tier), at) for p, n, c, tier, at in calls]
        return QueueSnapshot(day, ordered, postponed, active, recent, counts, self.policy())

    def day_tickets(self, actor: Actor, day: date) -> list[Ticket]:
        require_role(actor, *COUNTER_ROLES)
        with self._db.read() as session:
            rows = session.scalars(select(QueueTicket).where(QueueTicket.service_day == day)
                                   .order_by(QueueTicket.seq)).all()
            return [_to_ticket(r) for r in rows]

    def day_stats(self, actor: Actor, day: date) -> DayStats:
        require_role(actor, *COUNTER_ROLES)
        return summarize(day, self.day_tickets(actor, day))

    @staticmethod
    def _redact(actor: Actor | None, ticket: Ticket) -> Ticket:
        if actor is not None and actor.role in COUNTER_ROLES:
            return ticket
        from dataclasses import replace

        return replace(ticket, citizen_name="", seat="", birth_year=None, reason_note="")

    # -- helpers --------------------------------------------------------------
    def _valid_counter(self, counter: str) -> str:
        counter = clean(counter)
        if counter not in self._settings.view().counters:
            raise ValidationError(tr("Quầy “{c}” không có trong danh sách quầy (Hệ thống → Cài đặt).", c=counter),
                                  "counter")
        return counter

    @staticmethod
    def _get(session: Session, ticket_id: uuid.UUID) -> QueueTicket:
        row = session.get(QueueTicket, ticket_id)
        if row is None:
            raise NotFound(tr("Không tìm thấy số thứ tự này."))
        return row

    @staticmethod
    def _require_status(row: QueueTicket, *allowed: Status) -> None:
        if Status(row.status) not in allowed:
            raise ValidationError(tr("Số {code} đang ở trạng thái “{s}”, không làm được việc này.",
                                     code=_to_ticket(row).code, s=Status(row.status).label))

    def _event(self, session: Session, row: QueueTicket, kind: str, actor: Actor, counter: str = "",
               rule: str = "", detail: str = "") -> None:
        session.add(QueueEvent(ticket_id=row.id, service_day=row.service_day, kind=kind, at=self._db.clock.now(),
                               counter=counter, rule=rule, detail=detail, user_id=actor.user_id))

    @staticmethod
    def _expire_old_days(session: Session, today: date) -> None:
        """Daily reset: tickets of earlier days still open are archived as 'expired', never deleted."""
        session.execute(update(QueueTicket).where(
            QueueTicket.service_day < today, QueueTicket.status.in_([s.value for s in OPEN]))
            .values(status=Status.EXPIRED.value))


def summarize(day: date, tickets: Sequence[Ticket]) -> DayStats:
    """Per tier: issued, served, no-show, median and 90th-percentile wait, median service time."""
    result: dict[Tier, TierStats] = {}
    for tier in Tier:
        mine = [t for t in tickets if t.tier is tier and t.status is not Status.CANCELLED]
        waits = [m for m in (_minutes(t.issued_at, t.called_at) for t in mine) if m is not None]
        services = [m for m in (_minutes(t.started_at, t.finished_at) for t in mine
                                if t.status is Status.DONE) if m is not None]
        result[tier] = TierStats(
            tier, issued=len(mine), served=sum(1 for t in mine if t.status is Status.DONE),
            no_show=sum(1 for t in mine if t.status is Status.NO_SHOW),
            median_wait_minutes=statistics.median(waits) if waits else None,
            p90_wait_minutes=percentile(waits, 90),
            median_service_minutes=statistics.median(services) if services else None)
    return DayStats(day, result)


def local_time(when: datetime | None) -> str:
    return "" if when is None else to_local(when).strftime("%H:%M")
