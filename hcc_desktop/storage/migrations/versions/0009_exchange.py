"""upward exchange: outbox of exported files, imports, conflicts, quarantine; per-device ticket numbers and codes

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-26

A laptop merged into the center keeps the ticket numbers and dossier codes it gave
(the codes are printed on the citizen's slip), so those are unique per device.
On SQLite the two tables are rebuilt with their rows, indexes and triggers (the
search index's) as they were.
"""
import sqlalchemy as sa
from alembic import op

from hcc_desktop.storage.types import NFCString, NFCText, UTCDateTime

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None

def _sqlite() -> bool:
    return op.get_bind().dialect.name == "sqlite"


def _rebuild_sqlite(table: str, old: str, old_cols: list[str], new: str, new_cols: list[str]) -> None:
    """Copy the rows aside, re-create the table with the new constraint, put the rows back.

    Unlike a copy-drop-rename, putting the same rows back into a table of the same name
    satisfies again the rows of other tables that point at it (checked at commit), and
    the table's own indexes and triggers (the search index's) are re-created as they were.
    """
    bind = op.get_bind()
    create = bind.exec_driver_sql("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = ?",
                                  (table,)).scalar()
    before = f"CONSTRAINT {old} UNIQUE ({', '.join(old_cols)})"
    if before not in create:
        raise RuntimeError(f"unexpected definition of {table}")
    create = create.replace(before, f"CONSTRAINT {new} UNIQUE ({', '.join(new_cols)})")
    extras = [sql for (sql,) in bind.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE tbl_name = ? AND type IN ('index', 'trigger') AND sql IS NOT NULL "
        "ORDER BY type, name", (table,))]
    op.execute("PRAGMA defer_foreign_keys = ON")
    op.execute(f"CREATE TEMP TABLE _exchange_copy AS SELECT * FROM {table}")
    op.execute(f"DROP TABLE {table}")
    op.execute(create)
    op.execute(f"INSERT INTO {table} SELECT * FROM _exchange_copy")
    op.execute("DROP TABLE _exchange_copy")
    for sql in extras:
        op.execute(sql)


def _rebuild_unique(table: str, old: str, old_cols: list[str], new: str, new_cols: list[str]) -> None:
    if _sqlite():
        _rebuild_sqlite(table, old, old_cols, new, new_cols)
        return
    op.drop_constraint(old, table, type_='unique')
    op.create_unique_constraint(new, table, new_cols)


def upgrade() -> None:
    op.create_table(
        'exchange_file',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('direction', sa.String(length=8), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('scope', sa.String(length=16), nullable=False),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.Column('file_name', NFCString(length=260), nullable=False),
        sa.Column('path', NFCText(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('records', sa.Integer(), nullable=False),
        sa.Column('counts_json', NFCText(), nullable=False),
        sa.Column('source_device', sa.Uuid(), nullable=False),
        sa.Column('since', UTCDateTime(), nullable=True),
        sa.Column('until', UTCDateTime(), nullable=True),
        sa.Column('period_first', sa.Date(), nullable=True),
        sa.Column('period_last', sa.Date(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('created_by', NFCString(length=64), nullable=False),
        sa.Column('sent_at', UTCDateTime(), nullable=True),
        sa.Column('acknowledged_at', UTCDateTime(), nullable=True),
        sa.Column('acknowledged_by', NFCString(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_file')),
    )
    with op.batch_alter_table('exchange_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_file_direction_kind_status'),
                              ['direction', 'kind', 'status'], unique=False)
    op.create_table(
        'exchange_seen',
        sa.Column('table_name', sa.String(length=40), nullable=False),
        sa.Column('record_id', sa.Uuid(), nullable=False),
        sa.Column('version', sa.String(length=32), nullable=False),
        sa.Column('seen_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('table_name', 'record_id', name=op.f('pk_exchange_seen')),
    )
    with op.batch_alter_table('exchange_seen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_seen_seen_at'), ['seen_at'], unique=False)
    op.create_table(
        'exchange_conflict',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('file_id', sa.Uuid(), nullable=False),
        sa.Column('table_name', sa.String(length=40), nullable=False),
        sa.Column('record_id', sa.Uuid(), nullable=False),
        sa.Column('incoming_hash', sa.String(length=64), nullable=False),
        sa.Column('incoming_json', NFCText(), nullable=False),
        sa.Column('status', sa.String(length=8), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('resolved_at', UTCDateTime(), nullable=True),
        sa.Column('resolved_by', NFCString(length=64), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_conflict')),
    )
    with op.batch_alter_table('exchange_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_conflict_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_exchange_conflict_table_name_record_id'),
                              ['table_name', 'record_id'], unique=False)
    op.create_table(
        'exchange_quarantine',
        sa.Column('id', sa.Uuid(), nullable=False),
        sa.Column('file_id', sa.Uuid(), nullable=False),
        sa.Column('table_name', sa.String(length=40), nullable=False),
        sa.Column('record_key', sa.String(length=64), nullable=False),
        sa.Column('reason', NFCText(), nullable=False),
        sa.Column('payload', NFCText(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_exchange_quarantine')),
    )
    with op.batch_alter_table('exchange_quarantine', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exchange_quarantine_file_id'), ['file_id'], unique=False)
    _rebuild_unique('queue_ticket', 'uq_queue_ticket_service_day_tier_number', ['service_day', 'tier', 'number'],
                    'uq_queue_ticket_service_day_tier_number_device_id',
                    ['service_day', 'tier', 'number', 'device_id'])
    _rebuild_unique('dossier', 'uq_dossier_code', ['code'], 'uq_dossier_code_device_id', ['code', 'device_id'])


def downgrade() -> None:
    _rebuild_unique('dossier', 'uq_dossier_code_device_id', ['code', 'device_id'], 'uq_dossier_code', ['code'])
    _rebuild_unique('queue_ticket', 'uq_queue_ticket_service_day_tier_number_device_id',
                    ['service_day', 'tier', 'number', 'device_id'],
                    'uq_queue_ticket_service_day_tier_number', ['service_day', 'tier', 'number'])
    op.drop_table('exchange_quarantine')
    op.drop_table('exchange_conflict')
    op.drop_table('exchange_seen')
    op.drop_table('exchange_file')
