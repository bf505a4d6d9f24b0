"""procedure: the agency that decides (cơ quan chủ trì) and where and how the result is handed back

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-26

Printed on the large-print procedure guide and in the record book (Sổ theo dõi hồ sơ);
editable in the catalog and its workbook like every other procedure field.
"""
import sqlalchemy as sa
from alembic import op

import hcc_desktop.storage.types

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.add_column(sa.Column('agency', hcc_desktop.storage.types.NFCText(), nullable=False,
                                      server_default=''))
        batch_op.add_column(sa.Column('result_return', hcc_desktop.storage.types.NFCText(), nullable=False,
                                      server_default=''))


def downgrade() -> None:
    with op.batch_alter_table('procedure', schema=None) as batch_op:
        batch_op.drop_column('result_return')
        batch_op.drop_column('agency')
