"""notifications: staff mail for the hand-offs, and each account's choice of which it gets

The outbox holds mails to staff accounts too (`user_id`, gone with the account), so
`participant_id` may be empty: exactly one of the two names the recipient. Each account
says which hand-offs it is mailed about; all three are on at first.

Revision ID: cb602
Revises: cb601
Create Date: 2026-12-04 02:20:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cb602'
down_revision = 'cb601'
branch_labels = None
depends_on = None

KINDS = ('mail_signature_requested', 'mail_signature_cleared', 'mail_question_directed')


def upgrade():
    with op.batch_alter_table('user_account', schema=None, recreate='never') as batch_op:
        for kind in KINDS:
            batch_op.add_column(sa.Column(kind, sa.Boolean(), server_default=sa.true(),
                                          nullable=False))
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.add_column(sa.Column('user_id', sa.Integer(), nullable=True))
        batch_op.alter_column('participant_id', existing_type=sa.Integer(), nullable=True)
        batch_op.create_index(batch_op.f('ix_outbox_mail_user_id'), ['user_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_outbox_mail_user_id_user_account'),
                                    'user_account', ['user_id'], ['id'], ondelete='CASCADE')
        batch_op.create_check_constraint(
            op.f('ck_outbox_mail_one_recipient'), '(participant_id IS NULL) <> (user_id IS NULL)')


def downgrade():
    # The staff's mails have no participant to belong to: they go.
    op.execute("DELETE FROM outbox_mail WHERE participant_id IS NULL")
    with op.batch_alter_table('outbox_mail', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_outbox_mail_one_recipient'), type_='check')
        batch_op.drop_constraint(batch_op.f('fk_outbox_mail_user_id_user_account'),
                                 type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_outbox_mail_user_id'))
        batch_op.alter_column('participant_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('user_id')
    # Not recreated on SQLite (it drops columns itself since 3.35): with foreign keys on,
    # the accounts table cannot be dropped and made again under the rows that refer to it.
    with op.batch_alter_table('user_account', schema=None, recreate='never') as batch_op:
        for kind in reversed(KINDS):
            batch_op.drop_column(kind)
