"""Figure (i): importing a data package of 100,000 records into another data folder.

project: ``services.exchange.import_package(sup, package)`` on a fresh data folder (its own
         supervisor, the seeded catalog): open and check the zip (manifest, SHA-256 and rows of
         every part), the backup copy, the plan of every record (checked column by column,
         references, unique keys, people by CCCD, procedures by code), then in one transaction
         the inserts, the record ledger, the outbox line and the audit line.
floor:   raw ``sqlite3`` ``executemany`` of the same rows (read from the package beforehand,
         untimed, as tuples) into a fresh copy of the same empty database (same schema, indexes
         and triggers), WAL + synchronous=FULL, one transaction.
The package (citizens, finished tickets, visits, surveys: 100,000 records) is exported once
from a synthetic folder with ``export_package(full=True)``. Runs alternate, a fresh target
folder each time (copied from one template, untimed).
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import time
import zipfile
from pathlib import Path

from bench import Figure, median

TARGET = 3.0
NAME = "import a 100,000-record package"


def _floor_rows(package: Path, template: Path) -> list[tuple[str, list[str], list[tuple]]]:
    """The package's records as the import writes them: procedures and accounts pointed at the target's."""
    con = sqlite3.connect(template)
    by_code = dict(con.execute("SELECT code, id FROM procedure"))
    user = con.execute("SELECT id FROM user_account").fetchone()[0]
    con.close()
    with zipfile.ZipFile(package) as zf:
        manifest = json.loads(zf.read("manifest.json"))
        parts = {info["table"]: [json.loads(line) for line in zf.read(name).splitlines()]
                 for name, info in manifest["parts"].items()}
    procedures = {p["id"]: by_code[p["code"]] for p in parts.pop("procedure", [])}
    parts.pop("user_account", None)
    out = []
    for table, rows in parts.items():
        if not rows:
            continue
        for row in rows:
            for column in ("issued_by", "helper_id", "received_by", "user_id"):
                if row.get(column):
                    row[column] = user
            if row.get("procedure_id"):
                row["procedure_id"] = procedures[row["procedure_id"]]
        columns = list(rows[0])
        out.append((table, columns, [tuple(r[c] for c in columns) for r in rows]))
    return out


def _floor(db: Path, tables) -> float:
    con = sqlite3.connect(db, isolation_level=None)
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=FULL")
    con.execute("PRAGMA foreign_keys=ON")
    start = time.perf_counter()
    con.execute("BEGIN IMMEDIATE")
    for table, columns, rows in tables:
        con.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                        rows)
    con.execute("COMMIT")
    elapsed = time.perf_counter() - start
    con.close()
    return elapsed


def measure(records: int = 100_000, repeats: int = 3, tmp_root: str | None = None) -> tuple[list[Figure], dict]:
    from bench._exchange_data import build
    from hcc_desktop.app import open_services

    with tempfile.TemporaryDirectory(prefix="hcc-bench-import-", dir=tmp_root) as tmp:
        root = Path(tmp)
        visits = round(records / 2.95)  # a quarter as many people, a ticket per visit, surveys for 70 %
        build(root / "source", visits)
        with open_services(root / "source") as source:
            sup = source.auth.authenticate("bench", "bench-password")
            package = source.exchange.export_package(sup, root / "out", full=True)
        with open_services(root / "template") as target:
            target.auth.create_first_supervisor("nhan", "Người Nhận Gói", "bench-password")
        tables = _floor_rows(package.path, root / "template" / "hcc.sqlite3")
        sent = sum(len(rows) for _t, _c, rows in tables)
        floor_s, project_s = [], []
        for i in range(repeats):
            pair = [("floor", floor_s), ("project", project_s)]
            for mode, into in (reversed(pair) if i % 2 else pair):
                folder = root / f"{mode}-{i}"
                shutil.copytree(root / "template", folder)
                if mode == "floor":
                    into.append(_floor(folder / "hcc.sqlite3", tables) * 1e3)
                    continue
                with open_services(folder) as target:
                    actor = target.auth.authenticate("nhan", "bench-password")
                    start = time.perf_counter()
                    summary = target.exchange.import_package(actor, package.path)
                    into.append((time.perf_counter() - start) * 1e3)
                    if summary.changes < sent:
                        raise RuntimeError(f"imported {summary.changes} of {sent} records")
                shutil.rmtree(folder)
    figure = Figure(NAME, median(project_s), median(floor_s), TARGET, note=(
        f"{sent:,} records ({', '.join(f'{t} {len(r):,}' for t, _c, r in tables)}), {repeats} runs per side "
        f"alternating; project {[round(x) for x in project_s]} ms, floor {[round(x) for x in floor_s]} ms"))
    return [figure], {"project_ms": project_s, "floor_ms": floor_s, "records": sent}
