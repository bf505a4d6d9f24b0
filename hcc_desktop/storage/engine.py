"""The database handle: engine, durability settings, sessions, error translation.

One user action is one transaction, opened by the service that owns it::

    with db.write() as session:     # BEGIN IMMEDIATE; commit on success
        session.add(record)
    with db.read() as session:      # a consistent snapshot, no lock held
        ...

SQLite runs with WAL, ``synchronous=FULL`` (a commit the user was told about
survives a power cut), foreign keys on, and a busy timeout. Writes are taken
one at a time: a process-wide lock plus ``BEGIN IMMEDIATE`` so a read
transaction never has to be upgraded into a write (which SQLite refuses).
"""

from __future__ import annotations

import errno
import logging
import sqlite3
import threading
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime

from sqlalchemy import create_engine, event, select, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session, sessionmaker

from hcc_desktop.clock import Clock
from hcc_desktop.errors import DatabaseDamaged, DataFolderDamaged, StorageFull
from hcc_desktop.i18n import tr
from hcc_desktop.storage.models import Installation, Record

logger = logging.getLogger(__name__)

MIN_SQLITE = (3, 35, 0)
BUSY_TIMEOUT_MS = 10_000
_MODE = "hcc_mode"


def sqlite_version() -> str:
    return sqlite3.sqlite_version


def check_sqlite_version() -> None:
    if sqlite3.sqlite_version_info < MIN_SQLITE:
        raise DataFolderDamaged(tr(
            "Thư viện SQLite {found} quá cũ; cần phiên bản {need} trở lên. Hãy cài lại chương trình.",
            found=sqlite3.sqlite_version, need=".".join(map(str, MIN_SQLITE))))


def _install_sqlite_hooks(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA synchronous=FULL")
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:
        # Straight to the driver: BEGIN needs no parameters, results or events (and is on every save's path).
        mode = conn.get_execution_options().get(_MODE)
        conn.connection.dbapi_connection.execute("BEGIN IMMEDIATE" if mode == "write" else "BEGIN")


def _stamp_records(session: Session, _context, _instances) -> None:
    """Fill created_at/updated_at/device_id of new and changed records at flush time."""
    now: datetime = session.info["clock"].now()
    device: uuid.UUID | None = session.info.get("device_id")
    for obj in session.new:
        if isinstance(obj, Record):
            obj.created_at = obj.created_at or now
            obj.updated_at = now
            obj.device_id = obj.device_id or device
    for obj in session.dirty:
        if isinstance(obj, Record) and session.is_modified(obj):
            obj.updated_at = now


def translate_error(exc: BaseException) -> BaseException:
    """Turn a driver error into the typed error a user can act on (or return it unchanged)."""
    original = getattr(exc, "orig", exc)
    message = str(original).lower()
    if isinstance(original, OSError) and original.errno in (errno.ENOSPC, errno.EROFS, errno.EACCES):
        return StorageFull(tr("Không ghi được vào thư mục dữ liệu (đĩa đầy hoặc chỉ được đọc). "
                              "Dữ liệu đã lưu trước đó vẫn an toàn."))
    if "disk is full" in message or "database or disk is full" in message:
        return StorageFull(tr("Ổ đĩa đã đầy nên chưa lưu được. Dữ liệu đã lưu trước đó vẫn an toàn; "
                              "hãy giải phóng dung lượng rồi thử lại."))
    if "readonly" in message or "read-only" in message or "unable to open" in message:
        return StorageFull(tr("Thư mục dữ liệu chỉ cho phép đọc nên chưa lưu được. "
                              "Dữ liệu đã lưu trước đó vẫn an toàn."))
    if "not a database" in message or "malformed" in message or "corrupt" in message:
        return DatabaseDamaged(tr("Tệp cơ sở dữ liệu bị hỏng hoặc không phải cơ sở dữ liệu của chương trình."))
    return exc


class Database:
    """One database, opened once per process by :func:`hcc_desktop.app.open_services`."""

    def __init__(self, url: str, clock: Clock) -> None:
        self.url = url
        self.clock = clock
        self.engine = create_engine(url)
        self.is_sqlite = self.engine.dialect.name == "sqlite"
        if self.is_sqlite:
            _install_sqlite_hooks(self.engine)
        self._write_lock = threading.RLock()
        self._write_engine = self.engine.execution_options(**{_MODE: "write"})
        self._writer = sessionmaker(self._write_engine, expire_on_commit=False)
        self._core_writer: Connection | None = None  # kept open: one writer at a time anyway (the lock)
        self._reader = sessionmaker(self.engine, expire_on_commit=False)
        self._device_id: uuid.UUID | None = None
        event.listen(self._writer, "before_flush", _stamp_records)

    # -- sessions -----------------------------------------------------------
    @contextmanager
    def write(self) -> Iterator[Session]:
        with self._write_lock, self._guard():
            session = self._writer(info={"clock": self.clock, "device_id": self.device_id})
            with session, session.begin():
                yield session

    @contextmanager
    def write_core(self) -> Iterator[Connection]:
        """A write transaction on a bare connection, for hot paths that use Core statements.

        Cheaper than :meth:`write` (no ORM session, and the connection stays checked out between
        transactions: writes are one at a time under the lock); callers fill record columns with :meth:`stamp`.
        """
        with self._write_lock, self._guard():
            conn = self._core_writer
            if conn is None or conn.closed or conn.invalidated:
                conn = self._core_writer = self._write_engine.connect()
            try:
                with conn.begin():
                    yield conn
            except BaseException:
                if conn.invalidated:  # the driver connection died (disk gone...): open a new one next time
                    conn.close()
                    self._core_writer = None
                raise

    @contextmanager
    def writes_held(self) -> Iterator[None]:
        """Hold this program's saves back (they wait, none fails) while the block runs: for a
        backup to empty the WAL and start its read with nothing written in between."""
        with self._write_lock:
            yield

    @contextmanager
    def read_core(self) -> Iterator[Connection]:
        with self._guard(), self.engine.begin() as conn:
            yield conn

    def stamp(self, values: dict, *, new: bool = True) -> dict:
        """Fill the :class:`Record` columns of a Core insert (``new``) or update."""
        now = self.clock.now()
        values["updated_at"] = now
        if new:
            values.setdefault("id", uuid.uuid4())
            values.setdefault("created_at", now)
            values.setdefault("device_id", self.device_id)
        return values

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._guard():
            session = self._reader()
            with session, session.begin():
                yield session

    @contextmanager
    def _guard(self) -> Iterator[None]:
        try:
            yield
        except (DBAPIError, sqlite3.Error, OSError) as exc:  # sqlite3.Error: from BEGIN, sent to the driver directly
            typed = translate_error(exc)
            if typed is exc:
                raise
            logger.error("storage error: %s", exc.__class__.__name__, exc_info=True)
            raise typed from exc

    # -- identity -----------------------------------------------------------
    @property
    def device_id(self) -> uuid.UUID:
        if self._device_id is None:
            raise RuntimeError("database not initialised: call ensure_installation() first")
        return self._device_id

    def ensure_installation(self) -> uuid.UUID:
        """Create the installation row (device id) once; return the device id."""
        with self._write_lock, self._guard():
            session = self._writer(info={"clock": self.clock})
            with session, session.begin():
                row = session.get(Installation, 1)
                if row is None:
                    row = Installation(id=1, device_id=uuid.uuid4(), created_at=self.clock.now(), demo_data=False)
                    session.add(row)
                self._device_id = row.device_id
        return self._device_id

    # -- health -------------------------------------------------------------
    def probe(self) -> None:
        """Cheap check that the file is a readable database (raises DataFolderDamaged)."""
        with self._guard(), self.engine.connect() as conn:
            conn.execute(text("SELECT count(*) FROM sqlite_master" if self.is_sqlite else "SELECT 1")).scalar()

    def integrity_problems(self, *, quick: bool = False, foreign_keys: bool = True) -> list[str]:
        """Problems the engine's own consistency checks report; an empty list means sound."""
        if not self.is_sqlite:
            return []
        pragma = "quick_check" if quick else "integrity_check"
        with self._guard(), self.engine.connect() as conn:
            rows = [r[0] for r in conn.exec_driver_sql(f"PRAGMA {pragma}")]
            problems = [r for r in rows if r != "ok"]
            fk = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall() if foreign_keys else []
            problems += [f"foreign key: {row[0]} rowid {row[1]} → {row[2]}" for row in fk]
        return problems

    def journal_mode(self) -> str:
        if not self.is_sqlite:
            return self.engine.dialect.name
        with self.engine.connect() as conn:
            return str(conn.exec_driver_sql("PRAGMA journal_mode").scalar())

    def is_demo(self) -> bool:
        with self.read() as session:
            return bool(session.scalar(select(Installation.demo_data).where(Installation.id == 1)))

    def dispose(self) -> None:
        with self._write_lock:
            if self._core_writer is not None:
                self._core_writer.close()
                self._core_writer = None
        self.engine.dispose()


class DriverStatement:
    """A fixed SQL statement sent straight to the driver inside a Core transaction.

    For the few statements on every save's path whose parameters are simple (the audit
    trail's): SQLAlchemy's per-statement work costs several times the statement itself.
    Values go through the column types' own bind processors (resolved once per dialect),
    so what is stored is exactly what a Core statement would have stored.
    """

    def __init__(self, sql: str, *types) -> None:
        self.sql = sql
        self._types = types
        self._processors: tuple | None = None

    def run(self, conn: Connection, *values) -> list[tuple]:
        processors = self._processors
        if processors is None:
            # dialect_impl: the dialect's own storage format (SQLite keeps microseconds in every timestamp)
            processors = self._processors = tuple(t.dialect_impl(conn.dialect).bind_processor(conn.dialect)
                                                  for t in self._types)
        params = tuple(value if process is None or value is None else process(value)
                       for process, value in zip(processors, values))
        return conn.connection.dbapi_connection.execute(self.sql, params).fetchall()
