"""Accounts: hashed passwords, roles enforced in the service, clear messages."""

import pytest
from sqlalchemy import select

from hcc_desktop.errors import AuthenticationFailed, PermissionDenied, ValidationError
from hcc_desktop.services.auth import Role, verify_password
from hcc_desktop.storage.models import UserAccount
from tests.conftest import PASSWORD


def test_first_supervisor_can_log_in_and_password_is_not_stored_in_clear(services, supervisor):
    assert supervisor.role is Role.SUPERVISOR
    assert services.auth.authenticate("PhuTrach ", PASSWORD).user_id == supervisor.user_id
    with services.db.read() as session:
        stored = session.scalar(select(UserAccount.password_hash))
    assert PASSWORD not in stored and stored.startswith("scrypt$")
    assert verify_password(PASSWORD, stored) and not verify_password("khác", stored)


def test_only_one_first_supervisor(services, supervisor):
    with pytest.raises(PermissionDenied):
        services.auth.create_first_supervisor("thu2", "Người Thứ Hai", PASSWORD)


def test_wrong_password_and_locked_account_are_refused(services, supervisor, clerk):
    with pytest.raises(AuthenticationFailed, match="Sai tên đăng nhập hoặc mật khẩu"):
        services.auth.authenticate("phutrach", "sai-mat-khau")
    services.auth.set_active(supervisor, clerk.user_id, False)
    with pytest.raises(AuthenticationFailed):
        services.auth.authenticate("congchuc", PASSWORD)


@pytest.mark.parametrize("who", ["clerk", "volunteer"])
def test_clerks_and_volunteers_cannot_manage_accounts(services, request, who):
    actor = request.getfixturevalue(who)
    with pytest.raises(PermissionDenied, match="không được phép"):
        services.auth.list_users(actor)
    with pytest.raises(PermissionDenied):
        services.auth.create_user(actor, "moi", "Người Mới", Role.CLERK, PASSWORD)
    with pytest.raises(PermissionDenied):
        services.auth.set_active(actor, actor.user_id, False)


def test_supervisor_cannot_create_an_admin(services, supervisor):
    with pytest.raises(PermissionDenied):
        services.auth.create_user(supervisor, "quantri", "Quản Trị", Role.ADMIN, PASSWORD)


@pytest.mark.parametrize("username, full_name, password, field", [
    ("ab", "Tên Hợp Lệ", PASSWORD, "username"),
    ("có dấu", "Tên Hợp Lệ", PASSWORD, "username"),
    ("hople", "   ", PASSWORD, "full_name"),
    ("hople", "Tên Hợp Lệ", "ngan", "password"),
])
def test_bad_account_input_names_the_field_and_writes_nothing(services, supervisor, username, full_name,
                                                              password, field):
    with pytest.raises(ValidationError) as info:
        services.auth.create_user(supervisor, username, full_name, Role.CLERK, password)
    assert info.value.field == field and info.value.message
    assert [u.username for u in services.auth.list_users(supervisor)] == ["phutrach"]


def test_duplicate_username_is_refused(services, supervisor, clerk):
    with pytest.raises(ValidationError, match="đã có người dùng"):
        services.auth.create_user(supervisor, "CONGCHUC", "Người Khác", Role.CLERK, PASSWORD)


def test_names_are_normalised(services, supervisor):
    info = services.auth.create_user(supervisor, "lan", "  HOÀNG   THỊ LAN ", Role.VOLUNTEER, PASSWORD)
    assert info.full_name == "Hoàng Thị Lan"


def test_cannot_lock_yourself(services, supervisor):
    with pytest.raises(ValidationError):
        services.auth.set_active(supervisor, supervisor.user_id, False)


def test_change_password_needs_the_old_one(services, clerk):
    with pytest.raises(AuthenticationFailed):
        services.auth.change_password(clerk, "sai", "mat-khau-moi-1")
    services.auth.change_password(clerk, PASSWORD, "mat-khau-moi-1")
    assert services.auth.authenticate("congchuc", "mat-khau-moi-1").user_id == clerk.user_id
