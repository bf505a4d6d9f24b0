"""Benchmarks of HCC Desktop against floors measured in the same run.

Run from the repository root::

    python -m bench            # full run (about a minute)
    python -m bench --quick    # fewer repetitions, for a smoke check

Every figure is printed as: the project's number, the floor measured in the
same run, their ratio, and the target ratio with PASS/FAIL. Only ratios mean
anything (machines are noisy and differ); absolute milliseconds are context.
See bench/README.md for what each figure measures and the latest results.
"""

from __future__ import annotations

import os
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field


@dataclass
class Figure:
    """One compared figure: project vs floor, in the same unit, with a target ratio."""

    name: str
    project: float | None
    floor: float | None
    target: float | None  # None: shown for information, no verdict
    unit: str = "ms"
    note: str = ""
    error: str = ""
    details: dict[str, float] = field(default_factory=dict)

    @property
    def ratio(self) -> float | None:
        if self.project is None or not self.floor:
            return None
        return self.project / self.floor

    @property
    def verdict(self) -> str:
        if self.error or self.ratio is None:
            return "ERROR"
        if self.target is None:
            return "info"
        return "PASS" if self.ratio <= self.target else "FAIL"


def median(values: list[float]) -> float:
    return statistics.median(values)


def spread(values: list[float]) -> str:
    """min–max of a sample, to show how noisy a median is."""
    if not values:
        return "-"
    return f"{min(values):.3g}–{max(values):.3g}"


def machine() -> dict[str, str]:
    """What the figures came from: CPUs usable, CPU model, Python, and key libraries."""
    try:
        cpus = len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        cpus = os.cpu_count() or 0
    model = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            for line in info:
                if line.lower().startswith("model name"):
                    model = line.split(":", 1)[1].strip()
                    break
    except OSError:
        pass
    info = {"nproc": str(cpus), "cpu": model, "python": sys.version.split()[0],
            "os": f"{platform.system()} {platform.release()}"}
    try:
        import sqlite3

        info["sqlite"] = sqlite3.sqlite_version
    except ImportError:
        pass
    from importlib import metadata

    for dist in ("PySide6-Essentials", "SQLAlchemy"):
        try:
            info[dist] = metadata.version(dist)
        except metadata.PackageNotFoundError:
            pass
    return info


def filesystem(path: str | os.PathLike[str]) -> str:
    """The filesystem type holding ``path`` (from /proc/mounts), e.g. ext4 or tmpfs."""
    target = os.path.realpath(path)
    best, kind = "", "unknown"
    try:
        with open("/proc/mounts", encoding="utf-8") as mounts:
            for line in mounts:
                parts = line.split()
                if len(parts) < 3:
                    continue
                point = parts[1].replace("\\040", " ")
                if (target == point or target.startswith(point.rstrip("/") + "/")) and len(point) > len(best):
                    best, kind = point, parts[2]
    except OSError:
        pass
    return kind


def p90(values: list[float]) -> float:
    """The 90th percentile (nearest rank below), printed beside a median to show the tail."""
    ordered = sorted(values)
    return ordered[int(0.9 * (len(ordered) - 1))] if ordered else float("nan")


def timed(fn, n: int, into: list[float] | None) -> None:
    """Call ``fn()`` ``n`` times, timing each call on its own (milliseconds appended to ``into``)."""
    clock = time.perf_counter
    for _ in range(n):
        start = clock()
        fn()
        elapsed = clock() - start
        if into is not None:
            into.append(elapsed * 1e3)


def durable_floor(path: str | os.PathLike[str]):
    """The durable-write floor: a raw ``sqlite3`` connection, WAL + synchronous=FULL, a one-table file.

    Returns ``(connection, write)`` where ``write(value)`` is one single-row INSERT + commit.
    """
    import sqlite3

    con = sqlite3.connect(path)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("CREATE TABLE record (id INTEGER PRIMARY KEY, value TEXT NOT NULL)")
    con.commit()

    def write(value: str) -> None:
        con.execute("INSERT INTO record (value) VALUES (?)", (value,))
        con.commit()

    return con, write


def alternate(floor_call, project_call, calls: int, block: int = 30,
              warmup: int = 10) -> tuple[list[float], list[float], int]:
    """Time both sides in alternating blocks (order swapped every block) after a warm-up of each.

    Returns the floor and project samples (ms) and the number of blocks.
    """
    floor_s: list[float] = []
    project_s: list[float] = []
    timed(floor_call, warmup, None)
    timed(project_call, warmup, None)
    blocks = max(1, round(calls / block))
    for b in range(blocks):
        pair = [(floor_call, floor_s), (project_call, project_s)]
        for fn, into in (reversed(pair) if b % 2 else pair):
            timed(fn, max(1, calls // blocks), into)
    return floor_s, project_s, blocks
