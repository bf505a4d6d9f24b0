"""user_account: wrong passwords in a row and the lock-out they lead to

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-25

After too many wrong passwords in a row (a setting) an account is refused until
``locked_until``; a good password resets the count, a supervisor can unlock early.
"""
import sqlalchemy as sa
from alembic import op

import hcc_desktop.storage.types

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False, server_default='0'))
        batch_op.add_column(sa.Column('locked_until', hcc_desktop.storage.types.UTCDateTime(), nullable=True))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        # SQLite 3.35+ drops a column in place; a batch copy would drop user_account, which every
        # table that records who acted points at (foreign keys are enforced).
        op.execute("ALTER TABLE user_account DROP COLUMN locked_until")
        op.execute("ALTER TABLE user_account DROP COLUMN failed_logins")
        return
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')
