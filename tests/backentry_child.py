"""Child process of tests/test_back_entry.py: a morning at the counter until the power goes (it is killed).

Usage: python tests/backentry_child.py DATA_DIR SEED

One line per event on stdout, each flushed:

    ready                 the data folder is open (real clock) and the counter marked as open
    issued ID CODE TIER   queue.issue returned
    called ID CODE        queue.call_next returned (then the ticket is started)
    draft VISIT_ID        a visit was started for the ticket being served and its draft saved
"""

from __future__ import annotations

import random
import sys
import time
import uuid

from hcc_desktop.app import open_services
from hcc_desktop.errors import ValidationError
from hcc_desktop.services.queue import IssueRequest

USERNAME, PASSWORD = "congchuc", "mat-khau-123"
MIX = ("none", "none", "none", "elderly", "elderly", "disabled", "returning")


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> int:
    data_dir, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    services = open_services(data_dir)
    clerk = services.auth.authenticate(USERNAME, PASSWORD)
    services.continuity.recovery.begin(clerk)
    say("ready")
    deadline = time.monotonic() + 60
    drafted = False
    while time.monotonic() < deadline:
        if rng.random() < 0.75:
            ticket = services.queue.issue(clerk, IssueRequest(reason_code=rng.choice(MIX),
                                                              request_id=uuid.UUID(int=rng.getrandbits(128)))).ticket
            say(f"issued {ticket.id} {ticket.code} {ticket.tier.value}")
        else:
            try:
                ticket = services.queue.call_next(clerk, "Quầy 1")
            except ValidationError:
                continue
            services.queue.start(clerk, ticket.id)
            say(f"called {ticket.id} {ticket.code}")
            if not drafted:
                visit = services.visits.start(clerk, ticket_id=ticket.id)
                services.visits.save_draft(clerk, visit.id, {"papers": {"need": "Đăng ký khai sinh cho cháu"}})
                say(f"draft {visit.id}")
                drafted = True
        time.sleep(0.01)
    return 0


if __name__ == "__main__":
    sys.exit(main())
