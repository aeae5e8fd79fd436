"""responses: limits in structure, and who decides

A response holds "Det här gör vi" (the existing `text`), zero or more limits — each a
category and a text, stored as a JSON list `[{"category", "text"}]` — and "Vem beslutar,
och när" (`who_decides`). A proposed change of a published response carries its own
(`draft_limits`, `draft_who_decides`), a signature keeps what it signed (`signed_limits`,
`signed_who_decides`) and each public version what was published.

Existing data (decision): the existing text becomes "Det här gör vi" unchanged, and
existing responses get no limits and an empty "who decides". The old text mixed what is
done with why not; splitting it by machine would put words in the organisations' mouths,
and copying it into a limit would publish the same words twice under a category nobody
chose. The rule that a stance other than a full yes needs a limit applies from the next
change: whoever changes such a response must then name its limits, and sign it again.
What was signed before stays signed, with no limits (the text signed had none).

Revision ID: ce101
Revises: ce301
Create Date: 2026-12-04 19:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ce101'
down_revision = 'ce301'
branch_labels = None
depends_on = None


def upgrade():
    # Not in batch mode: batch mode would copy `response`, and dropping the old table with
    # foreign keys on would take its signatures, versions and commitments with it on
    # SQLite. ADD COLUMN with a constant default does it in place.
    op.add_column('response', sa.Column('limits', sa.JSON(), server_default='[]',
                                        nullable=False))
    op.add_column('response', sa.Column('who_decides', sa.Text(), server_default='',
                                        nullable=False))
    op.add_column('response', sa.Column('draft_limits', sa.JSON(), nullable=True))
    op.add_column('response', sa.Column('draft_who_decides', sa.Text(), nullable=True))
    op.add_column('response_organisation', sa.Column('signed_limits', sa.JSON(),
                                                     nullable=True))
    op.add_column('response_organisation', sa.Column('signed_who_decides', sa.Text(),
                                                     nullable=True))
    op.add_column('response_version', sa.Column('limits', sa.JSON(), server_default='[]',
                                                nullable=False))
    op.add_column('response_version', sa.Column('who_decides', sa.Text(), server_default='',
                                                nullable=False))
    # A proposed change waiting now keeps the limits it had (none) until it is changed.
    op.execute("UPDATE response SET draft_limits = limits, draft_who_decides = who_decides "
               "WHERE draft_text IS NOT NULL")
    op.execute("UPDATE response_organisation SET signed_limits = "
               "(SELECT response.limits FROM response "
               "WHERE response.id = response_organisation.response_id), "
               "signed_who_decides = '' WHERE signed_text IS NOT NULL")


def downgrade():
    # Plain DROP COLUMN, for the same reason: works on PostgreSQL and on SQLite since 3.35.
    op.drop_column('response_version', 'who_decides')
    op.drop_column('response_version', 'limits')
    op.drop_column('response_organisation', 'signed_who_decides')
    op.drop_column('response_organisation', 'signed_limits')
    op.drop_column('response', 'draft_who_decides')
    op.drop_column('response', 'draft_limits')
    op.drop_column('response', 'who_decides')
    op.drop_column('response', 'limits')
