"""live: a client's own key on a post, so that a post sent again (a retry after a lost ack,
a second tab) is stored once

Revision ID: ca1c0ffee151
Revises: c9b0c0ffee16
Create Date: 2026-12-03 17:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ca1c0ffee151'
down_revision = 'c9b0c0ffee16'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_key', sa.String(length=64), nullable=True))
        batch_op.create_index('ix_message_participant_id_client_key',
                              ['participant_id', 'client_key'], unique=True)
        batch_op.create_index('ix_message_user_id_client_key',
                              ['user_id', 'client_key'], unique=True)


def downgrade():
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.drop_index('ix_message_user_id_client_key')
        batch_op.drop_index('ix_message_participant_id_client_key')
        batch_op.drop_column('client_key')
