"""rounds: residents may support others' needs while needs are collected

`support_while_collecting` is on for new rounds and for every existing one: in a support
round residents can support needs from the first day; dot voting still waits for voting.

Revision ID: cd201
Revises: cb301
Create Date: 2026-12-04 18:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cd201'
down_revision = 'cb301'
branch_labels = None
depends_on = None


def upgrade():
    # Not in batch mode: on SQLite a server default that is an SQL expression makes batch
    # mode copy the table anew, and dropping the old `round` with foreign keys on would
    # delete (or fail on) everything that belongs to a round. ADD COLUMN does it in place.
    op.add_column('round', sa.Column('support_while_collecting', sa.Boolean(),
                                     server_default=sa.true(), nullable=False))


def downgrade():
    # Not in batch mode either, for the same reason. Plain DROP COLUMN works on PostgreSQL
    # and on SQLite since 3.35.
    op.drop_column('round', 'support_while_collecting')
