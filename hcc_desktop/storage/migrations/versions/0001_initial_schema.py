"""initial schema

Revision ID: 0001
Revises: 
Create Date: 2026-11-25
"""
from alembic import op
import sqlalchemy as sa
import hcc_desktop.storage.types


revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('installation',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('demo_data', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_installation'))
    )
    op.create_table('user_account',
    sa.Column('username', hcc_desktop.storage.types.NFCString(length=64), nullable=False),
    sa.Column('full_name', hcc_desktop.storage.types.NFCString(length=200), nullable=False),
    sa.Column('role', sa.String(length=20), nullable=False),
    sa.Column('password_hash', sa.String(length=200), nullable=False),
    sa.Column('active', sa.Boolean(), nullable=False),
    sa.Column('id', sa.Uuid(), nullable=False),
    sa.Column('created_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('device_id', sa.Uuid(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_user_account')),
    sa.UniqueConstraint('username', name=op.f('uq_user_account_username'))
    )
    op.create_table('setting',
    sa.Column('key', sa.String(length=64), nullable=False),
    sa.Column('value_json', hcc_desktop.storage.types.NFCText(), nullable=False),
    sa.Column('updated_at', hcc_desktop.storage.types.UTCDateTime(), nullable=False),
    sa.Column('updated_by', sa.Uuid(), nullable=True),
    sa.ForeignKeyConstraint(['updated_by'], ['user_account.id'], name=op.f('fk_setting_updated_by_user_account')),
    sa.PrimaryKeyConstraint('key', name=op.f('pk_setting'))
    )


def downgrade() -> None:
    op.drop_table('setting')
    op.drop_table('user_account')
    op.drop_table('installation')
