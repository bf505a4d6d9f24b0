"""Backups of the database: daily, on demand, before an import; generations kept; restore.

Backups are files ``hcc-YYYYMMDD-HHMMSS-<kind>.sqlite3`` in the data folder's ``backups/``
(local time in the name). Each is a consistent snapshot of the database (see
:mod:`hcc_desktop.storage.backup`) that passed ``PRAGMA quick_check`` (every page and b-tree;
``integrity_check`` also compares indexes with tables but costs several times the copy on a
large database: it runs before an upgrade, in ``hcc-desktop check`` and on a file being
restored), was compared with what it copied and was flushed to disk before it got its name,
so a file with that name is a verified copy. Kinds: ``hang-ngay`` (the first start of a day without
one, and ``hcc-desktop backup``), ``thu-cong`` (Sao lưu ngay), ``truoc-nhap`` (before an
import: :meth:`BackupService.before_import`), ``truoc-nang-cap-<rev>`` (before a schema
upgrade), ``truoc-khoi-phuc`` (what a restore replaced).

Generations: the newest ``backup_keep`` (setting, default 14) of the kinds above other than
the upgrade ones are kept; upgrade backups are kept 90 days; the newest backup is never
deleted. With ``backup_second_dir`` set, each backup is also copied there (a USB drive);
a missing folder is reported and the local copy kept.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path

from hcc_desktop.clock import LOCAL_TZ, to_local
from hcc_desktop.errors import HccError, ValidationError
from hcc_desktop.i18n import tr
from hcc_desktop.services.audit import AuditAction
from hcc_desktop.services.auth import MANAGERS, Actor, Role, require_role
from hcc_desktop.storage import backup as files

logger = logging.getLogger(__name__)
DAILY, MANUAL, BEFORE_IMPORT, BEFORE_RESTORE, BEFORE_UPGRADE = (
    "hang-ngay", "thu-cong", "truoc-nhap", "truoc-khoi-phuc", "truoc-nang-cap")
UPGRADE_KEEP_DAYS = 90
_NAME = re.compile(r"^hcc-(\d{8})-(\d{6})-([a-z0-9-]+)\.sqlite3$")
DAMAGED_DIR = "hu-hong"
RESTORE_OVER_DAMAGE_ROLES = (Role.CLERK, *MANAGERS)  # the counter must not stay shut waiting for a supervisor


def kind_label(kind: str) -> str:
    if kind.startswith(BEFORE_UPGRADE):
        return tr("trước khi nâng cấp")
    return {DAILY: tr("hằng ngày"), MANUAL: tr("sao lưu ngay"), BEFORE_IMPORT: tr("trước khi nhập dữ liệu"),
            BEFORE_RESTORE: tr("trước khi khôi phục")}.get(kind, kind)


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    when: datetime  # local time
    kind: str
    size: int
    verified: bool = True  # checked (quick_check) before it got its final name

    @property
    def label(self) -> str:
        return kind_label(self.kind)


@dataclass(frozen=True)
class BackupResult:
    backup: BackupInfo
    second_copy: Path | None = None
    second_problem: str = ""  # said to the user: the second location was missing or failed
    pruned: int = 0

    def message(self) -> str:
        text = tr("Đã sao lưu vào {p} ({mb} MB).", p=str(self.backup.path), mb=f"{self.backup.size / 1e6:.1f}")
        if self.second_copy is not None:
            text += " " + tr("Đã chép thêm vào {p}.", p=str(self.second_copy))
        if self.second_problem:
            text += " " + self.second_problem
        return text


def list_backups(folder: Path) -> list[BackupInfo]:
    """The verified backups in ``folder``, newest first."""
    found = []
    if not folder.is_dir():
        return found
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if not match or not path.is_file():
            continue
        try:
            when = datetime.strptime(match.group(1) + match.group(2), "%Y%m%d%H%M%S").replace(tzinfo=LOCAL_TZ)
            found.append(BackupInfo(path, when, match.group(3), path.stat().st_size))
        except (ValueError, OSError):
            continue
    return sorted(found, key=lambda b: (b.when, b.path.name), reverse=True)


def to_prune(backups: list[BackupInfo], keep: int, today: date) -> list[BackupInfo]:
    """Which backups the generation rule lets go (``backups`` newest first)."""
    if not backups:
        return []
    newest = backups[0]
    regular = [b for b in backups if not b.kind.startswith(BEFORE_UPGRADE)]
    drop = regular[keep:]
    limit = today - timedelta(days=UPGRADE_KEEP_DAYS)
    drop += [b for b in backups if b.kind.startswith(BEFORE_UPGRADE) and b.when.date() < limit]
    return [b for b in drop if b is not newest]


def restore_file(paths, candidate: Path, when: datetime, known_revisions: set[str], *,
                 damaged: bool = False, progress=None) -> tuple[files.DatabaseFile, Path | None]:
    """Check ``candidate`` and put it in place of the database; returns it and where the old one went.

    The database must not be open anywhere (this process included). A sound old database is kept as a
    ``truoc-khoi-phuc`` backup; a damaged one (``damaged``, or one that cannot be read) is copied with its
    journal files into ``backups/hu-hong/``. Nothing is changed when the candidate is refused.
    """
    checked = files.inspect_database(candidate, known_revisions)
    database = paths.database
    if files.database_in_use(database):
        raise ValidationError(tr("Cơ sở dữ liệu đang được mở (chương trình HCC Desktop hoặc một lệnh khác đang "
                                 "chạy). Hãy đóng chương trình rồi khôi phục lại."), "file")
    kept = None
    if database.exists():
        if not damaged:
            try:
                files.checkpoint(database)
                kept = files.backup_sqlite(database, paths.backup_dir, BEFORE_RESTORE, when)
            except HccError:
                damaged = True
            except Exception:  # noqa: BLE001 — an unreadable file is set aside as damaged
                logger.warning("database unreadable before restore; setting it aside", exc_info=True)
                damaged = True
        if damaged:
            kept = files.set_aside(database, paths.backup_dir / DAMAGED_DIR, when)
    files.replace_database(checked.path, database, progress)
    logger.info("database restored from %s (schema %s)", candidate.name, checked.revision)
    return checked, kept


class BackupService:
    def __init__(self, paths, clock, settings, audit, pause_writes=None) -> None:
        self._paths = paths
        self._clock = clock
        self._settings = settings
        self._audit = audit
        self._pause_writes = pause_writes  # Database.writes_held: saves wait while the copy pins the file

    @property
    def folder(self) -> Path:
        return self._paths.backup_dir

    def list(self, actor: Actor | None = None) -> list[BackupInfo]:
        """Every verified backup in the data folder, newest first (names and sizes only: no personal data)."""
        return list_backups(self.folder)

    def latest(self) -> BackupInfo | None:
        found = list_backups(self.folder)
        return found[0] if found else None

    def is_stale(self, latest: BackupInfo | None = None) -> bool:
        latest = latest if latest is not None else self.latest()
        if latest is None:
            return True
        limit = timedelta(hours=self._settings.view().backup_warn_hours)
        return to_local(self._clock.now()) - latest.when > limit

    def create(self, actor: Actor | None, kind: str = MANUAL, *, to: Path | None = None,
               progress=None) -> BackupResult:
        """Back up now; ``to`` (or the ``backup_second_dir`` setting) also gets a copy."""
        if actor is not None or kind == MANUAL:
            require_role(actor, *MANAGERS)
        when = to_local(self._clock.now())
        path = files.backup_sqlite(self._paths.database, self.folder, kind, when, progress, check="quick_check",
                                   pause_writes=self._pause_writes)
        info = BackupInfo(path, when.replace(microsecond=0), kind, path.stat().st_size)
        second_dir = to if to is not None else self._second_dir()
        second, problem = self._copy_to_second(path, second_dir)
        pruned = self._prune(second if second is not None else None)
        detail = {"kind": kind, "file": path.name, "bytes": info.size, "second_copy": bool(second)}
        if problem:
            detail["second_problem"] = problem
        self._audit.record(actor, AuditAction.BACKUP, f"backup:{path.name}", detail,
                           username=None if actor else "hệ thống")
        logger.info("backup %s written (%d bytes), %d old ones removed", path.name, info.size, pruned)
        return BackupResult(info, second, problem, pruned)

    def daily_if_due(self) -> BackupResult | None:
        """The day's automatic backup, if no backup was taken today yet (runs after the services load)."""
        today = to_local(self._clock.now()).date()
        latest = self.latest()
        if latest is not None and latest.when.date() == today:
            return None
        return self.create(None, DAILY)

    def before_import(self, actor: Actor, progress=None) -> BackupResult:
        """Called by import code before it changes anything."""
        return self.create(actor, BEFORE_IMPORT, progress=progress)

    def _second_dir(self) -> Path | None:
        raw = self._settings.view().backup_second_dir
        return Path(raw).expanduser() if raw else None

    def _copy_to_second(self, path: Path, folder: Path | None) -> tuple[Path | None, str]:
        if folder is None:
            return None, ""
        if not folder.is_dir():
            logger.warning("second backup folder missing")
            return None, tr("Không thấy thư mục sao lưu thứ hai {p} (ổ USB chưa cắm hoặc đã đổi tên ổ?); "
                            "bản sao lưu trong máy vẫn được giữ.", p=str(folder))
        try:
            return files.copy_file_durably(path, folder), ""
        except OSError:
            logger.warning("copy to the second backup folder failed", exc_info=True)
            return None, tr("Không chép được vào thư mục sao lưu thứ hai {p} (đầy hoặc chỉ đọc); "
                            "bản sao lưu trong máy vẫn được giữ.", p=str(folder))

    def _prune(self, second_copy: Path | None) -> int:
        keep = self._settings.view().backup_keep
        today = to_local(self._clock.now()).date()
        removed = 0
        folders = [self.folder] + ([second_copy.parent] if second_copy is not None else [])
        for folder in folders:
            for old in to_prune(list_backups(folder), keep, today):
                try:
                    old.path.unlink()
                    removed += folder == self.folder
                except OSError:
                    logger.warning("could not remove an old backup", exc_info=True)
        return removed

    def restore(self, actor: Actor, candidate: Path, close, reopen) -> tuple[files.DatabaseFile, Path | None]:
        """Restore ``candidate`` as a supervisor: ``close()`` releases this process's database,
        ``reopen()`` returns services opened on the restored one (which get the audit line).
        Returns the restored file's description and where the replaced database was kept."""
        require_role(actor, *MANAGERS)
        from hcc_desktop.storage.migrate import known_revisions

        candidate = Path(candidate)
        files.inspect_database(candidate, known_revisions())  # refuse before closing anything
        when = to_local(self._clock.now())
        close()
        checked, kept = restore_file(self._paths, candidate, when, known_revisions())
        with reopen() as services:
            record_restore(services, actor.username, candidate, checked, kept)
        return checked, kept


def record_restore(services, username: str, candidate: Path, checked: files.DatabaseFile, kept: Path | None,
                   reason: str = "") -> None:
    """The restore's line in the restored database's audit trail (the account may not exist there)."""
    detail = {"file": candidate.name, "schema": checked.revision, "replaced_kept_as": kept.name if kept else None}
    if reason:
        detail["reason"] = reason
    services.audit.record(None, AuditAction.RESTORE, f"restore:{candidate.name}", detail, username=username)


def authenticate_in_backup(candidate: Path, username: str, password: str) -> Actor:
    """Who restores over a damaged database, which nobody can log in to: an account of the backup
    being restored, a clerk or above (the damaged file is kept aside, so nothing is lost by it).
    Read straight from the backup file (nothing is written, nothing copied): a wrong password is
    answered at once, before the backup is checked and copied."""
    import uuid

    from hcc_desktop.errors import AuthenticationFailed
    from hcc_desktop.services.roles import verify_password
    from hcc_desktop.text import clean

    row = files.account_in(Path(candidate), clean(username).lower()[:64])
    if row is None or not row[5] or not verify_password(password, row[4]):
        raise AuthenticationFailed(tr("Sai tên đăng nhập hoặc mật khẩu, hoặc tài khoản đã bị khóa "
                                      "(trong bản sao lưu này)."))
    actor = Actor(uuid.UUID(hex=str(row[0])), row[1], row[2], Role(row[3]))
    require_role(actor, *RESTORE_OVER_DAMAGE_ROLES)
    return actor


def restore_after_damage(paths, clock, backup: Path, actor: Actor, progress=None,
                         reason: str = "damaged_at_start") -> tuple[files.DatabaseFile, Path | None]:
    """At start-up, the database found damaged: put ``backup`` in its place (the damaged file set aside
    into ``backups/hu-hong/``) and write the restore, by ``actor`` (see :func:`authenticate_in_backup`),
    in the restored database's audit trail."""
    from hcc_desktop.app import open_services
    from hcc_desktop.storage.migrate import known_revisions

    require_role(actor, *RESTORE_OVER_DAMAGE_ROLES)
    checked, kept = restore_file(paths, backup, to_local(clock.now()), known_revisions(), damaged=True,
                                 progress=progress)
    with open_services(paths.data_dir, clock=clock) as services:
        record_restore(services, actor.username, backup, checked, kept, reason)
    return checked, kept
