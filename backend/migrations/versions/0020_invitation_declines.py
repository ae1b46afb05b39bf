"""An invitation to answer can be declined

Revision ID: 0020_invitation_declines
Revises: 0019_comment_edits
Create Date: 2026-12-04 23:55:00

"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


# revision identifiers, used by Alembic.
revision = '0020_invitation_declines'
down_revision = '0019_comment_edits'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.add_column(sa.Column('declined_at', backend.models.types.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('invitations', schema=None) as batch_op:
        batch_op.drop_column('declined_at')
