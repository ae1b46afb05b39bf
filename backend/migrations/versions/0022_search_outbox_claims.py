"""Search outbox rows are claimed by a sync worker (several may run on PostgreSQL)

Revision ID: 0022_search_outbox_claims
Revises: 0021_tag_shaping
Create Date: 2026-12-05 03:40:00

"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


# revision identifiers, used by Alembic.
revision = '0022_search_outbox_claims'
down_revision = '0021_tag_shaping'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claim', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('claimed_at', backend.models.types.UTCDateTime(), nullable=True))


def downgrade():
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.drop_column('claimed_at')
        batch_op.drop_column('claim')
