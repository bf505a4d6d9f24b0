"""The working-day calendar: the only place in the program that computes due dates.

A day is a working day when, in this order:

1. a local override (table ``calendar_override``) says so: ``work`` → yes, ``off`` → no;
2. it is a Vietnamese public holiday or a substituted day off, per the ``holidays`` package → no;
3. it is a weekend day the Government swapped into a working day, per the same package → yes;
4. otherwise its weekday is in the ``working_weekdays`` setting.

The ``holidays`` package costs about 75 ms to import, so it is loaded on first use, never at start-up.
"""

from __future__ import annotations

import calendar
import logging
import time
from dataclasses import dataclass
from functools import lru_cache
from datetime import date, datetime, time as clock_time, timedelta, timezone

from sqlalchemy import delete, insert, select, update

from hcc_desktop.clock import LOCAL_TZ, local_today, to_local
from hcc_desktop.errors import NotFound, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.auth import MANAGERS, Actor, require_role
from hcc_desktop.services.settings import SettingsService
from hcc_desktop.storage.case_models import CalendarOverride
from hcc_desktop.storage.engine import Database
from hcc_desktop.text import clean

logger = logging.getLogger(__name__)

OFF, WORK = "off", "work"
KINDS = (OFF, WORK)
MAX_WORKING_DAYS = 1000
MAX_YEARS_AWAY = 2
MAX_REASON = 300
CACHE_SECONDS = 5.0  # another process (a CLI command) may change overrides; re-read at least this often
_SEARCH_LIMIT = 3660  # days; no calendar has ten years without a working day
_TABLE = CalendarOverride.__table__
_COLUMNS = (_TABLE.c.day, _TABLE.c.kind, _TABLE.c.reason)


@dataclass(frozen=True)
class Override:
    day: date
    kind: str  # off | work
    reason: str


@dataclass(frozen=True)
class DayInfo:
    """One day of the month view: is it worked, and why (a Vietnamese sentence, never colour alone)."""

    day: date
    working: bool
    holiday: str | None
    swapped_workday: bool
    override: Override | None
    why: str

    @property
    def special(self) -> bool:
        """A holiday, a swapped working day or a local override (not a plain weekday or weekend)."""
        return bool(self.holiday or self.swapped_workday or self.override)


@lru_cache(maxsize=None)
def _public_year(year: int) -> tuple[dict[date, str], frozenset[date]]:
    """Vietnamese names of the public holidays (and substituted days off) of a year; swapped working days."""
    import holidays  # lazily: ~75 ms

    table = holidays.country_holidays("VN", years=year, language="vi")
    return dict(table.items()), frozenset(table.weekend_workdays)


def _holiday(day: date) -> str | None:
    return _public_year(day.year)[0].get(day)


def _swapped_workday(day: date) -> bool:
    return day in _public_year(day.year)[1]


@dataclass(frozen=True)
class _Rules:
    weekdays: frozenset[int]
    cutoff: clock_time
    close: clock_time
    overrides: dict[date, Override]


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _valid_days(working_days: int) -> int:
    if isinstance(working_days, bool) or not isinstance(working_days, int):
        raise ValidationError(tr("Số ngày làm việc phải là một số nguyên."), "working_days")
    if working_days < 0:
        raise ValidationError(tr("Số ngày làm việc không được âm (đã nhập {n}).", n=working_days), "working_days")
    if working_days > MAX_WORKING_DAYS:
        raise ValidationError(tr("Số ngày làm việc tối đa là {max}.", max=MAX_WORKING_DAYS), "working_days")
    return working_days


def _valid_day(day: date) -> date:
    if isinstance(day, datetime) or not isinstance(day, date):
        raise ValidationError(tr("Hãy chọn một ngày hợp lệ."), "day")
    return day


def _valid_kind(kind: str) -> str:
    if kind not in KINDS:
        raise ValidationError(tr("Loại điều chỉnh phải là “ngày nghỉ thêm” hoặc “ngày làm việc thêm”."), "kind")
    return kind


def _valid_reason(reason: str) -> str:
    text = clean(reason)
    if not text:
        raise ValidationError(tr("Hãy ghi lý do điều chỉnh (ví dụ: số văn bản của UBND xã)."), "reason")
    if len(text) > MAX_REASON:
        raise ValidationError(tr("Lý do dài tối đa {n} ký tự.", n=MAX_REASON), "reason")
    return text


def _show(day: date) -> str:
    return day.strftime("%d/%m/%Y")


class CalendarService:
    def __init__(self, db: Database, settings: SettingsService) -> None:
        self._db = db
        self._settings = settings
        self._cache: tuple[float, dict[date, Override]] | None = None
        self._writes = 0  # a read that started before a write must not refill the cache with old rows

    # -- working days -------------------------------------------------------------
    def is_working_day(self, day: date) -> bool:
        return self._working(day, self._rules())

    def holiday_name(self, day: date) -> str | None:
        """The Vietnamese name of the public holiday (or substituted day off) on ``day``, if any."""
        return _holiday(day)

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        rules = self._rules()
        return sum(self._working(start + timedelta(days=i), rules) for i in range(1, (end - start).days + 1))

    def days_off_ahead(self, start: date, days: int = 14) -> list[DayInfo]:
        """Public holidays and local days off in the ``days`` after ``start`` (not ordinary weekends):
        what the waiting room is told in advance."""
        rules = self._rules()
        found = (self._describe(start + timedelta(days=i), rules) for i in range(1, days + 1))
        return [d for d in found if not d.working and (d.holiday or d.override is not None)]

    def month_view(self, year: int, month: int) -> list[DayInfo]:
        rules = self._rules()
        return [self._describe(date(year, month, d), rules) for d in range(1, calendar.monthrange(year, month)[1] + 1)]

    # -- due dates ----------------------------------------------------------------
    def due_date(self, received_at: datetime, working_days: int) -> date:
        """The day a result is due for a dossier received at ``received_at`` (see domain-facts.md)."""
        n = _valid_days(working_days)
        if received_at.tzinfo is None:
            raise ValueError("received_at must be timezone-aware")
        local = to_local(received_at)
        rules = self._rules()
        day = local.date()
        if n == 0:
            if self._working(day, rules) and local.time() < rules.cutoff:
                return day
            return self._next_working(day, rules)
        for _ in range(n):
            day = self._next_working(day, rules)
        return day

    def due_at(self, received_at: datetime, working_days: int) -> datetime:
        """The due date at the closing time of that day, as an aware UTC datetime."""
        due = self.due_date(received_at, working_days)
        close = self._rules().close
        return datetime.combine(due, close, tzinfo=LOCAL_TZ).astimezone(timezone.utc)

    # -- local overrides ----------------------------------------------------------
    def overrides(self, actor: Actor, year: int | None = None) -> list[Override]:
        require_role(actor, *MANAGERS)
        items = sorted(self._override_map().values(), key=lambda o: o.day)
        return [o for o in items if year is None or o.day.year == year]

    def set_override(self, actor: Actor, day: date, kind: str, reason: str) -> Override:
        """Add or replace the local override of ``day`` (an extra day off or an extra working day)."""
        require_role(actor, *MANAGERS)
        override = Override(self._within_reach(_valid_day(day)), _valid_kind(kind), _valid_reason(reason))
        values = {"kind": override.kind, "reason": override.reason}
        try:
            with self._db.write_core() as conn:
                changed = conn.execute(update(_TABLE).where(_TABLE.c.day == override.day),
                                       self._db.stamp(dict(values), new=False)).rowcount
                if not changed:
                    conn.execute(insert(_TABLE), self._db.stamp({"day": override.day, **values}))
        finally:
            self._forget()
        logger.info("calendar override set: %s %s", override.day.isoformat(), override.kind)
        return override

    def remove_override(self, actor: Actor, day: date) -> None:
        require_role(actor, *MANAGERS)
        day = _valid_day(day)
        try:
            with self._db.write_core() as conn:
                removed = conn.execute(delete(_TABLE).where(_TABLE.c.day == day)).rowcount
        finally:
            self._forget()
        if not removed:
            raise NotFound(tr("Ngày {day} không có điều chỉnh riêng nào để xóa.", day=_show(day)))
        logger.info("calendar override removed: %s", day.isoformat())

    # -- internals ----------------------------------------------------------------
    def _rules(self) -> _Rules:
        view = self._settings.view()
        return _Rules(frozenset(view.working_weekdays), clock_time.fromisoformat(view.same_day_cutoff),
                      clock_time.fromisoformat(view.afternoon_close), self._override_map())

    def _override_map(self) -> dict[date, Override]:
        cached = self._cache
        if cached is not None and time.monotonic() - cached[0] < CACHE_SECONDS:
            return cached[1]
        writes = self._writes
        with self._db.read_core() as conn:
            rows = conn.execute(select(*_COLUMNS)).all()
        found = {row.day: Override(row.day, row.kind, row.reason) for row in rows}
        if writes == self._writes:
            self._cache = (time.monotonic(), found)
        return found

    def _forget(self) -> None:
        self._writes += 1
        self._cache = None

    @staticmethod
    def _working(day: date, rules: _Rules) -> bool:
        override = rules.overrides.get(day)
        if override is not None:
            return override.kind == WORK
        if _holiday(day) is not None:
            return False
        return _swapped_workday(day) or day.weekday() in rules.weekdays

    def _next_working(self, day: date, rules: _Rules) -> date:
        for step in range(1, _SEARCH_LIMIT):
            candidate = day + timedelta(days=step)
            if self._working(candidate, rules):
                return candidate
        raise ValidationError(tr("Không tìm thấy ngày làm việc nào sau ngày {day}; hãy kiểm tra lịch làm việc.",
                                 day=_show(day)))

    def _describe(self, day: date, rules: _Rules) -> DayInfo:
        override, holiday, swapped = rules.overrides.get(day), _holiday(day), _swapped_workday(day)
        if override is not None:
            why = (tr("Nghỉ theo lịch riêng của xã: {reason}", reason=override.reason) if override.kind == OFF
                   else tr("Làm việc theo lịch riêng của xã: {reason}", reason=override.reason))
        elif holiday:
            why = tr("Nghỉ lễ: {name}", name=holiday)
        elif swapped:
            why = tr("Làm việc bù theo lịch nghỉ lễ của Nhà nước")
        else:
            why = tr("Ngày làm việc") if day.weekday() in rules.weekdays else tr("Ngày nghỉ hằng tuần")
        return DayInfo(day, self._working(day, rules), holiday, swapped, override, why)

    def _within_reach(self, day: date) -> date:
        today = local_today(self._db.clock)
        first, last = _add_years(today, -MAX_YEARS_AWAY), _add_years(today, MAX_YEARS_AWAY)
        if not first <= day <= last:
            raise ValidationError(tr("Chỉ điều chỉnh được các ngày trong vòng {n} năm quanh hôm nay "
                                     "(từ {first} đến {last}); ngày {day} nằm ngoài khoảng đó.",
                                     n=MAX_YEARS_AWAY, first=_show(first), last=_show(last), day=_show(day)), "day")
        return day


def board_notice(settings_view, calendar: "CalendarService", today: date) -> str:
    """The waiting room's running notice: the supervisor's text, then the days off of the next two weeks."""
    parts = [settings_view.board_notice] if settings_view.board_notice else []
    for info in calendar.days_off_ahead(today, 14):
        reason = info.holiday or (info.override.reason if info.override is not None else "")
        parts.append(tr("Trung tâm nghỉ {day}{reason}.", day=_show_weekday(info.day),
                        reason=f" ({reason})" if reason else ""))
    return "   •   ".join(parts)


def _show_weekday(day: date) -> str:
    names = (tr("Thứ Hai"), tr("Thứ Ba"), tr("Thứ Tư"), tr("Thứ Năm"), tr("Thứ Sáu"), tr("Thứ Bảy"), tr("Chủ nhật"))
    return f"{names[day.weekday()]} {day:%d/%m/%Y}"
