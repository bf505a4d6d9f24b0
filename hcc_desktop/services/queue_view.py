"""What the counter shows of the queue: tickets, calls and the day's snapshot, in plain Python.

No database code here: ``services/queue.py`` reads the rows through SQLAlchemy and
``storage/quick.py`` (the first screen, before SQLAlchemy has loaded) reads the same
rows with ``sqlite3``; both hand them to :func:`assemble_snapshot`, so the two can
only differ in how they fetch.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from datetime import date, datetime
from enum import StrEnum

from hcc_desktop.i18n import tr
from hcc_desktop.services.queue_rules import Candidate, QueuePolicy, Tier, display_order
from hcc_desktop.services.roles import Actor, Role

COUNTER_ROLES = (Role.CLERK, Role.SUPERVISOR, Role.ADMIN)


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

OPEN = (Status.WAITING, Status.CALLED, Status.SERVING)


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
class Call:
    ticket_code: str
    counter: str
    tier: Tier
    at: datetime


@dataclass(frozen=True)
class QueueSnapshot:
    day: date
    waiting: list[Ticket]
    postponed: list[Ticket]  # postponed (until a time) and absent (no-show, can be reactivated)
    active: list[Ticket]  # called or being served, at any counter
    recent_calls: list[Call]
    waiting_by_tier: dict[Tier, int]
    policy: QueuePolicy


def ticket_from_row(row) -> Ticket:
    """A ticket from a row of ``queue_ticket`` (anything with its columns as attributes, types converted)."""
    return Ticket(row.id, f"{row.prefix}{row.number:03d}", row.service_day, row.seq, Tier(row.tier),
                  row.reason_code, row.reason_label, row.reason_note, row.reason_verified, row.citizen_name,
                  row.birth_year, row.seat, tuple(Need(n) for n in row.needs.split(",") if n),
                  Status(row.status), row.counter, row.assigned_counter, row.recall_count, row.call_rule,
                  row.postponed_until, row.issued_at, row.called_at, row.started_at, row.finished_at)


def redact(actor: Actor | None, ticket: Ticket) -> Ticket:
    """Names, seats and notes only for counter staff (the display board passes no actor)."""
    if actor is not None and actor.role in COUNTER_ROLES:
        return ticket
    return replace(ticket, citizen_name="", seat="", birth_year=None, reason_note="")


def assemble_snapshot(day: date, now: datetime, actor: Actor | None, rows, calls, policy: QueuePolicy) -> QueueSnapshot:
    """The snapshot from the day's open and absent tickets and the last five calls (prefix, number,
    counter, tier, at), newest first."""
    tickets = [redact(actor, ticket_from_row(r)) for r in rows]
    waiting = [t for t in tickets if t.status is Status.WAITING]
    ready = [t for t in waiting if t.postponed_until is None or t.postponed_until <= now]
    by_id = {t.id: t for t in ready}
    ordered = [by_id[c.id] for c in display_order([
        Candidate(t.id, t.tier, t.seq, t.issued_at) for t in ready])]
    postponed = sorted((t for t in waiting if t not in ready), key=lambda t: t.postponed_until)
    absent = [t for t in tickets if t.status is Status.NO_SHOW]
    active = sorted((t for t in tickets if t.status in (Status.CALLED, Status.SERVING)), key=lambda t: t.counter)
    counts = {tier: sum(1 for t in waiting if t.tier is tier) for tier in Tier}
    recent = [Call(f"{p}{n:03d}", c, Tier(tier), at) for p, n, c, tier, at in calls]
    return QueueSnapshot(day, ordered, postponed + absent, active, recent, counts, policy)
