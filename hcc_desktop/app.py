"""Composition root: resolve paths, open storage, build every service once.

The GUI, the CLI and the tests all start from :func:`open_services`.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
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
from hcc_desktop.services.playbooks import PlaybookService
from hcc_desktop.services.backups import BackupService
from hcc_desktop.services.exchange import ExchangeService
from hcc_desktop.services.queue import QueueService
from hcc_desktop.services.reports import ReportService
from hcc_desktop.services.settings import SettingsService
from hcc_desktop.services.visits import VisitService
from hcc_desktop.storage import migrate
from hcc_desktop.storage.engine import Database, check_sqlite_version, sqlite_version, translate_error

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
    playbooks: PlaybookService | None = None
    continuity: "Continuity | None" = field(default=None)
    exchange: ExchangeService | None = None  # data packages, the outbox, import and merge
    reports: ReportService | None = None  # the period's figures and the report workbook
    backups: BackupService | None = None  # daily, on demand, before imports; generations; restore

    @cached_property
    def logbook(self):
        """The daily log and the record book (printed by supervisors; loaded when first asked for)."""
        from hcc_desktop.services.logbook import LogbookService

        return LogbookService(self.db, self.settings, self.audit)

    @cached_property
    def guides(self):
        """The printed guides, step sheets and leaflets (loaded when first asked for)."""
        from hcc_desktop.services.guides import GuideService

        return GuideService(self.catalog, self.settings)

    @cached_property
    def retention(self):
        """Anonymizing closed records past the retention period (a supervisor's occasional task)."""
        from hcc_desktop.services.retention import RetentionService

        return RetentionService(self.db, self.settings, self.audit)

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
        settings = SettingsService(db, audit)
        settings.seed_defaults()
        auth = AuthService(db, audit, settings)
        backups = BackupService(paths, clock, settings, audit, db.writes_held)
        queue = QueueService(db, settings)
        queue.seed_reasons()
        catalog = CatalogService(db, backups)
        catalog.seed_procedures()
        citizens = CitizenService(db, settings, audit)
        citizens.ensure_index()
        playbooks = PlaybookService(db)
        playbooks.seed()
    except Exception as exc:
        db.dispose()
        typed = translate_error(exc)  # a damaged file met outside a service call (the migration's checks)
        if typed is not exc:
            raise typed from exc
        raise
    calendar = CalendarService(db, settings)
    dossiers = DossierService(db, calendar, lambda: settings.view().dossier_prefix,
                              lambda: settings.view().supplement_restarts_deadline)
    visits = VisitService(db, dossiers)
    exchange = ExchangeService(db, audit, settings, backups)
    return Services(paths, clock, db, auth, settings, HealthService(db, paths.data_dir), queue, migration,
                    calendar, catalog=catalog, dossiers=dossiers, visits=visits, citizens=citizens, audit=audit,
                    playbooks=playbooks, continuity=Continuity.build(paths, clock, db, settings, queue, visits,
                                                                      playbooks),
                    exchange=exchange, reports=ReportService(db, audit, settings, exchange), backups=backups)


@dataclass
class Continuity:
    """Scenario playbooks at work: incidents, follow-ups, paper back-entry, recovery after a shutdown."""

    followups: "FollowUpService"
    incidents: "IncidentService"
    backentry: "BackEntryService"
    recovery: "RecoveryService"

    @classmethod
    def build(cls, paths: Paths, clock: Clock, db: Database, settings, queue, visits, playbooks) -> "Continuity":
        from hcc_desktop.services.backentry import BackEntryService
        from hcc_desktop.services.followups import FollowUpService
        from hcc_desktop.services.incidents import IncidentService
        from hcc_desktop.services.recovery import RecoveryService

        followups = FollowUpService(db, queue)
        return cls(followups, IncidentService(db, playbooks, followups), BackEntryService(db, settings),
                   RecoveryService(paths.data_dir, clock, queue, visits, followups))
