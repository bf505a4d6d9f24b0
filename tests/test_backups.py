"""Backups and restore: generations, the second folder, refusing wrong files, the audit trail, the CLI."""

import io
import sqlite3
import sys
from datetime import timedelta

import pytest

from hcc_desktop.app import open_services
from hcc_desktop.cli import main
from hcc_desktop.paths import Paths
from hcc_desktop.errors import AuthenticationFailed, DatabaseDamaged, PermissionDenied, ValidationError
from hcc_desktop.services.audit import AuditAction
from hcc_desktop.services.backups import BEFORE_RESTORE, DAILY, MANUAL, list_backups
from hcc_desktop.services.citizens import CitizenInput
from tests.conftest import PASSWORD


def _person(services, actor, name):
    return services.citizens.create(actor, CitizenInput(full_name=name, consent=True))


def _names(services, actor):
    return sorted(h.full_name for h in services.citizens.search(actor, "Nguyễn"))


def corrupt_middle(db):
    raw = bytearray(db.read_bytes())
    middle = len(raw) // 2
    raw[middle:middle + 3 * 4096] = b"\xa5" * (3 * 4096)
    db.write_bytes(bytes(raw))


def test_backup_lists_with_date_kind_size_and_verified(services, supervisor, clock):
    result = services.backups.create(supervisor)
    [info] = services.backups.list(supervisor)
    assert info.kind == MANUAL and info.label == "sao lưu ngay" and info.verified
    assert info.size == result.backup.path.stat().st_size > 0
    assert f"{info.when:%H:%M %d/%m}" == "08:00 25/11"
    copy = sqlite3.connect(info.path)
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    copy.close()
    assert not list(services.backups.folder.glob("*.part"))


def test_progress_is_reported_in_pages(services, supervisor):
    seen = []
    services.backups.create(supervisor, progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1] > 0


def test_clerk_cannot_back_up_on_demand(services, clerk):
    with pytest.raises(PermissionDenied):
        services.backups.create(clerk)


def test_daily_backup_once_a_day_and_staleness(services, supervisor, clock):
    assert services.backups.is_stale()  # none yet
    assert services.backups.daily_if_due().backup.kind == DAILY
    assert services.backups.daily_if_due() is None  # one a day
    assert not services.backups.is_stale()
    clock.advance(hours=27)
    assert services.backups.is_stale()  # older than 26 hours (the default setting)
    assert services.backups.daily_if_due() is not None  # a new day


def test_generations_keep_the_newest_n_and_upgrade_backups_90_days(services, supervisor, clock):
    services.settings.set(supervisor, "backup_keep", 3)
    folder = services.backups.folder
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "hcc-20260101-080000-truoc-nang-cap-0007.sqlite3").write_bytes(b"old upgrade")
    (folder / "hcc-20261101-080000-truoc-nang-cap-0007.sqlite3").write_bytes(b"recent upgrade")
    for _ in range(5):
        services.backups.create(supervisor)
        clock.advance(hours=1)
    kinds = [b.kind for b in list_backups(folder)]
    assert kinds.count(MANUAL) == 3
    assert [b.path.name for b in list_backups(folder) if b.kind.startswith("truoc-nang-cap")] == [
        "hcc-20261101-080000-truoc-nang-cap-0007.sqlite3"]


def test_the_newest_backup_is_never_pruned(services, supervisor, clock):
    services.settings.set(supervisor, "backup_keep", 1)
    first = services.backups.create(supervisor).backup
    clock.advance(minutes=5)
    second = services.backups.create(supervisor).backup
    assert [b.path for b in services.backups.list()] == [second.path] and not first.path.exists()


def test_second_folder_gets_a_copy_and_a_missing_one_is_said_clearly(services, supervisor, clock, tmp_path):
    usb = tmp_path / "usb"
    usb.mkdir()
    services.settings.set(supervisor, "backup_second_dir", str(usb))
    result = services.backups.create(supervisor)
    assert result.second_copy == usb / result.backup.path.name and result.second_copy.exists()
    usb_gone = tmp_path / "unplugged"
    services.settings.set(supervisor, "backup_second_dir", str(usb_gone))
    clock.advance(minutes=1)
    result = services.backups.create(supervisor)
    assert result.second_copy is None and "ổ USB chưa cắm" in result.second_problem
    assert result.backup.path.exists()  # the local copy is kept
    assert "ổ USB chưa cắm" in result.message()


def test_backup_and_restore_end_to_end_with_audit_lines(data_dir, clock, supervisor, services):
    _person(services, supervisor, "Nguyễn Văn Trước")
    backup = services.backups.create(supervisor).backup
    _person(services, supervisor, "Nguyễn Văn Sau")
    clock.advance(minutes=10)
    checked, kept = services.backups.restore(supervisor, backup.path, services.close,
                                             lambda: open_services(data_dir, clock=clock))
    assert checked.revision and kept.name.endswith(f"-{BEFORE_RESTORE}.sqlite3")
    with open_services(data_dir, clock=clock) as restored:
        actor = restored.auth.authenticate("phutrach", PASSWORD)
        assert _names(restored, actor) == ["Nguyễn Văn Trước"]
        lines = restored.audit.lines(actor, action=AuditAction.RESTORE)
        assert lines[0].username == "phutrach" and lines[0].detail["file"] == backup.path.name
        assert restored.audit.verify().ok
    with sqlite3.connect(kept) as old:  # what was replaced is kept, with the later person in it
        assert old.execute("SELECT count(*) FROM citizen").fetchone()[0] == 2


def test_backup_writes_an_audit_line(services, supervisor):
    services.backups.create(supervisor)
    [line] = services.audit.lines(supervisor, action=AuditAction.BACKUP)
    assert line.username == "phutrach" and line.detail["kind"] == MANUAL


def _refused(services, data_dir, supervisor, candidate, words):
    before = (data_dir / "hcc.sqlite3").read_bytes()
    closed = []
    with pytest.raises(ValidationError) as caught:
        services.backups.restore(supervisor, candidate, lambda: closed.append(1), lambda: None)
    assert words in caught.value.message and "Không có gì bị thay đổi" in caught.value.message
    assert not closed and (data_dir / "hcc.sqlite3").read_bytes() == before
    assert not list(services.backups.folder.glob("*truoc-khoi-phuc*"))


def test_restore_refuses_a_random_file(services, supervisor, data_dir, tmp_path):
    junk = tmp_path / "random.sqlite3"
    junk.write_bytes(bytes(range(256)) * 50)
    _refused(services, data_dir, supervisor, junk, "không phải tệp SQLite")


def test_restore_refuses_another_programs_sqlite_file(services, supervisor, data_dir, tmp_path):
    other = tmp_path / "other.sqlite3"
    with sqlite3.connect(other) as con:
        con.execute("CREATE TABLE contacts (name TEXT)")
    _refused(services, data_dir, supervisor, other, "không phải dữ liệu của HCC Desktop")


def test_restore_refuses_a_newer_schema(services, supervisor, data_dir):
    backup = services.backups.create(supervisor).backup
    with sqlite3.connect(backup.path) as con:
        con.execute("UPDATE alembic_version SET version_num = '9999'")
    _refused(services, data_dir, supervisor, backup.path, "phiên bản mới hơn")


def test_restore_refuses_while_the_database_is_open_elsewhere(services, supervisor, data_dir):
    backup = services.backups.create(supervisor).backup
    with pytest.raises(ValidationError, match="đang được mở"):
        services.backups.restore(supervisor, backup.path, lambda: None, lambda: None)  # services still open
    assert services.auth.has_users()


def test_damaged_database_is_found_at_start_and_restore_sets_it_aside(data_dir, clock, supervisor, services):
    from hcc_desktop.services.backups import authenticate_in_backup, restore_after_damage

    _person(services, supervisor, "Nguyễn Thị Lành")
    for i in range(300):
        _person(services, supervisor, f"Trần Văn {i}")
    backup = services.backups.create(supervisor).backup
    services.close()
    corrupt_middle(data_dir / "hcc.sqlite3")
    with pytest.raises(DatabaseDamaged):
        with open_services(data_dir, clock=clock) as damaged:
            damaged.health.startup_check()
    with pytest.raises(AuthenticationFailed):
        authenticate_in_backup(backup.path, "phutrach", "sai-mat-khau")
    actor = authenticate_in_backup(backup.path, "phutrach", PASSWORD)
    restore_after_damage(Paths.resolve(data_dir), clock, backup.path, actor)
    assert list((data_dir / "backups" / "hu-hong").glob("*-hong.sqlite3"))
    with open_services(data_dir, clock=clock) as restored:
        restored.health.startup_check()
        actor = restored.auth.authenticate("phutrach", PASSWORD)
        assert "Nguyễn Thị Lành" in _names(restored, actor)
        [line] = restored.audit.lines(actor, action=AuditAction.RESTORE)
        assert line.detail["reason"] == "damaged_at_start" and line.username == "phutrach"


def test_a_volunteer_may_not_restore_over_a_damaged_database(data_dir, clock, supervisor, volunteer, services):
    from hcc_desktop.services.backups import authenticate_in_backup

    backup = services.backups.create(supervisor).backup
    services.close()
    (data_dir / "hcc.sqlite3").write_bytes(b"\x13" * 8192)
    with pytest.raises(PermissionDenied):
        authenticate_in_backup(backup.path, "tnv", PASSWORD)
    assert (data_dir / "hcc.sqlite3").read_bytes() == b"\x13" * 8192
    with pytest.raises(ValidationError, match="không phải bản sao lưu"):  # a file that is no database
        authenticate_in_backup(data_dir / "hcc.sqlite3", "phutrach", PASSWORD)
    assert sorted(p.name for p in backup.path.parent.iterdir()) == [backup.path.name]  # nothing written beside it


# -- the command line --------------------------------------------------------------------------

def run(capsys, monkeypatch, stdin, *argv):
    monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_cli_backup_then_restore_and_the_program_starts_on_it(capsys, monkeypatch, data_dir, clock, supervisor,
                                                              services, tmp_path):
    _person(services, supervisor, "Nguyễn Văn Trước")
    services.close()
    usb = tmp_path / "usb"
    usb.mkdir()
    code, out, err = run(capsys, monkeypatch, PASSWORD + "\n", "--data-dir", str(data_dir), "backup",
                         "--user", "phutrach", "--to", str(usb))
    assert code == 0 and "Đã sao lưu" in out and "Đã chép thêm" in out, err
    [copy] = list(usb.iterdir())
    with open_services(data_dir, clock=clock) as opened:
        _person(opened, opened.auth.authenticate("phutrach", PASSWORD), "Nguyễn Văn Sau")
    code, out, err = run(capsys, monkeypatch, PASSWORD + "\n", "--data-dir", str(data_dir), "restore", str(copy),
                         "--user", "phutrach")
    assert code == 0 and "Đã khôi phục" in out and "truoc-khoi-phuc" in out, err
    with open_services(data_dir, clock=clock) as restored:
        actor = restored.auth.authenticate("phutrach", PASSWORD)
        assert _names(restored, actor) == ["Nguyễn Văn Trước"]
        assert [line.username for line in restored.audit.lines(actor, action=AuditAction.RESTORE)] == ["phutrach"]
        assert restored.audit.lines(actor, action=AuditAction.BACKUP) == []  # written after the copy was taken
    assert not (data_dir / "hcc.sqlite3.restore-part").exists()


def test_cli_restore_with_a_wrong_password_or_a_random_file_changes_nothing(capsys, monkeypatch, data_dir,
                                                                           supervisor, services, tmp_path):
    services.close()
    before = (data_dir / "hcc.sqlite3").read_bytes()
    junk = tmp_path / "x.sqlite3"
    junk.write_bytes(b"\x00" * 5000)
    code, _, err = run(capsys, monkeypatch, PASSWORD + "\n", "--data-dir", str(data_dir), "restore", str(junk),
                       "--user", "phutrach")
    assert code == 1 and "không phải tệp SQLite" in err and "Traceback" not in err
    assert (data_dir / "hcc.sqlite3").read_bytes() == before
    code, _, err = run(capsys, monkeypatch, "sai\n", "--data-dir", str(data_dir), "backup", "--user", "phutrach")
    assert code == 1 and "Traceback" not in err
    assert not (data_dir / "backups").exists()  # no backup for a wrong password


def test_cli_backup_without_user_is_the_daily_one_and_to_needs_a_user(capsys, monkeypatch, data_dir, supervisor,
                                                                     services, tmp_path):
    services.close()
    code, out, _ = run(capsys, monkeypatch, "", "--data-dir", str(data_dir), "backup")
    assert code == 0 and "hang-ngay" in out
    code, _, err = run(capsys, monkeypatch, "", "--data-dir", str(data_dir), "backup", "--to", str(tmp_path))
    assert code == 1 and "--user" in err


def test_cli_restore_onto_a_damaged_database_checks_the_user_against_the_backup(capsys, monkeypatch, data_dir,
                                                                              supervisor, services):
    for i in range(300):
        _person(services, supervisor, f"Nguyễn Văn {i}")
    backup = services.backups.create(supervisor).backup
    services.close()
    (data_dir / "hcc.sqlite3").write_bytes(b"\x13" * 8192)
    code, out, err = run(capsys, monkeypatch, PASSWORD + "\n", "--data-dir", str(data_dir), "restore",
                         str(backup.path), "--user", "phutrach")
    assert code == 0 and "hu-hong" in out, err
    code, out, _ = run(capsys, monkeypatch, "", "--data-dir", str(data_dir), "check")
    assert code == 0


def test_cli_restore_onto_a_damaged_database_refuses_a_volunteer(capsys, monkeypatch, data_dir, supervisor,
                                                                volunteer, services):
    backup = services.backups.create(supervisor).backup
    services.close()
    (data_dir / "hcc.sqlite3").write_bytes(b"\x13" * 8192)
    code, _, err = run(capsys, monkeypatch, PASSWORD + "\n", "--data-dir", str(data_dir), "restore",
                       str(backup.path), "--user", "tnv")
    assert code == 1 and "Lỗi" in err
    assert (data_dir / "hcc.sqlite3").read_bytes() == b"\x13" * 8192
