"""Models of the upward exchange: the outbox of exported files, what was imported, conflicts, quarantine.

These rows describe this installation's own exchanges and never leave it (no ``Record`` mixin).
Imported from :mod:`hcc_desktop.storage.models` so one ``Base.metadata`` holds every table.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Date, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hcc_desktop.storage.models import Base
from hcc_desktop.storage.types import NFCString, NFCText, UTCDateTime


class ExchangeFile(Base):
    """One file written (report workbook, data package) or read (package imported).

    Outgoing files move created → sent → acknowledged (marked by a supervisor); the cursor
    (``until``) of the newest acknowledged package is where the next incremental one starts.
    """

    __tablename__ = "exchange_file"
    __table_args__ = (Index(None, "direction", "kind", "status"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    direction: Mapped[str] = mapped_column(String(8))  # out | in
    kind: Mapped[str] = mapped_column(String(16))  # report | package
    scope: Mapped[str] = mapped_column(String(16))  # full | incremental | aggregate | detail | detail_full
    status: Mapped[str] = mapped_column(String(16))  # created | sent | acknowledged | applied
    file_name: Mapped[str] = mapped_column(NFCString(260))
    path: Mapped[str] = mapped_column(NFCText, default="")
    sha256: Mapped[str] = mapped_column(String(64), default="")
    records: Mapped[int] = mapped_column(Integer, default=0)
    counts_json: Mapped[str] = mapped_column(NFCText, default="{}")
    source_device: Mapped[uuid.UUID] = mapped_column(Uuid)
    since: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    period_first: Mapped[date | None] = mapped_column(Date, nullable=True)
    period_last: Mapped[date | None] = mapped_column(Date, nullable=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    created_by: Mapped[str] = mapped_column(NFCString(64), default="")
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    acknowledged_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    acknowledged_by: Mapped[str] = mapped_column(NFCString(64), default="")


class ExchangeSeen(Base):
    """The version (``updated_at``) of a record as last imported (or resolved), and when.

    Every change here stamps a new ``updated_at``, so a record whose local copy still has
    this version was not edited here since: a newer version from another machine may
    replace it. Records imported after a package's cursor are forwarded in the next
    incremental package.
    """

    __tablename__ = "exchange_seen"
    __table_args__ = (Index(None, "seen_at"),)

    table_name: Mapped[str] = mapped_column(String(40), primary_key=True)
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    version: Mapped[str] = mapped_column(String(32))
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ExchangeConflict(Base):
    """A record present here and in an imported package with other content; a supervisor decides."""

    __tablename__ = "exchange_conflict"
    __table_args__ = (Index(None, "status"), Index(None, "table_name", "record_id"))

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    file_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    table_name: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    incoming_hash: Mapped[str] = mapped_column(String(64))
    incoming_json: Mapped[str] = mapped_column(NFCText)
    status: Mapped[str] = mapped_column(String(8))  # open | kept | taken
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    resolved_by: Mapped[str] = mapped_column(NFCString(64), default="")


class ExchangeQuarantine(Base):
    """A record of an imported package that could not be applied, with the reason."""

    __tablename__ = "exchange_quarantine"
    __table_args__ = (Index(None, "file_id"),)

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True)
    file_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    table_name: Mapped[str] = mapped_column(String(40))
    record_key: Mapped[str] = mapped_column(String(64), default="")
    reason: Mapped[str] = mapped_column(NFCText)
    payload: Mapped[str] = mapped_column(NFCText, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
