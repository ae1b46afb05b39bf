"""Mail: the outbox, refused addresses, each person's mail settings; when a thread was resolved

Revision ID: 0012_mail
Revises: 0011_sign_ins_idempotency
Create Date: 2026-12-04 11:16:09.179567

"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


# revision identifiers, used by Alembic.
revision = '0012_mail'
down_revision = '0011_sign_ins_idempotency'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('mail_blocks',
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('reason', sa.Text(), nullable=False),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('address', name=op.f('pk_mail_blocks'))
    )
    op.create_table('mail_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('recipient_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('activity', 'digest', name='mailkind', native_enum=False, length=16), nullable=False),
    sa.Column('thread_id', sa.Integer(), nullable=True),
    sa.Column('events', sa.JSON(), nullable=False),
    sa.Column('message_id', sa.String(length=255), nullable=False),
    sa.Column('status', sa.Enum('pending', 'sending', 'sent', 'failed', 'skipped', name='mailstatus', native_enum=False, length=16), nullable=False),
    sa.Column('claim', sa.String(length=32), nullable=True),
    sa.Column('claimed_at', backend.models.types.UTCDateTime(), nullable=True),
    sa.Column('available_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('address', sa.String(length=254), nullable=True),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('sent_at', backend.models.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['recipient_id'], ['users.id'], name=op.f('fk_mail_outbox_recipient_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mail_outbox'))
    )
    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_mail_outbox_due', ['status', 'available_at', 'id'], unique=False)
        batch_op.create_index('ix_mail_outbox_thread', ['recipient_id', 'thread_id', 'id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('email_activity', sa.Boolean(), server_default=sa.true(), nullable=False))
        batch_op.add_column(sa.Column('digest', sa.Enum('off', 'daily', 'weekly', name='digestfrequency', native_enum=False, length=8), server_default='weekly', nullable=False))
        batch_op.add_column(sa.Column('digest_sent_at', backend.models.types.UTCDateTime(), nullable=True))

    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('resolved_at', backend.models.types.UTCDateTime(), nullable=True))
        batch_op.create_index(batch_op.f('ix_questions_resolved_at'), ['resolved_at'], unique=False)
    # The last activity of a thread resolved before this is the closest known time.
    op.execute(
        "UPDATE questions SET resolved_at = last_activity_at"
        " WHERE status = 'resolved' AND accepted_answer_id IS NOT NULL"
    )



def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_questions_resolved_at'))
        batch_op.drop_column('resolved_at')

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('digest_sent_at')
        batch_op.drop_column('digest')
        batch_op.drop_column('email_activity')

    with op.batch_alter_table('mail_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_mail_outbox_thread')
        batch_op.drop_index('ix_mail_outbox_due')

    op.drop_table('mail_outbox')
    op.drop_table('mail_blocks')
