"""Bring the database schema to the newest revision at start-up.

If the schema changes and the database already holds data, a backup copy is
taken first. A database written by a newer program version is refused.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import inspect, text

from hcc_desktop.clock import to_local
from hcc_desktop.errors import DataFolderDamaged
from hcc_desktop.i18n import tr
from hcc_desktop.storage import migrations
from hcc_desktop.storage.backup import backup_sqlite
from hcc_desktop.storage.engine import Database

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class MigrationResult:
    before: str | None
    after: str
    backup: Path | None


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            if inspect(conn).get_table_names():
                raise DataFolderDamaged(tr("Cơ sở dữ liệu không có thông tin phiên bản; đây không phải dữ liệu của chương trình."))
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(migrations.__file__).parent))
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {rev.revision for rev in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def upgrade(db: Database, backup_dir: Path | None, database_file: Path | None) -> MigrationResult:
    before = current_revision(db)
    if before == migrations.HEAD:
        return MigrationResult(before, before, None)
    if before is not None and before not in known_revisions():
        raise DataFolderDamaged(tr("Dữ liệu được tạo bởi một phiên bản mới hơn của chương trình ({rev}). "
                                   "Hãy cài phiên bản mới nhất.", rev=before))
    backup = None
    if before is not None and backup_dir is not None and database_file is not None:
        backup = backup_sqlite(database_file, backup_dir, f"truoc-nang-cap-{before}",
                               to_local(db.clock.now()))
        logger.info("backup before migration written to %s", backup.name)
    from alembic import command

    config = alembic_config()
    with db.engine.execution_options(hcc_mode="write").begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    logger.info("schema migrated from %s to %s", before, migrations.HEAD)
    return MigrationResult(before, migrations.HEAD, backup)
