"""Figure (b): one durable single-record save through the service layer.

project: ``services.settings.set(actor, "center_name", ...)`` on a data folder
opened with ``open_services`` (WAL, synchronous=FULL, BEGIN IMMEDIATE; the
settings service writes with Core statements on a bare connection).
floor:   a raw ``sqlite3`` connection, WAL + synchronous=FULL, one single-row
         INSERT + commit per iteration, on a file in the same temporary folder
         (same filesystem, so the same fsync cost).

Calls are timed one by one and the median per call is reported. Floor and
project run in alternating blocks of 30 calls, so drift of the machine hits
both alike.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from bench import Figure, alternate, durable_floor, filesystem, median, p90

TARGET = 4.0
WARMUP_CALLS = 20
NAME = "durable save: settings.set (1 record)"


def measure(calls: int, block: int = 30, tmp_root: str | None = None) -> tuple[list[Figure], dict]:
    from hcc_desktop.app import open_services

    with tempfile.TemporaryDirectory(prefix="hcc-bench-save-", dir=tmp_root) as tmp:
        root = Path(tmp)
        con, floor_write = durable_floor(root / "floor.sqlite3")
        services = open_services(root / "data")
        try:
            actor = services.auth.create_first_supervisor("bench", "Người Đo Hiệu Năng", "bench-password")
            counter = iter(range(10**9))

            def floor_call() -> None:
                floor_write(f"Trung tâm {next(counter)}")

            def project_call() -> None:
                services.settings.set(actor, "center_name", f"Trung tâm Phục vụ hành chính công {next(counter)}")

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
