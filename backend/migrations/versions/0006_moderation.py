"""Moderation: flags, hidden posts, soft labels, suggested edits, locks, suspensions, audit log

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22 06:00:00.000000

"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


# revision identifiers, used by Alembic.
revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('comment_id', sa.Integer(), nullable=True),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('note', sa.String(length=500), nullable=True),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('resolved_at', backend.models.types.UTCDateTime(), nullable=True),
    sa.CheckConstraint('(CASE WHEN question_id IS NULL THEN 0 ELSE 1 END + CASE WHEN answer_id IS NULL THEN 0 ELSE 1 END + CASE WHEN comment_id IS NULL THEN 0 ELSE 1 END) = 1', name=op.f('ck_flags_on_exactly_one_post')),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_flags_answer_id_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_flags_comment_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_flags_question_id_questions'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_flags_user_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_flags')),
    sa.UniqueConstraint('user_id', 'answer_id', name=op.f('uq_flags_user_id_answer_id')),
    sa.UniqueConstraint('user_id', 'comment_id', name=op.f('uq_flags_user_id_comment_id')),
    sa.UniqueConstraint('user_id', 'question_id', name=op.f('uq_flags_user_id_question_id'))
    )
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.create_index('ix_flags_answer', ['answer_id', 'resolved_at'], unique=False)
        batch_op.create_index('ix_flags_comment', ['comment_id', 'resolved_at'], unique=False)
        batch_op.create_index('ix_flags_open', ['resolved_at', 'created_at'], unique=False)
        batch_op.create_index('ix_flags_question', ['question_id', 'resolved_at'], unique=False)

    op.create_table('suggested_edits',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('editor_id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=True),
    sa.Column('body_source', sa.Text(), nullable=True),
    sa.Column('tags', sa.String(length=200), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('decided_by_id', sa.Integer(), nullable=True),
    sa.Column('decided_at', backend.models.types.UTCDateTime(), nullable=True),
    sa.CheckConstraint('(question_id IS NULL) <> (answer_id IS NULL)', name=op.f('ck_suggested_edits_of_exactly_one_post')),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_suggested_edits_answer_id_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['decided_by_id'], ['users.id'], name=op.f('fk_suggested_edits_decided_by_id_users')),
    sa.ForeignKeyConstraint(['editor_id'], ['users.id'], name=op.f('fk_suggested_edits_editor_id_users')),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_suggested_edits_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_suggested_edits'))
    )
    with op.batch_alter_table('suggested_edits', schema=None) as batch_op:
        batch_op.create_index('ix_suggested_edits_status', ['status', 'created_at'], unique=False)

    op.create_table('moderation_actions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=False),
    sa.Column('action', sa.String(length=40), nullable=False),
    sa.Column('target_type', sa.String(length=20), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=500), nullable=True),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_moderation_actions_actor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_moderation_actions'))
    )
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.create_index('ix_moderation_actions_created', ['created_at', 'id'], unique=False)

    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', backend.models.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('locked_at', backend.models.types.UTCDateTime(), nullable=True))
        batch_op.create_index('ix_questions_hidden', ['hidden_at'], unique=False)

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', backend.models.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('label', sa.String(length=32), nullable=True))
        batch_op.add_column(sa.Column('label_note', sa.String(length=500), nullable=True))

    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('hidden_at', backend.models.types.UTCDateTime(), nullable=True))

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('suspended_until', backend.models.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('suspension_reason', sa.String(length=500), nullable=True))


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('suspension_reason')
        batch_op.drop_column('suspended_until')

    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_column('hidden_at')

    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_column('label_note')
        batch_op.drop_column('label')
        batch_op.drop_column('hidden_at')

    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index('ix_questions_hidden')
        batch_op.drop_column('locked_at')
        batch_op.drop_column('hidden_at')

    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.drop_index('ix_moderation_actions_created')

    op.drop_table('moderation_actions')
    with op.batch_alter_table('suggested_edits', schema=None) as batch_op:
        batch_op.drop_index('ix_suggested_edits_status')

    op.drop_table('suggested_edits')
    with op.batch_alter_table('flags', schema=None) as batch_op:
        batch_op.drop_index('ix_flags_question')
        batch_op.drop_index('ix_flags_open')
        batch_op.drop_index('ix_flags_comment')
        batch_op.drop_index('ix_flags_answer')

    op.drop_table('flags')
