"""Accounts, roles and who is acting.

Every service call that changes or reveals data takes an :class:`Actor`, so
permissions are checked in services (not only by hiding buttons) and every
change can name who made it. Passwords are hashed with scrypt (memory-hard,
in the standard library); only the hash is stored.
"""

from __future__ import annotations

import threading
import uuid
from datetime import timedelta
from typing import TYPE_CHECKING

from sqlalchemy import bindparam, func, select, update

from hcc_desktop.errors import AuthenticationFailed, NotFound, PermissionDenied, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.roles import (MANAGERS, MIN_PASSWORD, Actor, Role, UserInfo,  # noqa: F401  (re-exported)
                                         hash_password, locked_out, require_role, verify_password, wrong_password)
from hcc_desktop.storage.engine import Database
from hcc_desktop.storage.models import UserAccount
from hcc_desktop.text import clean, clean_name

if TYPE_CHECKING:
    from hcc_desktop.services.audit import AuditService
    from hcc_desktop.services.settings import SettingsService

_U = UserAccount.__table__
_BY_NAME = select(_U).where(_U.c.username == bindparam("name"))
_SET_LOCK = (update(_U).where(_U.c.id == bindparam("uid"))
             .values(failed_logins=bindparam("failures"), locked_until=bindparam("until")))
# Checked against when the name is unknown, so a wrong name costs the same time as a wrong password.
_NO_SUCH_USER = hash_password("no such user: the answer is the same either way")

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


def _to_info(user: UserAccount, now=None) -> UserInfo:
    locked = user.locked_until if user.locked_until is not None and now is not None and user.locked_until > now \
        else None
    return UserInfo(user.id, user.username, user.full_name, Role(user.role), user.active, locked)


def _audit_action(name: str):
    from hcc_desktop.services.audit import AuditAction  # audit imports this module

    return AuditAction(name)


class AuthService:
    def __init__(self, db: Database, audit: "AuditService", settings: "SettingsService | None" = None) -> None:
        self._db = db
        self._audit = audit
        self._settings = settings
        self._unknown: dict[str, tuple[int, object]] = {}  # wrong tries on names that have no account
        self._unknown_lock = threading.Lock()

    def _lockout_policy(self) -> tuple[int, timedelta]:
        """(wrong passwords in a row that lock an account, 0 = never; for how long)."""
        if self._settings is None:
            return 5, timedelta(minutes=15)
        view = self._settings.view()
        return view.login_max_failures, timedelta(minutes=view.login_lock_minutes)

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
        """The account, or :class:`AuthenticationFailed`; after too many wrong passwords in a row,
        :class:`AccountLocked` until a time (unknown names get the same answers, so a refusal does not
        tell whether a name exists)."""
        name = clean(username).lower()[:64]
        limit, duration = self._lockout_policy()
        with self._db.read_core() as conn:
            row = conn.execute(_BY_NAME, {"name": name}).first()
        # scrypt takes a while: checked outside the write transaction, so the counter is never held up
        checked = _NO_SUCH_USER if row is None else row.password_hash
        good = verify_password(password, checked) and row is not None
        with self._db.write_core() as conn:  # one transaction: the lock, the count and their audit line
            row = conn.execute(_BY_NAME, {"name": name}).first()  # as it is now
            if row is None:
                outcome = self._unknown_name(conn, name, limit, duration)
            else:
                outcome = self._known_name(conn, row, good and row.password_hash == checked, limit, duration)
        if isinstance(outcome, Exception):
            raise outcome
        return outcome

    def _known_name(self, conn, row, good_password: bool, limit: int, duration: timedelta):
        now = self._db.clock.now()
        if row.locked_until is not None and row.locked_until > now:
            self._audit.append(conn, None, _audit_action("login_failed"), f"user:{row.id}",
                               {"refused": "locked"}, username=row.username)
            return locked_out(row.locked_until)
        if row.active and good_password:
            if row.failed_logins or row.locked_until is not None:
                conn.execute(_SET_LOCK, {"uid": row.id, "failures": 0, "until": None})
            actor = Actor(row.id, row.username, row.full_name, Role(row.role))
            self._audit.append(conn, actor, _audit_action("login"))
            return actor
        failures = (0 if row.locked_until is not None else row.failed_logins) + 1  # a lock that ran out starts anew
        self._audit.append(conn, None, _audit_action("login_failed"), f"user:{row.id}", {"in_a_row": failures},
                           username=row.username)
        if limit and failures >= limit:
            until = now + duration
            conn.execute(_SET_LOCK, {"uid": row.id, "failures": 0, "until": until})
            self._audit.append(conn, None, _audit_action("lockout"), f"user:{row.id}",
                               {"failures": failures, "minutes": int(duration.total_seconds() // 60)},
                               username=row.username)
            return locked_out(until)
        conn.execute(_SET_LOCK, {"uid": row.id, "failures": failures, "until": None})
        return wrong_password()

    def _unknown_name(self, conn, name: str, limit: int, duration: timedelta):
        now = self._db.clock.now()
        with self._unknown_lock:
            failures, until = self._unknown.get(name, (0, None))
            if until is not None and until > now:
                return locked_out(until)
            failures = (0 if until is not None else failures) + 1
            locked = bool(limit) and failures >= limit
            until = now + duration if locked else None
            if len(self._unknown) > 1000:
                self._unknown.clear()
            self._unknown[name] = (0, until) if locked else (failures, None)
        self._audit.append(conn, None, _audit_action("login_failed"), "", {"in_a_row": failures}, username=name)
        return locked_out(until) if locked else wrong_password()

    def note_login(self, actor: Actor) -> None:
        """The audit line of a log-in checked before the services had loaded (``storage/quick.py``);
        the good password also clears the count of wrong ones, as :meth:`authenticate` does."""
        require_role(actor, *Role)
        with self._db.write_core() as conn:
            conn.execute(_SET_LOCK, {"uid": actor.user_id, "failures": 0, "until": None})
            self._audit.append(conn, actor, _audit_action("login"), detail={"checked": "at start-up"})

    def unlock(self, actor: Actor, user_id: uuid.UUID) -> UserInfo:
        """A supervisor lifts a lock-out before it runs out (and clears the count of wrong passwords)."""
        require_role(actor, *MANAGERS)
        with self._db.write() as session:
            user = session.get(UserAccount, user_id)
            if user is None:
                raise NotFound(tr("Không tìm thấy tài khoản."))
            was_locked = user.locked_until is not None and user.locked_until > self._db.clock.now()
            user.failed_logins, user.locked_until = 0, None
            self._audit.append(session.connection(), actor, _audit_action("unlock"), f"user:{user.id}",
                               {"was_locked": was_locked})
            return _to_info(user)

    def logout(self, actor: Actor) -> None:
        require_role(actor, *Role)
        self._audit.record(actor, _audit_action("logout"))

    def list_users(self, actor: Actor) -> list[UserInfo]:
        require_role(actor, *MANAGERS)
        with self._db.read() as session:
            users = session.scalars(select(UserAccount).order_by(UserAccount.full_name)).all()
            now = self._db.clock.now()
            return [_to_info(u, now) for u in users]

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
        require_role(actor, *Role)
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
