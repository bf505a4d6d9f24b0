"""Figure (h): the report workbook of 100,000 visits, and its peak memory.

project: ``services.reports.export_workbook(sup, period, path, profile="detail")`` in a fresh child
         process: the summary's queries, the visits, dossiers and surveys streamed from the database
         into openpyxl's write-only workbook (styled header, number formats, frozen header, filter,
         formula-safe text), the manifest and checksum, the atomic rename, the outbox line and the
         audit line.
floor:   openpyxl write-only writing the same cells (the same detail rows, read into memory
         beforehand, untimed) in a fresh child process, saved to the same folder.
memory:  the project child's peak resident memory (``VmHWM``), which must stay under 150 MiB
         whatever the number of rows (shown for the smaller set too).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench import Figure, median

TARGET = 1.3
NAME = "report workbook, 100,000 visits (detail)"
NAME_MEMORY = "  ↳ peak memory of that export (MiB)"
CHILD = Path(__file__).with_name("_child_report.py")


def _child(mode: str, data: Path, out: Path) -> dict:
    out.unlink(missing_ok=True)
    done = subprocess.run([sys.executable, str(CHILD), mode, str(data), str(out)], capture_output=True, text=True,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=1800)
    line = next((x for x in done.stdout.splitlines() if x.startswith("BENCH-RESULT ")), None)
    if line is None:
        raise RuntimeError(f"{mode} child failed: {done.stderr[-2000:]}")
    return json.loads(line.split(" ", 1)[1])


def measure(visits: int = 100_000, repeats: int = 2, tmp_root: str | None = None,
            small: int = 20_000) -> tuple[list[Figure], dict]:
    from bench._exchange_data import build

    with tempfile.TemporaryDirectory(prefix="hcc-bench-report-", dir=tmp_root) as tmp:
        root = Path(tmp)
        made = build(root / "data", visits)
        build(root / "small", small, seed=9)
        floor_s, project_s, peaks = [], [], []
        for i in range(repeats):
            pair = [("floor", floor_s), ("project", project_s)]
            for mode, into in (reversed(pair) if i % 2 else pair):
                result = _child(mode, root / "data", root / f"{mode}.xlsx")
                into.append(result["seconds"] * 1e3)
                if mode == "project":
                    peaks.append(result["peak_mib"])
        small_peak = _child("project", root / "small", root / "small.xlsx")["peak_mib"]
    figure = Figure(NAME, median(project_s), median(floor_s), TARGET, note=(
        f"{made['visit']:,} visits ({made['survey']:,} surveys, {made['citizen']:,} people) in a fresh child "
        f"process per run, {repeats} runs per side alternating; project {[round(x) for x in project_s]} ms, "
        f"floor {[round(x) for x in floor_s]} ms"))
    memory = Figure(NAME_MEMORY, max(peaks), 150.0, 1.0, unit="MiB", note=(
        f"peak resident memory of the exporting process; floor column = the 150 MiB limit; with {small:,} visits: "
        f"{small_peak:.0f} MiB"))
    return [figure, memory], {"project_ms": project_s, "floor_ms": floor_s, "peak_mib": peaks,
                              "small_peak_mib": small_peak}
