"""Killing the program while people are served: every visit and dossier it acknowledged is on disk, whole.

The child (``tests/visit_cut_child.py``) starts visits, saves their drafts and completes them, most
with a received dossier. After every SIGKILL this test opens the data folder and checks:

* every acknowledged visit exists; every acknowledged draft save is there (the latest one seen);
* every acknowledged completion left the visit completed, with its dossier (code as printed) whose
  first history event is "received" — and the completion in flight at the kill either did all of
  that or nothing (the visit still a draft, no dossier for it);
* no dossier without its visit, no code used twice, the integrity check passes.

``HCC_POWER_CUT_KILLS`` (default 30) and ``HCC_POWER_CUT_SEED`` change the run, as for the queue.
"""

from __future__ import annotations

import random
import sqlite3
import time
import uuid
from collections import Counter
from pathlib import Path

from hcc_desktop.app import open_services
from hcc_desktop.services.auth import Role
from tests.test_power_cut import KILLS, PASSWORD, SEED, Child

CHILD = Path(__file__).with_name("visit_cut_child.py")


class Morning:
    def __init__(self) -> None:
        self.visits: dict[str, str] = {}  # visit id → "draft" | "completed"
        self.drafts: dict[str, int] = {}  # visit id → last acknowledged draft save
        self.dossiers: dict[str, tuple[str, str]] = {}  # visit id → (dossier id, code), "-" when none
        self.acks = 0

    def apply(self, lines: list[str]) -> list[str] | None:
        """Record what was acknowledged; return the ``try`` left without an answer (in flight), if any."""
        pending = None
        for line in lines:
            words = line.split()
            if words[0] == "try":
                pending = words
            elif words[0] == "ack":
                self.acks += 1
                pending = None
                if words[1] == "start":
                    self.visits[words[2]] = "draft"
                elif words[1] == "draft":
                    self.drafts[words[2]] = int(words[3])
                elif words[1] == "complete":
                    self.visits[words[2]] = "completed"
                    self.dossiers[words[2]] = (words[3], words[4])
            elif words[0] == "nak":
                pending = None
        return pending


def check(data_dir: Path, morning: Morning, pending: list[str] | None) -> str:
    con = sqlite3.connect(data_dir / "hcc.sqlite3")
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        visits = {uuid.UUID(hex=i).hex: (s, d) for i, s, d in con.execute("SELECT id, status, draft_json FROM visit")}
        dossiers = {uuid.UUID(hex=v).hex: (uuid.UUID(hex=i).hex, c) for i, v, c in
                    con.execute("SELECT id, visit_id, code FROM dossier WHERE visit_id IS NOT NULL")}
        codes = [c for (c,) in con.execute("SELECT code FROM dossier")]
        received = {uuid.UUID(hex=d).hex for (d,) in
                    con.execute("SELECT dossier_id FROM dossier_event WHERE kind = 'received'")}
    finally:
        con.close()
    assert len(codes) == len(set(codes)), "a dossier code was used twice"
    assert set(dossiers) <= set(visits), "a dossier without its visit"
    outcome = "none"
    for vid, state in list(morning.visits.items()):
        key = uuid.UUID(vid).hex
        assert key in visits, f"acknowledged visit {vid} is missing"
        status, draft = visits[key]
        in_flight = pending is not None and pending[:2] == ["try", "complete"] and pending[2] == vid
        if state == "completed":
            assert status == "completed", f"acknowledged completion of {vid} is missing"
            did, code = morning.dossiers[vid]
            if did == "-":
                assert key not in dossiers
            else:
                assert dossiers[key] == (uuid.UUID(did).hex, code)
                assert uuid.UUID(did).hex in received
        elif in_flight:
            assert status in ("draft", "completed")
            if status == "draft":
                assert key not in dossiers, "half a completion: a dossier for a visit still open"
                outcome = "complete: not committed"
            else:
                outcome = "complete: committed"
                if key in dossiers:
                    assert dossiers[key][0] in received
                    morning.dossiers[vid] = (uuid.UUID(hex=dossiers[key][0]).hex, dossiers[key][1])
                else:
                    morning.dossiers[vid] = ("-", "-")
                morning.visits[vid] = "completed"  # it happened: later checks expect it
        else:
            assert status == "draft" and key not in dossiers
            saved = morning.drafts.get(vid)
            if saved is not None:
                import json

                need = json.loads(draft).get("papers", {}).get("need", "")
                assert need in (f"lần {saved}", f"lần {saved + 1}"), f"draft save {saved} of {vid} is lost"
    if pending is not None and outcome == "none":
        outcome = f"{pending[1]}: in flight"
    return outcome


def test_killing_the_program_while_serving_keeps_every_visit_and_dossier(tmp_path, monkeypatch, capsys):
    monkeypatch.delenv("HCC_DATA_DIR", raising=False)
    data_dir, logs = tmp_path / "data", tmp_path / "logs"
    logs.mkdir()
    with open_services(data_dir) as services:
        boss = services.auth.create_first_supervisor("phutrach", "Nguyễn Thị Hường", PASSWORD)
        services.auth.create_user(boss, "congchuc", "Đặng Văn Lâm", Role.CLERK, PASSWORD)
    rng = random.Random(SEED + 1)
    morning = Morning()
    outcomes: Counter[str] = Counter()
    started = time.monotonic()
    child: Child | None = Child(data_dir, rng.randrange(2**31), logs, CHILD)
    kills = 0
    try:
        for n in range(KILLS):
            child.wait_for("hello")
            child.go()
            child.wait_for("ready")
            time.sleep(rng.uniform(0.02, 0.5))
            lines = child.kill()
            kills += 1
            child = Child(data_dir, rng.randrange(2**31), logs, CHILD) if n + 1 < KILLS else None
            pending = morning.apply(lines)
            outcomes[check(data_dir, morning, pending)] += 1
    finally:
        if child is not None:
            child.finish()
    with capsys.disabled():
        done = sum(1 for s in morning.visits.values() if s == "completed")
        with_dossier = sum(1 for d, _c in morning.dossiers.values() if d != "-")
        print(f"\npower cut while serving: {kills} kill points (seed {SEED}) in {time.monotonic() - started:.0f} s; "
              f"{morning.acks} acknowledged saves, {len(morning.visits)} visits ({done} completed, {with_dossier} "
              f"dossiers); at the kill: {', '.join(f'{k} {v}' for k, v in sorted(outcomes.items()))}")
    assert kills >= min(KILLS, 25)
    assert morning.acks >= 4 * kills, "the children did too little work for the kills to mean much"
    assert sum(v for k, v in outcomes.items() if k.startswith("complete")) >= 3, "too few kills hit a completion"
