"""themes: a heartbeat per suggestion run, so that a run whose worker died is noticed soon

Revision ID: c9b0c0ffee16
Revises: c8a0c0ffee08
Create Date: 2026-12-02 13:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c9b0c0ffee16'
down_revision = 'c8a0c0ffee08'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('suggestion_run', schema=None) as batch_op:
        batch_op.add_column(sa.Column('heartbeat_at', sa.DateTime(timezone=True),
                                      nullable=True))


def downgrade():
    with op.batch_alter_table('suggestion_run', schema=None) as batch_op:
        batch_op.drop_column('heartbeat_at')
