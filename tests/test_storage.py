"""Durability settings, record stamping, normalization and damaged files."""

import sqlite3
import threading
import unicodedata
import uuid
from datetime import datetime, timezone

import pytest
from sqlalchemy import select, text

from hcc_desktop.app import open_services
from hcc_desktop.errors import DataFolderDamaged
from hcc_desktop.storage.backup import backup_sqlite
from hcc_desktop.storage.models import UserAccount


def _pragma(services, name):
    with services.db.engine.connect() as conn:
        return conn.exec_driver_sql(f"PRAGMA {name}").scalar()


def test_every_connection_is_durable(services):
    assert _pragma(services, "journal_mode") == "wal"
    assert _pragma(services, "synchronous") == 2  # FULL
    assert _pragma(services, "foreign_keys") == 1
    assert _pragma(services, "busy_timeout") >= 5000


def test_records_get_uuid_utc_times_and_device_id(services, supervisor, clock):
    with services.db.read() as session:
        user = session.scalar(select(UserAccount))
    assert isinstance(user.id, uuid.UUID)
    assert user.created_at == clock.now() and user.created_at.tzinfo == timezone.utc
    assert user.device_id == services.db.device_id


def test_updates_move_updated_at_only(services, supervisor, clock):
    created = clock.now()
    clock.advance(minutes=5)
    services.auth.change_password(supervisor, "mat-khau-123", "mat-khau-moi-456")
    with services.db.read() as session:
        user = session.scalar(select(UserAccount))
    assert user.created_at == created and user.updated_at == clock.now()


def test_device_id_is_stable_across_restarts(data_dir, clock):
    with open_services(data_dir, clock=clock) as first:
        device = first.db.device_id
    with open_services(data_dir, clock=clock) as second:
        assert second.db.device_id == device


def test_text_is_stored_nfc_even_if_a_caller_forgets(services):
    nfd = unicodedata.normalize("NFD", "Hoàng Thị Lan")
    with services.db.write() as session:
        session.add(UserAccount(username="x1", full_name=nfd, role="clerk", password_hash="-", active=True))
    with services.db.engine.connect() as conn:
        stored = conn.execute(text("SELECT full_name FROM user_account WHERE username='x1'")).scalar()
    assert stored == unicodedata.normalize("NFC", nfd)


def test_naive_datetimes_are_refused(services):
    with pytest.raises(Exception, match="naive"):
        with services.db.write() as session:
            session.add(UserAccount(username="x2", full_name="A", role="clerk", password_hash="-",
                                    created_at=datetime(2026, 1, 1)))


def test_writers_from_several_threads_are_serialised(services, supervisor):
    errors = []

    def work(n):
        try:
            for i in range(10):
                services.settings.set(supervisor, "center_phone", f"{n}-{i}")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []


def test_random_bytes_as_database_is_reported_as_damaged(data_dir):
    data_dir.mkdir(parents=True)
    (data_dir / "hcc.sqlite3").write_bytes(bytes(range(256)) * 64)
    with pytest.raises(DataFolderDamaged) as info:
        open_services(data_dir)
    assert "hỏng" in info.value.message


def test_uninitialised_folder_is_not_created_when_only_checking(data_dir):
    with pytest.raises(DataFolderDamaged, match="chưa được khởi tạo"):
        open_services(data_dir, create=False)
    assert not data_dir.exists()


def test_backup_copy_is_complete_and_leaves_no_partial_file(services, supervisor, tmp_path, clock):
    target = backup_sqlite(services.paths.database, tmp_path / "b", "thu", clock.now())
    assert target.exists() and not list((tmp_path / "b").glob("*.part"))
    copy = sqlite3.connect(target)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert copy.execute("SELECT username FROM user_account").fetchall() == [("phutrach",)]
    copy.close()
