"""A version per thread: a cached thread is dropped only when its own thread changes

Revision ID: 0008_thread_version
Revises: 0007_site_settings
Create Date: 2026-11-22 11:15:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0008_thread_version'
down_revision = '0007_site_settings'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.add_column(sa.Column('thread_version', sa.Integer(), server_default='0', nullable=False))


def downgrade():
    with op.batch_alter_table('questions', schema=None) as batch_op:
        batch_op.drop_column('thread_version')
