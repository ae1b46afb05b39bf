"""Tags take a Markdown description with revisions, and synonyms (a tag row naming its main tag)

Revision ID: 0021_tag_shaping
Revises: 0020_invitation_declines
Create Date: 2026-12-05 00:02:00

"""
from html import escape

from alembic import op
import sqlalchemy as sa

import backend.models.types


# revision identifiers, used by Alembic.
revision = '0021_tag_shaping'
down_revision = '0020_invitation_declines'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tag_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=True),
    sa.Column('body_source', sa.Text(), nullable=False),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['editor_id'], ['users.id'], name=op.f('fk_tag_revisions_editor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_tag_revisions_tag_id_tags'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_tag_revisions'))
    )
    with op.batch_alter_table('tag_revisions', schema=None) as batch_op:
        batch_op.create_index('ix_tag_revisions_tag', ['tag_id', 'created_at'], unique=False)

    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.add_column(sa.Column('description_html', sa.Text(), nullable=False, server_default=''))
        batch_op.add_column(sa.Column('synonym_of_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_tags_synonym_of', ['synonym_of_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_tags_synonym_of_id_tags'), 'tags', ['synonym_of_id'], ['id'], ondelete='SET NULL')

    # Descriptions so far were plain text (at most 1,000 characters): each is one paragraph.
    tags = sa.table('tags', sa.column('id', sa.Integer), sa.column('description', sa.Text), sa.column('description_html', sa.Text))
    connection = op.get_bind()
    for tag_id, description in connection.execute(sa.select(tags.c.id, tags.c.description).where(tags.c.description != '')).all():
        html = '<p>' + escape(description.strip()).replace('\n', '<br>\n') + '</p>'
        connection.execute(tags.update().where(tags.c.id == tag_id).values(description_html=html))


def downgrade():
    with op.batch_alter_table('tags', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_tags_synonym_of_id_tags'), type_='foreignkey')
        batch_op.drop_index('ix_tags_synonym_of')
        batch_op.drop_column('synonym_of_id')
        batch_op.drop_column('description_html')

    with op.batch_alter_table('tag_revisions', schema=None) as batch_op:
        batch_op.drop_index('ix_tag_revisions_tag')

    op.drop_table('tag_revisions')