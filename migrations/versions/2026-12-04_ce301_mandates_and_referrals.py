"""responses: each organisation's frame for a round (round_mandate); needs referred to an
organisation with a reason (need_referral)

Revision ID: ce301
Revises: ce201
Create Date: 2026-12-04 19:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ce301'
down_revision = 'ce201'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'round_mandate',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('round_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('can_decide', sa.Text(), nullable=False),
        sa.Column('cannot_decide', sa.Text(), nullable=False),
        sa.Column('budget', sa.Text(), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('signed_by_id', sa.Integer(), nullable=True),
        sa.Column('signed_at', sa.DateTime(timezone=True), nullable=True),
        sa.Column('public_can_decide', sa.Text(), nullable=False),
        sa.Column('public_cannot_decide', sa.Text(), nullable=False),
        sa.Column('public_budget', sa.Text(), nullable=False),
        sa.Column('signer_name', sa.String(length=120), nullable=False),
        sa.Column('signer_title', sa.String(length=120), nullable=False),
        sa.Column('signer_party', sa.String(length=40), nullable=False),
        sa.Column('published_at', sa.DateTime(timezone=True),
                  nullable=True),
        sa.Column('created_at', sa.DateTime(timezone=True),
                  nullable=False),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['round_id'], ['round.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['signed_by_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['updated_by_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('round_id', 'organisation_id'),
    )
    op.create_table(
        'need_referral',
        sa.Column('need_id', sa.Integer(), nullable=False),
        sa.Column('organisation_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.Text(), nullable=False),
        sa.Column('referred_at', sa.DateTime(timezone=True),
                  nullable=False),
        sa.Column('referred_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['need_id'], ['need.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['organisation_id'], ['organisation.id'], ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['referred_by_id'], ['user_account.id'], ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('need_id'),
    )


def downgrade():
    op.drop_table('need_referral')
    op.drop_table('round_mandate')
