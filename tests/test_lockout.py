"""Lock-out after wrong passwords in a row: in the services and on the quick start path, unlocked by a supervisor."""

from __future__ import annotations

import sqlite3

import pytest

from hcc_desktop.early import EarlyServices
from hcc_desktop.errors import AccountLocked, AuthenticationFailed, PermissionDenied
from hcc_desktop.services.audit import AuditAction
from hcc_desktop.storage.migrations import HEAD
from hcc_desktop.storage.quick import QuickReader
from tests.conftest import PASSWORD


def _fail(services, name: str, times: int) -> BaseException:
    error = None
    for _ in range(times):
        with pytest.raises(AuthenticationFailed) as caught:
            services.auth.authenticate(name, "sai-mat-khau")
        error = caught.value
    return error


def test_five_wrong_passwords_lock_the_account_until_a_time_in_local_time(services, supervisor, clerk, clock):
    assert not isinstance(_fail(services, "congchuc", 4), AccountLocked)
    locked = _fail(services, "congchuc", 1)
    assert isinstance(locked, AccountLocked)
    assert "tạm khóa đến 08:15 25/11/2026" in locked.message  # 08:00 local + 15 minutes
    with pytest.raises(AccountLocked):  # even the right password, while it lasts
        services.auth.authenticate("congchuc", PASSWORD)
    clock.advance(minutes=15, seconds=1)
    assert services.auth.authenticate("congchuc", PASSWORD).user_id == clerk.user_id
    actions = [line.action for line in services.audit.lines(supervisor, username="congchuc")]
    assert actions.count(AuditAction.LOCKOUT) == 1 and actions.count(AuditAction.LOGIN_FAILED) == 6


def test_a_good_password_resets_the_count(services, supervisor, clerk):
    _fail(services, "congchuc", 4)
    services.auth.authenticate("congchuc", PASSWORD)
    assert not isinstance(_fail(services, "congchuc", 4), AccountLocked)


def test_the_limits_are_settings_and_zero_turns_lock_out_off(services, supervisor, clerk, clock):
    services.settings.update(supervisor, {"login_max_failures": 2, "login_lock_minutes": 60})
    assert isinstance(_fail(services, "congchuc", 2), AccountLocked)
    clock.advance(minutes=59)
    with pytest.raises(AccountLocked):
        services.auth.authenticate("congchuc", PASSWORD)
    services.auth.unlock(supervisor, clerk.user_id)
    services.settings.update(supervisor, {"login_max_failures": 0})
    assert not isinstance(_fail(services, "congchuc", 10), AccountLocked)


def test_unknown_names_are_answered_like_known_ones(services, supervisor):
    first = _fail(services, "khong-co-ai", 4)
    assert first.message == _fail(services, "phutrach", 1).message
    assert isinstance(_fail(services, "khong-co-ai", 1), AccountLocked)


def test_a_supervisor_unlocks_and_the_trail_says_so(services, supervisor, clerk, volunteer):
    _fail(services, "congchuc", 5)
    listed = {u.username: u for u in services.auth.list_users(supervisor)}
    assert listed["congchuc"].locked_until is not None and listed["tnv"].locked_until is None
    with pytest.raises(PermissionDenied):
        services.auth.unlock(volunteer, clerk.user_id)
    info = services.auth.unlock(supervisor, clerk.user_id)
    assert info.locked_until is None
    assert services.auth.authenticate("congchuc", PASSWORD).user_id == clerk.user_id
    unlocks = services.audit.lines(supervisor, action=AuditAction.UNLOCK)
    assert [(line.username, line.subject) for line in unlocks] == [("phutrach", f"user:{clerk.user_id}")]


def _reader(services) -> QuickReader:
    reader = QuickReader.open(services.paths.database, HEAD)
    assert reader is not None
    return reader


def test_quick_start_refuses_a_locked_account_without_writing(services, supervisor, clerk, clock):
    _fail(services, "congchuc", 5)
    reader = _reader(services)
    try:
        with pytest.raises(AccountLocked, match="tạm khóa đến"):
            reader.authenticate("congchuc", PASSWORD, clock.now())
        with pytest.raises(sqlite3.OperationalError):  # read-only for real
            reader._con.execute("UPDATE user_account SET failed_logins = 0")
    finally:
        reader.close()


def test_quick_start_hands_wrong_passwords_to_the_service_which_counts_them(services, supervisor, clerk, clock):
    import threading

    early = EarlyServices(services.paths, clock, _reader(services))
    errors = []

    def try_wrong():
        for _ in range(5):
            try:
                early.auth.authenticate("congchuc", "sai-mat-khau")
            except AuthenticationFailed as exc:
                errors.append(exc)

    worker = threading.Thread(target=try_wrong)
    worker.start()
    worker.join(0.3)
    assert worker.is_alive() and not errors  # a wrong password waits for the services, which count it
    early.resolve(services)
    worker.join(30)
    assert len(errors) == 5 and isinstance(errors[-1], AccountLocked)
    assert not any(isinstance(e, AccountLocked) for e in errors[:-1])  # each wrong password counted once
    lines = services.audit.lines(supervisor, action=AuditAction.LOCKOUT)
    assert [line.username for line in lines] == ["congchuc"]


def test_quick_start_refusal_of_a_locked_account_is_in_the_audit_trail(services, supervisor, clerk, clock):
    _fail(services, "congchuc", 5)
    refused_before = len(services.audit.lines(supervisor, action=AuditAction.LOGIN_FAILED))
    import threading

    early = EarlyServices(services.paths, clock, _reader(services))
    errors = []

    def try_right_password():
        try:
            early.auth.authenticate("congchuc", PASSWORD)
        except AuthenticationFailed as exc:
            errors.append(exc)

    worker = threading.Thread(target=try_right_password)
    worker.start()  # before the services are loaded: the quick reader sees the lock
    worker.join(0.3)
    early.resolve(services)
    worker.join(30)
    assert len(errors) == 1 and isinstance(errors[0], AccountLocked) and "tạm khóa đến" in errors[0].message
    lines = services.audit.lines(supervisor, action=AuditAction.LOGIN_FAILED)
    assert len(lines) == refused_before + 1  # once: not asked again of the services
    assert lines[0].username == "congchuc" and lines[0].detail == {"refused": "locked"}
