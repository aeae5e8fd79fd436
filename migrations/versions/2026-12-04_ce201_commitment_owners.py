"""responses: a commitment's responsible role and holder; reminders about commitments

Each commitment names the role that answers for it and, optionally (`commitment_holder`),
the staff member who holds that role; commitments made before have neither (staff see
"Ansvarig roll saknas").
`commitment_reminder` remembers each reminder mailed (one per commitment, reason and
key), and each account says whether it wants reminders (on at first).

Revision ID: ce201
Revises: cd201
Create Date: 2026-12-04 19:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ce201'
down_revision = 'cd201'
branch_labels = None
depends_on = None


def upgrade():
    # ADD COLUMN in place (no batch copy: `commitment` is referred to by other tables,
    # and with foreign keys on, SQLite would take their rows with the old table). The
    # holder has a table of its own for the same reason: a new column cannot carry a
    # named foreign key on SQLite.
    op.add_column('commitment', sa.Column('responsible_role', sa.String(length=200),
                                          nullable=True))
    op.create_table(
        'commitment_holder',
        sa.Column('commitment_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['commitment_id'], ['commitment.id'],
                                name=op.f('fk_commitment_holder_commitment_id_commitment'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['user_account.id'],
                                name=op.f('fk_commitment_holder_user_id_user_account'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('commitment_id', name=op.f('pk_commitment_holder')),
    )
    op.create_index(op.f('ix_commitment_holder_user_id'), 'commitment_holder', ['user_id'],
                    unique=False)
    with op.batch_alter_table('user_account', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('mail_reminders', sa.Boolean(), server_default=sa.true(),
                                      nullable=False))
    op.create_table(
        'commitment_reminder',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('commitment_id', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=20), nullable=False),
        sa.Column('period_key', sa.String(length=20), nullable=False),
        sa.Column('sent_at', sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(['commitment_id'], ['commitment.id'],
                                name=op.f('fk_commitment_reminder_commitment_id_commitment'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_commitment_reminder')),
        sa.UniqueConstraint('commitment_id', 'reason', 'period_key',
                            name=op.f('uq_commitment_reminder_commitment_id_reason_period_key')),
    )
    with op.batch_alter_table('commitment_reminder', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_commitment_reminder_commitment_id'),
                              ['commitment_id'], unique=False)


def downgrade():
    with op.batch_alter_table('commitment_reminder', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_commitment_reminder_commitment_id'))
    op.drop_table('commitment_reminder')
    with op.batch_alter_table('user_account', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('mail_reminders')
    op.drop_index(op.f('ix_commitment_holder_user_id'), table_name='commitment_holder')
    op.drop_table('commitment_holder')
    # Plain DROP COLUMN (PostgreSQL, and SQLite since 3.35), for the reason above.
    op.drop_column('commitment', 'responsible_role')
