"""Demo scenarios for a day already filled with visits: playbooks applied on some visits, referrals (most
people came back), complaints answered, submissions put aside for lack of connection then made, and now
and then a power cut at the center."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from hcc_desktop.clock import LOCAL_TZ, FixedClock
from hcc_desktop.services.followups import ComplaintInput
from hcc_desktop.services.incidents import ApplyInput

# (playbook, weight) among visits where something out of the ordinary happens
MIX = (("no_vneid", 24), ("elderly_forms", 20), ("no_smartphone", 14), ("missing_papers", 12), ("no_computer", 9),
       ("disability", 7), ("complex_dossier", 6), ("no_internet", 4), ("data_error", 3), ("complaint", 2))
SHARE = 0.14  # of the visits of a day
COMPLAINTS = ("Chờ lâu, không biết khi nào đến lượt", "Cán bộ giải thích nhanh, chưa hiểu", "Máy lấy số không in",
              "Phải đi lại nhiều lần vì thiếu giấy tờ")


def fill_day(services, clock: FixedClock, day: date, clerk, seed: int) -> int:
    """Scenarios of ``day`` (deterministic from ``seed`` and the day); returns how many incidents."""
    rng = random.Random(seed * 1000 + day.toordinal())
    visits = [v for v in _visits(services, clerk, day) if rng.random() < SHARE]
    playbooks = {p.code: p for p in services.playbooks.playbooks()}
    today = services.clock.now()  # the real clock: follow-ups only for days already past
    count = 0
    for visit in visits:
        code = rng.choices([c for c, _ in MIX], [w for _, w in MIX])[0]
        clock.set(visit.started_at + timedelta(minutes=rng.randint(1, 4)))
        person = services.citizens.get(clerk, visit.citizen_id) if visit.citizen_id else None
        name = person.full_name if person else ""
        steps = tuple(i for i in range(len(playbooks[code].steps)) if rng.random() < 0.8)
        data = ApplyInput(code, steps, "", visit.id, visit.ticket_id, visit.citizen_id, citizen_name=name,
                          return_on=day + timedelta(days=rng.randint(1, 3)) if code == "no_vneid" else None)
        if code == "complaint":
            data = _replace(data, complaint=ComplaintInput(name or "Không cho biết tên", rng.choice(COMPLAINTS)))
        if code == "no_internet":
            data = _replace(data, procedure_id=visit.procedure_id, submission={"need": visit.need},
                            procedure_name=visit.need)
        applied = services.continuity.incidents.apply(clerk, data)
        count += 1
        _follow_up(services, clock, clerk, applied, rng, today)
    if rng.random() < 0.25:  # a power cut at the center this day
        clock.set(datetime.combine(day, time(9, rng.randint(0, 59)), LOCAL_TZ))
        services.continuity.incidents.apply(clerk, ApplyInput(
            "power_center", (0, 1, 3), "Mất điện khoảng 20 phút; lấy điện từ phòng Văn hóa - Xã hội."))
        count += 1
    return count


def _visits(services, clerk, day: date) -> list:
    from sqlalchemy import select

    from hcc_desktop.storage.case_models import Visit

    V = Visit.__table__
    start = datetime.combine(day, time(0), LOCAL_TZ)
    with services.db.read_core() as conn:
        ids = conn.scalars(select(V.c.id).where(V.c.started_at >= start, V.c.started_at < start + timedelta(days=1),
                                                V.c.status == "completed").order_by(V.c.started_at)).all()
    return [services.visits.get(clerk, i) for i in ids]


def _replace(data, **change):
    from dataclasses import replace

    return replace(data, **change)


def _follow_up(services, clock: FixedClock, clerk, applied, rng: random.Random, now: datetime) -> None:
    """What happened afterwards, for days already past: most came back, complaints answered, submissions made."""
    follow = services.continuity.followups
    later = clock.now() + timedelta(days=1)
    if later >= now:
        return
    clock.set(later)
    if applied.referral is not None and rng.random() < 0.75:
        if applied.referral.playbook_code == "data_error":
            follow.close_referral(clerk, applied.referral.id, "Đã được sửa dữ liệu",
                                  f"PAKN-{rng.randint(100000, 999999)}")
        else:
            follow.close_referral(clerk, applied.referral.id, "Người dân đã quay lại, đã làm xong thủ tục")
    if applied.complaint is not None and rng.random() < 0.8:
        follow.update_complaint(clerk, applied.complaint.id, "closed", response="Đã giải thích và xin lỗi người dân")
    if applied.pending is not None and rng.random() < 0.85:
        follow.mark_submitted(clerk, applied.pending.id, f"G22.99-{later:%y%m%d}-{rng.randint(1000, 9999)}")
