"""themes: whether a theme's title is still the machine's, and whether it is published

Publishing asks for a confirmation before it shows such a title to residents. Themes
still suggested when this runs got their title from the engine; for the others nobody
knows, and they count as titled by a person. A theme is published when the facilitator
publishes the round's themes, no longer as soon as it is accepted: the accepted themes of
rounds published so far are the published ones.

Revision ID: cb201
Revises: cb602
Create Date: 2026-12-04 02:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cb201'
down_revision = 'cb602'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_by_machine', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
        batch_op.add_column(sa.Column('published', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    theme = sa.table('theme', sa.column('round_id', sa.Integer),
                     sa.column('status', sa.String), sa.column('title_by_machine', sa.Boolean),
                     sa.column('published', sa.Boolean))
    round_ = sa.table('round', sa.column('id', sa.Integer),
                      sa.column('themes_published_at', sa.DateTime(timezone=True)))
    op.execute(theme.update().where(theme.c.status == 'suggested')
               .values(title_by_machine=True))
    published_rounds = sa.select(round_.c.id).where(round_.c.themes_published_at.is_not(None))
    op.execute(theme.update().where(theme.c.status == 'accepted',
                                    theme.c.round_id.in_(published_rounds))
               .values(published=True))


def downgrade():
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.drop_column('published')
        batch_op.drop_column('title_by_machine')
