"""live meetings: one poll ballot per participant and poll

Revision ID: b4a0c0ffee04
Revises: b4b0c0ffee04
Create Date: 2026-11-27 08:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4a0c0ffee04'
down_revision = 'b4b0c0ffee04'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('poll_ballot',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('poll_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participant.id'], name=op.f('fk_poll_ballot_participant_id_participant'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['poll_id'], ['poll.id'], name=op.f('fk_poll_ballot_poll_id_poll'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['ticket_id'], ['ticket.id'], name=op.f('fk_poll_ballot_ticket_id_ticket'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_poll_ballot')),
    sa.UniqueConstraint('poll_id', 'participant_id', name=op.f('uq_poll_ballot_poll_id_participant_id'))
    )


def downgrade():
    op.drop_table('poll_ballot')
