"""Roles, who is acting, and password hashes: plain Python (no database), so the first
screen can log a person in before the storage layer has loaded (see ``storage/quick.py``).
``hcc_desktop.services.auth`` re-exports all of it.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from hcc_desktop.errors import AccountLocked, AuthenticationFailed, PermissionDenied
from hcc_desktop.i18n import tr

MIN_PASSWORD = 8
_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


class Role(StrEnum):
    CLERK = "clerk"
    VOLUNTEER = "volunteer"
    SUPERVISOR = "supervisor"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {
            Role.CLERK: tr("công chức tiếp nhận"),
            Role.VOLUNTEER: tr("tình nguyện viên"),
            Role.SUPERVISOR: tr("phụ trách Trung tâm"),
            Role.ADMIN: tr("quản trị hệ thống"),
        }[self]


MANAGERS = (Role.SUPERVISOR, Role.ADMIN)


@dataclass(frozen=True)
class Actor:
    """The person acting, as services see them."""

    user_id: uuid.UUID
    username: str
    full_name: str
    role: Role

    def is_(self, *roles: Role) -> bool:
        return self.role in roles


@dataclass(frozen=True)
class UserInfo:
    id: uuid.UUID
    username: str
    full_name: str
    role: Role
    active: bool
    locked_until: datetime | None = None  # locked out after wrong passwords (UTC), None when not locked


def require_role(actor: Actor, *roles: Role) -> None:
    if actor.role not in roles:
        raise PermissionDenied(tr("Tài khoản “{user}” ({role}) không được phép làm việc này.",
                                  user=actor.username, role=actor.role.label))


def require_own(actor: Actor, owner_id: uuid.UUID | None) -> None:
    """Volunteers see and change only the visits (and what hangs on them) they are helping with."""
    if actor.role is Role.VOLUNTEER and owner_id != actor.user_id:
        raise PermissionDenied(tr("Tình nguyện viên chỉ xem và sửa được lượt hỗ trợ do chính mình thực hiện."))


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode("utf-8"), salt=salt, dklen=32, **_SCRYPT)
    b64 = lambda raw: base64.b64encode(raw).decode("ascii")  # noqa: E731
    return f"scrypt${_SCRYPT['n']}${_SCRYPT['r']}${_SCRYPT['p']}${b64(salt)}${b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = hashlib.scrypt(password.encode("utf-8"), salt=base64.b64decode(salt),
                                n=int(n), r=int(r), p=int(p), dklen=len(expected))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, expected)


def wrong_password() -> AuthenticationFailed:
    """The same words whether the name exists or not."""
    return AuthenticationFailed(tr("Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa."))


def locked_out(until: datetime) -> AccountLocked:
    """Refused until ``until`` (UTC): said in local time."""
    from hcc_desktop.clock import format_local

    return AccountLocked(tr("Đã nhập sai mật khẩu quá nhiều lần: tài khoản tạm khóa đến {time}. Hãy chờ đến giờ đó, "
                            "hoặc nhờ phụ trách Trung tâm mở khóa.", time=format_local(until)), until)
