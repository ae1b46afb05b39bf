"""View counts move to a narrow table of their own (question_views)

Revision ID: 0010_question_views
Revises: 0009_rendered_threads
Create Date: 2026-11-22 16:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0010_question_views'
down_revision = '0009_rendered_threads'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'question_views',
        sa.Column('question_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('view_count', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ['question_id'], ['questions.id'],
            name=op.f('fk_question_views_question_id_questions'), ondelete='CASCADE',
        ),
        sa.PrimaryKeyConstraint('question_id', name=op.f('pk_question_views')),
    )
    op.execute(
        "INSERT INTO question_views (question_id, view_count)"
        " SELECT id, view_count FROM questions WHERE view_count <> 0"
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('view_count')


def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('view_count', sa.Integer(), server_default='0', nullable=False))
    op.execute(
        "UPDATE questions SET view_count ="
        " (SELECT view_count FROM question_views WHERE question_id = questions.id)"
        " WHERE id IN (SELECT question_id FROM question_views)"
    )
    op.drop_table('question_views')
