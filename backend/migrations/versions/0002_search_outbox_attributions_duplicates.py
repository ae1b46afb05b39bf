"""search outbox, attributions, duplicate links

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22 03:24:41.571801

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('search_outbox',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('available_at', sa.DateTime(), nullable=False),
    sa.Column('attempts', sa.Integer(), nullable=False),
    sa.Column('last_error', sa.Text(), nullable=True),
    sa.Column('processed_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_search_outbox'))
    )
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.create_index('ix_search_outbox_pending', ['processed_at', 'available_at', 'id'], unique=False)

    op.create_table('attributions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=True),
    sa.Column('answer_id', sa.Integer(), nullable=True),
    sa.Column('site', sa.String(length=100), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.Column('url', sa.String(length=500), nullable=False),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('licence', sa.String(length=50), nullable=False),
    sa.CheckConstraint('(question_id IS NULL) <> (answer_id IS NULL)', name=op.f('ck_attributions_of_exactly_one_post')),
    sa.ForeignKeyConstraint(['answer_id'], ['answers.id'], name=op.f('fk_attributions_answer_id_answers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['questions.id'], name=op.f('fk_attributions_question_id_questions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_attributions')),
    sa.UniqueConstraint('answer_id', name=op.f('uq_attributions_answer_id')),
    sa.UniqueConstraint('question_id', name=op.f('uq_attributions_question_id')),
    sa.UniqueConstraint('site', 'source_id', name=op.f('uq_attributions_site_source_id'))
    )
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('duplicate_of_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_questions_duplicate_of_id_questions'), 'questions', ['duplicate_of_id'], ['id'], ondelete='SET NULL')



def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_questions_duplicate_of_id_questions'), type_='foreignkey')
        batch_op.drop_column('duplicate_of_id')

    op.drop_table('attributions')
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.drop_index('ix_search_outbox_pending')

    op.drop_table('search_outbox')
