"""Time is read through a clock object so tests can set it.

All stored times are aware UTC datetimes; screens show them in the center's
local time (Asia/Ho_Chi_Minh, UTC+7, no daylight saving).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Protocol

LOCAL_TZ = timezone(timedelta(hours=7), "ICT")


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware, in UTC."""
        ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)


class FixedClock:
    """A clock that only moves when told to (tests, demo data)."""

    def __init__(self, start: datetime) -> None:
        if start.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self._now = start.astimezone(timezone.utc)

    def now(self) -> datetime:
        return self._now

    def set(self, when: datetime) -> None:
        self._now = when.astimezone(timezone.utc)

    def advance(self, **delta: float) -> datetime:
        self._now += timedelta(**delta)
        return self._now


def to_local(when: datetime) -> datetime:
    return when.astimezone(LOCAL_TZ)


def local_today(clock: Clock) -> date:
    return to_local(clock.now()).date()


def format_local(when: datetime, pattern: str = "%H:%M %d/%m/%Y") -> str:
    return to_local(when).strftime(pattern)
