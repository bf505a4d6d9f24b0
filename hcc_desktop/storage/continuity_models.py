"""Models of continuity of service: scenario playbooks, offices people are sent to, incidents,
referrals, complaints, submissions waiting for the connection, and paper tickets entered afterwards.

Imported by :mod:`hcc_desktop.storage.models` so one ``Base.metadata`` holds every table.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hcc_desktop.storage.models import Base, Record
from hcc_desktop.storage.types import NFCString, NFCText, UTCDateTime


class Playbook(Record, Base):
    """A scenario and how to handle it (kịch bản xử lý tình huống); edited by a supervisor."""

    __tablename__ = "playbook"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    plan_row: Mapped[int | None] = mapped_column(Integer, nullable=True)  # row of the plan's table, if any
    title: Mapped[str] = mapped_column(NFCString(300))  # the situation
    difficulty: Mapped[str] = mapped_column(NFCText, default="")
    handling: Mapped[str] = mapped_column(NFCText, default="")
    responsible: Mapped[str] = mapped_column(NFCText, default="")
    steps_json: Mapped[str] = mapped_column(NFCText, default="[]")  # JSON list of the checklist's steps
    record_hint: Mapped[str] = mapped_column(NFCText, default="")  # what to write down
    action: Mapped[str] = mapped_column(String(24), default="")  # referral | feedback | complaint | offline | ...
    office_code: Mapped[str] = mapped_column(String(32), default="")  # where a referral goes by default
    bring: Mapped[str] = mapped_column(NFCText, default="")  # what the person takes there, one per line
    source: Mapped[str] = mapped_column(NFCText, default="")
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Office(Record, Base):
    """A place people are sent to (Công an xã, Đoàn Thanh niên, …): editable data with a verified flag."""

    __tablename__ = "office"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(NFCString(200))
    address: Mapped[str] = mapped_column(NFCText, default="")
    hours: Mapped[str] = mapped_column(NFCText, default="")
    phone: Mapped[str] = mapped_column(NFCString(60), default="")
    matches: Mapped[str] = mapped_column(NFCText, default="")  # words of a paper's "nơi cấp", one per line
    note: Mapped[str] = mapped_column(NFCText, default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # False: closed, nobody is sent there


class Incident(Record, Base):
    """A playbook applied (tình huống phát sinh): the steps ticked and a note, linked to the visit."""

    __tablename__ = "incident"
    __table_args__ = (Index(None, "at"), Index(None, "playbook_code", "at"))

    playbook_code: Mapped[str] = mapped_column(String(32))
    playbook_title: Mapped[str] = mapped_column(NFCString(300))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    visit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("visit.id"), nullable=True)
    ticket_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("queue_ticket.id"), nullable=True)
    citizen_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("citizen.id"), nullable=True)
    dossier_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("dossier.id"), nullable=True)
    steps_json: Mapped[str] = mapped_column(NFCText, default="[]")  # [[step text, done], ...] as applied
    note: Mapped[str] = mapped_column(NFCText, default="")
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)


class Referral(Record, Base):
    """A person sent elsewhere (giới thiệu, chuyển đến), followed up until they return or it is closed."""

    __tablename__ = "referral"
    __table_args__ = (Index(None, "status", "at"),)

    code: Mapped[str] = mapped_column(String(32), unique=True)
    incident_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("incident.id"), nullable=True)
    playbook_code: Mapped[str] = mapped_column(String(32))
    office_code: Mapped[str] = mapped_column(String(32))
    office_name: Mapped[str] = mapped_column(NFCString(200))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    visit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("visit.id"), nullable=True)
    citizen_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("citizen.id"), nullable=True)
    dossier_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("dossier.id"), nullable=True)
    citizen_name: Mapped[str] = mapped_column(NFCString(200), default="")
    reason: Mapped[str] = mapped_column(NFCText, default="")
    bring: Mapped[str] = mapped_column(NFCText, default="")
    external_ref: Mapped[str] = mapped_column(NFCString(80), default="")  # e.g. the feedback system's number
    return_on: Mapped[date | None] = mapped_column(Date, nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | returned | closed
    return_ticket_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("queue_ticket.id"), nullable=True)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    outcome: Mapped[str] = mapped_column(NFCText, default="")
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)


class Complaint(Record, Base):
    """A complaint or upset feedback (phản ánh): who, what, when, how it was answered or forwarded."""

    __tablename__ = "complaint"
    __table_args__ = (Index(None, "status", "received_at"),)

    incident_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("incident.id"), nullable=True)
    visit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("visit.id"), nullable=True)
    citizen_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("citizen.id"), nullable=True)
    person_name: Mapped[str] = mapped_column(NFCString(200))
    contact: Mapped[str] = mapped_column(NFCString(80), default="")
    content: Mapped[str] = mapped_column(NFCText)
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    channel: Mapped[str] = mapped_column(String(16), default="counter")
    response: Mapped[str] = mapped_column(NFCText, default="")
    forwarded_to: Mapped[str] = mapped_column(NFCString(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="open")  # open | answered | forwarded | closed
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)


class PendingSubmission(Record, Base):
    """An online submission that could not be made (no connection), with the data already collected."""

    __tablename__ = "pending_submission"
    __table_args__ = (Index(None, "status", "queued_at"),)

    incident_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("incident.id"), nullable=True)
    visit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("visit.id"), nullable=True)
    citizen_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("citizen.id"), nullable=True)
    procedure_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("procedure.id"), nullable=True)
    citizen_name: Mapped[str] = mapped_column(NFCString(200), default="")
    procedure_name: Mapped[str] = mapped_column(NFCString(300), default="")
    data_json: Mapped[str] = mapped_column(NFCText, default="{}")
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | submitted | cancelled
    queued_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    online_ref: Mapped[str] = mapped_column(NFCString(80), default="")
    note: Mapped[str] = mapped_column(NFCText, default="")
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)


class BackEntry(Record, Base):
    """A paper ticket written during a power cut and entered afterwards (nhập bù); its times are estimates."""

    __tablename__ = "back_entry"

    ticket_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("queue_ticket.id"), unique=True)
    visit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("visit.id"), nullable=True)
    paper_code: Mapped[str] = mapped_column(NFCString(16))  # as written on the paper ticket
    renumbered: Mapped[bool] = mapped_column(Boolean, default=False)  # the paper number was already taken
    entered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
