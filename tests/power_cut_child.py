"""Child process of tests/test_power_cut.py: a busy morning at two counters, until it is killed.

Usage: python tests/power_cut_child.py DATA_DIR SEED

The data folder must already hold the clerk account ``congchuc`` (the parent test
creates it) and the counters "Quầy 1" and "Quầy 2". The protocol, one line per
event on stdout, each flushed at once:

    hello                          imports done; the child now waits for "go" on stdin
    ready N                        data folder open (real clock), N people waiting
    try issue RID                  about to call queue.issue with request_id RID
    try call COUNTER               about to call queue.call_next(COUNTER) (spaces written as _)
    try start|finish ID            about to call queue.start / queue.finish on ticket ID
    ack issue ID CODE DAY TIER RID the service call returned: the ticket exists
    ack call ID CODE COUNTER TIER  ID is called at COUNTER
    ack start ID | ack finish ID   ID is being served | is done
    nak KIND                       the service refused (a typed error): nothing changed

A ``try`` without its ``ack``/``nak`` is the one action in flight when the child died.
Only ``SystemClock`` is used, as in the program. The child stops by itself after
MAX_SECONDS, so a lost parent never leaves it running.
"""

from __future__ import annotations

import random
import sys
import time
import uuid

from hcc_desktop.app import open_services
from hcc_desktop.errors import NotFound, ValidationError
from hcc_desktop.services.queue import IssueRequest, Status

COUNTERS = ("Quầy 1", "Quầy 2")
USERNAME, PASSWORD = "congchuc", "mat-khau-123"
MAX_SECONDS = 120
# (reason code, weight): the demo's mix of a rural commune, where the elderly are the largest group
MIX = (("none", 42), ("elderly", 30), ("returning", 8), ("disabled", 5), ("merit", 5), ("small_child", 5),
       ("pregnant", 3), ("other", 2))
NAMES = ("Nguyễn Thị Hường", "Trần Văn Đông", "Lê Thị Thu Hà", "Phạm Đức Lộc", "Hoàng Thị Ánh",
         "Đặng Văn Lâm", "Bùi Thị Phượng", "Võ Minh Khải", "")


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def request(rng: random.Random) -> IssueRequest:
    code = rng.choices([c for c, _ in MIX], [w for _, w in MIX])[0]
    return IssueRequest(
        reason_code=code, citizen_name=rng.choice(NAMES),
        birth_year=rng.choice([None, None, rng.randint(1930, 2005)]),
        needs=("mobility",) if code == "disabled" else (),
        reason_note="Đang ốm, cần về sớm" if code == "other" else "",
        request_id=uuid.UUID(int=rng.getrandbits(128), version=4))


def main() -> int:
    data_dir, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    say("hello")
    if sys.stdin.readline().strip() != "go":
        return 0
    deadline = time.monotonic() + MAX_SECONDS
    services = open_services(data_dir)  # the real clock
    queue = services.queue
    clerk = services.auth.authenticate(USERNAME, PASSWORD)
    desks: dict[str, list | None] = {}

    def resync() -> int:
        """What the counters are doing and how many wait, from the data folder (after a restart or a refusal)."""
        snapshot = queue.snapshot(clerk)
        desks.update({counter: None for counter in COUNTERS})
        for ticket in snapshot.active:
            desks[ticket.counter] = [ticket.id, ticket.status]
        return len(snapshot.waiting)

    waiting = resync()
    say(f"ready {waiting}")
    last: IssueRequest | None = None
    issued: set[uuid.UUID] = set()
    while time.monotonic() < deadline:
        kind = "issue"
        try:
            if waiting == 0 or rng.random() < (0.55 if waiting < 12 else 0.2):
                if last is not None and rng.random() < 0.05:
                    req = last  # the same request again (a double click): must give the same ticket
                else:
                    req = last = request(rng)
                say(f"try issue {req.request_id}")
                ticket = queue.issue(clerk, req).ticket
                say(f"ack issue {ticket.id} {ticket.code} {ticket.service_day.isoformat()} {ticket.tier.value} "
                    f"{req.request_id}")
                if ticket.id not in issued:  # a repeated request returns the ticket issued before
                    issued.add(ticket.id)
                    waiting += 1
                continue
            counter = rng.choice(COUNTERS)
            desk = desks[counter]
            if desk is None:
                kind = "call"
                say(f"try call {counter.replace(' ', '_')}")
                ticket = queue.call_next(clerk, counter)
                say(f"ack call {ticket.id} {ticket.code} {counter.replace(' ', '_')} {ticket.tier.value}")
                desks[counter] = [ticket.id, Status.CALLED]
                waiting -= 1
            elif desk[1] is Status.CALLED:
                kind = "start"
                say(f"try start {desk[0]}")
                queue.start(clerk, desk[0])
                say(f"ack start {desk[0]}")
                desk[1] = Status.SERVING
            else:
                kind = "finish"
                say(f"try finish {desk[0]}")
                queue.finish(clerk, desk[0])
                say(f"ack finish {desk[0]}")
                desks[counter] = None
        except (ValidationError, NotFound):
            say(f"nak {kind}")
            waiting = resync()
    services.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
