"""Figure (g): completing a visit that received a dossier, durably, in one transaction.

project: ``services.visits.complete(clerk, visit, VisitInput(... outcome="received"),
         DossierInput(person, procedure))`` — the visit closed, the dossier inserted with its
         code and its due date from the working calendar, its first history event — on a data
         folder opened with ``open_services``. The visits are started beforehand (starting is
         its own action at the counter) and the calendar's holiday table is loaded once
         before timing.
floor:   a raw ``sqlite3`` WAL + synchronous=FULL single-row INSERT + commit, same filesystem,
         in alternating blocks.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench import Figure, alternate, durable_floor, filesystem, median, p90

TARGET = 6.0
WARMUP_CALLS = 10
NAME = "visit with its dossier (durable)"


def measure(calls: int, block: int = 30, tmp_root: str | None = None) -> tuple[list[Figure], dict]:
    from hcc_desktop.app import open_services
    from hcc_desktop.services.citizens import CitizenInput
    from hcc_desktop.services.dossiers import DossierInput
    from hcc_desktop.services.visits import VisitInput

    with tempfile.TemporaryDirectory(prefix="hcc-bench-visit-", dir=tmp_root) as tmp:
        root = Path(tmp)
        con, floor_write = durable_floor(root / "floor.sqlite3")
        services = open_services(root / "data")
        try:
            clerk = services.auth.create_first_supervisor("bench", "Người Đo Hiệu Năng", "bench-password")
            procedure = next(p for p in services.catalog.procedures() if p.same_day)
            person = services.citizens.create(clerk, CitizenInput(full_name="Hoàng Thị Lan", consent=True))
            services.calendar.due_at(services.clock.now(), 0)  # load the holiday table once
            visits = iter([services.visits.start(clerk) for _ in range(calls + WARMUP_CALLS + calls // block + 2)])
            data = VisitInput(citizen_id=person.id, procedure_id=procedure.id, outcome="received",
                              support=("guided", "wrote_form"))
            dossier = DossierInput(person.id, procedure.id)
            counter = iter(range(10**9))

            def floor_call() -> None:
                floor_write(f"hồ sơ {next(counter)}")

            def project_call() -> None:
                services.visits.complete(clerk, next(visits).id, data, dossier)

            floor_s, project_s, blocks = alternate(floor_call, project_call, calls, block, WARMUP_CALLS)
            fs_hint = f"{root.parent} ({filesystem(root)})"
        finally:
            services.close()
            con.close()
    figure = Figure(
        NAME, median(project_s), median(floor_s), TARGET,
        note=(f"{len(project_s)} calls each, median per call, in {blocks} alternating blocks; "
              f"project p90 {p90(project_s):.3f} ms, floor p90 {p90(floor_s):.3f} ms; temp folder {fs_hint}"))
    return [figure], {"floor_ms": floor_s, "project_ms": project_s}
