"""Figure (c): issuing one queue ticket, durably, on a day that already has a queue.

project: ``services.queue.issue(clerk, IssueRequest(...))`` — what the issue dialog
         sends (mixed reasons, names, birth years, a fresh request_id) — on a data
         folder opened with ``open_services`` (real clock, WAL, synchronous=FULL,
         BEGIN IMMEDIATE). The day already has 40 tickets served, one being served
         and 50 waiting of mixed tiers; after each timed block the tickets it issued
         are cancelled (untimed), so every block issues into the same day (50–80
         waiting). An information line repeats this after 300 more people were
         served, since issuing reads every finished ticket of the day.
floor:   a raw ``sqlite3`` connection, WAL + synchronous=FULL, one single-row
         INSERT + commit, on a file in the same temporary folder (same fsync cost).

Calls are timed one by one; floor and project alternate in blocks of 30.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

from bench import Figure, durable_floor, filesystem, median, p90, timed
from bench._tickets import COUNTERS, requests

TARGET = 5.0
WARMUP_CALLS = 20
NAME = "issue ticket (durable, 50 waiting)"
NAME_LATE = "  ↳ same, {served} served (info)"
SERVED, WAITING = 40, 50
LATE_SERVED = 300
SEED = 20261125
MIDNIGHT = "local midnight passed during the run (the program's clock starts a new day): run again"


def _prepare(services, rng: random.Random):
    """A clerk, two counters, and a morning: SERVED done, one serving at Quầy 2, WAITING waiting."""
    from hcc_desktop.clock import local_today
    from hcc_desktop.services.auth import Role

    boss = services.auth.create_first_supervisor("bench", "Người Đo Hiệu Năng", "bench-password")
    services.settings.set(boss, "counters", COUNTERS)
    services.auth.create_user(boss, "congchuc", "Đặng Văn Lâm", Role.CLERK, "bench-password")
    clerk = services.auth.authenticate("congchuc", "bench-password")
    year = local_today(services.clock).year
    for request in requests(rng, SERVED + 1 + WAITING, year):
        services.queue.issue(clerk, request)
    for _ in range(SERVED):
        serve_one(services, clerk)
    ticket = services.queue.call_next(clerk, COUNTERS[1])
    services.queue.start(clerk, ticket.id)
    return clerk, year


def serve_one(services, clerk) -> None:
    ticket = services.queue.call_next(clerk, COUNTERS[0])
    services.queue.start(clerk, ticket.id)
    services.queue.finish(clerk, ticket.id)


def _blocks(floor_call, project_call, after_block, calls: int, block: int) -> tuple[list, list, int, int]:
    """Alternating timed blocks of floor and project calls (after WARMUP_CALLS of each)."""
    blocks = max(1, round(calls / block))
    per_block = max(1, calls // blocks)
    floor_s: list[float] = []
    project_s: list[float] = []
    timed(floor_call, WARMUP_CALLS, None)
    timed(project_call, WARMUP_CALLS, None)
    after_block()
    for b in range(blocks):
        pair = [(floor_call, floor_s), (project_call, project_s)]
        if b % 2:
            pair.reverse()
        for fn, into in pair:
            timed(fn, per_block, into)
        after_block()
    return floor_s, project_s, blocks, per_block


def measure(calls: int, block: int = 30, tmp_root: str | None = None) -> tuple[list[Figure], dict]:
    from hcc_desktop.app import open_services
    from hcc_desktop.clock import local_today

    rng = random.Random(SEED)
    with tempfile.TemporaryDirectory(prefix="hcc-bench-issue-", dir=tmp_root) as tmp:
        root = Path(tmp)
        con, floor_write = durable_floor(root / "floor.sqlite3")
        services = open_services(root / "data")  # SystemClock: the program's own clock
        try:
            first_day = local_today(services.clock)
            clerk, year = _prepare(services, rng)
            waiting = len(services.queue.snapshot(clerk).waiting)
            pending = iter(requests(rng, 2 * WARMUP_CALLS + calls + calls // 2 + 2 * block + LATE_SERVED, year))
            just_issued: list = []
            counter = iter(range(10**9))

            def floor_call() -> None:
                floor_write(f"Nguyễn Văn An {next(counter)}")

            def project_call() -> None:
                just_issued.append(services.queue.issue(clerk, next(pending)).ticket.id)

            def restore() -> None:
                # Untimed: the tickets just issued are cancelled, so every block starts from the same day
                # (SERVED done, one serving, WAITING waiting); cancelled tickets count in no query of issue.
                for ticket_id in just_issued:
                    services.queue.cancel(clerk, ticket_id, "bench")
                just_issued.clear()

            floor_s, project_s, blocks, per_block = _blocks(floor_call, project_call, restore, calls, block)
            # Later the same day: LATE_SERVED more people served, the same queue waiting.
            for request in [next(pending) for _ in range(LATE_SERVED)]:
                services.queue.issue(clerk, request)
                serve_one(services, clerk)
            late_floor, late_project, late_blocks, _ = _blocks(floor_call, project_call, restore,
                                                               max(block, calls // 2), block)
            if local_today(services.clock) != first_day:
                raise RuntimeError(MIDNIGHT)
            day = services.queue.day_tickets(clerk, services.queue.snapshot(clerk).day)
            served = sum(1 for t in day if t.status.value == "done")
            fs_hint = f"{root.parent} ({filesystem(root)})"
        except Exception as exc:
            if local_today(services.clock) != first_day and str(exc) != MIDNIGHT:
                raise RuntimeError(MIDNIGHT) from exc
            raise
        finally:
            services.close()
            con.close()

    figures = [
        Figure(NAME, median(project_s), median(floor_s), TARGET,
               note=(f"{len(project_s)} calls each, median per call, in {blocks} alternating blocks of {per_block}; "
                     f"project p90 {p90(project_s):.3f} ms, floor p90 {p90(floor_s):.3f} ms; each block issues "
                     f"into {waiting} waiting (up to {waiting + per_block}) and {SERVED} served; "
                     f"temp folder {fs_hint}")),
        Figure(NAME_LATE.format(served=served), median(late_project), median(late_floor), None,
               note=(f"the same after {LATE_SERVED} more people were served ({served} done in the day): "
                     f"{len(late_project)} calls each in {late_blocks} blocks; project p90 "
                     f"{p90(late_project):.3f} ms — issue reads every finished ticket of the day "
                     f"for its wait estimate, so it slows down as the day goes on")),
    ]
    return figures, {"floor_ms": floor_s, "project_ms": project_s, "late_floor_ms": late_floor,
                     "late_project_ms": late_project}
