"""The audit trail: what is recorded, that it cannot be edited in place, and that verify catches tampering."""

from __future__ import annotations

import sqlite3

import pytest

from hcc_desktop.cli import main
from hcc_desktop.errors import AuthenticationFailed, PermissionDenied
from hcc_desktop.services.audit import AuditAction
from hcc_desktop.services.citizens import CitizenInput
from tests.conftest import PASSWORD


def actions(services, actor):
    return [(line.username, line.action) for line in reversed(services.audit.lines(actor))]


def test_logins_failed_logins_logouts_and_accounts_are_recorded(services, supervisor, clerk):
    with pytest.raises(AuthenticationFailed):
        services.auth.authenticate("congchuc", "sai-mat-khau")
    services.auth.logout(clerk)
    assert actions(services, supervisor) == [
        ("phutrach", AuditAction.ACCOUNT),  # the first supervisor
        ("phutrach", AuditAction.ACCOUNT),  # the clerk's account
        ("congchuc", AuditAction.LOGIN),
        ("congchuc", AuditAction.LOGIN_FAILED),
        ("congchuc", AuditAction.LOGOUT),
    ]
    assert all("sai-mat-khau" not in str(line.detail) for line in services.audit.lines(supervisor))


def test_settings_change_records_old_and_new_value_only_when_it_changes(services, supervisor):
    services.settings.set(supervisor, "center_name", "Trung tâm PVHCC xã Lạc Phương")
    services.settings.set(supervisor, "center_name", "Trung tâm PVHCC xã Lạc Phương")
    [line] = services.audit.lines(supervisor, action=AuditAction.SETTINGS)
    assert line.detail["center_name"]["new"] == "Trung tâm PVHCC xã Lạc Phương"
    assert line.detail["center_name"]["old"] != line.detail["center_name"]["new"]


def test_citizen_edit_names_changed_fields_without_copying_identifying_values(services, supervisor, clerk):
    person = services.citizens.create(clerk, CitizenInput("Nguyễn Văn An", birth_year=1950, gender="male",
                                                          cccd="001050004567", phone="0912345678", village=""))
    services.citizens.update(clerk, person.id, CitizenInput("Nguyễn Văn An", birth_year=1950, gender="male",
                                                            cccd="001050004567", phone="0987654321",
                                                            vneid="level2"))
    edit = services.audit.lines(supervisor, action=AuditAction.EDIT)[0]
    assert edit.subject == f"citizen:{person.id}"
    assert edit.detail["phone"] == "changed"
    assert edit.detail["vneid"]["new"] == "level2"
    assert "0987654321" not in str(edit.detail) and "0912345678" not in str(edit.detail)
    services.citizens.get(clerk, person.id, reveal_cccd=True)
    [view] = services.audit.lines(supervisor, action=AuditAction.VIEW_ID)
    assert (view.username, view.subject) == ("congchuc", f"citizen:{person.id}")
    services.citizens.get(clerk, person.id)  # masked: nothing to record
    assert len(services.audit.lines(supervisor, action=AuditAction.VIEW_ID)) == 1


def test_only_managers_browse_the_trail(services, clerk, volunteer):
    for actor in (clerk, volunteer):
        with pytest.raises(PermissionDenied):
            services.audit.lines(actor)


def test_the_database_refuses_to_change_or_delete_a_line(services, supervisor, data_dir):
    con = sqlite3.connect(data_dir / "hcc.sqlite3")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("UPDATE audit_log SET username = 'ai-do' WHERE seq = 1")
    with pytest.raises(sqlite3.DatabaseError, match="append-only"):
        con.execute("DELETE FROM audit_log")
    con.close()
    assert services.audit.verify().ok


def _tamper(data_dir, *statements):
    """What someone with the file and a SQLite tool could do: drop the guards, then edit."""
    con = sqlite3.connect(data_dir / "hcc.sqlite3")
    con.execute("DROP TRIGGER audit_log_no_update")
    con.execute("DROP TRIGGER audit_log_no_delete")
    for statement in statements:
        con.execute(statement)
    con.commit()
    con.close()


@pytest.fixture
def busy_trail(services, supervisor, clerk):
    for n in range(5):
        services.settings.set(supervisor, "counters", [f"Quầy {n + 2}"])
    assert services.audit.verify().ok and services.audit.verify().lines == 8


def run_verify(capsys, data_dir):
    code = main(["--data-dir", str(data_dir), "audit", "verify"])
    out = capsys.readouterr()
    return code, out.out + out.err


def test_verify_catches_an_edited_line(services, busy_trail, data_dir, capsys):
    _tamper(data_dir, "UPDATE audit_log SET username = 'ai-do' WHERE seq = 4")
    result = services.audit.verify()
    assert result.problems == ["Dòng 4 đã bị sửa sau khi ghi."]
    code, text = run_verify(capsys, data_dir)
    assert code == 2 and "Dòng 4 đã bị sửa" in text


def test_verify_catches_a_deleted_line_in_the_middle(services, busy_trail, data_dir):
    _tamper(data_dir, "DELETE FROM audit_log WHERE seq = 3")
    problems = services.audit.verify().problems
    assert "Thiếu dòng nhật ký số 3–3." in problems
    assert any("Dòng 4 không nối tiếp" in p for p in problems)


def test_verify_catches_lines_removed_from_the_end(services, busy_trail, data_dir):
    _tamper(data_dir, "DELETE FROM audit_log WHERE seq >= 7")
    [problem] = services.audit.verify().problems
    assert "dừng ở dòng 6" in problem and "8" in problem


def test_verify_catches_a_rewritten_chain_by_the_head(services, busy_trail, data_dir):
    _tamper(data_dir, "DELETE FROM audit_head")
    assert services.audit.verify().problems == ["Mất dấu dòng cuối của nhật ký."]


def test_cli_verify_of_an_intact_trail(services, busy_trail, data_dir, capsys):
    code, text = run_verify(capsys, data_dir)
    assert code == 0 and "nguyên vẹn: 8 dòng" in text


def test_failed_audit_write_leaves_the_change_unsaved(services, supervisor, data_dir):
    """A change and its audit line are one transaction: no line, no change."""
    con = sqlite3.connect(data_dir / "hcc.sqlite3")
    con.execute("CREATE TRIGGER refuse_audit BEFORE INSERT ON audit_log BEGIN SELECT RAISE(ABORT, 'full'); END")
    con.commit()
    con.close()
    before = services.settings.view().center_name
    with pytest.raises(Exception):
        services.settings.set(supervisor, "center_name", "Tên mới")
    assert services.settings.view().center_name == before


def test_lines_sent_straight_to_the_driver_are_stored_as_core_stores_them(services, supervisor, data_dir):
    """DriverStatement must use the dialect's storage format: timestamps compare as text in SQL."""
    con = sqlite3.connect(data_dir / "hcc.sqlite3")
    [(line_at,)] = con.execute("SELECT at FROM audit_log ORDER BY seq LIMIT 1").fetchall()
    [(core_at,)] = con.execute("SELECT created_at FROM user_account LIMIT 1").fetchall()
    con.close()
    assert len(line_at) == len(core_at) == len("2026-11-25 01:00:00.000000")
