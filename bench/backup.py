"""Figure (i): a backup of a database holding 1,000,000 visits, against a plain file copy.

project: ``services.backups.create(supervisor, progress=...)`` run on a worker thread (as the
         "Sao lưu ngay" button does: the calling thread stays free; progress reports are counted)
         — a pinned snapshot of the database file copied into ``.part``, compared and flushed
         while ``PRAGMA quick_check`` checks the snapshot, rename, audit line.
floor:   ``shutil.copyfile`` of the same database file + fsync, same filesystem, alternating.
The database is made once with ``open_services`` (the real schema), then filled with raw
``sqlite3.executemany`` outside the timing.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
import threading
import time
import uuid
from pathlib import Path

from bench import Figure, filesystem, median

TARGET = 2.0
NAME = "backup of 1,000,000 visits (off-thread)"
VISITS = 1_000_000
_NEED = "Đăng ký khai sinh cho con thứ hai, cần hướng dẫn điền tờ khai"


def _fill(database: Path, visits: int) -> None:
    con = sqlite3.connect(database)
    device = con.execute("SELECT device_id FROM installation WHERE id = 1").fetchone()[0]
    at = "2026-11-25 01:00:00.000000"
    rows = ((None, None, None, "completed", _NEED, "guided", "", "[]", "guided_only", None, "clerk", at, at, "{}",
             "", uuid.uuid4().hex, at, at, device) for _ in range(visits))
    con.execute("PRAGMA journal_mode=WAL")
    con.executemany("INSERT INTO visit (ticket_id, citizen_id, procedure_id, status, need, support, support_note, "
                    "documents_ok, outcome, helper_id, helper_role, started_at, finished_at, draft_json, note, id, "
                    "created_at, updated_at, device_id) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
    con.commit()
    con.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    con.close()


def _plain_copy(source: Path, target: Path) -> float:
    start = time.perf_counter()
    shutil.copyfile(source, target)
    with open(target, "rb+") as handle:
        os.fsync(handle.fileno())
    elapsed = time.perf_counter() - start
    target.unlink()
    return elapsed * 1e3


def _backup(services, actor) -> tuple[float, int, float]:
    """One backup on a worker thread; returns ms, progress reports, and the longest gap the
    calling thread saw between its own ticks (it keeps ticking while the worker copies)."""
    reports = []
    done = threading.Event()
    box: dict = {}

    def work() -> None:
        try:
            box["result"] = services.backups.create(actor, progress=lambda d, t: reports.append(d))
        except BaseException as exc:  # noqa: BLE001
            box["error"] = exc
        finally:
            done.set()

    start = time.perf_counter()
    worker = threading.Thread(target=work)
    worker.start()
    last, gap = start, 0.0
    while not done.wait(0.01):
        now = time.perf_counter()
        gap, last = max(gap, now - last), now
    elapsed = time.perf_counter() - start
    worker.join()
    if "error" in box:
        raise box["error"]
    box["result"].backup.path.unlink()
    return elapsed * 1e3, len(reports), gap * 1e3


def measure(visits: int = VISITS, rounds: int = 3, tmp_root: str | None = None) -> tuple[list[Figure], dict]:
    from hcc_desktop.app import open_services

    with tempfile.TemporaryDirectory(prefix="hcc-bench-backup-", dir=tmp_root) as tmp:
        root = Path(tmp)
        with open_services(root / "data") as services:
            services.auth.create_first_supervisor("bench", "Người Đo Hiệu Năng", "bench-password")
        _fill(root / "data" / "hcc.sqlite3", visits)
        services = open_services(root / "data")
        try:
            actor = services.auth.authenticate("bench", "bench-password")
            services.settings.set(actor, "backup_keep", 50)
            database = services.paths.database
            size = database.stat().st_size
            floor_ms, project_ms, reports, gaps = [], [], [], []
            _plain_copy(database, root / "warm.copy")  # page cache warm for both sides
            for _ in range(rounds):
                floor_ms.append(_plain_copy(database, root / "plain.copy"))
                ms, n, gap = _backup(services, actor)
                project_ms.append(ms)
                reports.append(n)
                gaps.append(gap)
            fs_hint = f"{root.parent} ({filesystem(root)})"
        finally:
            services.close()
    figure = Figure(NAME, median(project_ms), median(floor_ms), TARGET, note=(
        f"{visits:,} visits, database {size / 1e6:.0f} MB; {rounds} rounds alternating; "
        f"progress reports per backup {min(reports)}–{max(reports)}; longest pause of the calling thread "
        f"{max(gaps):.0f} ms; temp folder {fs_hint}"))
    return [figure], {"floor_ms": floor_ms, "project_ms": project_ms, "reports": reports, "gaps_ms": gaps,
                      "bytes": size}
