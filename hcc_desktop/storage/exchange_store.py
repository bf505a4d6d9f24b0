"""Rows in and out of data packages, in the package's canonical form.

The canonical form of a value (what a package's JSON lines hold) is database-neutral:

* UUID: 32 lower-case hex digits; datetime: UTC as ``YYYY-MM-DD HH:MM:SS.ffffff``;
  date: ``YYYY-MM-DD``; boolean: ``true``/``false``; integers and NFC text as they are; ``null``.

SQLite happens to store exactly these forms (booleans as 0/1), so on SQLite rows are read
and written through the driver with no per-value conversion beyond checking them; other
databases go through SQLAlchemy Core with Python values. This is the only module of the
exchange that knows a dialect.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime, timezone

from sqlalchemy import Boolean, Date, Integer, Table, Uuid, insert, select, update
from sqlalchemy.engine import Connection

from hcc_desktop.storage.types import UTCDateTime

_HEX32 = re.compile(r"[0-9a-f]{32}")
_DT_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


class BadValue(ValueError):
    """A value of a package row that does not fit its column (the message names the column)."""


@dataclass(frozen=True)
class Column:
    name: str
    kind: str  # uuid | datetime | date | bool | int | text
    nullable: bool


def columns_of(table: Table, exclude: Iterable[str] = ()) -> tuple[Column, ...]:
    out = []
    for col in table.columns:
        if col.name in exclude:
            continue
        kind = ("uuid" if isinstance(col.type, Uuid) else "datetime" if isinstance(col.type, UTCDateTime)
                else "date" if isinstance(col.type, Date) else "bool" if isinstance(col.type, Boolean)
                else "int" if isinstance(col.type, Integer) else "text")
        out.append(Column(col.name, kind, bool(col.nullable)))
    return tuple(out)


# -- checking a canonical value (package → database) -----------------------------
def _check_uuid(v):
    if type(v) is str and _HEX32.fullmatch(v):
        return v
    raise BadValue


def _check_datetime(v):
    if type(v) is str and len(v) == 26:
        datetime.fromisoformat(v)  # raises ValueError on a bad date
        return v
    raise BadValue


def _check_date(v):
    if type(v) is str and len(v) == 10:
        date.fromisoformat(v)
        return v
    raise BadValue


def _check_bool(v):
    if type(v) is bool:
        return v
    raise BadValue


def _check_int(v):
    if type(v) is int:
        return v
    raise BadValue


def _check_text(v):
    if type(v) is str:
        return v if unicodedata.is_normalized("NFC", v) else unicodedata.normalize("NFC", v)
    raise BadValue


CHECKS = {"uuid": _check_uuid, "datetime": _check_datetime, "date": _check_date, "bool": _check_bool,
          "int": _check_int, "text": _check_text}


def row_checker(columns: tuple[Column, ...]):
    """A function checking rows of these columns (the per-row work of :func:`check_row`, set up once)."""
    plan = [(c.name, CHECKS[c.kind], c.nullable) for c in columns]
    width = len(plan)

    def check(row: dict) -> dict:
        if len(row) != width:
            return check_row(columns, row)  # names what is missing or extra
        out = {}
        name = ""
        try:
            for name, fn, nullable in plan:
                value = row[name]
                if value is None:
                    if not nullable:
                        raise BadValue(name)
                    out[name] = None
                else:
                    out[name] = fn(value)
        except (BadValue, ValueError, TypeError, KeyError):
            raise BadValue(name) from None
        return out

    return check


def check_row(columns: tuple[Column, ...], row: dict) -> dict:
    """The row with every value checked (text made NFC); raises BadValue naming the first bad column."""
    if len(row) != len(columns):
        missing = [c.name for c in columns if c.name not in row]
        extra = [k for k in row if k not in {c.name for c in columns}]
        raise BadValue(", ".join(missing + extra))
    out = {}
    for col in columns:
        try:
            value = row[col.name]
        except KeyError:
            raise BadValue(col.name) from None
        if value is None:
            if not col.nullable:
                raise BadValue(col.name)
            out[col.name] = None
            continue
        try:
            out[col.name] = CHECKS[col.kind](value)
        except (BadValue, ValueError, TypeError):
            raise BadValue(col.name) from None
    return out


def parse_datetime(value: str) -> datetime:
    return datetime.fromisoformat(value).replace(tzinfo=timezone.utc)


def hex_id(value: uuid.UUID) -> str:
    return value.hex


# -- Python values ↔ canonical (other databases) ---------------------------------
def _to_canonical(col: Column, v):
    if v is None:
        return None
    if col.kind == "uuid":
        return v.hex
    if col.kind == "datetime":
        return v.astimezone(timezone.utc).strftime(_DT_FORMAT)
    if col.kind == "date":
        return v.isoformat()
    return v


def _to_python(col: Column, v):
    if v is None:
        return None
    if col.kind == "uuid":
        return uuid.UUID(hex=v)
    if col.kind == "datetime":
        return parse_datetime(v)
    if col.kind == "date":
        return date.fromisoformat(v)
    return v


# -- reading ------------------------------------------------------------------
def read_rows(conn: Connection, table: Table, columns: tuple[Column, ...], where=None,
              batch: int = 2000) -> Iterator[dict]:
    """Rows of ``table`` (optionally filtered by a Core ``where``) as canonical dicts, streamed."""
    names = [c.name for c in columns]
    query = select(*[table.c[n] for n in names])
    if where is not None:
        query = query.where(where)
    if conn.dialect.name == "sqlite":
        bools = [i for i, c in enumerate(columns) if c.kind == "bool"]
        compiled = query.compile(dialect=conn.dialect, compile_kwargs={"render_postcompile": True})
        params = compiled.construct_params()
        raw = conn.connection.driver_connection
        cursor = raw.execute(str(compiled), [_raw_param(params[k]) for k in compiled.positiontup])
        try:
            while True:
                chunk = cursor.fetchmany(batch)
                if not chunk:
                    return
                for values in chunk:
                    if bools:
                        values = list(values)
                        for i in bools:
                            if values[i] is not None:
                                values[i] = bool(values[i])
                    yield dict(zip(names, values))
        finally:
            cursor.close()
    result = conn.execution_options(yield_per=batch).execute(query)
    for r in result:
        yield {c.name: _to_canonical(c, v) for c, v in zip(columns, r)}


def _raw_param(value):
    """A bound parameter of a filter, as SQLite stores it."""
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, datetime):
        return value.astimezone(timezone.utc).strftime(_DT_FORMAT)
    if isinstance(value, (list, tuple)):
        return [_raw_param(v) for v in value]
    return value


# -- writing ------------------------------------------------------------------
def insert_rows(conn: Connection, table: Table, columns: tuple[Column, ...], rows: list[dict],
                fixed: dict | None = None) -> None:
    """Insert canonical rows (already checked); ``fixed`` gives columns the package does not carry."""
    if not rows:
        return
    fixed = fixed or {}
    if conn.dialect.name == "sqlite":
        names = [c.name for c in columns] + list(fixed)
        sql = (f"INSERT INTO {table.name} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})")
        extra = tuple(_raw_param(v) for v in fixed.values())
        order = [c.name for c in columns]
        conn.exec_driver_sql(sql, [tuple(r[n] for n in order) + extra for r in rows])
        return
    conn.execute(insert(table), [{**{c.name: _to_python(c, r[c.name]) for c in columns}, **fixed} for r in rows])


def update_row(conn: Connection, table: Table, columns: tuple[Column, ...], row: dict) -> None:
    values = {c.name: _to_python(c, row[c.name]) for c in columns if c.name != "id"}
    conn.execute(update(table).where(table.c.id == uuid.UUID(hex=row["id"])).values(values))


def read_by_ids(conn: Connection, table: Table, columns: tuple[Column, ...], ids: list[str],
                chunk: int = 500) -> Iterator[dict]:
    """The local rows with these (canonical) ids, as canonical dicts."""
    for start in range(0, len(ids), chunk):
        part = [uuid.UUID(hex=i) for i in ids[start:start + chunk]]
        if conn.dialect.name == "sqlite":
            names = [c.name for c in columns]
            sql = f"SELECT {', '.join(names)} FROM {table.name} WHERE id IN ({', '.join('?' * len(part))})"
            bools = [i for i, c in enumerate(columns) if c.kind == "bool"]
            for values in conn.exec_driver_sql(sql, tuple(p.hex for p in part)):
                values = list(values)
                for i in bools:
                    if values[i] is not None:
                        values[i] = bool(values[i])
                yield dict(zip(names, values))
        else:
            query = select(*[table.c[c.name] for c in columns]).where(table.c.id.in_(part))
            for r in conn.execute(query):
                yield {c.name: _to_canonical(c, v) for c, v in zip(columns, r)}


def column_values(conn: Connection, table: Table, names: tuple[str, ...]) -> Iterator[tuple]:
    """Every row's values of ``names`` (canonical), for the unique keys and id sets of a merge."""
    columns = tuple(c for c in columns_of(table) if c.name in names)
    order = {c.name: c for c in columns}
    for row in read_rows(conn, table, tuple(order[n] for n in names)):
        yield tuple(row[n] for n in names)
