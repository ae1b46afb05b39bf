"""Accounts: SSO identities, API tokens, verification, deletion

Revision ID: 0014_accounts
Revises: 0013_webhooks
Create Date: 2026-12-04 14:07:59.746421

"""
from alembic import op
import sqlalchemy as sa

import backend.models.types


# revision identifiers, used by Alembic.
revision = '0014_accounts'
down_revision = '0013_webhooks'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('api_tokens',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=100), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('prefix', sa.String(length=16), nullable=False),
    sa.Column('scopes', sa.JSON(), nullable=False),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('last_used_at', backend.models.types.UTCDateTime(), nullable=True),
    sa.Column('expires_at', backend.models.types.UTCDateTime(), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_api_tokens_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_api_tokens')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_api_tokens_token_hash'))
    )
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.create_index('ix_api_tokens_user_id_created_at', ['user_id', 'created_at'], unique=False)

    op.create_table('external_identities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('issuer', sa.String(length=500), nullable=False),
    sa.Column('subject', sa.String(length=255), nullable=False),
    sa.Column('created_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.Column('last_sign_in_at', backend.models.types.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_external_identities_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_external_identities')),
    sa.UniqueConstraint('issuer', 'subject', name=op.f('uq_external_identities_issuer_subject'))
    )
    with op.batch_alter_table('external_identities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_external_identities_user_id'), ['user_id'], unique=False)

    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.add_column(sa.Column('session_epoch', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('email_verified_at', backend.models.types.UTCDateTime(), nullable=True))
        batch_op.add_column(sa.Column('about', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('about_html', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('deleted_at', backend.models.types.UTCDateTime(), nullable=True))

    # Accounts made before verification existed were let in as they were: keep them so.
    op.execute("UPDATE users SET email_verified_at = created_at WHERE password_hash IS NOT NULL")



def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_column('deleted_at')
        batch_op.drop_column('about_html')
        batch_op.drop_column('about')
        batch_op.drop_column('email_verified_at')
        batch_op.drop_column('session_epoch')

    with op.batch_alter_table('external_identities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_external_identities_user_id'))

    op.drop_table('external_identities')
    with op.batch_alter_table('api_tokens', schema=None) as batch_op:
        batch_op.drop_index('ix_api_tokens_user_id_created_at')

    op.drop_table('api_tokens')
