"""Demo data folders built once per test session and copied per test (building one takes seconds)."""

from __future__ import annotations

import shutil
from datetime import datetime
from pathlib import Path

from sqlalchemy import func, select

from hcc_desktop.app import open_services
from hcc_desktop.clock import LOCAL_TZ, FixedClock
from hcc_desktop.services.exchange_tables import SPECS

DAY = datetime(2026, 11, 25, 16, 30, tzinfo=LOCAL_TZ)
_BUILT: dict[int, Path] = {}


def demo_folder(tmp_root: Path, seed: int, target: Path) -> Path:
    """A copy of a one-day demo folder (25/11/2026 up to 16:30) made with ``seed``."""
    if seed not in _BUILT:
        built = tmp_root / f"demo-{seed}"
        with open_services(built, clock=FixedClock(DAY)) as services:
            services.demo.fill(1, seed)
        _BUILT[seed] = built
    shutil.copytree(_BUILT[seed], target)
    return target


def clock() -> FixedClock:
    return FixedClock(DAY.replace(hour=21))  # after the demo day (its dossiers move on until the evening)


def counts(services) -> dict[str, int]:
    with services.db.read_core() as conn:
        return {s.name: conn.scalar(select(func.count()).select_from(s.table)) for s in SPECS}


def add_people(services, n: int) -> None:
    """``n`` more people (no ID number), so a package has parts long enough to report progress inside them."""
    from sqlalchemy import insert

    from hcc_desktop.storage.case_models import Citizen

    rows = [services.db.stamp({"full_name": f"Người thử {i:05d}", "name_folded": f"nguoi thu {i:05d}",
                               "birth_year": 1940 + i % 60, "gender": "female" if i % 2 else "male",
                               "phone": f"09{i:08d}", "village": "Thôn 3", "note": ""}, new=True)
            for i in range(n)]
    with services.db.write_core() as conn:
        conn.execute(insert(Citizen.__table__), rows)
