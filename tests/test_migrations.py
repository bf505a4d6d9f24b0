"""Models and migrations agree; start-up migrates safely and refuses unknown schemas."""

import sqlite3

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory

from hcc_desktop.app import open_services
from hcc_desktop.errors import DataFolderDamaged
from hcc_desktop.storage import migrations
from hcc_desktop.storage.migrate import alembic_config
from hcc_desktop.storage.models import Base
from hcc_desktop.storage.search import include_name


def test_head_constant_matches_alembic():
    assert ScriptDirectory.from_config(alembic_config()).get_current_head() == migrations.HEAD


def test_models_and_migrations_agree(services):
    with services.db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True, "include_name": include_name}), Base.metadata)
    assert diff == []


def test_database_from_a_newer_program_is_refused(services, data_dir):
    services.close()
    con = sqlite3.connect(data_dir / "hcc.sqlite3")
    con.execute("UPDATE alembic_version SET version_num='9999'")
    con.commit()
    con.close()
    with pytest.raises(DataFolderDamaged, match="phiên bản mới hơn"):
        open_services(data_dir)


def test_foreign_sqlite_file_is_refused(data_dir):
    data_dir.mkdir(parents=True)
    con = sqlite3.connect(data_dir / "hcc.sqlite3")
    con.execute("CREATE TABLE something_else (x)")
    con.commit()
    con.close()
    with pytest.raises(DataFolderDamaged, match="không có thông tin phiên bản"):
        open_services(data_dir)


NEXT_REVISION = """
from alembic import op
import sqlalchemy as sa

revision = "zz01"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table("future_table", sa.Column("id", sa.Integer, primary_key=True))


def downgrade():
    op.drop_table("future_table")
"""


def test_schema_change_takes_a_verified_backup_first(services, supervisor, data_dir, tmp_path, monkeypatch):
    import shutil

    from hcc_desktop.storage import migrate

    services.close()
    scripts = tmp_path / "migrations"
    shutil.copytree(migrate.alembic_config().get_main_option("script_location"), scripts)
    head = migrations.HEAD
    (scripts / "versions" / "zz01_future.py").write_text(NEXT_REVISION.replace("{head}", head))
    original = migrate.alembic_config

    def patched():
        config = original()
        config.set_main_option("script_location", str(scripts))
        return config

    monkeypatch.setattr(migrate, "alembic_config", patched)
    monkeypatch.setattr(migrations, "HEAD", "zz01")
    with open_services(data_dir) as upgraded:
        assert upgraded.migration.before == head and upgraded.migration.after == "zz01"
        backup = upgraded.migration.backup
    assert backup is not None and backup.parent == data_dir / "backups" and f"truoc-nang-cap-{head}" in backup.name
    copy = sqlite3.connect(backup)
    assert copy.execute("SELECT version_num FROM alembic_version").fetchone() == (head,)
    assert copy.execute("SELECT username FROM user_account").fetchall() == [("phutrach",)]
    copy.close()
    con = sqlite3.connect(data_dir / "hcc.sqlite3")
    assert con.execute("SELECT version_num FROM alembic_version").fetchone() == ("zz01",)
    con.close()


def test_fresh_folder_is_created_without_a_backup(services):
    assert services.migration.before is None and services.migration.backup is None
