"""Finished weeks' costliest health figures, kept (waits with their questions' fingerprint)

Revision ID: 0018_health_weeks
Revises: 0017_synthesis_search
Create Date: 2026-12-04 21:05:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0018_health_weeks'
down_revision = '0017_synthesis_search'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('health_weeks',
    sa.Column('tag_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('fingerprint', sa.String(length=120), nullable=True),
    sa.Column('first_median', sa.Float(), nullable=True),
    sa.Column('first_p90', sa.Float(), nullable=True),
    sa.Column('accepted_median', sa.Float(), nullable=True),
    sa.Column('accepted_p90', sa.Float(), nullable=True),
    sa.Column('seen', sa.Integer(), nullable=True),
    sa.Column('active', sa.Integer(), nullable=True),
    sa.PrimaryKeyConstraint('tag_id', 'week', name=op.f('pk_health_weeks')),
    sqlite_with_rowid=False
    )
    # Who answered most: the questions resolved in a span, without reading every question.
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.create_index('ix_questions_resolved', ['is_deleted', 'resolved_at', 'hidden_at', 'accepted_answer_id'], unique=False)
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.create_index('ix_answers_shown_author', ['id', 'is_deleted', 'hidden_at', 'author_id'], unique=False)


def downgrade():
    with op.batch_alter_table('answers', schema=None) as batch_op:
        batch_op.drop_index('ix_answers_shown_author')
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_index('ix_questions_resolved')
    op.drop_table('health_weeks')
