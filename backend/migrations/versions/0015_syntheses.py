"""Weekly syntheses and their synthesizers

Revision ID: 0015_syntheses
Revises: 0014_accounts
Create Date: 2026-12-04 15:31:17.265328

"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


# revision identifiers, used by Alembic.
revision = '0015_syntheses'
down_revision = '0014_accounts'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('syntheses',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.String(length=8), nullable=False),
    sa.Column('status', sa.Enum('draft', 'published', name='synthesisstatus', native_enum=False, length=16), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('html', sa.Text(), nullable=False),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('updated_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=True),
    sa.Column('published_at', backend.models.types.UTCDateTime(), nullable=True),
    sa.Column('published_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['published_by_id'], ['users.id'], name=op.f('fk_syntheses_published_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_syntheses_tag_id_tags'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_syntheses_updated_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_syntheses')),
    sa.UniqueConstraint('tag_id', 'week', name=op.f('uq_syntheses_tag_id_week'))
    )
    with op.batch_alter_table('syntheses', schema=None) as batch_op:
        batch_op.create_index('ix_syntheses_tag_week', ['tag_id', 'week'], unique=False)

    op.create_table('tag_synthesizers',
    sa.Column('tag_id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('appointed_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['appointed_by_id'], ['users.id'], name=op.f('fk_tag_synthesizers_appointed_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['tag_id'], ['tags.id'], name=op.f('fk_tag_synthesizers_tag_id_tags'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_tag_synthesizers_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('tag_id', 'user_id', name=op.f('pk_tag_synthesizers'))
    )
    with op.batch_alter_table('tag_synthesizers', schema=None) as batch_op:
        batch_op.create_index('ix_tag_synthesizers_user', ['user_id', 'tag_id'], unique=False)

    op.create_table('synthesis_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('synthesis_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('edited_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['edited_by_id'], ['users.id'], name=op.f('fk_synthesis_revisions_edited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['synthesis_id'], ['syntheses.id'], name=op.f('fk_synthesis_revisions_synthesis_id_syntheses'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_synthesis_revisions'))
    )
    with op.batch_alter_table('synthesis_revisions', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_synthesis_revisions_synthesis_id'), ['synthesis_id'], unique=False)



def downgrade():
    with op.batch_alter_table('synthesis_revisions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_synthesis_revisions_synthesis_id'))

    op.drop_table('synthesis_revisions')
    with op.batch_alter_table('tag_synthesizers', schema=None) as batch_op:
        batch_op.drop_index('ix_tag_synthesizers_user')

    op.drop_table('tag_synthesizers')
    with op.batch_alter_table('syntheses', schema=None) as batch_op:
        batch_op.drop_index('ix_syntheses_tag_week')

    op.drop_table('syntheses')
