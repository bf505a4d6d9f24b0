"""Backups of a database that is being written to: every copy is one consistent moment.

A writer thread commits numbered rows (each commit also moves a counter in another table)
and checkpoints often, while backups are taken slowly (progress in small steps, each step
waiting a little). A copy is consistent when its rows are exactly 1..n and its counter says n.
"""

import errno
import sqlite3
import threading
import time
from datetime import datetime, timezone

import pytest

from hcc_desktop.errors import DataFolderDamaged, HccError, StorageFull
from hcc_desktop.storage import backup as files

WHEN = datetime(2026, 11, 25, 8, 0, tzinfo=timezone.utc)
PAD = "x" * 1500  # rows that fill pages, so commits touch many pages


def _ledger(path, rows=2000, journal="wal"):
    con = sqlite3.connect(path, isolation_level=None)
    con.execute(f"PRAGMA journal_mode={journal}")
    con.execute("CREATE TABLE entry (seq INTEGER PRIMARY KEY, pad TEXT NOT NULL)")
    con.execute("CREATE INDEX entry_pad ON entry (pad, seq)")
    con.execute("CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER NOT NULL)")
    con.execute("BEGIN")
    con.executemany("INSERT INTO entry VALUES (?, ?)", ((i, PAD + str(i)) for i in range(1, rows + 1)))
    con.execute("INSERT INTO counter VALUES (1, ?)", (rows,))
    con.execute("COMMIT")
    con.close()


class Writer(threading.Thread):
    """Commits one numbered row at a time (and checkpoints every few commits) until stopped; each
    save holds ``lock``, as the program's saves hold its write lock."""

    def __init__(self, path, start):
        super().__init__(daemon=True)
        self.path, self.seq = path, start
        self.stop = threading.Event()
        self.lock = threading.Lock()
        self.error = None

    def run(self):
        con = sqlite3.connect(self.path, isolation_level=None, timeout=10)
        con.execute("PRAGMA wal_autocheckpoint=8")
        try:
            while not self.stop.is_set():
                with self.lock:
                    self.seq += 1
                    con.execute("BEGIN IMMEDIATE")
                    con.execute("INSERT INTO entry VALUES (?, ?)", (self.seq, PAD + str(self.seq)))
                    con.execute("UPDATE entry SET pad = ? WHERE seq = ?", (PAD + "changed", self.seq // 2))
                    con.execute("UPDATE counter SET n = ? WHERE id = 1", (self.seq,))
                    con.execute("COMMIT")
                time.sleep(0.001)
        except BaseException as exc:  # noqa: BLE001
            self.error = exc
        finally:
            con.close()


def _consistent(copy):
    con = sqlite3.connect(copy)
    try:
        assert con.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        count, low, high = con.execute("SELECT count(*), min(seq), max(seq) FROM entry").fetchone()
        counter = con.execute("SELECT n FROM counter").fetchone()[0]
        assert (count, low, high) == (counter, 1, counter)
        return counter
    finally:
        con.close()


@pytest.fixture
def small_steps(monkeypatch):
    monkeypatch.setattr(files, "PAGES_PER_STEP", 16)


def _slow_progress(writer, seen):
    def progress(done, total):
        seen.append((done, total, writer.seq))
        time.sleep(0.004)
    return progress


def test_backups_taken_while_saves_go_on_are_each_one_consistent_moment(tmp_path, small_steps, monkeypatch):
    """The file is pinned (saves held back only while the WAL is emptied) and copied slowly while
    saves and checkpoints go on."""
    db = tmp_path / "hcc.sqlite3"
    _ledger(db)
    writer = Writer(db, 2000)
    pages_copied = []
    monkeypatch.setattr(files, "_copy_pages", lambda *a: pages_copied.append(a))
    writer.start()
    try:
        for round_ in range(3):
            seen = []
            copy = files.backup_sqlite(db, tmp_path / "b", f"r{round_}", WHEN.replace(minute=round_),
                                       _slow_progress(writer, seen), check="quick_check",
                                       pause_writes=lambda: writer.lock)
            counter = _consistent(copy)
            assert counter >= 2000
            assert seen[-1][0] == seen[-1][1] > 16  # progress went to the end, in many steps
            assert seen[-1][2] > seen[0][2], "saves went on while the copy was made"
            assert not list((tmp_path / "b").glob("*.part"))
    finally:
        writer.stop.set()
        writer.join()
    assert writer.error is None and pages_copied == []  # the pinned file was copied each time
    assert _consistent(db) == writer.seq  # and the live database kept every save


def test_a_backup_finishes_while_another_program_saves_without_pause(tmp_path, small_steps):
    """Another program on the same folder reads for a long time (the WAL cannot be emptied) and
    saves without pause: the page copy then reads one snapshot in one step — a copy in steps would
    start again after every save and never end."""
    db = tmp_path / "hcc.sqlite3"
    _ledger(db)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("PRAGMA wal_autocheckpoint=0")
    other.execute("UPDATE counter SET n = n")  # a save in the WAL...
    other.execute("BEGIN")
    other.execute("SELECT count(*) FROM entry").fetchone()  # ...and a read that keeps it there
    writer = Writer(db, 2000)
    writer.start()
    done = {}

    def backup():
        try:
            done["copy"] = files.backup_sqlite(db, tmp_path / "b", "x", WHEN, lambda d, t: time.sleep(0.01),
                                               check="quick_check")
        except BaseException as exc:  # noqa: BLE001
            done["error"] = exc

    try:
        worker = threading.Thread(target=backup, daemon=True)
        worker.start()
        worker.join(180)
        assert not worker.is_alive(), "the backup never finished"
    finally:
        writer.stop.set()
        writer.join()
        other.execute("COMMIT")
        other.close()
    assert "error" not in done, done.get("error")
    assert _consistent(done["copy"]) >= 2000


def test_the_copy_is_a_plain_database_file_that_opens_without_journal_files(tmp_path):
    db = tmp_path / "hcc.sqlite3"
    _ledger(db, rows=50)
    copy = files.backup_sqlite(db, tmp_path / "b", "x", WHEN)
    con = sqlite3.connect(copy)
    assert con.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert con.execute("SELECT count(*) FROM entry").fetchone()[0] == 50
    con.close()
    assert sorted(p.name for p in (tmp_path / "b").iterdir()) == [copy.name]


def test_a_long_reader_does_not_stop_the_backup(tmp_path, monkeypatch):
    """A reader that began while the WAL held saves keeps the checkpoint from emptying it: the
    backup then copies page by page, still one consistent moment."""
    db = tmp_path / "hcc.sqlite3"
    _ledger(db, rows=100)
    writer_con = sqlite3.connect(db, isolation_level=None)
    writer_con.execute("PRAGMA wal_autocheckpoint=0")
    writer_con.execute("INSERT INTO entry VALUES (101, 'a')")
    writer_con.execute("UPDATE counter SET n = 101")
    reader = sqlite3.connect(db, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM entry").fetchone()
    writer_con.execute("INSERT INTO entry VALUES (102, 'b')")
    writer_con.execute("UPDATE counter SET n = 102")
    used = []
    real = files._copy_pages
    monkeypatch.setattr(files, "_copy_pages", lambda *a: used.append(a) or real(*a))
    monkeypatch.setattr(files.time, "sleep", lambda s: None)
    copy = files.backup_sqlite(db, tmp_path / "b", "x", WHEN)
    reader.execute("COMMIT")
    assert used, "the page-by-page copy was used"
    assert _consistent(copy) == 102
    reader.close()
    writer_con.close()


def test_a_rollback_journal_database_is_copied_too(tmp_path, monkeypatch):
    db = tmp_path / "old.sqlite3"
    _ledger(db, rows=30, journal="delete")
    copy = files.backup_sqlite(db, tmp_path / "b", "x", WHEN)
    assert _consistent(copy) == 30


@pytest.mark.parametrize("windows_code", [33, None])
def test_a_file_locked_against_plain_reads_is_copied_page_by_page(tmp_path, monkeypatch, windows_code):
    """Windows refuses plain reads of a byte range another program holds locked (SQLite's lock
    page past 1 GiB; Python's file reads say EACCES, without the Windows code): the backup then
    goes through SQLite."""
    db = tmp_path / "hcc.sqlite3"
    _ledger(db, rows=30)

    def locked(*args):
        exc = OSError(errno.EACCES, "Permission denied")
        if windows_code is not None:
            exc.winerror = windows_code
        raise exc

    monkeypatch.setattr(files, "_WINDOWS", True)
    monkeypatch.setattr(files, "_copy_bytes", locked)
    copy = files.backup_sqlite(db, tmp_path / "b", "x", WHEN)
    assert _consistent(copy) == 30


def test_elsewhere_a_refused_read_is_not_taken_for_a_lock(tmp_path, monkeypatch):
    db = tmp_path / "hcc.sqlite3"
    _ledger(db, rows=30)

    def refused(*args):
        raise OSError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(files, "_WINDOWS", False)
    monkeypatch.setattr(files, "_copy_bytes", refused)
    with pytest.raises(StorageFull):
        files.backup_sqlite(db, tmp_path / "b", "x", WHEN)
    assert list((tmp_path / "b").iterdir()) == []


def test_a_database_another_program_holds_locked_is_not_called_damaged(tmp_path, monkeypatch):
    db = tmp_path / "hcc.sqlite3"
    _ledger(db, rows=30)
    monkeypatch.setattr(files, "BUSY_MS", 100)
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("PRAGMA locking_mode=EXCLUSIVE")
    holder.execute("UPDATE counter SET n = n")  # a write in exclusive mode keeps the file locked
    try:
        with pytest.raises(HccError) as refused:
            files.backup_sqlite(db, tmp_path / "b", "x", WHEN)
        assert not isinstance(refused.value, DataFolderDamaged)
        assert "chương trình khác đang giữ" in refused.value.message
    finally:
        holder.close()
    assert list((tmp_path / "b").iterdir()) == []


def test_a_full_disk_during_the_copy_is_said_plainly_and_leaves_nothing(tmp_path, monkeypatch):
    db = tmp_path / "hcc.sqlite3"
    _ledger(db, rows=30)

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files, "_copy_bytes", full)
    with pytest.raises(StorageFull, match="đĩa đầy"):
        files.backup_sqlite(db, tmp_path / "b", "x", WHEN)
    assert list((tmp_path / "b").iterdir()) == []
    assert _consistent(db) == 30


def test_a_failed_flush_leaves_no_backup(tmp_path, monkeypatch):
    db = tmp_path / "hcc.sqlite3"
    _ledger(db, rows=30)

    def failing(path):
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(files, "_fsync_file", failing)
    with pytest.raises(StorageFull):
        files.backup_sqlite(db, tmp_path / "b", "x", WHEN)
    assert list((tmp_path / "b").iterdir()) == []


def test_a_damaged_database_gives_no_backup(tmp_path):
    db = tmp_path / "hcc.sqlite3"
    _ledger(db, rows=400)
    raw = bytearray(db.read_bytes())
    middle = len(raw) // 2 // 4096 * 4096
    raw[middle:middle + 2 * 4096] = b"\xa5" * (2 * 4096)
    db.write_bytes(bytes(raw))
    with pytest.raises(DataFolderDamaged):
        files.backup_sqlite(db, tmp_path / "b", "x", WHEN, check="quick_check")
    assert list((tmp_path / "b").iterdir()) == []


def test_a_copy_that_differs_from_the_database_is_dropped(tmp_path, monkeypatch):
    db = tmp_path / "hcc.sqlite3"
    _ledger(db, rows=100)
    real = files._copy_bytes

    def garbled(source, target, length, page_size, progress):
        real(source, target, length, page_size, progress)
        target.seek(length - 100)
        target.write(b"?")

    monkeypatch.setattr(files, "_copy_bytes", garbled)
    with pytest.raises(StorageFull, match="không khớp"):
        files.backup_sqlite(db, tmp_path / "b", "x", WHEN)
    assert list((tmp_path / "b").iterdir()) == []


def test_the_portable_copy_loop_gives_the_same_backup(tmp_path, monkeypatch, small_steps):
    """Where the kernel cannot copy file to file (Windows), the copy reads and writes in steps."""
    monkeypatch.setattr(files, "_KERNEL_COPY", False)
    db = tmp_path / "hcc.sqlite3"
    _ledger(db, rows=300)
    seen = []
    copy = files.backup_sqlite(db, tmp_path / "b", "x", WHEN, lambda done, total: seen.append((done, total)))
    assert _consistent(copy) == 300
    assert len(seen) > 2 and seen[-1][0] == seen[-1][1]
