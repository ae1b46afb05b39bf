"""Comments can be edited (their earlier texts kept); the moderation log filters by who and what

Revision ID: 0019_comment_edits
Revises: 0018_health_weeks
Create Date: 2026-12-04 23:49:00

"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


# revision identifiers, used by Alembic.
revision = '0019_comment_edits'
down_revision = '0018_health_weeks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('comment_revisions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('comment_id', sa.Integer(), nullable=False),
    sa.Column('editor_id', sa.Integer(), nullable=False),
    sa.Column('body_source', sa.Text(), nullable=False),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['comment_id'], ['comments.id'], name=op.f('fk_comment_revisions_comment_id_comments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['editor_id'], ['users.id'], name=op.f('fk_comment_revisions_editor_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_comment_revisions'))
    )
    with op.batch_alter_table('comment_revisions', schema=None) as batch_op:
        batch_op.create_index('ix_comment_revisions_comment', ['comment_id', 'created_at'], unique=False)

    # Filled with when each comment was posted: none has been edited yet.
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('updated_at', backend.models.types.UTCDateTime(), nullable=True))
    op.execute("UPDATE comments SET updated_at = created_at")
    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.alter_column('updated_at', existing_type=backend.models.types.UTCDateTime(), nullable=False)

    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.create_index('ix_moderation_actions_actor', ['actor_id', 'created_at'], unique=False)
        batch_op.create_index('ix_moderation_actions_target', ['target_type', 'target_id', 'created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('moderation_actions', schema=None) as batch_op:
        batch_op.drop_index('ix_moderation_actions_target')
        batch_op.drop_index('ix_moderation_actions_actor')

    with op.batch_alter_table('comments', schema=None) as batch_op:
        batch_op.drop_column('updated_at')

    with op.batch_alter_table('comment_revisions', schema=None) as batch_op:
        batch_op.drop_index('ix_comment_revisions_comment')

    op.drop_table('comment_revisions')
