"""The priority queue at the counter: issuing, calling, serving, statistics.

Ordering lives in :mod:`hcc_desktop.services.queue_rules`; this module keeps
tickets on disk. Every action is one write transaction (BEGIN IMMEDIATE), so
two counters on one PC can never call the same ticket, and a power cut at any
moment leaves each ticket either before or after the action, never between.
"""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from functools import cache
from types import SimpleNamespace

from sqlalchemy import and_, bindparam, case, func, insert, or_, select, union_all, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from hcc_desktop.clock import local_today, to_local
from hcc_desktop.errors import NotFound, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.auth import Actor, Role, require_role
from hcc_desktop.services.queue_rules import (Candidate, Choice, QueuePolicy, Rule, Tier, choose_next,
                                              next_streak)
from hcc_desktop.services.queue_view import (COUNTER_ROLES, OPEN, Call, Need, QueueSnapshot,  # noqa: F401
                                             Status, Ticket, assemble_snapshot, redact)
from hcc_desktop.services.queue_view import ticket_from_row as _to_ticket
from hcc_desktop.services.settings import SettingsService
from hcc_desktop.storage.engine import Database
from hcc_desktop.storage.models import PriorityReason, QueueDay, QueueEvent, QueueTicket
from hcc_desktop.text import clean, clean_name

ALL_ROLES = tuple(Role)
POSTPONE_RANGE = (5, 30)


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


T = QueueTicket.__table__
E = QueueEvent.__table__
D = QueueDay.__table__
R = PriorityReason.__table__
_RANK = {Tier.HEAD.value: 0, Tier.PRIORITY.value: 1, Tier.REGULAR.value: 2}

# Statements built once: compiling them per call cost more than the disk write (see bench/).
_BY_ID = select(T).where(T.c.id == bindparam("id"))
_BY_REQUEST = select(T).where(T.c.request_id == bindparam("rid"))
# For a new ticket of tier :tier: the next issue order, the next number, and how many wait before it
# (every waiting ticket of a higher or the same tier: all of those were issued earlier).
_NEXT = select(func.max(T.c.seq), func.max(case((T.c.tier == bindparam("tier"), T.c.number))),
               func.count(case((and_(T.c.status == Status.WAITING.value,
                                     T.c.tier.in_(bindparam("ahead", expanding=True))), 1)))
               ).where(T.c.service_day == bindparam("day"))
_INSERT_TICKET = insert(T)
_INSERT_EVENT = insert(E)
_AHEAD = select(func.count()).select_from(T).where(
    T.c.service_day == bindparam("day"), T.c.status == Status.WAITING.value,
    or_(T.c.tier.in_(bindparam("higher", expanding=True)), and_(T.c.tier == bindparam("tier"),
                                                                T.c.seq < bindparam("seq"))))
ESTIMATE_SAMPLE = 20  # the latest finished services tell the current pace best
_DURATIONS = select(T.c.started_at, T.c.finished_at).where(
    T.c.service_day == bindparam("day"), T.c.status == Status.DONE.value).order_by(T.c.seq.desc()).limit(
    ESTIMATE_SAMPLE)
CACHE_SECONDS = 5.0
_STREAK = select(D.c.priority_streak).where(D.c.service_day == bindparam("day"))


class QueueService:
    """Tickets on disk. Core statements on one connection per action keep issuing and calling fast."""

    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings
        self._expired_through: date | None = None
        self._reason_cache: tuple[float, dict] | None = None
        self._pace_cache: tuple[float, date, float | None] | None = None  # median service minutes

    # -- configuration --------------------------------------------------------
    def seed_reasons(self) -> None:
        """Store the default priority reasons not stored yet (idempotent)."""
        with self._db.write_core() as conn:
            present = set(conn.scalars(select(R.c.code)))
            for position, (code, label, tier, note) in enumerate(DEFAULT_REASONS):
                if code not in present:
                    conn.execute(insert(R).values(self._db.stamp(dict(
                        code=code, label=label, tier=tier.value, needs_note=note, active=True, position=position))))
        self._reason_cache = None

    def reasons(self, *, include_inactive: bool = False) -> list[Reason]:
        with self._db.read_core() as conn:
            rows = conn.execute(select(R).order_by(R.c.position)).all()
        return [Reason(r.code, r.label, Tier(r.tier), r.needs_note, r.active)
                for r in rows if r.active or include_inactive]

    def update_reason(self, actor: Actor, code: str, **change) -> Reason:
        return self.update_reasons(actor, {code: change})[0]

    def update_reasons(self, actor: Actor, changes: dict[str, dict]) -> list[Reason]:
        """Change several reasons (label, tier, active, needs_note) all-or-nothing."""
        require_role(actor, Role.SUPERVISOR, Role.ADMIN)
        cleaned = {code: self._reason_change(code, change) for code, change in changes.items()}
        with self._db.write_core() as conn:
            for code, values in cleaned.items():
                if conn.execute(update(R).where(R.c.code == code).values(
                        self._db.stamp(values, new=False))).rowcount != 1:
                    raise NotFound(tr("Không có nhóm ưu tiên “{c}”.", c=code))
            rows = conn.execute(select(R).where(R.c.code.in_(list(cleaned)))).all()
        self._reason_cache = None
        by_code = {r.code: Reason(r.code, r.label, Tier(r.tier), r.needs_note, r.active) for r in rows}
        return [by_code[code] for code in cleaned]

    @staticmethod
    def _reason_change(code: str, change: dict) -> dict:
        unknown = set(change) - {"label", "tier", "active", "needs_note"}
        if unknown:
            raise ValidationError(tr("Không sửa được mục {f}.", f=", ".join(sorted(unknown))))
        values = dict(change)
        if "label" in values:
            values["label"] = clean(values["label"])[:120]
            if not values["label"]:
                raise ValidationError(tr("Tên nhóm ưu tiên không được để trống."), "label")
        if "tier" in values:
            try:
                values["tier"] = Tier(values["tier"]).value
            except ValueError:
                raise ValidationError(tr("Hạng ưu tiên không hợp lệ."), "tier") from None
        if code == REGULAR_REASON and (values.get("active") is False or values.get("tier", "regular") != "regular"):
            raise ValidationError(tr("Nhóm “không ưu tiên” luôn phải có để cấp số thường."), "active")
        return values

    def policy(self) -> QueuePolicy:
        view = self._settings.view()
        return QueuePolicy(view.queue_max_regular_wait, view.queue_priority_streak)

    # -- issuing --------------------------------------------------------------
    def issue(self, actor: Actor, request: IssueRequest) -> IssuedTicket:
        require_role(actor, *ALL_ROLES)
        view = self._settings.view()
        today = local_today(self._db.clock)
        name, seat = clean_name(request.citizen_name), clean(request.seat)
        note = clean(request.reason_note, multiline=True)
        birth_year = self._valid_birth_year(request.birth_year, today)
        needs = self._valid_needs(request.needs)
        if len(name) > 200 or len(seat) > 40 or len(note) > 2000:
            raise ValidationError(tr("Tên, chỗ ngồi hoặc lý do quá dài."), "citizen_name")
        prefixes = {Tier.HEAD: view.queue_prefix_head, Tier.PRIORITY: view.queue_prefix_priority,
                    Tier.REGULAR: view.queue_prefix_regular}
        if len(set(prefixes.values())) != 3:
            raise ValidationError(tr("Chữ đầu số của các hạng ưu tiên đang trùng nhau; "
                                     "phụ trách Trung tâm cần sửa trong Cài đặt → Hàng chờ."))
        try:
            with self._db.write_core() as conn:
                return self._insert_ticket(conn, actor, request, view, today, prefixes,
                                           (name, seat, note, birth_year, needs))
        except IntegrityError:
            if request.request_id is None:
                raise
            with self._db.read_core() as conn:  # the same request again (a double click): its ticket
                row = conn.execute(_BY_REQUEST, {"rid": request.request_id}).first()
                if row is None:
                    raise
                return self._issued(conn, row, len(view.counters))

    def _insert_ticket(self, conn: Connection, actor: Actor, request: IssueRequest, view, today: date,
                       prefixes: dict, fields: tuple) -> IssuedTicket:
        name, seat, note, birth_year, needs = fields
        self._expire_old_days(conn, today)
        reason = self._reason(conn, request.reason_code)
        if reason.code == REGULAR_REASON and birth_year and today.year - birth_year >= view.elderly_age:
            reason = self._reason(conn, ELDERLY)  # derived from the birth year
        if reason.needs_note and not note:
            raise ValidationError(tr("Hãy ghi rõ lý do ưu tiên."), "reason_note")
        tier = Tier(reason.tier)
        last_seq, last_number, ahead = conn.execute(_NEXT, {
            "day": today, "tier": tier.value,
            "ahead": [t for t, rank in _RANK.items() if rank <= _RANK[tier.value]]}).one()
        values = self._db.stamp(dict(
            service_day=today, seq=(last_seq or 0) + 1, tier=tier.value, prefix=prefixes[tier],
            number=(last_number or 0) + 1, reason_code=reason.code, reason_label=reason.label, reason_note=note,
            reason_verified=request.reason_verified, citizen_name=name, birth_year=birth_year, seat=seat,
            needs=",".join(n.value for n in needs), status=Status.WAITING.value, counter="",
            assigned_counter="", service_note="", recall_count=0, call_rule="", postponed_until=None,
            issued_at=self._db.clock.now(), called_at=None, started_at=None, finished_at=None,
            issued_by=actor.user_id, request_id=request.request_id))
        conn.execute(_INSERT_TICKET, values)  # the row itself records who issued it and when; a repeated
        pace = self._pace(conn, today)         # request_id is refused here by its unique index
        return IssuedTicket(_to_ticket(SimpleNamespace(**values)), ahead, _estimate(pace, ahead, len(view.counters)))

    def _issued(self, conn: Connection, row, counters: int) -> IssuedTicket:
        ahead = self._people_ahead(conn, row)
        return IssuedTicket(_to_ticket(row), ahead, _estimate(self._pace(conn, row.service_day), ahead, counters))

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

    def _reason(self, conn: Connection, code: str):
        cached = self._reason_cache
        if cached is None or time.monotonic() - cached[0] > CACHE_SECONDS:
            cached = (time.monotonic(), {r.code: r for r in conn.execute(select(R))})
            self._reason_cache = cached
        row = cached[1].get(code)
        if row is None or not row.active:
            raise ValidationError(tr("Nhóm ưu tiên không hợp lệ."), "reason_code")
        return row

    @staticmethod
    def _people_ahead(conn: Connection, row) -> int:
        """Waiting tickets in a higher tier, or in the same tier issued earlier."""
        if row.status != Status.WAITING.value:
            return 0
        higher = [tier for tier, rank in _RANK.items() if rank < _RANK[row.tier]]
        return conn.scalar(_AHEAD, {"day": row.service_day, "higher": higher, "tier": row.tier,
                                    "seq": row.seq}) or 0

    def _pace(self, conn: Connection, day: date) -> float | None:
        """Median minutes of the latest services today (cached briefly; dropped when this PC finishes one)."""
        cached = self._pace_cache
        if cached is not None and cached[1] == day and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[2]
        durations = [m for m in (_minutes(s, f) for s, f in conn.execute(_DURATIONS, {"day": day}))
                     if m is not None]
        pace = statistics.median(durations) if durations else None
        self._pace_cache = (time.monotonic(), day, pace)
        return pace

    # -- calling --------------------------------------------------------------
    def choose(self, counter: str, conn: Connection | None = None) -> Choice | None:
        """Which ticket ``counter`` would call now (reads the oldest eligible ticket of each tier only)."""
        if conn is None:
            with self._db.read_core() as own:
                return self.choose(counter, own)
        now, today = self._db.clock.now(), local_today(self._db.clock)
        heads = [_candidate(r) for r in conn.execute(self._heads_query(), {
            "day": today, "now": now, "counter": counter})]
        streak = conn.scalar(_STREAK, {"day": today}) or 0
        return choose_next(heads, streak, now, self.policy(), counter)

    @staticmethod
    @cache
    def _heads_query():
        def oldest(tier: Tier):
            return (select(T).where(
                T.c.service_day == bindparam("day"), T.c.status == Status.WAITING.value, T.c.tier == tier.value,
                or_(T.c.postponed_until.is_(None), T.c.postponed_until <= bindparam("now")),
                T.c.assigned_counter.in_(["", bindparam("counter")])).order_by(T.c.seq).limit(1).subquery())

        parts = [select(oldest(tier)) for tier in Tier]
        return union_all(*parts)

    def call_next(self, actor: Actor, counter: str) -> Ticket:
        require_role(actor, *COUNTER_ROLES)
        counter = self._valid_counter(counter)
        today = local_today(self._db.clock)
        with self._db.write_core() as conn:
            self._expire_old_days(conn, today)
            self._close_current(conn, counter, actor)
            choice = self.choose(counter, conn)
            if choice is None:
                postponed = conn.scalar(select(func.count()).select_from(T).where(
                    T.c.service_day == today, T.c.status == Status.WAITING.value,
                    T.c.postponed_until > self._db.clock.now())) or 0
                raise ValidationError(tr("Không còn ai đang chờ.") + (
                    tr(" Có {n} số đang hoãn, sẽ trở lại khi hết giờ hoãn.", n=postponed) if postponed else ""))
            return self._mark_called(conn, choice.ticket_id, counter, choice.rule, actor)

    def call_ticket(self, actor: Actor, counter: str, ticket_id: uuid.UUID) -> Ticket:
        """Call a chosen ticket out of turn (recorded as the clerk's choice)."""
        require_role(actor, *COUNTER_ROLES)
        counter = self._valid_counter(counter)
        with self._db.write_core() as conn:
            self._require_status(self._get(conn, ticket_id), Status.WAITING)
            self._close_current(conn, counter, actor)
            return self._mark_called(conn, ticket_id, counter, Rule.MANUAL, actor)

    def _close_current(self, conn: Connection, counter: str, actor: Actor) -> None:
        """Before a new call: finish the ticket being served here; refuse if one is called but not come yet."""
        for row in conn.execute(select(T).where(
                T.c.service_day == local_today(self._db.clock),
                T.c.status.in_([Status.CALLED.value, Status.SERVING.value]), T.c.counter == counter)).all():
            if row.status == Status.CALLED.value:
                raise ValidationError(tr("Số {code} đang được mời ở {counter}: hãy bắt đầu phục vụ, gọi lại, "
                                         "hoãn hoặc đánh dấu vắng trước khi gọi số mới.",
                                         code=_to_ticket(row).code, counter=counter))
            self._finish_row(conn, row, actor)

    def _mark_called(self, conn: Connection, ticket_id, counter: str, rule: Rule, actor: Actor) -> Ticket:
        row = self._set(conn, ticket_id, (Status.WAITING,), "called", actor, at_counter=counter, event_rule=rule.value,
                        status=Status.CALLED.value, counter=counter, call_rule=rule.value,
                        called_at=self._db.clock.now(), postponed_until=None, recall_count=0)
        streak = conn.scalar(_STREAK, {"day": row.service_day})
        new = next_streak(streak or 0, Tier(row.tier))
        if streak is None:
            conn.execute(insert(D).values(service_day=row.service_day, priority_streak=new, calls=1))
        else:
            conn.execute(update(D).where(D.c.service_day == row.service_day).values(
                priority_streak=new, calls=D.c.calls + 1))
        return _to_ticket(row)

    # -- actions on one ticket -------------------------------------------------
    def recall(self, actor: Actor, ticket_id: uuid.UUID) -> Ticket:
        require_role(actor, *COUNTER_ROLES)
        limit = self._settings.view().queue_recall_limit
        with self._db.write_core() as conn:
            row = self._get(conn, ticket_id)
            self._require_status(row, Status.CALLED)
            if row.recall_count >= limit:
                raise ValidationError(tr("Đã gọi lại {n} lần; hãy đánh dấu vắng mặt hoặc hoãn.", n=limit))
            return _to_ticket(self._set(conn, ticket_id, (Status.CALLED,), "recalled", actor, at_counter=row.counter,
                                        recall_count=row.recall_count + 1))

    def postpone(self, actor: Actor, ticket_id: uuid.UUID, minutes: int) -> Ticket:
        require_role(actor, *COUNTER_ROLES)
        low, high = POSTPONE_RANGE
        if isinstance(minutes, bool) or not isinstance(minutes, int) or not low <= minutes <= high:
            raise ValidationError(tr("Thời gian hoãn phải từ {a} đến {b} phút.", a=low, b=high), "minutes")
        with self._db.write_core() as conn:
            return _to_ticket(self._set(
                conn, ticket_id, (Status.WAITING, Status.CALLED), "postponed", actor, detail=str(minutes),
                status=Status.WAITING.value, counter="", recall_count=0,
                postponed_until=self._db.clock.now() + timedelta(minutes=minutes)))

    def no_show(self, actor: Actor, ticket_id: uuid.UUID) -> Ticket:
        require_role(actor, *COUNTER_ROLES)
        with self._db.write_core() as conn:
            return _to_ticket(self._set(conn, ticket_id, (Status.CALLED, Status.WAITING), "no_show", actor,
                                        status=Status.NO_SHOW.value))

    def reactivate(self, actor: Actor, ticket_id: uuid.UUID) -> Ticket:
        """A person marked absent came back: back in the queue at their original place."""
        require_role(actor, *COUNTER_ROLES)
        with self._db.write_core() as conn:
            if self._get(conn, ticket_id).service_day != local_today(self._db.clock):
                raise ValidationError(tr("Số của ngày khác không kích hoạt lại được; hãy cấp số mới."))
            return _to_ticket(self._set(conn, ticket_id, (Status.NO_SHOW,), "reactivated", actor,
                                        status=Status.WAITING.value, counter="", recall_count=0,
                                        postponed_until=None))

    def transfer(self, actor: Actor, ticket_id: uuid.UUID, to_counter: str, note: str = "") -> Ticket:
        """Send the person to another counter, keeping number and priority."""
        require_role(actor, *COUNTER_ROLES)
        to_counter = self._valid_counter(to_counter)
        with self._db.write_core() as conn:
            before = self._get(conn, ticket_id)
            return _to_ticket(self._set(
                conn, ticket_id, (Status.WAITING, Status.CALLED, Status.SERVING), "transferred", actor, at_counter=to_counter,
                detail=before.counter, status=Status.WAITING.value, assigned_counter=to_counter, counter="",
                service_note=clean(note)[:200], postponed_until=None, recall_count=0))

    def start(self, actor: Actor, ticket_id: uuid.UUID) -> Ticket:
        require_role(actor, *COUNTER_ROLES)
        with self._db.write_core() as conn:
            row = self._get(conn, ticket_id)
            self._require_status(row, Status.CALLED)
            return _to_ticket(self._set(conn, ticket_id, (Status.CALLED,), "started", actor, at_counter=row.counter,
                                        status=Status.SERVING.value,
                                        started_at=max(self._db.clock.now(), row.called_at)))

    def finish(self, actor: Actor, ticket_id: uuid.UUID) -> Ticket:
        """Service done. From 'called' it counts service from the call (the person came when called)."""
        require_role(actor, *COUNTER_ROLES)
        with self._db.write_core() as conn:
            row = self._get(conn, ticket_id)
            self._require_status(row, Status.CALLED, Status.SERVING)
            return _to_ticket(self._finish_row(conn, row, actor))

    def cancel(self, actor: Actor, ticket_id: uuid.UUID, reason: str) -> Ticket:
        """A number issued by mistake (kept, marked cancelled)."""
        require_role(actor, *ALL_ROLES)
        if not clean(reason):
            raise ValidationError(tr("Hãy ghi lý do hủy số."), "reason")
        with self._db.write_core() as conn:
            return _to_ticket(self._set(conn, ticket_id, (Status.WAITING,), "cancelled", actor,
                                        detail=clean(reason)[:500], status=Status.CANCELLED.value))

    def _finish_row(self, conn: Connection, row, actor: Actor):
        self._pace_cache = None
        started = row.started_at or row.called_at
        return self._set(conn, row.id, (Status.CALLED, Status.SERVING), "finished", actor, at_counter=row.counter,
                         status=Status.DONE.value, started_at=started,
                         finished_at=max(self._db.clock.now(), started))

    def _set(self, conn: Connection, ticket_id, allowed: tuple[Status, ...], kind: str, actor: Actor, *,
             at_counter: str = "", event_rule: str = "", detail: str = "", **values):
        """Move a ticket from one of ``allowed`` states, record the event, return the new row."""
        moved = conn.execute(update(T).where(T.c.id == ticket_id, T.c.status.in_([s.value for s in allowed]))
                             .values(self._db.stamp(values, new=False))).rowcount
        if moved != 1:
            self._require_status(self._get(conn, ticket_id), *allowed)
        row = self._get(conn, ticket_id)
        self._event(conn, row, kind, actor, at_counter, event_rule, detail)
        return row

    # -- reading --------------------------------------------------------------
    def ticket(self, actor: Actor, ticket_id: uuid.UUID) -> Ticket:
        require_role(actor, *ALL_ROLES)
        with self._db.read_core() as conn:
            return redact(actor, _to_ticket(self._get(conn, ticket_id)))

    def snapshot(self, actor: Actor | None = None, day: date | None = None) -> QueueSnapshot:
        """Today's queue. Without an actor (the display board) no names or seats are included."""
        day = day or local_today(self._db.clock)
        now = self._db.clock.now()
        with self._db.read_core() as conn:
            rows = conn.execute(select(T).where(
                T.c.service_day == day, T.c.status.in_([s.value for s in (*OPEN, Status.NO_SHOW)]))).all()
            calls = conn.execute(
                select(T.c.prefix, T.c.number, E.c.counter, T.c.tier, E.c.at)
                .join(E, E.c.ticket_id == T.c.id)
                .where(E.c.service_day == day, E.c.kind.in_(["called", "recalled"]))
                .order_by(E.c.at.desc(), E.c.created_at.desc()).limit(5)).all()
        return assemble_snapshot(day, now, actor, rows, calls, self.policy())

    def day_tickets(self, actor: Actor, day: date) -> list[Ticket]:
        require_role(actor, *COUNTER_ROLES)
        with self._db.read_core() as conn:
            rows = conn.execute(select(T).where(T.c.service_day == day).order_by(T.c.seq)).all()
        return [_to_ticket(r) for r in rows]

    def day_stats(self, actor: Actor, day: date) -> DayStats:
        require_role(actor, *COUNTER_ROLES)
        return summarize(day, self.day_tickets(actor, day))


    # -- helpers --------------------------------------------------------------
    def _valid_counter(self, counter: str) -> str:
        counter = clean(counter)
        if counter not in self._settings.view().counters:
            raise ValidationError(tr("Quầy “{c}” không có trong danh sách quầy (Hệ thống → Cài đặt).", c=counter),
                                  "counter")
        return counter

    @staticmethod
    def _get(conn: Connection, ticket_id: uuid.UUID):
        row = conn.execute(_BY_ID, {"id": ticket_id}).first()
        if row is None:
            raise NotFound(tr("Không tìm thấy số thứ tự này."))
        return row

    @staticmethod
    def _require_status(row, *allowed: Status) -> None:
        if Status(row.status) not in allowed:
            raise ValidationError(tr("Số {code} đang ở trạng thái “{s}”, không làm được việc này.",
                                     code=_to_ticket(row).code, s=Status(row.status).label))

    def _event(self, conn: Connection, row, kind: str, actor: Actor, counter: str = "", rule: str = "",
               detail: str = "") -> None:
        conn.execute(_INSERT_EVENT, self._db.stamp(dict(
            ticket_id=row.id, service_day=row.service_day, kind=kind, at=self._db.clock.now(), counter=counter,
            rule=rule, detail=detail, user_id=actor.user_id)))

    def _expire_old_days(self, conn: Connection, today: date) -> None:
        """Daily reset: open tickets of earlier days are archived as 'expired', never deleted (once a day)."""
        if self._expired_through == today:
            return
        conn.execute(update(T).where(T.c.service_day < today, T.c.status.in_([s.value for s in OPEN]))
                     .values(status=Status.EXPIRED.value))
        self._expired_through = today


def _estimate(pace: float | None, ahead: int, counters: int) -> int | None:
    """Minutes until a ticket with ``ahead`` people before it is likely called (None without a pace yet)."""
    return None if pace is None else round(ahead * pace / max(1, counters))


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
