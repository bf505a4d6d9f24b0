"""Models of the people served and their cases: citizens, procedures, visits, dossiers, surveys, calendar.

Imported by :mod:`hcc_desktop.storage.models` so one ``Base.metadata`` holds every table.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, Integer, String, UniqueConstraint, Uuid
from sqlalchemy.orm import Mapped, mapped_column

from hcc_desktop.storage.models import Base, Record
from hcc_desktop.storage.types import NFCString, NFCText, UTCDateTime


class Citizen(Record, Base):
    """A person served. No image of an ID card is ever stored (Nghị định 356/2025)."""

    __tablename__ = "citizen"
    __table_args__ = (Index(None, "name_folded"), Index(None, "phone"))

    full_name: Mapped[str] = mapped_column(NFCString(200))
    name_folded: Mapped[str] = mapped_column(String(200))  # text.fold(full_name): case, diacritics, đ→d
    birth_year: Mapped[int | None] = mapped_column(Integer, nullable=True)
    birth_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    gender: Mapped[str] = mapped_column(String(8), default="")  # male | female | ""
    cccd: Mapped[str | None] = mapped_column(String(12), unique=True, nullable=True)
    phone: Mapped[str] = mapped_column(String(16), default="")
    village: Mapped[str] = mapped_column(NFCString(120), default="")
    address: Mapped[str] = mapped_column(NFCString(300), default="")
    vulnerabilities: Mapped[str] = mapped_column(String(200), default="")  # comma list of codes
    disability_type: Mapped[str] = mapped_column(String(32), default="")
    disability_level: Mapped[str] = mapped_column(String(32), default="")
    vneid: Mapped[str] = mapped_column(String(16), default="unknown")  # none | level1 | level2 | unknown
    consent: Mapped[bool] = mapped_column(Boolean, default=False)
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    note: Mapped[str] = mapped_column(NFCText, default="")


class Procedure(Record, Base):
    """An administrative procedure (TTHC) of the catalog. Legal values carry their basis and a verified flag."""

    __tablename__ = "procedure"

    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(NFCString(300))
    field: Mapped[str] = mapped_column(NFCString(120), default="")  # lĩnh vực
    processing_days: Mapped[int | None] = mapped_column(Integer, nullable=True)
    same_day: Mapped[bool] = mapped_column(Boolean, default=False)
    fee: Mapped[str] = mapped_column(NFCText, default="")
    legal_basis: Mapped[str] = mapped_column(NFCText, default="")
    purpose: Mapped[str] = mapped_column(NFCText, default="")
    who_may_apply: Mapped[str] = mapped_column(NFCText, default="")
    verified: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    note: Mapped[str] = mapped_column(NFCText, default="")
    agency: Mapped[str] = mapped_column(NFCText, default="")  # cơ quan chủ trì giải quyết
    result_return: Mapped[str] = mapped_column(NFCText, default="")  # where and how the result is handed back


class ProcedureDocument(Record, Base):
    """A paper the applicant brings for a procedure."""

    __tablename__ = "procedure_document"
    __table_args__ = (Index(None, "procedure_id", "position"),)

    procedure_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("procedure.id"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(NFCText)
    copy_kind: Mapped[str] = mapped_column(String(16), default="original")  # original | copy | certified
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    where_to_obtain: Mapped[str] = mapped_column(NFCText, default="")
    required: Mapped[bool] = mapped_column(Boolean, default=True)


class Visit(Record, Base):
    """One 'lượt hỗ trợ': a person served, from greeting to satisfaction. Saved as a draft while typed."""

    __tablename__ = "visit"
    __table_args__ = (Index(None, "status", "started_at"), Index(None, "citizen_id"))

    ticket_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("queue_ticket.id"), nullable=True)
    citizen_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("citizen.id"), nullable=True)
    procedure_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("procedure.id"), nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")  # draft | completed | abandoned
    need: Mapped[str] = mapped_column(NFCText, default="")
    support: Mapped[str] = mapped_column(String(200), default="")  # comma list of support codes
    support_note: Mapped[str] = mapped_column(NFCText, default="")
    documents_ok: Mapped[str] = mapped_column(NFCText, default="")  # JSON list of ticked procedure_document ids
    outcome: Mapped[str] = mapped_column(String(32), default="")
    helper_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    helper_role: Mapped[str] = mapped_column(String(20), default="")
    started_at: Mapped[datetime] = mapped_column(UTCDateTime)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    draft_json: Mapped[str] = mapped_column(NFCText, default="")  # the form as typed, restored after a power cut
    note: Mapped[str] = mapped_column(NFCText, default="")


class Dossier(Record, Base):
    """A hồ sơ received for a procedure, with its lifecycle and how the result is delivered."""

    __tablename__ = "dossier"
    # A code is unique on the device that gave it: a laptop merged into the center keeps the codes it printed.
    __table_args__ = (Index(None, "status", "due_at"), Index(None, "citizen_id"),
                      UniqueConstraint("code", "device_id"))

    code: Mapped[str] = mapped_column(String(40))
    visit_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("visit.id"), nullable=True)
    citizen_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("citizen.id"))
    procedure_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("procedure.id"))
    status: Mapped[str] = mapped_column(String(20), default="received")
    channel: Mapped[str] = mapped_column(String(20), default="counter")
    online_ref: Mapped[str] = mapped_column(NFCString(80), default="")
    received_at: Mapped[datetime] = mapped_column(UTCDateTime)
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    returned_at: Mapped[datetime | None] = mapped_column(UTCDateTime, nullable=True)
    delivery: Mapped[str] = mapped_column(String(20), default="center")
    delivery_address: Mapped[str] = mapped_column(NFCText, default="")
    fee: Mapped[str] = mapped_column(NFCText, default="")
    copies: Mapped[int] = mapped_column(Integer, default=1)
    book_volume: Mapped[str] = mapped_column(NFCString(20), default="")
    book_number: Mapped[int | None] = mapped_column(Integer, nullable=True)
    received_by: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)
    note: Mapped[str] = mapped_column(NFCText, default="")


class DossierEvent(Record, Base):
    __tablename__ = "dossier_event"
    __table_args__ = (Index(None, "dossier_id"),)

    dossier_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("dossier.id"))
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    kind: Mapped[str] = mapped_column(String(24))
    from_status: Mapped[str] = mapped_column(String(20), default="")
    to_status: Mapped[str] = mapped_column(String(20), default="")
    detail: Mapped[str] = mapped_column(NFCText, default="")
    user_id: Mapped[uuid.UUID | None] = mapped_column(Uuid, ForeignKey("user_account.id"), nullable=True)


class Survey(Record, Base):
    """How satisfied the person was with one visit (đánh giá mức độ hài lòng)."""

    __tablename__ = "survey"

    visit_id: Mapped[uuid.UUID] = mapped_column(Uuid, ForeignKey("visit.id"), unique=True)
    level: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 5 rất hài lòng … 1 rất không hài lòng
    trips: Mapped[int | None] = mapped_column(Integer, nullable=True)  # 0, 1, 2 (= 2 or more)
    comment: Mapped[str] = mapped_column(NFCText, default="")
    skipped: Mapped[bool] = mapped_column(Boolean, default=False)


class CalendarOverride(Record, Base):
    """A local correction of the working calendar: an extra day off or an extra working day."""

    __tablename__ = "calendar_override"

    day: Mapped[date] = mapped_column(Date, unique=True)
    kind: Mapped[str] = mapped_column(String(8))  # off | work
    reason: Mapped[str] = mapped_column(NFCText, default="")
