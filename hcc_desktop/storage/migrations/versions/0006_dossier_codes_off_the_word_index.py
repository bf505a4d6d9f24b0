"""dossier codes leave the word index: they are found by a prefix range on dossier.code

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-25

A code is an identifier, not words; its own unique index answers both the whole
code and a prefix such as "HS-261125" (that day's dossiers). Keeping a second copy
in search_doc and the FTS5 index cost every received dossier six more pages to
write. Deleting the rows through search_doc's delete trigger keeps FTS5 in step.
"""
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    for name in ("search_dossier_ai", "search_dossier_au", "search_dossier_ad"):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.execute("DELETE FROM search_doc WHERE kind = 'd'")
    op.execute("DROP INDEX IF EXISTS search_doc_code")


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    from importlib import import_module

    previous = import_module("hcc_desktop.storage.migrations.versions.0004_search_index")
    for statement in previous.STATEMENTS:
        if "'d'" in statement or "ON dossier" in statement:
            op.execute(statement)
