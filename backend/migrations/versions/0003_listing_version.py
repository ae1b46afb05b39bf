"""Listing version: lets list pages cache their exact totals

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 03:54:45.577893

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('listing_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_listing_version'))
    )
    # The one row the lists read; writes bump its version.
    op.execute("INSERT INTO listing_version (id, version) VALUES (1, 0)")


def downgrade():
    op.drop_table('listing_version')
