"""Is the data folder sound? Used by ``hcc-desktop check`` and the status bar."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from hcc_desktop.errors import DatabaseDamaged
from hcc_desktop.i18n import tr
from hcc_desktop.storage import migrations
from hcc_desktop.storage.engine import Database, sqlite_version
from hcc_desktop.storage.migrate import current_revision


@dataclass(frozen=True)
class HealthReport:
    data_dir: Path
    sqlite_version: str
    journal_mode: str
    schema_revision: str | None
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class HealthService:
    def __init__(self, db: Database, data_dir: Path) -> None:
        self._db = db
        self._data_dir = data_dir

    def check(self, *, quick: bool = False) -> HealthReport:
        problems = [tr("Lỗi toàn vẹn: {p}", p=p) for p in self._db.integrity_problems(quick=quick)]
        revision = current_revision(self._db)
        if revision != migrations.HEAD:
            problems.append(tr("Phiên bản cấu trúc dữ liệu là {found}, cần {need}.", found=revision, need=migrations.HEAD))
        mode = self._db.journal_mode()
        if self._db.is_sqlite and mode.lower() != "wal":
            problems.append(tr("Chế độ ghi nhật ký của cơ sở dữ liệu là {m}, cần WAL.", m=mode))
        return HealthReport(self._data_dir, sqlite_version(), mode, revision, problems)

    def startup_check(self) -> None:
        """``PRAGMA quick_check`` at every start (on the worker that loads the services); raises
        :class:`DatabaseDamaged` so the window can offer the latest good backup."""
        problems = self._db.integrity_problems(quick=True, foreign_keys=False)
        if problems:
            raise DatabaseDamaged(tr("Kiểm tra khi khởi động phát hiện cơ sở dữ liệu bị hỏng ({n} lỗi toàn vẹn).",
                                     n=len(problems)))
