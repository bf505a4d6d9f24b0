"""SQLAlchemy 2 typed models.

Every record that can leave the machine derives from :class:`Record`: a UUID
primary key, ``created_at``/``updated_at`` in UTC and the ``device_id`` of the
installation that wrote it, filled in by :mod:`hcc_desktop.storage.engine` at
flush time from the session's clock and device.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, MetaData, String, UniqueConstraint, Uuid
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from hcc_desktop.storage.types import NFCString, NFCText, UTCDateTime

NAMING = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Record:
    """Columns shared by every record that may be exported or merged."""

    id: Mapped[uuid.UUID] = mapped_column(Uuid, primary_key=True, default=uuid.uuid4)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    device_id: Mapped[uuid.UUID] = mapped_column(Uuid)


class Installation(Base):
    """One row: this installation's identity."""

    __tablename__ = "installation"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    device_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    demo_data: Mapped[bool] = mapped_column(Boolean, default=False)


class UserAccount(Record, Base):
    __tablename__ = "user_account"

    username: Mapped[str] = mapped_column(NFCString(64), unique=True)
    full_name: Mapped[str] = mapped_column(NFCString(200))
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(200))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    failed_logins: Mapped[int] = mapped_column(Integer, default=0)  # wrong passwords in a row
    locked_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)  # lock-out after too many


class Setting(Base):
    """A setting's stored value (JSON); declarations live in ``hcc_desktop.settings``."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value_json: Mapped[str] = mapped_column(NFCText)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("user_account.id"), nullable=True)


class PriorityReason(Record, Base):
    """Why a person is served before others, and in which tier; edited by a supervisor."""

    __tablename__ = "priority_reason"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    label: Mapped[str] = mapped_column(NFCString(120))
    tier: Mapped[str] = mapped_column(String(16))  # head | priority | regular
    needs_note: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class QueueTicket(Record, Base):
    """One number issued at the counter or the volunteer desk."""

    __tablename__ = "queue_ticket"
    # Numbers restart daily on each device: a laptop's T001 and the center's T001 of one day both stay.
    __table_args__ = (UniqueConstraint("service_day", "tier", "number", "device_id"),
                      Index(None, "service_day", "status", "tier", "seq"),
                      Index(None, "service_day", "seq"))

    service_day: Mapped[date] = mapped_column(Date)
    seq: Mapped[int] = mapped_column(Integer)  # issue order within the day; never from the clock
    tier: Mapped[str] = mapped_column(String(16))
    prefix: Mapped[str] = mapped_column(NFCString(4))
    number: Mapped[int] = mapped_column(Integer)
    reason_code: Mapped[str] = mapped_column(String(32))
    reason_label: Mapped[str] = mapped_column(NFCString(120))
    reason_note: Mapped[str] = mapped_column(NFCText, default="")
    reason_verified: Mapped[bool] = mapped_column(Boolean, default=False)
    citizen_name: Mapped[str] = mapped_column(NFCString(200), default="")
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    seat: Mapped[str] = mapped_column(NFCString(40), default="")
    needs: Mapped[str] = mapped_column(String(64), default="")  # comma list: hearing, vision, mobility
    status: Mapped[str] = mapped_column(String(16))
    counter: Mapped[str] = mapped_column(NFCString(60), default="")  # counter serving / last called at
    assigned_counter: Mapped[str] = mapped_column(NFCString(60), default="")  # set by a transfer
    service_note: Mapped[str] = mapped_column(NFCString(200), default="")
    recall_count: Mapped[int] = mapped_column(Integer, default=0)
    call_rule: Mapped[str] = mapped_column(String(32), default="")
    postponed_until: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    issued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    called_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    issued_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    request_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, unique=True, nullable=True)  # one ticket per click


class QueueDay(Base):
    """Per-day queue state that must survive a restart: the current run of priority calls."""

    __tablename__ = "queue_day"

    service_day: Mapped[date] = mapped_column(Date, primary_key=True)
    priority_streak: Mapped[int] = mapped_column(Integer, default=0)
    calls: Mapped[int] = mapped_column(Integer, default=0)


class QueueEvent(Record, Base):
    """What happened to a ticket, by whom, at which counter, and (for calls) which rule chose it."""

    __tablename__ = "queue_event"
    __table_args__ = (Index(None, "ticket_id"), Index(None, "service_day", "kind"))

    ticket_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("queue_ticket.id"))
    service_day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    counter: Mapped[str] = mapped_column(NFCString(60), default="")
    rule: Mapped[str] = mapped_column(String(32), default="")
    detail: Mapped[str] = mapped_column(NFCText, default="")
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)


from hcc_desktop.storage import case_models  # noqa: E402,F401  (registers the case tables on Base.metadata)
from hcc_desktop.storage import exchange_models  # noqa: E402,F401  (the outbox, imports, conflicts)


class AuditEntry(Base):
    """One line of the append-only audit trail; ``hash`` chains it to the line before.

    Triggers (migration 0005) refuse UPDATE and DELETE; ``AuditHead`` repeats the last
    line's number and hash so removing lines from the end is caught as well.
    """

    __tablename__ = "audit_log"
    __table_args__ = (Index(None, "at"), Index(None, "action"))

    seq: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    device_id: Mapped[uuid.UUID] = mapped_column(Uuid)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, nullable=True)
    username: Mapped[str] = mapped_column(NFCString(64), default="")
    action: Mapped[str] = mapped_column(String(32))
    subject: Mapped[str] = mapped_column(String(80), default="")  # "citizen:<uuid>", "setting:<key>", ...
    detail: Mapped[str] = mapped_column(NFCText, default="{}")  # JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64), unique=True)


class AuditHead(Base):
    """One row: the number and hash of the newest audit line."""

    __tablename__ = "audit_head"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    seq: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))


from hcc_desktop.storage import continuity_models  # noqa: E402,F401  (playbooks, incidents, referrals, ...)
