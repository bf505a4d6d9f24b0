"""A morning with a power cut: tickets issued, the program killed, paper tickets from the kit printed in
advance handed out, and, once the power is back, the paper entered (nhập bù). The queue then continues
in the right order with nothing lost or duplicated, and the counter is told what was recovered."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select

from hcc_desktop.app import open_services
from hcc_desktop.clock import FixedClock
from hcc_desktop.errors import ValidationError
from hcc_desktop.services.auth import Role
from hcc_desktop.services.backentry import PaperEntry
from hcc_desktop.services.queue import IssueRequest, T
from hcc_desktop.services.queue_rules import Tier
from hcc_desktop.storage.continuity_models import BackEntry

CHILD = Path(__file__).with_name("backentry_child.py")
REPO = CHILD.resolve().parent.parent
PASSWORD = "mat-khau-123"


def _morning_until_the_power_goes(data_dir: Path) -> list[str]:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env.pop("HCC_DATA_DIR", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    child = subprocess.Popen([sys.executable, str(CHILD), str(data_dir), "7"], cwd=REPO, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8")
    lines: list[str] = []
    deadline = time.monotonic() + 120
    try:
        for line in child.stdout:
            lines.append(line.rstrip("\n"))
            if sum(1 for x in lines if x.startswith("issued")) >= 14 and any(x.startswith("draft") for x in lines):
                break
            assert time.monotonic() < deadline, "the child did too little in two minutes"
    finally:
        child.kill()  # the power goes
        child.wait(timeout=60)
    assert child.returncode != 0
    return lines


def _tickets(services):
    with services.db.read_core() as conn:
        return conn.execute(select(T).order_by(T.c.seq)).all()


def _code(row) -> str:
    return f"{row.prefix}{row.number:03d}"


def test_a_morning_with_a_power_cut_continues_in_order_after_the_paper_is_entered(tmp_path, monkeypatch):
    monkeypatch.delenv("HCC_DATA_DIR", raising=False)
    data_dir = tmp_path / "data"
    with open_services(data_dir) as services:
        boss = services.auth.create_first_supervisor("phutrach", "Nguyễn Thị Hường", PASSWORD)
        services.auth.create_user(boss, "congchuc", "Đặng Văn Lâm", Role.CLERK, PASSWORD)
    lines = _morning_until_the_power_goes(data_dir)
    issued = [line.split()[1:] for line in lines if line.startswith("issued")]

    with open_services(data_dir) as services:
        last = max(r.issued_at for r in _tickets(services))
    cut = last + timedelta(minutes=1)
    clock = FixedClock(cut)
    with open_services(data_dir, clock=clock) as services:
        clerk = services.auth.authenticate("congchuc", PASSWORD)
        before = _tickets(services)
        acknowledged = {ticket_id for ticket_id, _code_, _tier in issued}
        assert acknowledged <= {str(r.id) for r in before}, "an acknowledged ticket was lost"

        # The kit printed just before the cut continues today's numbering in every tier.
        kit = services.continuity.backentry.kit(clerk)
        for block in kit.blocks:
            used = [r.number for r in before if r.tier == block.tier.value]
            assert block.first == max(used, default=0) + 1
        paper = {b.tier: b.codes() for b in kit.blocks}
        entries = [
            PaperEntry(paper[Tier.REGULAR][0], cut + timedelta(minutes=2), status="done", called_at=cut + timedelta(minutes=3),
                       finished_at=cut + timedelta(minutes=9), counter="Quầy 1", citizen_name="Nguyễn Văn Bình",
                       need="Chứng thực bản sao", outcome="guided_only"),
            PaperEntry(paper[Tier.PRIORITY][0], cut + timedelta(minutes=4), citizen_name="Hoàng Thị Lan"),
            PaperEntry(paper[Tier.REGULAR][1], cut + timedelta(minutes=5), status="no_show"),
            PaperEntry(paper[Tier.REGULAR][2], cut + timedelta(minutes=7)),
            PaperEntry(paper[Tier.HEAD][0], cut + timedelta(minutes=8), reason_code="disabled"),
            PaperEntry(paper[Tier.REGULAR][3], cut + timedelta(minutes=12)),
        ]
        clock.set(cut + timedelta(minutes=40))  # the power is back

        # After an abrupt shutdown the counter is told what it comes back to.
        report = services.continuity.recovery.begin(clerk)
        assert report is not None and report.abrupt
        waiting_before = [r for r in before if r.status == "waiting"]
        assert report.waiting == len(waiting_before) and len(report.drafts) == 1
        assert "Hàng chờ" in report.message() and "đang làm dở" in report.message()
        drafts = services.visits.open_drafts(clerk)
        assert drafts[0].draft == {"papers": {"need": "Đăng ký khai sinh cho cháu"}}

        # A time not reached yet is refused, and nothing is written.
        wrong = [*entries[:2], PaperEntry(paper[Tier.REGULAR][4], cut + timedelta(minutes=55))]
        checks = services.continuity.backentry.check(clerk, wrong)
        assert checks[2].problems and "chưa tới" in checks[2].problems[0] and not checks[0].problems
        with pytest.raises(ValidationError, match="chưa tới"):
            services.continuity.backentry.record(clerk, wrong)
        assert len(_tickets(services)) == len(before)

        result = services.continuity.backentry.record(clerk, entries)
        assert [paper_code for paper_code, _queue_code in result.codes] == [e.code for e in entries]
        assert result.renumbered == () and result.visits == 1 and result.waiting == 4
        with pytest.raises(ValidationError, match="đã được nhập bù"):
            services.continuity.backentry.record(clerk, entries[1:2])

        clock.advance(minutes=1)
        after_power = [services.queue.issue(clerk, IssueRequest(reason_code=code)).ticket
                       for code in ("none", "elderly", "none")]
        rows = _tickets(services)
        codes = Counter((r.service_day, _code(r)) for r in rows)
        seqs = Counter((r.service_day, r.seq) for r in rows)
        assert max(codes.values()) == 1 and max(seqs.values()) == 1, "a number or a place in line is used twice"
        assert len(rows) == len(before) + len(entries) + len(after_power)
        assert {_code(r) for r in rows} >= {e.code for e in entries}
        regular_after = [t.code for t in after_power if t.tier is Tier.REGULAR]
        assert regular_after[0] == f"T{int(paper[Tier.REGULAR][3][1:]) + 1:03d}"  # numbering continues after the paper

        # The queue: those waiting before the cut, then the paper tickets, then those issued after, in each tier.
        waiting = services.queue.snapshot(clerk).waiting
        for tier in Tier:
            expected = ([_code(r) for r in waiting_before if r.tier == tier.value]
                        + [e.code for e in entries if e.status == "waiting" and e.code in paper[tier]]
                        + [t.code for t in after_power if t.tier is tier])
            assert [t.code for t in waiting if t.tier is tier] == expected
        served = [r for r in rows if _code(r) == entries[0].code][0]
        assert served.status == "done" and served.finished_at == entries[0].finished_at and "nhập bù" in served.service_note

        # Calling goes through everyone once, each tier in its order.
        called = []
        for ticket in services.queue.snapshot(clerk).active:  # called just before the cut, not yet started
            if ticket.status.value == "called":
                services.queue.start(clerk, ticket.id)
        while True:
            try:
                ticket = services.queue.call_next(clerk, "Quầy 1")
            except ValidationError:
                break
            called.append(ticket.code)
            services.queue.start(clerk, ticket.id)
        assert sorted(called) == sorted(t.code for t in waiting) and len(set(called)) == len(called)
        for tier in Tier:
            assert [c for c in called if c in {t.code for t in waiting if t.tier is tier}] == \
                [t.code for t in waiting if t.tier is tier]
        assert services.db.integrity_problems() == []


def test_a_paper_number_already_used_is_flagged_and_entered_under_a_new_number_only_when_asked(services, clerk, clock):
    kit = services.continuity.backentry.kit(clerk)
    regular = next(b for b in kit.blocks if b.tier is Tier.REGULAR).codes()
    start = clock.now()
    clock.advance(minutes=30)
    taken = services.queue.issue(clerk, IssueRequest()).ticket  # issued after the power returned, before the entry
    assert taken.code == regular[0]
    entry = [PaperEntry(regular[0], start + timedelta(minutes=5), citizen_name="Phạm Đức Lộc")]
    checks = services.continuity.backentry.check(clerk, entry)
    assert checks[0].collides and not checks[0].problems
    with pytest.raises(ValidationError, match=regular[0]):
        services.continuity.backentry.record(clerk, entry)
    result = services.continuity.backentry.record(clerk, entry, renumber=True)
    assert result.renumbered == (f"{regular[0]} → {regular[1]}",)
    waiting = services.queue.snapshot(clerk).waiting
    assert [t.code for t in waiting] == [regular[1], regular[0]]  # the paper ticket was issued first
    with services.db.read_core() as conn:
        assert conn.scalar(select(func.count()).select_from(BackEntry.__table__).where(
            BackEntry.__table__.c.renumbered.is_(True))) == 1


@pytest.mark.parametrize("entry, message", [
    (dict(code="X001"), "không đúng dạng"), (dict(status="done"), "giờ xong"),
    (dict(called=-10), "Giờ mời phải sau"), (dict(days=-1), "hôm nay")])
def test_bad_paper_lines_are_refused_with_a_reason(services, clerk, clock, entry, message):
    clock.advance(hours=2)
    base = clock.now() - timedelta(minutes=60) + timedelta(days=entry.get("days", 0))
    called = base + timedelta(minutes=entry["called"]) if "called" in entry else None
    line = PaperEntry(entry.get("code", "T001"), base, status=entry.get("status", "waiting"), called_at=called)
    with pytest.raises(ValidationError, match=message):
        services.continuity.backentry.record(clerk, [line])
    assert services.queue.snapshot(clerk).waiting == []
