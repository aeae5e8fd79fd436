"""staff: a session generation per account, so logout and password changes end sessions

Revision ID: c8a0c0ffee08
Revises: b4a0c0ffee04
Create Date: 2026-12-02 00:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c8a0c0ffee08'
down_revision = 'b4a0c0ffee04'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_generation', sa.Integer(), server_default='0',
                                      nullable=False))


def downgrade():
    with op.batch_alter_table('user_account', schema=None) as batch_op:
        batch_op.drop_column('session_generation')
