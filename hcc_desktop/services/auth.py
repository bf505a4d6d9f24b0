"""Accounts, roles and who is acting.

Every service call that changes or reveals data takes an :class:`Actor`, so
permissions are checked in services (not only by hiding buttons) and every
change can name who made it. Passwords are hashed with scrypt (memory-hard,
in the standard library); only the hash is stored.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from hcc_desktop.errors import AuthenticationFailed, NotFound, PermissionDenied, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.roles import (MANAGERS, MIN_PASSWORD, Actor, Role, UserInfo,  # noqa: F401  (re-exported)
                                         hash_password, require_role, verify_password)
from hcc_desktop.storage.engine import Database
from hcc_desktop.storage.models import UserAccount
from hcc_desktop.text import clean, clean_name

if TYPE_CHECKING:
    from hcc_desktop.services.audit import AuditService

def _valid_username(raw: str) -> str:
    username = clean(raw).lower()
    if not (3 <= len(username) <= 32) or not all(ch.isascii() and (ch.isalnum() or ch in "._-") for ch in username):
        raise ValidationError(tr("Tên đăng nhập gồm 3–32 ký tự: chữ không dấu, số, dấu chấm, gạch ngang hoặc gạch dưới."),
                              "username")
    return username


def _valid_password(password: str) -> str:
    if len(password) < MIN_PASSWORD:
        raise ValidationError(tr("Mật khẩu cần ít nhất {n} ký tự.", n=MIN_PASSWORD), "password")
    return password


def _valid_full_name(raw: str) -> str:
    name = clean_name(raw)
    if not name or len(name) > 200:
        raise ValidationError(tr("Hãy nhập họ và tên (tối đa 200 ký tự)."), "full_name")
    return name


def _to_actor(user: UserAccount) -> Actor:
    return Actor(user.id, user.username, user.full_name, Role(user.role))


def _to_info(user: UserAccount) -> UserInfo:
    return UserInfo(user.id, user.username, user.full_name, Role(user.role), user.active)


def _audit_action(name: str):
    from hcc_desktop.services.audit import AuditAction  # audit imports this module

    return AuditAction(name)


class AuthService:
    def __init__(self, db: Database, audit: "AuditService") -> None:
        self._db = db
        self._audit = audit

    def has_users(self) -> bool:
        with self._db.read() as session:
            return bool(session.scalar(select(func.count()).select_from(UserAccount)))

    def create_first_supervisor(self, username: str, full_name: str, password: str) -> Actor:
        """The first account of a new installation; refused once any account exists."""
        fields = (_valid_username(username), _valid_full_name(full_name), hash_password(_valid_password(password)))
        with self._db.write() as session:
            if session.scalar(select(func.count()).select_from(UserAccount)):
                raise PermissionDenied(tr("Đã có tài khoản; tài khoản mới do phụ trách Trung tâm tạo."))
            user = UserAccount(username=fields[0], full_name=fields[1], password_hash=fields[2],
                               role=Role.SUPERVISOR.value, active=True)
            session.add(user)
            session.flush()
            actor = _to_actor(user)
            self._audit.append(session.connection(), actor, _audit_action("account"), f"user:{user.id}",
                               {"created": user.username, "role": Role.SUPERVISOR.value})
            return actor

    def create_user(self, actor: Actor, username: str, full_name: str, role: Role | str, password: str) -> UserInfo:
        require_role(actor, *MANAGERS)
        role = self._valid_role(role)
        if role is Role.ADMIN and actor.role is not Role.ADMIN:
            raise PermissionDenied(tr("Chỉ quản trị hệ thống mới tạo được tài khoản quản trị."))
        fields = (_valid_username(username), _valid_full_name(full_name), hash_password(_valid_password(password)))
        with self._db.write() as session:
            if session.scalar(select(UserAccount.id).where(UserAccount.username == fields[0])):
                raise ValidationError(tr("Tên đăng nhập “{u}” đã có người dùng.", u=fields[0]), "username")
            user = UserAccount(username=fields[0], full_name=fields[1], password_hash=fields[2],
                               role=role.value, active=True)
            session.add(user)
            session.flush()
            self._audit.append(session.connection(), actor, _audit_action("account"), f"user:{user.id}",
                               {"created": user.username, "role": role.value})
            return _to_info(user)

    def authenticate(self, username: str, password: str) -> Actor:
        name = clean(username).lower()
        with self._db.read() as session:
            user = session.scalar(select(UserAccount).where(UserAccount.username == name))
        if user is None or not user.active or not verify_password(password, user.password_hash):
            self._audit.record(None, _audit_action("login_failed"), username=name[:64])
            raise AuthenticationFailed(tr("Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa."))
        actor = _to_actor(user)
        self._audit.record(actor, _audit_action("login"))
        return actor

    def note_login(self, actor: Actor) -> None:
        """The audit line of a log-in checked before the services had loaded (``storage/quick.py``)."""
        self._audit.record(actor, _audit_action("login"), detail={"checked": "at start-up"})

    def logout(self, actor: Actor) -> None:
        self._audit.record(actor, _audit_action("logout"))

    def list_users(self, actor: Actor) -> list[UserInfo]:
        require_role(actor, *MANAGERS)
        with self._db.read() as session:
            users = session.scalars(select(UserAccount).order_by(UserAccount.full_name)).all()
            return [_to_info(u) for u in users]

    def set_active(self, actor: Actor, user_id: uuid.UUID, active: bool) -> UserInfo:
        require_role(actor, *MANAGERS)
        if user_id == actor.user_id and not active:
            raise ValidationError(tr("Không thể tự khóa tài khoản đang dùng."))
        with self._db.write() as session:
            user = session.get(UserAccount, user_id)
            if user is None:
                raise NotFound(tr("Không tìm thấy tài khoản."))
            if Role(user.role) is Role.ADMIN and actor.role is not Role.ADMIN:
                raise PermissionDenied(tr("Chỉ quản trị hệ thống mới khóa được tài khoản quản trị."))
            user.active = active
            self._audit.append(session.connection(), actor, _audit_action("account"), f"user:{user.id}",
                               {"active": active})
            return _to_info(user)

    def change_password(self, actor: Actor, old: str, new: str) -> None:
        new_hash = hash_password(_valid_password(new))
        with self._db.write() as session:
            user = session.get(UserAccount, actor.user_id)
            if user is None or not verify_password(old, user.password_hash):
                raise AuthenticationFailed(tr("Mật khẩu hiện tại không đúng."))
            user.password_hash = new_hash
            self._audit.append(session.connection(), actor, _audit_action("account"), f"user:{user.id}",
                               {"password": "changed"})

    @staticmethod
    def _valid_role(role: Role | str) -> Role:
        try:
            return Role(role)
        except ValueError:
            raise ValidationError(tr("Vai trò không hợp lệ: {r}.", r=role), "role") from None
