"""Published syntheses in search: the outbox names a thread or a synthesis

Revision ID: 0017_synthesis_search
Revises: 0016_community_health
Create Date: 2026-12-04 20:50:00

"""
from datetime import UTC, datetime

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0017_synthesis_search'
down_revision = '0016_community_health'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.add_column(sa.Column('synthesis_id', sa.Integer(), nullable=True))
        batch_op.alter_column('question_id', existing_type=sa.Integer(), nullable=True)
    # Syntheses published before they were searchable are sent by the next sync.
    now = datetime.now(UTC).replace(tzinfo=None)  # stored as naive UTC, as UTCDateTime does
    op.get_bind().execute(
        sa.text(
            "INSERT INTO search_outbox (synthesis_id, created_at, available_at, attempts) "
            "SELECT id, :now, :now, 0 FROM syntheses WHERE status = 'published'"
        ),
        {"now": now},
    )


def downgrade():
    op.execute("DELETE FROM search_outbox WHERE question_id IS NULL")
    with op.batch_alter_table('search_outbox', schema=None) as batch_op:
        batch_op.alter_column('question_id', existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column('synthesis_id')
