"""live meetings: an online link, and when and what a facilitator last changed

`online_url` is the meeting's link for those who follow from home; `changed_at` and
`changed_fields` (comma-separated names: title, time, place, online_url) let the round
page and My page say "Changed <date>: new time …" after an existing meeting was edited.

Revision ID: cb301
Revises: cb201
Create Date: 2026-12-04 02:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cb301'
down_revision = 'cb201'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('meeting', schema=None) as batch_op:
        batch_op.add_column(sa.Column('online_url', sa.String(length=500), server_default='',
                                      nullable=False))
        batch_op.add_column(sa.Column('changed_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('changed_fields', sa.String(length=100),
                                      server_default='', nullable=False))


def downgrade():
    # Not in batch mode: on SQLite that copies the table anew, and dropping the old
    # `meeting` with foreign keys on would delete every meeting's messages and polls.
    # Plain DROP COLUMN works on PostgreSQL and on SQLite since 3.35.
    op.drop_column('meeting', 'changed_fields')
    op.drop_column('meeting', 'changed_at')
    op.drop_column('meeting', 'online_url')
