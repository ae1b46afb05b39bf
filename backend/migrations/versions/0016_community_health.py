"""Community health: who was seen and active each week, first posts, the time of first answers

Revision ID: 0016_community_health
Revises: 0015_syntheses
Create Date: 2026-12-04 18:20:00

"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


# revision identifiers, used by Alembic.
revision = '0016_community_health'
down_revision = '0015_syntheses'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('member_weeks',
    sa.Column('tag_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('user_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('acted', sa.Boolean(), nullable=False),
    sa.PrimaryKeyConstraint('tag_id', 'week', 'user_id', name=op.f('pk_member_weeks')),
    sqlite_with_rowid=False
    )
    op.create_table('first_posts',
    sa.Column('tag_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('user_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('tag_id', 'user_id', name=op.f('pk_first_posts'))
    )
    op.create_index('ix_first_posts_week', 'first_posts', ['tag_id', 'week'], unique=False)
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('first_answer_at', backend.models.types.UTCDateTime(), nullable=True))
    op.create_index(
        'ix_questions_health',
        'questions',
        ['is_deleted', 'created_at', 'hidden_at', 'answer_count', 'accepted_answer_id', 'first_answer_at', 'resolved_at', 'id'],
        unique=False,
    )
    op.create_index('ix_answers_created', 'answers', ['created_at'], unique=False)
    op.create_index('ix_comments_created', 'comments', ['created_at'], unique=False)
    op.create_index('ix_votes_created', 'votes', ['created_at'], unique=False)
    op.create_index('ix_helped_marks_created', 'helped_marks', ['created_at'], unique=False)

    # First answers' times, and who took part in which week, from the rows already stored.
    from backend.community_health.activity import settle

    settle(op.get_bind())


def downgrade():
    op.drop_index('ix_helped_marks_created', table_name='helped_marks')
    op.drop_index('ix_votes_created', table_name='votes')
    op.drop_index('ix_comments_created', table_name='comments')
    op.drop_index('ix_answers_created', table_name='answers')
    op.drop_index('ix_questions_health', table_name='questions')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('first_answer_at')
    op.drop_index('ix_first_posts_week', table_name='first_posts')
    op.drop_table('first_posts')
    op.drop_table('member_weeks')
