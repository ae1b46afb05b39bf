"""Batches of views taken from a shared buffer (Redis) are recorded, so each is added once

Revision ID: 0023_view_batches
Revises: 0022_search_outbox_claims
Create Date: 2026-12-05 06:20:00

"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


# revision identifiers, used by Alembic.
revision = '0023_view_batches'
down_revision = '0022_search_outbox_claims'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'view_batches',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('applied_at', backend.models.types.UTCDateTime(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_view_batches')),
    )
    with op.batch_alter_table('view_batches', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_view_batches_applied_at'), ['applied_at'], unique=False)


def downgrade():
    with op.batch_alter_table('view_batches', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_view_batches_applied_at'))
    op.drop_table('view_batches')
