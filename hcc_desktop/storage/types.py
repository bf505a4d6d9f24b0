"""Column types shared by the models."""

from __future__ import annotations

import unicodedata
from datetime import datetime, timezone

from sqlalchemy import DateTime, String, Text
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Stores aware datetimes as UTC; returns them aware (UTC). Naive input is refused."""

    impl = DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        return value.astimezone(timezone.utc).replace(tzinfo=None)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        return None if value is None else value.replace(tzinfo=timezone.utc)


class NFCString(TypeDecorator[str]):
    """A string column that is always stored NFC-normalized (second line of defence)."""

    impl = String
    cache_ok = True

    def process_bind_param(self, value: str | None, dialect) -> str | None:
        return None if value is None else unicodedata.normalize("NFC", value)


class NFCText(NFCString):
    impl = Text
    cache_ok = True
