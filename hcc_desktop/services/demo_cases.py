"""Demo visits for the tickets served: citizens, the help given, dossiers in every state, surveys."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hcc_desktop.clock import FixedClock
from hcc_desktop.errors import ValidationError
from hcc_desktop.services.citizens import CitizenInput
from hcc_desktop.services.dossiers import DossierInput
from hcc_desktop.services.visits import VisitInput

OUTCOMES = (("received", 55), ("guided_only", 25), ("bring_papers", 12), ("referred", 8))
SUPPORT = ("guided", "wrote_form", "online_entry", "account", "payment", "lookup")


def fill_day(services, clock: FixedClock, day: date, clerk, rng: random.Random, villages: list[str],
             name_of) -> tuple[int, int]:
    """One visit per ticket served on ``day``; returns (visits, dossiers)."""
    procedures = [p for p in services.catalog.procedures() if p.same_day or p.processing_days is not None]
    visits = dossiers = 0
    for ticket in services.queue.day_tickets(clerk, day):
        if ticket.status.value != "done" or ticket.started_at is None:
            continue
        clock.set(ticket.started_at)
        person = _person(services, clerk, ticket, rng, villages, name_of, day)
        visit = services.visits.start(clerk, ticket_id=ticket.id, citizen_id=person.id)
        outcome = rng.choices([o for o, _ in OUTCOMES], weights=[w for _, w in OUTCOMES])[0]
        procedure = rng.choice(procedures)
        support = tuple(rng.sample(SUPPORT, rng.randint(1, 2)))
        data = VisitInput(citizen_id=person.id, procedure_id=procedure.id, need=procedure.name, support=support,
                          documents_ok=tuple(str(d.id) for d in procedure.documents), outcome=outcome)
        dossier = DossierInput(person.id, procedure.id) if outcome == "received" else None
        clock.set(ticket.finished_at)
        done, dossier_id = services.visits.complete(clerk, visit.id, data, dossier)
        visits += 1
        if dossier_id is not None:
            dossiers += 1
            _progress(services, clock, clerk, dossier_id, rng)
        if rng.random() < 0.7:
            services.visits.record_survey(clerk, done.id, rng.choices([5, 4, 3, 2, 1], [45, 35, 12, 5, 3])[0],
                                          rng.choices([0, 1, 2], [70, 22, 8])[0])
    return visits, dossiers


def _person(services, clerk, ticket, rng, villages, name_of, day):
    name = ticket.citizen_name or name_of(rng, rng.choice(["male", "female"]))
    year = ticket.birth_year or (day.year - rng.randint(18, 85))
    data = CitizenInput(full_name=name, birth_year=year, village=rng.choice(villages) if villages else "",
                        phone=f"09{rng.randint(10_000_000, 99_999_999)}", consent=True,
                        vulnerabilities=("elderly",) if day.year - year >= 60 else ())
    try:
        return services.citizens.find_or_create(clerk, data)[0]
    except ValidationError:
        return services.citizens.create(clerk, CitizenInput(full_name=name, consent=True))


def _progress(services, clock: FixedClock, clerk, dossier_id, rng: random.Random) -> None:
    """Older dossiers move on: most are resolved and returned, some wait for papers, some stay late."""
    roll = rng.random()
    later = clock.now() + timedelta(hours=2)
    if roll < 0.15:
        clock.set(later)
        services.dossiers.change_status(clerk, dossier_id, "needs_supplement",
                                        "Thiếu bản sao giấy tờ tùy thân của người làm chứng")
    elif roll < 0.8:
        clock.set(later)
        services.dossiers.change_status(clerk, dossier_id, "resolved")
        if rng.random() < 0.7:
            services.dossiers.change_status(clerk, dossier_id, "returned")
