"""Threads stored as rendered for signed-out readers (filled by `flask threads render`)

Revision ID: 0009_rendered_threads
Revises: 0008_thread_version
Create Date: 2026-11-22 13:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0009_rendered_threads'
down_revision = '0008_thread_version'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'rendered_threads',
        sa.Column('question_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('thread_version', sa.Integer(), nullable=False),
        sa.Column('content_version', sa.Integer(), nullable=False),
        sa.Column('format', sa.String(length=40), nullable=False),
        sa.Column('document', sa.LargeBinary(), nullable=False),
        sa.Column('reputations', sa.Text(), nullable=False),
        sa.Column('hidden_authors', sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ['question_id'], ['questions.id'],
            name=op.f('fk_rendered_threads_question_id_questions'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('question_id', name=op.f('pk_rendered_threads')),
    )


def downgrade():
    op.drop_table('rendered_threads')
