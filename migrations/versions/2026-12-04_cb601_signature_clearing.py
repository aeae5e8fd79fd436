"""responses: what each organisation last signed, and which change cleared its signature

The "Att göra" inbox shows a signer the difference between what they signed and what now
awaits their signature, and tells an author's organisation who cleared it, when and why.

Revision ID: cb601
Revises: cb101
Create Date: 2026-12-04 02:10:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cb601'
down_revision = 'cb101'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('response_organisation', schema=None) as batch_op:
        batch_op.add_column(sa.Column('signed_stance', sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column('signed_text', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('cleared_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('cleared_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('cleared_by_name', sa.String(length=200),
                                      server_default='', nullable=False))
        batch_op.add_column(sa.Column('cleared_change', sa.String(length=200),
                                      server_default='', nullable=False))
        batch_op.create_foreign_key(
            batch_op.f('fk_response_organisation_cleared_by_id_user_account'),
            'user_account', ['cleared_by_id'], ['id'], ondelete='SET NULL')
    # What a signature already given signed: the text awaiting signatures now.
    op.execute(
        "UPDATE response_organisation SET "
        "signed_stance = (SELECT COALESCE(response.draft_stance, response.stance) "
        "FROM response WHERE response.id = response_organisation.response_id), "
        "signed_text = (SELECT COALESCE(response.draft_text, response.text) "
        "FROM response WHERE response.id = response_organisation.response_id) "
        "WHERE signed_by_id IS NOT NULL")


def downgrade():
    with op.batch_alter_table('response_organisation', schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f('fk_response_organisation_cleared_by_id_user_account'),
            type_='foreignkey')
        batch_op.drop_column('cleared_change')
        batch_op.drop_column('cleared_by_name')
        batch_op.drop_column('cleared_by_id')
        batch_op.drop_column('cleared_at')
        batch_op.drop_column('signed_text')
        batch_op.drop_column('signed_stance')
