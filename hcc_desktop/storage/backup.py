"""Consistent copies of the SQLite database, written so a power cut never leaves a half file.

A copy is made with SQLite's online backup API into a temporary name, checked
with ``PRAGMA integrity_check``, flushed to disk, then renamed into place.
A restore goes the same way in reverse: the chosen file is checked (is it this
program's database, is it sound, is its schema one this program knows), copied
next to the database under a temporary name, flushed, and renamed over it.
"""

from __future__ import annotations

import logging
import os
import shutil
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from hcc_desktop.errors import DataFolderDamaged, StorageFull, ValidationError
from hcc_desktop.i18n import tr

logger = logging.getLogger(__name__)
Progress = Callable[[int, int], None]  # (pages done, pages in all)
PAGES_PER_STEP = 1024  # 4 MiB of 4 KiB pages between progress reports
_OUR_TABLES = {"alembic_version", "installation", "audit_log", "user_account", "setting"}


def _fsync_dir(folder: Path) -> None:
    if os.name != "posix":
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def backup_name(when: datetime, label: str) -> str:
    return f"hcc-{when.strftime('%Y%m%d-%H%M%S')}-{label}.sqlite3"


def _copy_pages(source: Path, tmp: Path, progress: Progress | None, check: str = "integrity_check") -> str:
    """Online-backup ``source`` into ``tmp`` (a rollback-journal file); return the ``check`` pragma's verdict."""
    src = sqlite3.connect(f"file:{source.as_posix()}?mode=ro", uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            dst.execute("PRAGMA synchronous=OFF")  # flushed once, at the end, before the rename
            report = None if progress is None else (lambda _status, remaining, total:
                                                    progress(total - remaining, total))
            src.backup(dst, pages=PAGES_PER_STEP if progress else -1, progress=report)
            dst.execute("PRAGMA journal_mode=DELETE")
            return dst.execute(f"PRAGMA {check}").fetchone()[0]
        finally:
            dst.close()
    finally:
        src.close()


def backup_sqlite(source: Path, dest_dir: Path, label: str, when: datetime,
                  progress: Progress | None = None, *, check: str = "integrity_check") -> Path:
    """Copy ``source`` into ``dest_dir`` as ``hcc-YYYYMMDD-HHMMSS-label.sqlite3``; return the path.

    ``progress(done, total)`` is called with database pages as the copy goes on. ``check`` is the
    pragma run on the copy before it gets its name: ``integrity_check`` (everything, also that
    indexes match their tables), or ``quick_check`` (every page and b-tree, in linear time: the
    routine backups, where the full check cost several times the copy).
    """
    final = dest_dir / backup_name(when, label)
    tmp = final.with_name(final.name + ".part")
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        result = _copy_pages(source, tmp, progress, check)
        if result != "ok":
            raise DataFolderDamaged(tr("Bản sao lưu vừa tạo không toàn vẹn; cơ sở dữ liệu có thể đã hỏng."))
        _fsync_file(tmp)
        os.replace(tmp, final)
        _fsync_dir(dest_dir)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageFull(tr("Không tạo được bản sao lưu (đĩa đầy hoặc thư mục chỉ đọc).")) from exc
    except sqlite3.DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        raise DataFolderDamaged(tr("Không sao lưu được vì cơ sở dữ liệu bị hỏng.")) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return final


def copy_file_durably(source: Path, dest_dir: Path) -> Path:
    """Copy a finished backup file into another folder (temp name → fsync → rename)."""
    final = dest_dir / source.name
    tmp = final.with_name(final.name + ".part")
    try:
        shutil.copyfile(source, tmp)
        _fsync_file(tmp)
        os.replace(tmp, final)
        _fsync_dir(dest_dir)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return final


@dataclass(frozen=True)
class DatabaseFile:
    """What a restore candidate is: this program's database, sound, at a known schema revision."""

    path: Path
    revision: str
    demo: bool


def inspect_database(path: Path, known_revisions: set[str]) -> DatabaseFile:
    """Check a file before it may replace the database; raise ValidationError saying why not."""
    if not path.is_file():
        raise ValidationError(tr("Không tìm thấy tệp “{p}”.", p=str(path)), "file")
    with open(path, "rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise ValidationError(tr("Tệp “{p}” không phải cơ sở dữ liệu của chương trình (không phải tệp SQLite). "
                                 "Không có gì bị thay đổi.", p=path.name), "file")
    try:
        con = sqlite3.connect(f"file:{path.as_posix()}?mode=ro", uri=True)
        try:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not _OUR_TABLES <= tables:
                raise ValidationError(tr("Tệp “{p}” là một cơ sở dữ liệu khác, không phải dữ liệu của HCC Desktop. "
                                         "Không có gì bị thay đổi.", p=path.name), "file")
            verdict = [r[0] for r in con.execute("PRAGMA integrity_check")]
            if verdict != ["ok"]:
                raise ValidationError(tr("Tệp “{p}” bị hỏng (kiểm tra toàn vẹn không đạt); không dùng để khôi phục "
                                         "được. Không có gì bị thay đổi.", p=path.name), "file")
            revision = con.execute("SELECT version_num FROM alembic_version").fetchone()
            demo = con.execute("SELECT demo_data FROM installation WHERE id = 1").fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise ValidationError(tr("Không đọc được tệp “{p}” như một cơ sở dữ liệu ({e}). Không có gì bị thay đổi.",
                                 p=path.name, e=str(exc)), "file") from exc
    if revision is None or revision[0] not in known_revisions:
        raise ValidationError(tr("Tệp “{p}” được tạo bởi một phiên bản mới hơn của chương trình (cấu trúc dữ liệu "
                                 "{rev}); hãy cài phiên bản mới nhất trước khi khôi phục. Không có gì bị thay đổi.",
                                 p=path.name, rev=revision[0] if revision else "?"), "file")
    return DatabaseFile(path, revision[0], bool(demo and demo[0]))


def database_in_use(database: Path) -> bool:
    """Whether another connection (the program running, another command) has the database open."""
    if not database.exists():
        return False
    con = sqlite3.connect(database, timeout=0.2, isolation_level=None)
    try:
        con.execute("PRAGMA locking_mode=EXCLUSIVE")
        con.execute("BEGIN EXCLUSIVE")
        con.execute("COMMIT")
        con.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return False
    except sqlite3.OperationalError as exc:
        return "locked" in str(exc).lower() or "busy" in str(exc).lower()
    except sqlite3.DatabaseError:
        return False  # damaged: nobody can be using it usefully; the caller sets it aside
    finally:
        con.close()


def set_aside(database: Path, aside_dir: Path, when: datetime) -> Path:
    """Copy a (damaged) database and its journal files into ``aside_dir``; return the main copy."""
    aside_dir.mkdir(parents=True, exist_ok=True)
    stem = f"hcc-{when.strftime('%Y%m%d-%H%M%S')}-hong"
    main = aside_dir / f"{stem}.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        part = Path(str(database) + suffix)
        if part.exists():
            target = Path(str(main) + suffix)
            shutil.copyfile(part, target)
            _fsync_file(target)
    _fsync_dir(aside_dir)
    return main


def replace_database(candidate: Path, database: Path, progress: Progress | None = None) -> None:
    """Put a copy of ``candidate`` in place of ``database`` atomically (temp name → fsync → rename).

    The old database's -wal/-shm are removed only after its content was checkpointed or set aside
    by the caller, and before the rename, so no stale journal is ever replayed onto the new file.
    """
    tmp = database.with_name(database.name + ".restore-part")
    try:
        verdict = _copy_pages(candidate, tmp, progress)
        if verdict != "ok":
            raise ValidationError(tr("Bản sao chép để khôi phục không toàn vẹn; không có gì bị thay đổi."), "file")
        _fsync_file(tmp)
        for suffix in ("-wal", "-shm"):
            Path(str(database) + suffix).unlink(missing_ok=True)
        os.replace(tmp, database)
        _fsync_dir(database.parent)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageFull(tr("Không ghi được vào thư mục dữ liệu để khôi phục (đĩa đầy hoặc chỉ đọc). "
                             "Cơ sở dữ liệu đang dùng chưa bị thay đổi.")) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def checkpoint(database: Path) -> None:
    """Fold the WAL into the main file and empty it (the database must not be in use)."""
    con = sqlite3.connect(database, isolation_level=None)
    try:
        con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
    finally:
        con.close()
