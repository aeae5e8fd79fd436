"""rounds: the dates on which a round actually changed phase, and when voting first opened

`round_phase_change` keeps one row each time a round enters a phase, so the public
timeline shows real dates instead of the planned ones for phases already reached.
`round.voting_first_opened_at` tells "never opened" apart from "closed". Both are filled
from the audit log for rounds that changed phase or opened voting before this revision.

Revision ID: cb101
Revises: ca2c0ffee152
Create Date: 2026-12-04 02:15:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cb101'
down_revision = 'ca2c0ffee152'
branch_labels = None
depends_on = None

audit_event = sa.table(
    'audit_event', sa.column('id', sa.Integer()), sa.column('action', sa.String(60)),
    sa.column('round_id', sa.Integer()), sa.column('actor_user_id', sa.Integer()),
    sa.column('details', sa.JSON()), sa.column('created_at', sa.DateTime(timezone=True)),
)
round_table = sa.table(
    'round', sa.column('id', sa.Integer()),
    sa.column('voting_first_opened_at', sa.DateTime(timezone=True)),
)
round_phase_change = sa.table(
    'round_phase_change', sa.column('round_id', sa.Integer()), sa.column('phase', sa.String(20)),
    sa.column('changed_at', sa.DateTime(timezone=True)),
    sa.column('changed_by_id', sa.Integer()),
)


def upgrade():
    op.create_table('round_phase_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('round_id', sa.Integer(), nullable=False),
    sa.Column('phase', sa.String(length=20), nullable=False),
    sa.Column('changed_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('changed_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['changed_by_id'], ['user_account.id'], name=op.f('fk_round_phase_change_changed_by_id_user_account'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['round_id'], ['round.id'], name=op.f('fk_round_phase_change_round_id_round'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_round_phase_change'))
    )
    with op.batch_alter_table('round_phase_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_round_phase_change_round_id'), ['round_id'], unique=False)
    with op.batch_alter_table('round', schema=None, recreate='never') as batch_op:
        batch_op.add_column(sa.Column('voting_first_opened_at', sa.DateTime(timezone=True), nullable=True))

    connection = op.get_bind()
    changes, first_opened = [], {}
    for action, round_id, actor_id, details, created_at in connection.execute(
            sa.select(audit_event.c.action, audit_event.c.round_id, audit_event.c.actor_user_id,
                      audit_event.c.details, audit_event.c.created_at)
            .where(audit_event.c.action.in_(['round.phase_changed', 'round.voting_opened']),
                   audit_event.c.round_id.is_not(None))
            .order_by(audit_event.c.id)):
        if action == 'round.voting_opened':
            first_opened.setdefault(round_id, created_at)
        elif isinstance(details, dict) and details.get('after'):
            changes.append({'round_id': round_id, 'phase': details['after'],
                            'changed_at': created_at, 'changed_by_id': actor_id})
    if changes:
        op.bulk_insert(round_phase_change, changes)
    for round_id, opened_at in first_opened.items():
        connection.execute(round_table.update().where(round_table.c.id == round_id)
                           .values(voting_first_opened_at=opened_at))


def downgrade():
    # Not recreated on SQLite (it drops columns itself since 3.35): recreating `round`
    # with foreign keys on would cascade to every table that refers to it.
    with op.batch_alter_table('round', schema=None, recreate='never') as batch_op:
        batch_op.drop_column('voting_first_opened_at')
    with op.batch_alter_table('round_phase_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_round_phase_change_round_id'))
    op.drop_table('round_phase_change')
