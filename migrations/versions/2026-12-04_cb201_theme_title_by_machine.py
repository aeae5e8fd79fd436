"""themes: whether a theme's title is still the machine's suggestion

Publishing asks for a confirmation before it shows such a title to residents. Themes
still suggested when this runs got their title from the engine; for the others nobody
knows, and they count as titled by a person.

Revision ID: cb201
Revises: ca2c0ffee152
Create Date: 2026-12-04 02:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cb201'
down_revision = 'ca2c0ffee152'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.add_column(sa.Column('title_by_machine', sa.Boolean(), nullable=False,
                                      server_default=sa.false()))
    theme = sa.table('theme', sa.column('status', sa.String),
                     sa.column('title_by_machine', sa.Boolean))
    op.execute(theme.update().where(theme.c.status == 'suggested')
               .values(title_by_machine=True))


def downgrade():
    with op.batch_alter_table('theme', schema=None) as batch_op:
        batch_op.drop_column('title_by_machine')
