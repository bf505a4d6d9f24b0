"""Figure (d): which ticket a counter calls next, with 1,000 people waiting (read-only).

project: ``services.queue.choose("Quầy 1")`` — one read transaction running one
         UNION ALL of three LIMIT-1 indexed lookups (the oldest eligible ticket of
         each tier), the day's priority streak, the policy (settings, cached), and
         the pure rule ``queue_rules.choose_next`` on the three heads.
floor (a, the target's floor): one indexed single-row SELECT through SQLAlchemy Core
         on the same engine: ``conn.execute(select(queue_ticket).where(id == :id))``
         with a statement built once, inside ``services.db.read_core()`` — the same
         data layer the program is written on.
floor (b, for information): raw ``sqlite3``, ``SELECT * FROM queue_ticket WHERE id=?``
         on a second connection to the same database file, no SQLAlchemy at all.

The day (a fixed clock: 25/11/2026 from 07:30) holds 1,000 waiting tickets of the
demo's mix of tiers, 20 of them postponed, 20 transferred to Quầy 2 and 5 to
Quầy 1. Before timing, the set-up proves the fast path equivalent to the full
rule: at every step of a run of calls it loads ALL waiting tickets and checks that
``choose()`` returns the same ticket and rule as ``choose_next`` over all of them,
for both counters, at two times (before and after the "waited too long" guard and
the postponements end).

The three sides run in rotating blocks of 100 calls; each call is timed on its own.
"""

from __future__ import annotations

import random
import sqlite3
import tempfile
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

from bench import Figure, median, p90, timed
from bench._tickets import COUNTERS, is_head, requests

TARGET = 3.0
WAITING = 1000
LATE_HEADS = 8  # head-tier tickets still waiting when timing starts
SEED = 1125
NAME = "choose next ticket, 1,000 waiting"
NAME_RAW = "  ↳ same vs raw sqlite3 SELECT (info)"
WARMUP_CALLS = 50


class NotEquivalent(AssertionError):
    pass


def _all_waiting(services):
    """Every waiting ticket of the day as a rule Candidate (the full input of choose_next)."""
    from sqlalchemy import select

    from hcc_desktop.clock import local_today
    from hcc_desktop.services.queue import Status, T, _candidate
    from hcc_desktop.storage.models import QueueDay

    today = local_today(services.clock)
    with services.db.read_core() as conn:
        rows = conn.execute(select(T).where(T.c.service_day == today, T.c.status == Status.WAITING.value)).all()
        streak = conn.scalar(select(QueueDay.priority_streak).where(QueueDay.service_day == today)) or 0
    return [_candidate(r) for r in rows], streak


def verify(services, clock, times: list[datetime], seen: Counter) -> int:
    """choose() == choose_next(all waiting) for each counter at each time; returns the checks made."""
    from hcc_desktop.clock import to_local
    from hcc_desktop.services.queue_rules import choose_next

    back = clock.now()
    candidates, streak = _all_waiting(services)
    policy = services.queue.policy()
    checks = 0
    try:
        for when in times:
            clock.set(when)
            for counter in COUNTERS:
                expected = choose_next(candidates, streak, when, policy, counter)
                got = services.queue.choose(counter)
                if got != expected:
                    raise NotEquivalent(f"choose({counter!r}) at {to_local(when):%H:%M} gave {got}, the full rule over "
                                        f"{len(candidates)} waiting tickets gives {expected}")
                seen[expected.rule.value if expected else "none"] += 1
                checks += 1
    finally:
        clock.set(back)
    return checks


def _prepare(services, clock, rng: random.Random) -> tuple[object, str]:
    """Fill the day and prove choose() equivalent to the full rule; returns (clerk, verification note)."""
    from hcc_desktop.clock import local_today
    from hcc_desktop.services.auth import Role
    from hcc_desktop.services.queue import IssueRequest

    boss = services.auth.create_first_supervisor("bench", "Người Đo Hiệu Năng", "bench-password")
    services.settings.set(boss, "counters", COUNTERS)
    services.auth.create_user(boss, "congchuc", "Đặng Văn Lâm", Role.CLERK, "bench-password")
    clerk = services.auth.authenticate("congchuc", "bench-password")
    year = local_today(clock).year
    base = requests(rng, WAITING - LATE_HEADS, year)
    # Enough extra (non-head) tickets to call every head ticket and then a run of priority and
    # regular calls during the verification; then LATE_HEADS head-tier arrivals, so the timed
    # state has WAITING waiting in all three tiers.
    extra = requests(rng, sum(map(is_head, base)) + 16, year, head=False)
    issued = []
    for request in base + extra:
        issued.append(services.queue.issue(clerk, request).ticket)
        clock.advance(seconds=1)
    # Postponed and transferred tickets are taken outside the head tier, so that every head ticket
    # is called during the verification and the "waited too long" guard gets its turn at `late`.
    picks = rng.sample([t.id for t in issued[100:] if t.tier.value != "head"], 45)
    for ticket_id in picks[:20]:
        services.queue.postpone(clerk, ticket_id, 30)
    for ticket_id in picks[20:40]:
        services.queue.transfer(clerk, ticket_id, COUNTERS[1])
    for ticket_id in picks[40:]:
        services.queue.transfer(clerk, ticket_id, COUNTERS[0])

    # Calls happen at `early` (nobody has waited 30 minutes yet, postponements running);
    # each state is also checked at `late` (old regular tickets overdue, postponements over).
    early = clock.now()
    late = early + timedelta(minutes=45)
    seen: Counter = Counter()
    checks = 0
    for _ in range(len(extra)):
        checks += verify(services, clock, [early, late], seen)
        ticket = services.queue.call_next(clerk, COUNTERS[0])
        services.queue.finish(clerk, ticket.id)
    checks += verify(services, clock, [early, late], seen)
    for i in range(LATE_HEADS):
        services.queue.issue(clerk, IssueRequest(reason_code="disabled", needs=(("mobility",), ("hearing",))[i % 2],
                                                 reason_verified=True))
    checks += verify(services, clock, [early, late], seen)
    waiting, _ = _all_waiting(services)
    if len(waiting) != WAITING:
        raise RuntimeError(f"set-up left {len(waiting)} waiting tickets, not {WAITING}")
    tiers = Counter(c.tier.value for c in waiting)
    note = (f"verified choose() == choose_next(all {WAITING} waiting) in {checks} checks "
            f"(rules seen: {', '.join(f'{k} {v}' for k, v in sorted(seen.items()))}); "
            f"waiting by tier: {', '.join(f'{k} {v}' for k, v in sorted(tiers.items()))}")
    return clerk, note


def measure(calls: int, block: int = 100, tmp_root: str | None = None) -> tuple[list[Figure], dict]:
    from hcc_desktop.app import open_services
    from hcc_desktop.clock import LOCAL_TZ, FixedClock
    from sqlalchemy import bindparam, select

    from hcc_desktop.storage.models import QueueTicket

    blocks = max(1, round(calls / block))
    per_block = max(1, calls // blocks)
    rng = random.Random(SEED)
    samples: dict[str, list[float]] = {"project": [], "floor_core": [], "floor_raw": []}
    clock = FixedClock(datetime(2026, 11, 25, 7, 30, tzinfo=LOCAL_TZ))
    with tempfile.TemporaryDirectory(prefix="hcc-bench-choose-", dir=tmp_root) as tmp:
        root = Path(tmp)
        services = open_services(root / "data", clock=clock)
        raw = None
        try:
            _clerk, verified = _prepare(services, clock, rng)
            waiting, _ = _all_waiting(services)
            ids = [c.id for c in waiting]
            rng.shuffle(ids)
            table = QueueTicket.__table__
            by_id = select(table).where(table.c.id == bindparam("id"))  # built once, like the service's
            raw = sqlite3.connect(services.paths.database)
            raw_sql = "SELECT * FROM queue_ticket WHERE id=?"
            raw_ids = [i.hex for i in ids]  # SQLAlchemy's Uuid is stored as 32 hex characters on SQLite
            if raw.execute(raw_sql, (raw_ids[0],)).fetchone() is None:
                raise RuntimeError("the raw floor's SELECT found no row: UUID storage format changed?")
            db, queue, here = services.db, services.queue, COUNTERS[0]
            cursor = {"core": 0, "raw": 0}

            def project() -> None:
                queue.choose(here)

            def floor_core() -> None:
                i = cursor["core"] = (cursor["core"] + 1) % len(ids)
                with db.read_core() as conn:
                    conn.execute(by_id, {"id": ids[i]}).first()

            def floor_raw() -> None:
                i = cursor["raw"] = (cursor["raw"] + 1) % len(raw_ids)
                raw.execute(raw_sql, (raw_ids[i],)).fetchone()

            with db.read_core() as conn:
                if conn.execute(by_id, {"id": ids[0]}).first() is None:
                    raise RuntimeError("the Core floor's SELECT found no row")
            sides = [(project, samples["project"]), (floor_core, samples["floor_core"]),
                     (floor_raw, samples["floor_raw"])]
            for fn, _ in sides:
                timed(fn, WARMUP_CALLS, None)
            for b in range(blocks):
                order = sides[b % 3:] + sides[:b % 3]
                for fn, into in order:
                    timed(fn, per_block, into)
        finally:
            if raw is not None:
                raw.close()
            services.close()

    project, core, rawf = (median(samples[k]) for k in ("project", "floor_core", "floor_raw"))
    figures = [
        Figure(NAME, project, core, TARGET,
               note=(f"floor: indexed single-row SELECT by id via SQLAlchemy Core in db.read_core(); "
                     f"{len(samples['project'])} calls per side in {blocks} rotating blocks; "
                     f"p90 project {p90(samples['project']):.3f} ms, floor {p90(samples['floor_core']):.3f} ms. "
                     f"{verified}")),
        Figure(NAME_RAW, project, rawf, None,
               note=(f"floor: raw sqlite3 SELECT * … WHERE id=? (no SQLAlchemy), p90 "
                     f"{p90(samples['floor_raw']):.3f} ms; Core floor ÷ raw floor = {core / rawf:.1f}× "
                     f"(SQLAlchemy's own cost per statement + transaction); no target")),
    ]
    return figures, samples
