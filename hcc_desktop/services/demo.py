"""Deterministic demo data for training, screenshots and benchmarks.

A data folder filled by ``hcc-desktop demo`` is marked as demo data and the
program says so on every screen, so sample records are never taken as real.
The same ``seed`` always gives the same data. As features land, they add
their own sample records here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, select, update

from hcc_desktop.clock import FixedClock, local_today
from hcc_desktop.errors import ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.auth import Actor, AuthService, Role, hash_password
from hcc_desktop.services.demo_queue import COUNTERS, _Desk, simulate_day
from hcc_desktop.services.queue import QueueService
from hcc_desktop.services.settings import SettingsService
from hcc_desktop.storage.engine import Database
from hcc_desktop.storage.models import Installation, UserAccount

DEMO_PASSWORD = "demo1234"
MAX_DAYS = 366

SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng",
            "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương"]
MIDDLE = {"male": ["Văn", "Đức", "Minh", "Hữu", "Quang", "Công", "Đình"],
          "female": ["Thị", "Ngọc", "Thu", "Thanh", "Kim", "Mỹ", "Bích"]}
GIVEN = {"male": ["Hùng", "Dũng", "Tuấn", "Đông", "Sơn", "Lâm", "Phúc", "Khải", "Bình", "Trọng",
                  "Thắng", "Nghĩa", "Lộc", "Quý", "Hải"],
         "female": ["Hường", "Lan", "Hoa", "Hạnh", "Nga", "Thủy", "Yến", "Liên", "Phượng", "Ánh",
                    "Duyên", "Nhung", "Loan", "Mai", "Đào"]}
VILLAGES = ["Thôn 1", "Thôn 2", "Thôn Đắk Rô", "Thôn Tân Tiến", "Thôn Đồng Tâm", "Bon Phi Mur",
            "Bon Ja Ráh", "Thôn Đắk Mâm", "Thôn Hòa Bình", "Bon R'Lơm"]
STAFF = [("phutrach", Role.SUPERVISOR), ("congchuc1", Role.CLERK), ("congchuc2", Role.CLERK),
         ("tnv1", Role.VOLUNTEER), ("tnv2", Role.VOLUNTEER)]


def person_name(rng: random.Random, gender: str) -> str:
    """A plausible Vietnamese full name (with diacritics) for ``gender`` (male/female)."""
    return f"{rng.choice(SURNAMES)} {rng.choice(MIDDLE[gender])} {rng.choice(GIVEN[gender])}"


@dataclass(frozen=True)
class DemoSummary:
    accounts_created: int
    days: int
    seed: int
    tickets: int = 0
    visits: int = 0
    dossiers: int = 0


class DemoService:
    def __init__(self, db: Database, auth: AuthService, settings: SettingsService, queue: QueueService,
                 services=None) -> None:
        self._services = services  # the whole container, for the case records (citizens, visits, dossiers)
        self._db = db
        self._auth = auth
        self._settings = settings
        self._queue = queue

    def fill(self, days: int, seed: int) -> DemoSummary:
        if not 1 <= days <= MAX_DAYS:
            raise ValidationError(tr("Số ngày dữ liệu mẫu phải từ 1 đến {n}.", n=MAX_DAYS), "days")
        rng = random.Random(seed)
        self._seed = seed
        self._refuse_real_data()
        created = self._staff(rng)
        supervisor = self._demo_supervisor()
        self._settings.update(supervisor, {
            "center_name": "Trung tâm Phục vụ hành chính công xã Hòa An",
            "commune": "xã Hòa An",
            "province": "tỉnh Lâm Đồng",
            "center_address": "Thôn Tân Tiến, xã Hòa An",
            "center_phone": "0263 3 800 123",
            "counters": [*COUNTERS, "Bàn hướng dẫn"],
            "villages": VILLAGES,
        })
        self._lockout_example(supervisor)
        tickets, visits, dossiers = self._tickets(days, rng)
        self._outbox(supervisor)
        return DemoSummary(created, days, seed, tickets, visits, dossiers)

    def _outbox(self, supervisor: Actor) -> None:
        """Yesterday's figures as the report sent upward, so the outbox shows the flow (marked demo inside)."""
        services = self._services
        if services is None or getattr(services, "reports", None) is None:
            return
        from hcc_desktop.services.reports import Period

        day = local_today(self._db.clock) - timedelta(days=1)
        target = services.paths.data_dir / "goi-gui-di" / f"bao-cao-mau-{day:%Y%m%d}.xlsx"
        if target.exists():
            return
        report = services.reports.export_workbook(supervisor, Period.day(day), target, profile="aggregate")
        sent = next(i for i in services.exchange.outbox(supervisor) if i.path == str(report.path))
        services.exchange.mark_sent(supervisor, sent.id)

    def _tickets(self, days: int, rng: random.Random) -> int:
        """Fill the last ``days`` working days (today up to now) with tickets, skipping days already filled."""
        real_clock = self._db.clock
        today = local_today(real_clock)
        desks = [_Desk(name, self._auth.authenticate(user, DEMO_PASSWORD))
                 for name, user in zip(COUNTERS, ("congchuc1", "congchuc2"))]
        issuer = self._auth.authenticate("tnv1", DEMO_PASSWORD)
        working = self._settings.view().working_weekdays
        fixed = FixedClock(real_clock.now())
        self._db.clock = fixed  # the simulation moves its own clock through past days
        total = visits = dossiers = 0
        try:
            day = today
            remaining = days
            while remaining > 0:
                if day.weekday() in working and not self._queue.day_tickets(desks[0].actor, day):
                    until = real_clock.now() if day == today else None
                    for desk in desks:
                        desk.ticket_id = None
                    total += simulate_day(self._queue, fixed, day, desks, issuer, rng, person_name, until)
                    if self._services is not None:
                        from hcc_desktop.services.demo_cases import fill_day

                        v, d = fill_day(self._services, fixed, day, desks[0].actor, rng, VILLAGES, person_name)
                        visits, dossiers = visits + v, dossiers + d
                        from hcc_desktop.services.demo_continuity import fill_day as fill_scenarios

                        fill_scenarios(self._services, fixed, day, desks[0].actor, self._seed)
                remaining -= 1
                day -= timedelta(days=1)
        finally:
            self._db.clock = real_clock
        return total, visits, dossiers

    def _refuse_real_data(self) -> None:
        with self._db.write() as session:
            install = session.get(Installation, 1)
            has_users = session.scalar(select(func.count()).select_from(UserAccount))
            if has_users and not install.demo_data:
                raise ValidationError(tr(
                    "Thư mục dữ liệu này đã có dữ liệu thật. Hãy tạo dữ liệu mẫu trong một thư mục riêng "
                    "(--data-dir)."))
            session.execute(update(Installation).where(Installation.id == 1).values(demo_data=True))

    def _staff(self, rng: random.Random) -> int:
        created = 0
        password_hash = hash_password(DEMO_PASSWORD)
        with self._db.write() as session:
            existing = set(session.scalars(select(UserAccount.username)))
            for username, role in STAFF:
                name = person_name(rng, rng.choice(["male", "female"]))
                if username in existing:
                    continue
                session.add(UserAccount(username=username, full_name=name, role=role.value,
                                        password_hash=password_hash, active=True))
                created += 1
        return created

    def _lockout_example(self, supervisor: Actor) -> None:
        """tnv2 mistypes the password until the account locks; the supervisor unlocks it (audit trail lines)."""
        from hcc_desktop.errors import AuthenticationFailed

        for _ in range(self._settings.view().login_max_failures):
            try:
                self._auth.authenticate("tnv2", "demo-sai-mat-khau")
            except AuthenticationFailed:
                pass
        user = next(u for u in self._auth.list_users(supervisor) if u.username == "tnv2")
        self._auth.unlock(supervisor, user.id)

    def _demo_supervisor(self) -> Actor:
        return self._auth.authenticate("phutrach", DEMO_PASSWORD)
