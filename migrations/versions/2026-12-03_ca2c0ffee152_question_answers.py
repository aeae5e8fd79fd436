"""live meetings: every written answer to a question kept, with its author

A question's one `answer_text` becomes rows of `question_answer`, so a second official's
answer is added instead of replacing the first. `answered_at`/`answered_by_id` stay: they
say that (and by whom) the question was marked answered.

Revision ID: ca2c0ffee152
Revises: ca1c0ffee151
Create Date: 2026-12-03 16:50:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'ca2c0ffee152'
down_revision = 'ca1c0ffee151'
branch_labels = None
depends_on = None

message = sa.table(
    'message', sa.column('id', sa.Integer()), sa.column('answer_text', sa.Text()),
    sa.column('answered_by_id', sa.Integer()),
    sa.column('answered_at', sa.DateTime(timezone=True)),
    sa.column('created_at', sa.DateTime(timezone=True)),
)
question_answer = sa.table(
    'question_answer', sa.column('id', sa.Integer()), sa.column('message_id', sa.Integer()),
    sa.column('user_id', sa.Integer()), sa.column('text', sa.Text()),
    sa.column('created_at', sa.DateTime(timezone=True)),
)


def upgrade():
    op.create_table('question_answer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('message_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['message_id'], ['message.id'], name=op.f('fk_question_answer_message_id_message'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['user_account.id'], name=op.f('fk_question_answer_user_id_user_account'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_answer'))
    )
    with op.batch_alter_table('question_answer', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_answer_message_id'), ['message_id'], unique=False)

    # Each written answer so far becomes the question's first answer, by whoever gave it.
    op.execute(question_answer.insert().from_select(
        ['message_id', 'user_id', 'text', 'created_at'],
        sa.select(message.c.id, message.c.answered_by_id, message.c.answer_text,
                  sa.func.coalesce(message.c.answered_at, message.c.created_at))
        .where(message.c.answer_text.is_not(None),
               sa.func.trim(message.c.answer_text) != '')
        .order_by(message.c.id)))

    # Not recreated on SQLite (it drops columns itself since 3.35): with foreign keys on,
    # dropping the old `message` table would cascade to the answers just copied.
    with op.batch_alter_table('message', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('answer_text')


def downgrade():
    with op.batch_alter_table('message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('answer_text', sa.Text(), nullable=True))

    # The one answer the old schema can hold: the latest.
    latest = (sa.select(question_answer.c.text)
              .where(question_answer.c.message_id == message.c.id)
              .order_by(question_answer.c.created_at.desc(), question_answer.c.id.desc())
              .limit(1).scalar_subquery())
    op.execute(message.update().values(answer_text=latest))

    with op.batch_alter_table('question_answer', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_answer_message_id'))

    op.drop_table('question_answer')
