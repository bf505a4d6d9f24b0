"""Composition root: resolve paths, open storage, build every service once.

The GUI, the CLI and the tests all start from :func:`open_services`.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from hcc_desktop.clock import Clock, SystemClock
from hcc_desktop.errors import DataFolderDamaged, StorageFull
from hcc_desktop.i18n import tr
from hcc_desktop.paths import Paths
from hcc_desktop.services.audit import AuditService
from hcc_desktop.services.auth import AuthService
from hcc_desktop.services.calendar import CalendarService  # imports `holidays` only on first use
from hcc_desktop.services.catalog import CatalogService
from hcc_desktop.services.citizens import CitizenService
from hcc_desktop.services.health import HealthService
from hcc_desktop.services.dossiers import DossierService
from hcc_desktop.services.exchange import ExchangeService
from hcc_desktop.services.queue import QueueService
from hcc_desktop.services.reports import ReportService
from hcc_desktop.services.settings import SettingsService
from hcc_desktop.services.visits import VisitService
from hcc_desktop.storage import migrate
from hcc_desktop.storage.engine import Database, check_sqlite_version, sqlite_version

logger = logging.getLogger(__name__)


@dataclass
class Services:
    paths: Paths
    clock: Clock
    db: Database
    auth: AuthService
    settings: SettingsService
    health: HealthService
    queue: QueueService
    migration: migrate.MigrationResult
    calendar: CalendarService
    catalog: CatalogService
    dossiers: DossierService
    visits: VisitService
    citizens: CitizenService
    audit: AuditService
    exchange: ExchangeService | None = None  # data packages, the outbox, import and merge
    reports: ReportService | None = None  # the period's figures and the report workbook

    @cached_property
    def demo(self):
        """Demo data (loaded only when asked for: the counter never needs it)."""
        from hcc_desktop.services.demo import DemoService

        return DemoService(self.db, self.auth, self.settings, self.queue, self)

    def close(self) -> None:
        self.db.dispose()

    def __enter__(self) -> "Services":
        return self

    def __exit__(self, *_exc) -> None:
        self.close()


def _prepare_folder(paths: Paths, create: bool) -> None:
    if not paths.database.exists():
        if not create:
            raise DataFolderDamaged(tr("Thư mục dữ liệu {path} chưa được khởi tạo. Hãy chạy: hcc-desktop init",
                                       path=paths.data_dir))
        try:
            paths.data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise StorageFull(tr("Không tạo được thư mục dữ liệu {path}.", path=paths.data_dir)) from exc
    if not os.access(paths.data_dir, os.W_OK):
        raise StorageFull(tr("Thư mục dữ liệu {path} chỉ cho phép đọc; chương trình cần quyền ghi.",
                             path=paths.data_dir))


def open_services(data_dir: str | os.PathLike[str] | Path | None = None, *,
                  clock: Clock | None = None, create: bool = True) -> Services:
    """Open (and if ``create``, initialise) the data folder; return every service."""
    paths = Paths.resolve(data_dir)
    clock = clock or SystemClock()
    check_sqlite_version()
    _prepare_folder(paths, create)
    logger.info("opening data folder; SQLite %s", sqlite_version())
    db = Database(paths.database_url(), clock)
    try:
        db.probe()
        migration = migrate.upgrade(db, paths.backup_dir, paths.database)
        db.ensure_installation()
        audit = AuditService(db)
        auth = AuthService(db, audit)
        settings = SettingsService(db, audit)
        settings.seed_defaults()
        queue = QueueService(db, settings)
        queue.seed_reasons()
        catalog = CatalogService(db)
        catalog.seed_procedures()
        citizens = CitizenService(db, settings, audit)
        citizens.ensure_index()
    except Exception:
        db.dispose()
        raise
    calendar = CalendarService(db, settings)
    dossiers = DossierService(db, calendar, lambda: settings.view().dossier_prefix)
    exchange = ExchangeService(db, audit, settings, paths.database, paths.backup_dir)
    return Services(paths, clock, db, auth, settings, HealthService(db, paths.data_dir), queue, migration,
                    calendar, catalog=catalog, dossiers=dossiers, visits=VisitService(db, dossiers),
                    citizens=citizens, audit=audit, exchange=exchange,
                    reports=ReportService(db, audit, settings, exchange))
