"""queue tickets and priority reasons

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa
import hcc_desktop.storage.types


revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('priority_reason',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('label', hcc_desktop.storage.types.NFCString(length=120), nullable=False),
    sa.Column('tier', sa.String(length=16), nullable=False),
    sa.Column('needs_note', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_priority_reason')),
    sa.UniqueConstraint('code', name=op.f('uq_priority_reason_code'))
    )
    op.create_table('queue_day',
    sa.Column('service_day', sa.Date(), nullable=False),
    sa.Column('priority_streak', sa.Integer(), nullable=False),
    sa.Column('calls', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('service_day', name=op.f('pk_queue_day'))
    )
    op.create_table('queue_ticket',
    sa.Column('service_day', sa.Date(), nullable=False),
    sa.Column('seq', sa.Integer(), nullable=False),
    sa.Column('tier', sa.String(length=16), nullable=False),
    sa.Column('prefix', hcc_desktop.storage.types.NFCString(length=4), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('reason_code', sa.String(length=32), nullable=False),
    sa.Column('reason_label', hcc_desktop.storage.types.NFCString(length=120), nullable=False),
    sa.Column('reason_note', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('reason_verified', sa.Boolean(), nullable=False),
    sa.Column('citizen_name', hcc_desktop.storage.types.NFCString(length=200), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('seat', hcc_desktop.storage.types.NFCString(length=40), nullable=False),
    sa.Column('needs', sa.String(length=64), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('counter', hcc_desktop.storage.types.NFCString(length=60), nullable=False),
    sa.Column('assigned_counter', hcc_desktop.storage.types.NFCString(length=60), nullable=False),
    sa.Column('service_note', hcc_desktop.storage.types.NFCString(length=200), nullable=False),
    sa.Column('recall_count', sa.Integer(), nullable=False),
    sa.Column('call_rule', sa.String(length=32), nullable=False),
    sa.Column('postponed_until', hcc_desktop.storage.types.UTCDateTime(), nullable=True),
    sa.Column('issued_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('called_at', hcc_desktop.storage.types.UTCDateTime(), nullable=True),
    sa.Column('started_at', hcc_desktop.storage.types.UTCDateTime(), nullable=True),
    sa.Column('finished_at', hcc_desktop.storage.types.UTCDateTime(), nullable=True),
    sa.Column('issued_by', sa.Uuid(), nullable=True),
    sa.Column('request_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['issued_by'], ['user_account.id'], name=op.f('fk_queue_ticket_issued_by_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_ticket')),
    sa.UniqueConstraint('request_id', name=op.f('uq_queue_ticket_request_id')),
    sa.UniqueConstraint('service_day', 'tier', 'number', name=op.f('uq_queue_ticket_service_day_tier_number'))
    )
    with op.batch_alter_table('queue_ticket', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_queue_ticket_service_day_seq'), ['service_day', 'seq'], unique=False)
        batch_op.create_index(batch_op.f('ix_queue_ticket_service_day_status_tier_seq'), ['service_day', 'status', 'tier', 'seq'], unique=False)

    op.create_table('queue_event',
    sa.Column('ticket_id', sa.Uuid(), nullable=False),
    sa.Column('service_day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('counter', hcc_desktop.storage.types.NFCString(length=60), nullable=False),
    sa.Column('rule', sa.String(length=32), nullable=False),
    sa.Column('detail', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['queue_ticket.id'], name=op.f('fk_queue_event_ticket_id_queue_ticket')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_queue_event_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_queue_event'))
    )
    with op.batch_alter_table('queue_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_queue_event_service_day_kind'), ['service_day', 'kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_queue_event_ticket_id'), ['ticket_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('queue_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_queue_event_ticket_id'))
        batch_op.drop_index(batch_op.f('ix_queue_event_service_day_kind'))

    op.drop_table('queue_event')
    with op.batch_alter_table('queue_ticket', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_queue_ticket_service_day_status_tier_seq'))
        batch_op.drop_index(batch_op.f('ix_queue_ticket_service_day_seq'))

    op.drop_table('queue_ticket')
    op.drop_table('queue_day')
    op.drop_table('priority_reason')
