"""Consistent copies of the SQLite database, written so a power cut never leaves a half file.

A copy goes to a temporary name, is checked, flushed to disk, then renamed into place.
The copy of a live database in WAL mode is the database file itself, copied while a read
transaction pins it: the WAL is first checkpointed into the file and emptied, and a reader
that starts on an empty WAL holds the lock every checkpoint needs before it may write into
the file, so the file cannot change under the copy while saves go on into the WAL. When that
cannot be set up (a rollback-journal database, a checkpoint kept busy by another program),
SQLite's online backup API copies the pages instead, in one step. The program's own saves are
held back for the moment between emptying the WAL and starting the read (``pause_writes``).

The check (``quick_check`` or ``integrity_check``) runs at the same time as the copy and the
flush: over the pinned snapshot, on another thread, with the copy then compared byte for byte
with the snapshot; or, after a page copy, over the copy while it is flushed. Either way a file
that got its final name is a sound database, equal to what was copied, and on the disk.
A restore goes the same way in reverse: the chosen file is checked (is it this
program's database, is it sound, is its schema one this program knows), copied
next to the database under a temporary name, flushed, and renamed over it.
"""

from __future__ import annotations

import errno
import logging
import os
import shutil
import sqlite3
import sys
import threading
import time
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable, ContextManager

from hcc_desktop.errors import DataFolderDamaged, HccError, StorageFull, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.storage import sqlite_uri

logger = logging.getLogger(__name__)
Progress = Callable[[int, int], None]  # (pages done, pages in all)
PauseWrites = Callable[[], ContextManager[object]]  # holds this program's saves back for a moment
PAGES_PER_STEP = 1024  # 4 MiB of 4 KiB pages between progress reports
SNAPSHOT_TRIES = 3  # checkpoints tried before the page-by-page copy is used instead
BUSY_MS = 2000  # how long the backup's connection waits for a lock
PAUSED_BUSY_MS = 50  # ... while the program's saves are held back
_KERNEL_COPY = sys.platform.startswith("linux")  # os.sendfile between two files: Linux only
_WINDOWS = os.name == "nt"
_LOCK_VIOLATION = 33  # Windows: a byte range locked by another process (SQLite's lock-byte page)
_OUR_TABLES = {"alembic_version", "installation", "audit_log", "user_account", "setting"}


def fsync_dir(folder: Path) -> None:
    """Make a rename in ``folder`` durable (POSIX; Windows has no directory handle to flush)."""
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


def _copy_pages(source: Path, tmp: Path, progress: Progress | None) -> None:
    """Online-backup ``source`` into ``tmp`` (a rollback-journal file).

    In one step: a backup in steps starts again from the first page whenever another connection
    saves between two steps, so at a busy counter it might never finish. One step reads one
    snapshot (a WAL database keeps taking saves meanwhile); progress is reported at its end.
    """
    src = sqlite3.connect(sqlite_uri(source, mode="ro"), uri=True)
    try:
        dst = sqlite3.connect(tmp)
        try:
            dst.execute("PRAGMA synchronous=OFF")  # flushed once, at the end, before the rename
            report = None if progress is None else (lambda _status, remaining, total:
                                                    progress(total - remaining, total))
            src.backup(dst, pages=-1, progress=report)
            dst.execute("PRAGMA journal_mode=DELETE")
        finally:
            dst.close()
    finally:
        src.close()


def _copy_bytes(source, target, length: int, page_size: int, progress: Progress | None) -> None:
    """Copy the first ``length`` bytes of open file ``source`` into ``target``, reporting pages."""
    step = PAGES_PER_STEP * page_size
    total = length // page_size
    done = 0
    in_fd, out_fd = source.fileno(), target.fileno()
    kernel = _KERNEL_COPY
    buffer = None if kernel else memoryview(bytearray(min(step, 1 << 20)))
    while done < length:
        want = min(step, length - done)
        if kernel:
            sent = os.sendfile(out_fd, in_fd, done, want)
        else:
            sent = 0
            while sent < want:
                got = source.readinto(buffer[:min(len(buffer), want - sent)])
                if not got:
                    break
                target.write(buffer[:got])
                sent += got
        if sent <= 0:
            raise OSError("the database file ended before its last page")
        done += sent
        if progress is not None:
            progress(done // page_size, total)


_ROLLBACK_HEADER = (18, b"\x01\x01")  # file format bytes: 1, 1 = rollback journal (2, 2 = WAL)


def _mark_rollback_journal(path: Path) -> None:
    """Make a copied WAL database file a rollback-journal one: it opens without -wal/-shm files."""
    offset, value = _ROLLBACK_HEADER
    with open(path, "r+b") as handle:
        handle.seek(offset)
        handle.write(value)


def _locked_range(exc: OSError) -> bool:
    """Whether a plain read failed on a byte range SQLite keeps locked (Windows: ReadFile reports
    ERROR_LOCK_VIOLATION, which Python's file reads give as EACCES without the Windows code)."""
    return getattr(exc, "winerror", None) == _LOCK_VIOLATION or (_WINDOWS and exc.errno == errno.EACCES)


def _same_bytes(source: Path, copy: Path, length: int) -> bool:
    """Whether ``copy`` is the first ``length`` bytes of ``source`` (but for the journal-mode bytes)."""
    if copy.stat().st_size != length:
        return False
    size = 1 << 20
    left, right = bytearray(size), bytearray(size)
    offset, value = _ROLLBACK_HEADER
    with open(source, "rb") as a, open(copy, "rb") as b:
        done = 0
        while done < length:
            want = min(size, length - done)
            if a.readinto(memoryview(left)[:want]) != want or b.readinto(memoryview(right)[:want]) != want:
                return False
            if done == 0:
                left[offset:offset + len(value)] = value
            if (left != right) if want == size else (left[:want] != right[:want]):
                return False
            done += want
    return True


def _wal_empty(wal: Path) -> bool:
    try:
        return not wal.exists() or wal.stat().st_size == 0
    except OSError:
        return False


def _snapshot_backup(source: Path, tmp: Path, progress: Progress | None, check: str,
                     pause_writes: PauseWrites | None = None) -> str | None:
    """Copy the file of a WAL database under a read transaction that pins it, and verify it.

    While the pinned file is copied, flushed and compared byte for byte with the copy, the
    ``check`` pragma runs over the same snapshot on another thread (it is the same bytes: a
    check of the copy would read the same pages back from memory). Returns the check's verdict,
    or None when the file could not be pinned or read (nothing is left at ``tmp`` then) and the
    caller should copy pages instead.
    """
    wal = Path(str(source) + "-wal")
    con = sqlite3.connect(source, isolation_level=None, timeout=BUSY_MS / 1000, check_same_thread=False)
    try:
        if con.execute("PRAGMA journal_mode").fetchone()[0].lower() != "wal":
            return None
        for attempt in range(SNAPSHOT_TRIES):
            con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()  # saves go on meanwhile
            with pause_writes() if pause_writes is not None else nullcontext():
                # No save of this program between emptying the WAL and starting the read: it pins at
                # once. What came since the first checkpoint is little; a reader that keeps the WAL
                # busy is not waited for here, so saves are held back for milliseconds at most.
                con.execute(f"PRAGMA busy_timeout={PAUSED_BUSY_MS}")
                try:
                    con.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
                    con.execute("BEGIN")
                    try:
                        con.execute("SELECT count(*) FROM sqlite_master").fetchone()  # the read starts here
                        pinned = _wal_empty(wal)  # looked at before any save of this program can come
                    except BaseException:
                        con.execute("ROLLBACK")
                        raise
                finally:
                    con.execute(f"PRAGMA busy_timeout={BUSY_MS}")
            try:
                if pinned:
                    # The reader began on an empty WAL: it reads the file alone and holds the lock a
                    # checkpoint needs before writing into the file, so the file is this snapshot
                    # until COMMIT; new saves go on into the WAL meanwhile.
                    return _copy_pinned(con, source, tmp, progress, check)
            finally:
                con.execute("COMMIT")
            time.sleep(0.05 * (attempt + 1))  # a save was being written: let it finish
        logger.info("checkpoint kept busy; copying pages instead")
        return None
    finally:
        con.close()


def _copy_pinned(con: sqlite3.Connection, source: Path, tmp: Path, progress: Progress | None,
                 check: str) -> str | None:
    page_size = con.execute("PRAGMA page_size").fetchone()[0]
    length = con.execute("PRAGMA page_count").fetchone()[0] * page_size
    verdict: dict = {}

    def run_check() -> None:
        try:
            verdict["check"] = con.execute(f"PRAGMA {check}").fetchone()[0]
        except BaseException as exc:  # noqa: BLE001 — raised again on the calling thread
            verdict["error"] = exc

    checker = threading.Thread(target=run_check, name="backup-check")
    checker.start()
    flusher = None
    locked = False
    try:
        with open(source, "rb") as src, open(tmp, "wb") as dst:
            _copy_bytes(src, dst, length, page_size, progress)
        _mark_rollback_journal(tmp)
        flusher = _flush_in_background(tmp)
        same = _same_bytes(source, tmp, length)
    except OSError as exc:
        if not _locked_range(exc):
            raise
        locked = True
    finally:
        if flusher is not None:
            flusher.join()
        checker.join()  # the connection is the caller's again
    if locked:
        logger.info("database file locked against plain reads; copying pages instead")
        tmp.unlink(missing_ok=True)
        return None
    if "error" in verdict:
        raise verdict["error"]
    if flusher.error is not None:
        raise flusher.error
    if not same:
        raise StorageFull(tr("Bản sao lưu vừa ghi không khớp với cơ sở dữ liệu (ổ đĩa ghi lỗi?) nên đã bị bỏ. "
                             "Dữ liệu đang dùng không bị ảnh hưởng; hãy thử lại."))
    return verdict["check"]


class _Flusher(threading.Thread):
    def __init__(self, path: Path) -> None:
        super().__init__(name="backup-fsync")
        self.path = path
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            _fsync_file(self.path)
        except BaseException as exc:  # noqa: BLE001 — raised again on the calling thread
            self.error = exc


def _flush_in_background(path: Path) -> _Flusher:
    flusher = _Flusher(path)
    flusher.start()
    return flusher


def _check_while_flushing(tmp: Path, check: str) -> str:
    """Run the ``check`` pragma on the copy while another thread flushes it to disk; its verdict."""
    flusher = _flush_in_background(tmp)
    try:
        con = sqlite3.connect(sqlite_uri(tmp, mode="ro", immutable="1"), uri=True)
        try:
            verdict = con.execute(f"PRAGMA {check}").fetchone()[0]
        finally:
            con.close()
    finally:
        flusher.join()
    if flusher.error is not None:
        raise flusher.error
    return verdict


def backup_sqlite(source: Path, dest_dir: Path, label: str, when: datetime,
                  progress: Progress | None = None, *, check: str = "integrity_check",
                  pause_writes: PauseWrites | None = None) -> Path:
    """Copy ``source`` into ``dest_dir`` as ``hcc-YYYYMMDD-HHMMSS-label.sqlite3``; return the path.

    ``progress(done, total)`` is called with database pages as the copy goes on. ``check`` is the
    pragma run on the copy before it gets its name: ``integrity_check`` (everything, also that
    indexes match their tables), or ``quick_check`` (every page and b-tree, in linear time: the
    routine backups, where the full check cost several times the copy). ``pause_writes`` holds the
    program's own saves back while the WAL is emptied and the file pinned (a few milliseconds), so
    a busy counter cannot keep the copy from pinning it.
    """
    final = dest_dir / backup_name(when, label)
    tmp = final.with_name(final.name + ".part")
    try:
        dest_dir.mkdir(parents=True, exist_ok=True)
        verdict = _snapshot_backup(source, tmp, progress, check, pause_writes)
        if verdict is None:
            _copy_pages(source, tmp, progress)
            verdict = _check_while_flushing(tmp, check)
        if verdict != "ok":
            raise DataFolderDamaged(tr("Bản sao lưu vừa tạo không toàn vẹn; cơ sở dữ liệu có thể đã hỏng."))
        os.replace(tmp, final)
        fsync_dir(dest_dir)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise StorageFull(tr("Không tạo được bản sao lưu (đĩa đầy hoặc thư mục chỉ đọc).")) from exc
    except sqlite3.OperationalError as exc:
        tmp.unlink(missing_ok=True)
        if "locked" in str(exc).lower() or "busy" in str(exc).lower():
            raise HccError(tr("Chưa sao lưu được vì một chương trình khác đang giữ cơ sở dữ liệu; "
                              "hãy thử lại sau ít phút.")) from exc
        raise DataFolderDamaged(tr("Không sao lưu được vì cơ sở dữ liệu bị hỏng.")) from exc
    except sqlite3.DatabaseError as exc:
        tmp.unlink(missing_ok=True)
        raise DataFolderDamaged(tr("Không sao lưu được vì cơ sở dữ liệu bị hỏng.")) from exc
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return final


def account_in(path: Path, username: str) -> tuple | None:
    """The account row (id, username, full_name, role, password_hash, active) named ``username`` in
    the database file ``path``, read without writing anything next to it; None if there is none."""
    try:
        con = sqlite3.connect(sqlite_uri(Path(path), mode="ro", immutable="1"), uri=True)
        try:
            return con.execute("SELECT id, username, full_name, role, password_hash, active FROM user_account "
                               "WHERE username = ?", (username,)).fetchone()
        finally:
            con.close()
    except sqlite3.DatabaseError as exc:
        raise ValidationError(tr("Không đọc được tài khoản trong tệp “{p}”; đây không phải bản sao lưu dùng được. "
                                 "Không có gì bị thay đổi.", p=Path(path).name), "file") from exc


def copy_file_durably(source: Path, dest_dir: Path) -> Path:
    """Copy a finished backup file into another folder (temp name → fsync → rename)."""
    final = dest_dir / source.name
    tmp = final.with_name(final.name + ".part")
    try:
        shutil.copyfile(source, tmp)
        _fsync_file(tmp)
        os.replace(tmp, final)
        fsync_dir(dest_dir)
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
        con = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
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
    fsync_dir(aside_dir)
    return main


def replace_database(candidate: Path, database: Path, progress: Progress | None = None) -> None:
    """Put a copy of ``candidate`` in place of ``database`` atomically (temp name → fsync → rename).

    The old database's -wal/-shm are removed only after its content was checkpointed or set aside
    by the caller, and before the rename, so no stale journal is ever replayed onto the new file.
    """
    tmp = database.with_name(database.name + ".restore-part")
    try:
        _copy_pages(candidate, tmp, progress)
        if _check_while_flushing(tmp, "integrity_check") != "ok":
            raise ValidationError(tr("Bản sao chép để khôi phục không toàn vẹn; không có gì bị thay đổi."), "file")
        for suffix in ("-wal", "-shm"):
            Path(str(database) + suffix).unlink(missing_ok=True)
        os.replace(tmp, database)
        fsync_dir(database.parent)
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
