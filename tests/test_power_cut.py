"""Killing the program (SIGKILL) during a busy simulated morning and starting it again shows the same queue.

A child process (``tests/power_cut_child.py``) opens the data folder with the real
clock and works a busy morning at two counters: issuing tickets of mixed priority
reasons, calling the next one, starting and finishing service. After each service
call returns it prints what was acknowledged. This test kills it with SIGKILL at
random moments (seeded), and after every kill opens the data folder itself and
checks that:

* every acknowledged ticket exists, with its number, and every acknowledged change
  (called, being served, done) is there;
* the one action in flight at the kill (printed as ``try`` with no ``ack``) either
  happened completely or not at all — nothing else differs from the acknowledged
  morning, in the tickets, the day's priority streak and call count;
* no ticket number or issue order is used twice in a day;
* the database passes its integrity check;
* the queue the counter shows after the restart (``snapshot``: waiting in order,
  and who is called or being served where) is exactly the queue the acknowledged
  actions imply.

Then it starts the child again on the same folder; the next child continues the
morning. (To overlap start-up, the next child is started right after the kill, but
only opens the folder when told "go", after the check.)

SIGKILL ends the process but not the operating system: it proves every
acknowledged action was committed and that a half-done transaction never shows,
not that the disk cache reached the platter (that is ``synchronous=FULL``'s job).

``HCC_POWER_CUT_KILLS`` (default 30) and ``HCC_POWER_CUT_SEED`` change the run.
"""

from __future__ import annotations

import os
import queue as line_queue
import random
import re
import signal
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from hcc_desktop.app import open_services
from hcc_desktop.services.auth import Role
from hcc_desktop.services.queue import T
from hcc_desktop.services.queue_rules import Tier, next_streak
from hcc_desktop.storage.models import QueueDay

CHILD = Path(__file__).with_name("power_cut_child.py")
REPO = CHILD.resolve().parent.parent
COUNTERS = ("Quầy 1", "Quầy 2")
PASSWORD = "mat-khau-123"  # the child logs in as congchuc with this password
KILLS = int(os.environ.get("HCC_POWER_CUT_KILLS", "30"))
SEED = int(os.environ.get("HCC_POWER_CUT_SEED", "20261125"))
STEP_TIMEOUT_S = 120  # a child importing or opening the folder on a slow, busy machine
OPEN = {"waiting", "called", "serving"}
PROGRESS = {"waiting": 0, "called": 1, "serving": 2, "done": 3}


# -- the child process --------------------------------------------------------------------------
class Child:
    """One run of power_cut_child.py; its stdout lines are collected by a thread."""

    def __init__(self, data_dir: Path, seed: int, logs: Path, script: Path = CHILD) -> None:
        env = dict(os.environ, PYTHONIOENCODING="utf-8", QT_QPA_PLATFORM="offscreen")
        env.pop("HCC_DATA_DIR", None)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
        self.stderr_path = logs / f"child-{seed}.stderr"
        self._stderr = open(self.stderr_path, "wb")  # noqa: SIM115 — closed in finish()
        self.proc = subprocess.Popen([sys.executable, str(script), str(data_dir), str(seed)], cwd=REPO, env=env,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._stderr,
                                     text=True, encoding="utf-8")
        self.lines: list[str] = []
        self._new: line_queue.Queue[str | None] = line_queue.Queue()
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.proc.stdout:
            if line.endswith("\n"):  # a line cut by the kill was never acknowledged
                self.lines.append(line.rstrip("\n"))
                self._new.put(line)
        self._new.put(None)

    def wait_for(self, word: str) -> None:
        deadline = time.monotonic() + STEP_TIMEOUT_S
        while True:
            try:
                line = self._new.get(timeout=max(0.1, deadline - time.monotonic()))
            except line_queue.Empty:
                raise AssertionError(f"the child did not say {word!r} within {STEP_TIMEOUT_S} s{self._tail()}")
            if line is None:
                self.proc.wait(timeout=STEP_TIMEOUT_S)
                raise AssertionError(f"the child ended (exit {self.proc.returncode}) before {word!r}{self._tail()}")
            if line.split(" ", 1)[0].strip() == word:
                return

    def go(self) -> None:
        self.proc.stdin.write("go\n")
        self.proc.stdin.flush()

    def kill(self) -> list[str]:
        """SIGKILL the child (it must still be running); return every complete line it printed."""
        alive = self.proc.poll() is None
        self.proc.kill()  # SIGKILL on POSIX
        self.proc.wait(timeout=STEP_TIMEOUT_S)
        self._reader.join(timeout=STEP_TIMEOUT_S)
        self.finish()
        assert alive, f"the child had already ended (exit {self.proc.returncode}){self._tail()}"
        if os.name == "posix":
            assert self.proc.returncode == -signal.SIGKILL
        return list(self.lines)

    def finish(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait(timeout=STEP_TIMEOUT_S)
        for stream in (self.proc.stdin, self._stderr):
            try:
                stream.close()
            except OSError:  # the child is gone: its stdin pipe is broken
                pass

    def _tail(self) -> str:
        try:
            err = self.stderr_path.read_text(encoding="utf-8", errors="replace")[-3000:]
        except OSError:
            err = ""
        return "\n--- last lines ---\n" + "\n".join(self.lines[-10:]) + f"\n--- stderr ---\n{err}"


# -- the morning the acknowledgements describe ----------------------------------------------------
@dataclass
class Ticket:
    id: str
    code: str
    day: str
    tier: str
    status: str = "waiting"
    counter: str = ""

    @property
    def number(self) -> int:
        return int(re.search(r"\d+$", self.code).group())


class Morning:
    """What the acknowledged actions imply: tickets, their states, each day's streak and call count."""

    def __init__(self) -> None:
        self.tickets: dict[str, Ticket] = {}
        self.by_request: dict[str, str] = {}
        self.streak: Counter[str] = Counter()
        self.calls: Counter[str] = Counter()
        self.acks = 0

    def apply(self, lines: list[str]) -> list[str] | None:
        """Apply every acknowledged action in order; return the action in flight at the kill, if any."""
        pending: list[str] | None = None
        for line in lines:
            word, *args = line.split()
            if word == "try":
                assert pending is None, f"two actions at once: {pending} then {args}"
                pending = args
            elif word == "nak":
                assert pending and pending[0] == args[0], f"refusal of {args} without its try"
                pending = None
            elif word == "ack":
                assert pending and pending[0] == args[0], f"acknowledgement {args} without its try ({pending})"
                self._ack(args)
                self.acks += 1
                pending = None
        return pending

    def _ack(self, args: list[str]) -> None:
        kind = args[0]
        if kind == "issue":
            ticket_id, code, day, tier, request_id = args[1:]
            if request_id in self.by_request:  # the same request again gives the same ticket
                assert self.by_request[request_id] == ticket_id, f"request {request_id} gave two tickets"
                return
            assert ticket_id not in self.tickets, f"ticket {ticket_id} issued twice"
            self.add(Ticket(ticket_id, code, day, tier), request_id)
            return
        ticket = self.tickets.get(args[1])
        assert ticket is not None, f"acknowledged {kind} of a ticket never issued: {args}"
        if kind == "call":
            assert ticket.status == "waiting", f"called {ticket.code}, which was {ticket.status}"
            self.call(ticket, args[3].replace("_", " "))
        elif kind == "start":
            assert ticket.status == "called", f"started {ticket.code}, which was {ticket.status}"
            ticket.status = "serving"
        elif kind == "finish":
            assert ticket.status in ("called", "serving"), f"finished {ticket.code}, which was {ticket.status}"
            ticket.status = "done"
        else:
            raise AssertionError(f"unknown acknowledgement {args}")

    def add(self, ticket: Ticket, request_id: str) -> None:
        self.tickets[ticket.id] = ticket
        self.by_request[request_id] = ticket.id

    def call(self, ticket: Ticket, counter: str) -> None:
        for other in self.tickets.values():  # call_next first finishes the one being served there
            if other.day == ticket.day and other.counter == counter and other.status == "serving":
                other.status = "done"
        ticket.status, ticket.counter = "called", counter
        self.streak[ticket.day] = next_streak(self.streak[ticket.day], Tier(ticket.tier))
        self.calls[ticket.day] += 1


# -- the check after each kill ------------------------------------------------------------------
def _rows(services) -> dict[str, object]:
    with services.db.read_core() as conn:
        return {str(r.id): r for r in conn.execute(select(T)).all()}


def _code(row) -> str:
    return f"{row.prefix}{row.number:03d}"


def resolve_in_flight(morning: Morning, pending: list[str] | None, rows: dict) -> str:
    """The action in flight may or may not have committed: find out which, and take it into the morning."""
    if pending is None:
        return "none"
    kind, arg = pending
    if kind == "issue":
        found = [r for r in rows.values() if r.request_id is not None and str(r.request_id) == arg]
        if arg in morning.by_request or not found:
            return "issue: not committed"
        (row,) = found
        assert row.status == "waiting", f"a ticket issued in flight is {row.status}"
        morning.add(Ticket(str(row.id), _code(row), row.service_day.isoformat(), row.tier), arg)
        return "issue: committed"
    if kind == "call":
        counter = arg.replace("_", " ")
        moved = [t for t in morning.tickets.values() if t.status == "waiting" and t.id in rows
                 and rows[t.id].status == "called" and rows[t.id].counter == counter]
        assert len(moved) <= 1, f"one call in flight, but {[t.code for t in moved]} were called at {counter}"
        if moved:
            morning.call(moved[0], counter)
            return "call: committed"
        return "call: not committed"
    ticket = morning.tickets[arg]
    target = {"start": "serving", "finish": "done"}[kind]
    assert arg in rows, f"acknowledged ticket {ticket.code} is missing"
    now = rows[arg].status
    assert now in (ticket.status, target), f"{kind} in flight left {ticket.code} {now} (was {ticket.status})"
    committed = now != ticket.status
    ticket.status = now
    return f"{kind}: {'committed' if committed else 'not committed'}"


def check(data_dir: Path, actor, morning: Morning, pending: list[str] | None) -> str:
    """Open the data folder as the program does after the kill; compare everything with the morning."""
    with open_services(data_dir) as services:
        rows = _rows(services)
        outcome = resolve_in_flight(morning, pending, rows)
        today = services.queue.snapshot(actor).day.isoformat()

        unknown = sorted(_code(rows[i]) for i in set(rows) - set(morning.tickets))
        assert not unknown, f"tickets nobody was told about: {unknown} (in flight: {pending})"
        for ticket in morning.tickets.values():
            row = rows.get(ticket.id)
            assert row is not None, f"acknowledged ticket {ticket.code} ({ticket.id}) is missing"
            assert (_code(row), row.service_day.isoformat(), row.tier) == (ticket.code, ticket.day, ticket.tier)
            if row.status == "expired" and ticket.status in OPEN and ticket.day < today:
                ticket.status = "expired"  # the daily reset after midnight archives open tickets
            assert row.status == ticket.status, (
                f"{ticket.code} is {row.status} on disk, but {ticket.status} was acknowledged")
            if ticket.status in ("called", "serving"):
                assert row.counter == ticket.counter, f"{ticket.code} is at {row.counter}, not {ticket.counter}"

        codes = Counter((r.service_day, _code(r)) for r in rows.values())
        seqs = Counter((r.service_day, r.seq) for r in rows.values())
        assert max(codes.values(), default=1) == 1, f"numbers issued twice: {[k for k, n in codes.items() if n > 1]}"
        assert max(seqs.values(), default=1) == 1, f"issue order used twice: {[k for k, n in seqs.items() if n > 1]}"

        with services.db.read_core() as conn:
            days = {d.service_day.isoformat(): d for d in conn.execute(select(QueueDay.__table__)).all()}
        for day, calls in morning.calls.items():
            assert day in days, f"no queue_day row for {day}"
            assert (days[day].priority_streak, days[day].calls) == (morning.streak[day], calls), (
                f"{day}: streak/calls on disk {days[day].priority_streak}/{days[day].calls}, "
                f"acknowledged {morning.streak[day]}/{calls}")

        assert services.db.integrity_problems() == []
        report = services.health.check()
        assert report.ok, report.problems

        snapshot = services.queue.snapshot(actor)
        day = snapshot.day.isoformat()
        mine = [t for t in morning.tickets.values() if t.day == day]
        expected_waiting = [t.code for t in sorted((t for t in mine if t.status == "waiting"),
                                                   key=lambda t: (Tier(t.tier).rank, t.number))]
        expected_active = sorted((t.code, t.status, t.counter) for t in mine if t.status in ("called", "serving"))
        assert [t.code for t in snapshot.waiting] == expected_waiting
        assert sorted((t.code, t.status.value, t.counter) for t in snapshot.active) == expected_active
        assert snapshot.postponed == []
        assert snapshot.waiting_by_tier == {tier: sum(1 for t in mine if t.status == "waiting" and t.tier == tier)
                                            for tier in Tier}
    return outcome


def test_killing_the_program_in_a_busy_morning_keeps_the_same_queue(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("HCC_DATA_DIR", raising=False)
    data_dir, logs = tmp_path / "data", tmp_path / "logs"
    logs.mkdir()
    with open_services(data_dir) as services:
        boss = services.auth.create_first_supervisor("phutrach", "Nguyễn Thị Hường", PASSWORD)
        services.settings.set(boss, "counters", list(COUNTERS))
        services.auth.create_user(boss, "congchuc", "Đặng Văn Lâm", Role.CLERK, PASSWORD)

    rng = random.Random(SEED)
    morning = Morning()
    outcomes: Counter[str] = Counter()
    started = time.monotonic()
    child: Child | None = Child(data_dir, rng.randrange(2**31), logs)
    kills = 0
    try:
        for n in range(KILLS):
            child.wait_for("hello")
            child.go()
            if n % 6 == 5:  # now and then while the program is still opening the folder
                time.sleep(rng.uniform(0.0, 0.3))
            else:  # otherwise in the middle of the morning's work
                child.wait_for("ready")
                time.sleep(rng.uniform(0.02, 0.4))
            lines = child.kill()
            kills += 1
            # The next child imports while this one's folder is checked; it opens it only on "go".
            child = Child(data_dir, rng.randrange(2**31), logs) if n + 1 < KILLS else None
            pending = morning.apply(lines)
            outcomes[check(data_dir, boss, morning, pending)] += 1
    finally:
        if child is not None:
            child.finish()

    statuses = Counter(t.status for t in morning.tickets.values())
    with capsys.disabled():
        print(f"\npower cut: {kills} kill points (seed {SEED}) in {time.monotonic() - started:.0f} s; "
              f"{morning.acks} acknowledged actions, {len(morning.tickets)} tickets "
              f"({', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}); "
              f"in flight at the kill: {', '.join(f'{k} {v}' for k, v in sorted(outcomes.items()))}")
    assert kills >= 25
    assert morning.acks >= 100, "the children did too little work for the kills to mean much"
    assert sum(v for k, v in outcomes.items() if k != "none") >= 10, "too few kills hit an action in flight"
