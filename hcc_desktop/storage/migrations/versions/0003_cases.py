"""citizens, procedures, visits, dossiers, surveys, calendar

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa
import hcc_desktop.storage.types


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('calendar_override',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=8), nullable=False),
    sa.Column('reason', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_calendar_override')),
    sa.UniqueConstraint('day', name=op.f('uq_calendar_override_day'))
    )
    op.create_table('citizen',
    sa.Column('full_name', hcc_desktop.storage.types.NFCString(length=200), nullable=False),
    sa.Column('name_folded', sa.String(length=200), nullable=False),
    sa.Column('birth_year', sa.Integer(), nullable=True),
    sa.Column('birth_date', sa.Date(), nullable=True),
    sa.Column('gender', sa.String(length=8), nullable=False),
    sa.Column('cccd', sa.String(length=12), nullable=True),
    sa.Column('phone', sa.String(length=16), nullable=False),
    sa.Column('village', hcc_desktop.storage.types.NFCString(length=120), nullable=False),
    sa.Column('address', hcc_desktop.storage.types.NFCString(length=300), nullable=False),
    sa.Column('vulnerabilities', sa.String(length=200), nullable=False),
    sa.Column('disability_type', sa.String(length=32), nullable=False),
    sa.Column('disability_level', sa.String(length=32), nullable=False),
    sa.Column('vneid', sa.String(length=16), nullable=False),
    sa.Column('consent', sa.Boolean(), nullable=False),
    sa.Column('consent_at', hcc_desktop.storage.types.UTCDateTime(), nullable=True),
    sa.Column('note', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_citizen')),
    sa.UniqueConstraint('cccd', name=op.f('uq_citizen_cccd'))
    )
    with op.batch_alter_table('citizen', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_citizen_name_folded'), ['name_folded'], unique=False)
        batch_op.create_index(batch_op.f('ix_citizen_phone'), ['phone'], unique=False)

    op.create_table('procedure',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('name', hcc_desktop.storage.types.NFCString(length=300), nullable=False),
    sa.Column('field', hcc_desktop.storage.types.NFCString(length=120), nullable=False),
    sa.Column('processing_days', sa.Integer(), nullable=True),
    sa.Column('same_day', sa.Boolean(), nullable=False),
    sa.Column('fee', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('legal_basis', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('purpose', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('who_may_apply', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('note', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procedure')),
    sa.UniqueConstraint('code', name=op.f('uq_procedure_code'))
    )
    op.create_table('procedure_document',
    sa.Column('procedure_id', sa.Uuid(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('copy_kind', sa.String(length=16), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=False),
    sa.Column('where_to_obtain', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('required', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedure.id'], name=op.f('fk_procedure_document_procedure_id_procedure')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_procedure_document'))
    )
    with op.batch_alter_table('procedure_document', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_procedure_document_procedure_id_position'), ['procedure_id', 'position'], unique=False)

    op.create_table('visit',
    sa.Column('ticket_id', sa.Uuid(), nullable=True),
    sa.Column('citizen_id', sa.Uuid(), nullable=True),
    sa.Column('procedure_id', sa.Uuid(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('need', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('support', sa.String(length=200), nullable=False),
    sa.Column('support_note', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('documents_ok', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('outcome', sa.String(length=32), nullable=False),
    sa.Column('helper_id', sa.Uuid(), nullable=True),
    sa.Column('helper_role', sa.String(length=20), nullable=False),
    sa.Column('started_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('finished_at', hcc_desktop.storage.types.UTCDateTime(), nullable=True),
    sa.Column('draft_json', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('note', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], name=op.f('fk_visit_citizen_id_citizen')),
    sa.ForeignKeyConstraint(['helper_id'], ['user_account.id'], name=op.f('fk_visit_helper_id_user_account')),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedure.id'], name=op.f('fk_visit_procedure_id_procedure')),
    sa.ForeignKeyConstraint(['ticket_id'], ['queue_ticket.id'], name=op.f('fk_visit_ticket_id_queue_ticket')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_visit'))
    )
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_visit_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_visit_status_started_at'), ['status', 'started_at'], unique=False)

    op.create_table('dossier',
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('visit_id', sa.Uuid(), nullable=True),
    sa.Column('citizen_id', sa.Uuid(), nullable=False),
    sa.Column('procedure_id', sa.Uuid(), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('channel', sa.String(length=20), nullable=False),
    sa.Column('online_ref', hcc_desktop.storage.types.NFCString(length=80), nullable=False),
    sa.Column('received_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('due_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('resolved_at', hcc_desktop.storage.types.UTCDateTime(), nullable=True),
    sa.Column('returned_at', hcc_desktop.storage.types.UTCDateTime(), nullable=True),
    sa.Column('delivery', sa.String(length=20), nullable=False),
    sa.Column('delivery_address', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('fee', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('copies', sa.Integer(), nullable=False),
    sa.Column('book_volume', hcc_desktop.storage.types.NFCString(length=20), nullable=False),
    sa.Column('book_number', sa.Integer(), nullable=True),
    sa.Column('received_by', sa.Uuid(), nullable=True),
    sa.Column('note', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], name=op.f('fk_dossier_citizen_id_citizen')),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedure.id'], name=op.f('fk_dossier_procedure_id_procedure')),
    sa.ForeignKeyConstraint(['received_by'], ['user_account.id'], name=op.f('fk_dossier_received_by_user_account')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_dossier_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier')),
    sa.UniqueConstraint('code', name=op.f('uq_dossier_code'))
    )
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_citizen_id'), ['citizen_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_dossier_status_due_at'), ['status', 'due_at'], unique=False)

    op.create_table('survey',
    sa.Column('visit_id', sa.Uuid(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=True),
    sa.Column('trips', sa.Integer(), nullable=True),
    sa.Column('comment', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('skipped', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_survey_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_survey')),
    sa.UniqueConstraint('visit_id', name=op.f('uq_survey_visit_id'))
    )
    op.create_table('dossier_event',
    sa.Column('dossier_id', sa.Uuid(), nullable=False),
    sa.Column('at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('kind', sa.String(length=24), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('detail', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_dossier_event_dossier_id_dossier')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_dossier_event_user_id_user_account')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_dossier_event'))
    )
    with op.batch_alter_table('dossier_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_dossier_event_dossier_id'), ['dossier_id'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('dossier_event', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_event_dossier_id'))

    op.drop_table('dossier_event')
    op.drop_table('survey')
    with op.batch_alter_table('dossier', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_dossier_status_due_at'))
        batch_op.drop_index(batch_op.f('ix_dossier_citizen_id'))

    op.drop_table('dossier')
    with op.batch_alter_table('visit', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_visit_status_started_at'))
        batch_op.drop_index(batch_op.f('ix_visit_citizen_id'))

    op.drop_table('visit')
    with op.batch_alter_table('procedure_document', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_procedure_document_procedure_id_position'))

    op.drop_table('procedure_document')
    op.drop_table('procedure')
    with op.batch_alter_table('citizen', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_citizen_phone'))
        batch_op.drop_index(batch_op.f('ix_citizen_name_folded'))

    op.drop_table('citizen')
    op.drop_table('calendar_override')
