"""continuity of service: playbooks, offices, incidents, referrals, complaints, pending online
submissions, paper tickets entered after a power cut

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa
import hcc_desktop.storage.types


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('office',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('name', hcc_desktop.storage.types.NFCString(length=200), nullable=False),
    sa.Column('address', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('hours', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('phone', hcc_desktop.storage.types.NFCString(length=60), nullable=False),
    sa.Column('matches', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('note', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('verified', sa.Boolean(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_office')),
    sa.UniqueConstraint('code', name=op.f('uq_office_code'))
    )
    op.create_table('playbook',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('plan_row', sa.Integer(), nullable=True),
    sa.Column('title', hcc_desktop.storage.types.NFCString(length=300), nullable=False),
    sa.Column('difficulty', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('handling', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('responsible', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('steps_json', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('record_hint', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('action', sa.String(length=24), nullable=False),
    sa.Column('office_code', sa.String(length=32), nullable=False),
    sa.Column('bring', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('source', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_playbook')),
    sa.UniqueConstraint('code', name=op.f('uq_playbook_code'))
    )
    op.create_table('back_entry',
    sa.Column('ticket_id', sa.Uuid(), nullable=False),
    sa.Column('visit_id', sa.Uuid(), nullable=True),
    sa.Column('paper_code', hcc_desktop.storage.types.NFCString(length=16), nullable=False),
    sa.Column('renumbered', sa.Boolean(), nullable=False),
    sa.Column('entered_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['queue_ticket.id'], name=op.f('fk_back_entry_ticket_id_queue_ticket')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_back_entry_user_id_user_account')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_back_entry_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_back_entry')),
    sa.UniqueConstraint('ticket_id', name=op.f('uq_back_entry_ticket_id'))
    )
    op.create_table('incident',
    sa.Column('playbook_code', sa.String(length=32), nullable=False),
    sa.Column('playbook_title', hcc_desktop.storage.types.NFCString(length=300), nullable=False),
    sa.Column('at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('visit_id', sa.Uuid(), nullable=True),
    sa.Column('ticket_id', sa.Uuid(), nullable=True),
    sa.Column('citizen_id', sa.Uuid(), nullable=True),
    sa.Column('dossier_id', sa.Uuid(), nullable=True),
    sa.Column('steps_json', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('note', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], name=op.f('fk_incident_citizen_id_citizen')),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_incident_dossier_id_dossier')),
    sa.ForeignKeyConstraint(['ticket_id'], ['queue_ticket.id'], name=op.f('fk_incident_ticket_id_queue_ticket')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_incident_user_id_user_account')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_incident_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_incident'))
    )
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_incident_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_incident_playbook_code_at'), ['playbook_code', 'at'], unique=False)

    op.create_table('complaint',
    sa.Column('incident_id', sa.Uuid(), nullable=True),
    sa.Column('visit_id', sa.Uuid(), nullable=True),
    sa.Column('citizen_id', sa.Uuid(), nullable=True),
    sa.Column('person_name', hcc_desktop.storage.types.NFCString(length=200), nullable=False),
    sa.Column('contact', hcc_desktop.storage.types.NFCString(length=80), nullable=False),
    sa.Column('content', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('received_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('channel', sa.String(length=16), nullable=False),
    sa.Column('response', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('forwarded_to', hcc_desktop.storage.types.NFCString(length=200), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('closed_at', hcc_desktop.storage.types.UTCDateTime(), nullable=True),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], name=op.f('fk_complaint_citizen_id_citizen')),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], name=op.f('fk_complaint_incident_id_incident')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_complaint_user_id_user_account')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_complaint_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_complaint'))
    )
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_complaint_status_received_at'), ['status', 'received_at'], unique=False)

    op.create_table('pending_submission',
    sa.Column('incident_id', sa.Uuid(), nullable=True),
    sa.Column('visit_id', sa.Uuid(), nullable=True),
    sa.Column('citizen_id', sa.Uuid(), nullable=True),
    sa.Column('procedure_id', sa.Uuid(), nullable=True),
    sa.Column('citizen_name', hcc_desktop.storage.types.NFCString(length=200), nullable=False),
    sa.Column('procedure_name', hcc_desktop.storage.types.NFCString(length=300), nullable=False),
    sa.Column('data_json', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('queued_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('submitted_at', hcc_desktop.storage.types.UTCDateTime(), nullable=True),
    sa.Column('online_ref', hcc_desktop.storage.types.NFCString(length=80), nullable=False),
    sa.Column('note', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], name=op.f('fk_pending_submission_citizen_id_citizen')),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], name=op.f('fk_pending_submission_incident_id_incident')),
    sa.ForeignKeyConstraint(['procedure_id'], ['procedure.id'], name=op.f('fk_pending_submission_procedure_id_procedure')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_pending_submission_user_id_user_account')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_pending_submission_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_pending_submission'))
    )
    with op.batch_alter_table('pending_submission', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_pending_submission_status_queued_at'), ['status', 'queued_at'], unique=False)

    op.create_table('referral',
    sa.Column('code', sa.String(length=32), nullable=False),
    sa.Column('incident_id', sa.Uuid(), nullable=True),
    sa.Column('playbook_code', sa.String(length=32), nullable=False),
    sa.Column('office_code', sa.String(length=32), nullable=False),
    sa.Column('office_name', hcc_desktop.storage.types.NFCString(length=200), nullable=False),
    sa.Column('at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('visit_id', sa.Uuid(), nullable=True),
    sa.Column('citizen_id', sa.Uuid(), nullable=True),
    sa.Column('dossier_id', sa.Uuid(), nullable=True),
    sa.Column('citizen_name', hcc_desktop.storage.types.NFCString(length=200), nullable=False),
    sa.Column('reason', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('bring', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('external_ref', hcc_desktop.storage.types.NFCString(length=80), nullable=False),
    sa.Column('return_on', sa.Date(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('return_ticket_id', sa.Uuid(), nullable=True),
    sa.Column('closed_at', hcc_desktop.storage.types.UTCDateTime(), nullable=True),
    sa.Column('outcome', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('user_id', sa.Uuid(), nullable=True),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.ForeignKeyConstraint(['citizen_id'], ['citizen.id'], name=op.f('fk_referral_citizen_id_citizen')),
    sa.ForeignKeyConstraint(['dossier_id'], ['dossier.id'], name=op.f('fk_referral_dossier_id_dossier')),
    sa.ForeignKeyConstraint(['incident_id'], ['incident.id'], name=op.f('fk_referral_incident_id_incident')),
    sa.ForeignKeyConstraint(['return_ticket_id'], ['queue_ticket.id'], name=op.f('fk_referral_return_ticket_id_queue_ticket')),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_referral_user_id_user_account')),
    sa.ForeignKeyConstraint(['visit_id'], ['visit.id'], name=op.f('fk_referral_visit_id_visit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral')),
    sa.UniqueConstraint('code', name=op.f('uq_referral_code'))
    )
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_status_at'), ['status', 'at'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('referral', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_status_at'))

    op.drop_table('referral')
    with op.batch_alter_table('pending_submission', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_pending_submission_status_queued_at'))

    op.drop_table('pending_submission')
    with op.batch_alter_table('complaint', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_complaint_status_received_at'))

    op.drop_table('complaint')
    with op.batch_alter_table('incident', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_incident_playbook_code_at'))
        batch_op.drop_index(batch_op.f('ix_incident_at'))

    op.drop_table('incident')
    op.drop_table('back_entry')
    op.drop_table('playbook')
    op.drop_table('office')
