"""Thread vectors: stored embeddings for similar-question search

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22 05:28:00.394443

"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


# revision identifiers, used by Alembic.
revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('thread_vectors',
    sa.Column('question_id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('model', sa.String(length=100), nullable=False),
    sa.Column('text_hash', sa.String(length=64), nullable=False),
    sa.Column('vector', sa.LargeBinary(), nullable=False),
    sa.Column('updated_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_thread_vectors_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('question_id', name=op.f('pk_thread_vectors'))
    )


def downgrade():
    op.drop_table('thread_vectors')
