"""A realistic day of tickets for the demo: many elderly, a few people with disabilities, two counters."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from hcc_desktop.clock import LOCAL_TZ, FixedClock
from hcc_desktop.errors import ValidationError
from hcc_desktop.services.auth import Actor
from hcc_desktop.services.queue import IssueRequest, QueueService

# (reason code, share of arrivals) for a rural commune where the elderly are the largest group
MIX = (("elderly", 0.30), ("disabled", 0.05), ("pregnant", 0.03), ("merit", 0.05), ("small_child", 0.05),
       ("returning", 0.08), ("other", 0.02), ("none", 0.42))
SESSIONS = ((time(7, 30), time(11, 0)), (time(13, 30), time(16, 30)))
COUNTERS = ("Quầy 1", "Quầy 2")


@dataclass
class _Desk:
    name: str
    actor: Actor
    ticket_id: object = None
    free_at: datetime | None = None


def _reason(rng: random.Random) -> str:
    pick, total = rng.random(), 0.0
    for code, share in MIX:
        total += share
        if pick < total:
            return code
    return "none"


def _request(rng: random.Random, day: date, name_of) -> IssueRequest:
    code = _reason(rng)
    gender = rng.choice(["male", "female"])
    if code == "pregnant":
        gender = "female"
    age = rng.randint(62, 90) if code == "elderly" else rng.randint(18, 80)
    needs = ()
    if code == "disabled":
        needs = rng.choice([("mobility",), ("hearing",), ("vision",), ("mobility", "hearing")])
    elif code == "elderly" and rng.random() < 0.1:
        needs = ("hearing",)
    return IssueRequest(reason_code=code, citizen_name=name_of(rng, gender) if rng.random() < 0.6 else "",
                        birth_year=day.year - age if rng.random() < 0.7 else None,
                        needs=needs, reason_note="Đang ốm, cần về sớm" if code == "other" else "",
                        reason_verified=code in ("disabled", "merit") and rng.random() < 0.7)


def simulate_day(queue: QueueService, clock: FixedClock, day: date, desks: list[_Desk], issuer: Actor,
                 rng: random.Random, name_of, until: datetime | None = None) -> int:
    """Issue, call and serve one day of tickets, minute by minute; stop at ``until`` (today)."""
    issued = 0
    for opening, closing in SESSIONS:
        minute = datetime.combine(day, opening, LOCAL_TZ)
        end = datetime.combine(day, closing, LOCAL_TZ)
        while minute < end and (until is None or minute < until):
            clock.set(minute)
            for _ in range(rng.choices([0, 1, 2], weights=[75, 22, 3])[0]):
                queue.issue(issuer, _request(rng, day, name_of))
                issued += 1
            for desk in desks:
                _step(queue, clock, desk, rng)
            minute += timedelta(minutes=1)
    return issued


def _step(queue: QueueService, clock: FixedClock, desk: _Desk, rng: random.Random) -> None:
    now = clock.now()
    if desk.ticket_id is not None and desk.free_at <= now:
        queue.finish(desk.actor, desk.ticket_id)
        desk.ticket_id = None
    if desk.ticket_id is not None:
        return
    try:
        ticket = queue.call_next(desk.actor, desk.name)
    except ValidationError:
        return  # nobody waiting
    if rng.random() < 0.04:
        queue.recall(desk.actor, ticket.id)
        queue.no_show(desk.actor, ticket.id)
        return
    clock.advance(seconds=rng.randint(20, 90))
    queue.start(desk.actor, ticket.id)
    desk.ticket_id = ticket.id
    desk.free_at = clock.now() + timedelta(minutes=rng.triangular(2, 15, 5))
