"""Small SQL expressions that differ between databases (kept here, out of the services)."""

from __future__ import annotations

from sqlalchemy import Float, cast, func
from sqlalchemy.sql.elements import ColumnElement


def minutes_between(dialect_name: str, start: ColumnElement, end: ColumnElement) -> ColumnElement:
    """Minutes from ``start`` to ``end`` (two stored UTC times), computed by the database."""
    if dialect_name == "sqlite":
        return (func.julianday(end) - func.julianday(start)) * 1440.0
    return cast(func.extract("epoch", end - start), Float) / 60.0
