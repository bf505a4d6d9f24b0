"""SQLAlchemy 2 typed models.

Every record that can leave the machine derives from :class:`Record`: a UUID
primary key, ``created_at``/``updated_at`` in UTC and the ``device_id`` of the
installation that wrote it, filled in by :mod:`hcc_desktop.storage.engine` at
flush time from the session's clock and device.
"""

from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, MetaData, String, Uuid
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


class Setting(Base):
    """A setting's stored value (JSON); declarations live in ``hcc_desktop.settings``."""

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value_json: Mapped[str] = mapped_column(NFCText)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_by: Mapped[uuid.UUID | None] = mapped_column(
        Uuid, ForeignKey("user_account.id"), nullable=True)
