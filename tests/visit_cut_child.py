"""Child process of tests/test_power_cut_visits.py: serving people one after another, until it is killed.

Usage: python tests/visit_cut_child.py DATA_DIR SEED

The data folder holds the clerk ``congchuc`` and the catalog. Per person: a visit is started,
its draft saved as the clerk types, and the visit completed — with a received dossier for most,
"guided only" for the rest. One line per event on stdout, flushed at once:

    hello / ready                   as in power_cut_child.py
    try start | ack start VID       a visit (draft) exists
    try draft VID N | ack draft VID N          the draft's N-th save is on disk
    try complete VID | ack complete VID DID CODE   closed, with its dossier (DID/CODE "-" when none)
    nak KIND                        refused (a typed error): nothing changed

A ``try`` without its ``ack`` is the action in flight at the kill.
"""

from __future__ import annotations

import random
import sys
import time

from hcc_desktop.app import open_services
from hcc_desktop.errors import HccError
from hcc_desktop.services.citizens import CitizenInput
from hcc_desktop.services.dossiers import DossierInput
from hcc_desktop.services.visits import VisitInput

USERNAME, PASSWORD = "congchuc", "mat-khau-123"
MAX_SECONDS = 120
NAMES = ("Nguyễn Thị Hường", "Trần Văn Đông", "Lê Thị Thu Hà", "Phạm Đức Lộc", "Hoàng Thị Ánh", "Bùi Thị Phượng")


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def main() -> int:
    data_dir, seed = sys.argv[1], int(sys.argv[2])
    rng = random.Random(seed)
    say("hello")
    if sys.stdin.readline().strip() != "go":
        return 0
    deadline = time.monotonic() + MAX_SECONDS
    services = open_services(data_dir)
    clerk = services.auth.authenticate(USERNAME, PASSWORD)
    procedures = [p for p in services.catalog.procedures() if p.same_day or p.processing_days is not None]
    say("ready")
    while time.monotonic() < deadline:
        try:
            say("try start")
            visit = services.visits.start(clerk)
            say(f"ack start {visit.id}")
            person = services.citizens.create(clerk, CitizenInput(rng.choice(NAMES), birth_year=rng.randint(1940, 2000),
                                                                  consent=True))
            procedure = rng.choice(procedures)
            for n in range(1, rng.randint(2, 4)):
                say(f"try draft {visit.id} {n}")
                services.visits.save_draft(clerk, visit.id, {"papers": {"need": f"lần {n}"}})
                say(f"ack draft {visit.id} {n}")
            received = rng.random() < 0.8
            data = VisitInput(citizen_id=person.id, procedure_id=procedure.id,
                              outcome="received" if received else "guided_only", support=("guided",))
            say(f"try complete {visit.id}")
            done, dossier_id = services.visits.complete(clerk, visit.id, data,
                                                        DossierInput(person.id, procedure.id) if received else None)
            code = services.dossiers.get(clerk, dossier_id).code if dossier_id else "-"
            say(f"ack complete {visit.id} {dossier_id or '-'} {code}")
        except HccError as exc:
            say(f"nak {type(exc).__name__}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
