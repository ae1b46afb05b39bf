"""Site settings: admins' run-time overrides of the config's thresholds and limits

Revision ID: 0007_site_settings
Revises: 0006
Create Date: 2026-11-22 08:05:54.813280

"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


# revision identifiers, used by Alembic.
revision = '0007_site_settings'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('site_settings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=64), nullable=False),
    sa.Column('value', sa.Text(), nullable=True),
    sa.Column('updated_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('updated_by_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'], name=op.f('fk_site_settings_updated_by_id_users')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_settings')),
    sa.UniqueConstraint('name', name=op.f('uq_site_settings_name'))
    )
    op.create_table('site_settings_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_site_settings_version'))
    )
    # The one row every process checks before trusting the settings it keeps in memory.
    op.execute("INSERT INTO site_settings_version (id, version) VALUES (1, 0)")


def downgrade():
    op.drop_table('site_settings_version')
    op.drop_table('site_settings')
