"""citizen search index (SQLite FTS5 on folded names and dossier codes, kept by triggers)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25

The statements are written out here (not imported) so this revision stays what it
was when later ones change the index; ``hcc_desktop.storage.search`` holds the
current definitions, and tests check both agree. Other databases search the
folded column with LIKE and need nothing here.
"""
from alembic import op


revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None

STATEMENTS = (
    "CREATE TABLE search_doc (rowid INTEGER PRIMARY KEY, source_id CHAR(32) NOT NULL UNIQUE, "
    "citizen_id CHAR(32) NOT NULL, kind CHAR(1) NOT NULL, name TEXT NOT NULL)",
    "CREATE INDEX search_doc_code ON search_doc (name) WHERE kind = 'd'",
    "CREATE VIRTUAL TABLE search_fts USING fts5(name, content='search_doc', content_rowid='rowid', "
    "tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4 5 6')",
    "INSERT INTO search_doc (source_id, citizen_id, kind, name) "
    "SELECT id, id, 'c', name_folded FROM citizen ORDER BY created_at, id",
    "INSERT INTO search_doc (source_id, citizen_id, kind, name) "
    "SELECT id, citizen_id, 'd', lower(code) FROM dossier ORDER BY created_at, id",
    "INSERT INTO search_fts (search_fts) VALUES ('rebuild')",
    "CREATE TRIGGER search_citizen_ai AFTER INSERT ON citizen BEGIN "
    "INSERT INTO search_doc (source_id, citizen_id, kind, name) "
    "VALUES (new.id, new.id, 'c', new.name_folded); END",
    "CREATE TRIGGER search_citizen_au AFTER UPDATE OF id, name_folded ON citizen BEGIN "
    "UPDATE search_doc SET source_id = new.id, citizen_id = new.id, name = new.name_folded "
    "WHERE source_id = old.id; END",
    "CREATE TRIGGER search_citizen_ad AFTER DELETE ON citizen BEGIN "
    "DELETE FROM search_doc WHERE source_id = old.id; END",
    "CREATE TRIGGER search_dossier_ai AFTER INSERT ON dossier BEGIN "
    "INSERT INTO search_doc (source_id, citizen_id, kind, name) "
    "VALUES (new.id, new.citizen_id, 'd', lower(new.code)); END",
    "CREATE TRIGGER search_dossier_au AFTER UPDATE OF id, code, citizen_id ON dossier BEGIN "
    "UPDATE search_doc SET source_id = new.id, citizen_id = new.citizen_id, name = lower(new.code) "
    "WHERE source_id = old.id; END",
    "CREATE TRIGGER search_dossier_ad AFTER DELETE ON dossier BEGIN "
    "DELETE FROM search_doc WHERE source_id = old.id; END",
    "CREATE TRIGGER search_doc_ai AFTER INSERT ON search_doc BEGIN "
    "INSERT INTO search_fts (rowid, name) VALUES (new.rowid, new.name); END",
    "CREATE TRIGGER search_doc_ad AFTER DELETE ON search_doc BEGIN "
    "INSERT INTO search_fts (search_fts, rowid, name) VALUES ('delete', old.rowid, old.name); END",
    "CREATE TRIGGER search_doc_au AFTER UPDATE OF name ON search_doc BEGIN "
    "INSERT INTO search_fts (search_fts, rowid, name) VALUES ('delete', old.rowid, old.name); "
    "INSERT INTO search_fts (rowid, name) VALUES (new.rowid, new.name); END",
)
TRIGGERS = ("search_citizen_ai", "search_citizen_au", "search_citizen_ad", "search_dossier_ai",
            "search_dossier_au", "search_dossier_ad", "search_doc_ai", "search_doc_ad", "search_doc_au")


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in TRIGGERS:
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute("DROP TABLE IF EXISTS search_doc")
