"""resident accounts signed in with e-ID: accounts by a keyed hash of the number, proven contacts, server-side sessions

Revision ID: 0008_resident_accounts
Revises: 0007_limit_last_attempt
Create Date: 2026-12-01 19:30:00
"""

import sqlalchemy as sa
from alembic import op

import eservices.db

revision = '0008_resident_accounts'
down_revision = '0007_limit_last_attempt'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('platform_resident_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('identity_hash', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('last_provider', sa.String(length=40), nullable=False),
    sa.Column('last_assurance', sa.String(length=8), nullable=False),
    sa.Column('created_at', eservices.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_sign_in_at', eservices.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_resident_account')),
    sa.UniqueConstraint('identity_hash', name=op.f('uq_platform_resident_account_identity_hash'))
    )
    with op.batch_alter_table('platform_resident_account', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_resident_account_last_sign_in_at'),
                              ['last_sign_in_at'], unique=False)

    op.create_table('platform_resident_contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('channel', sa.String(length=8), nullable=False),
    sa.Column('address', sa.String(length=254), nullable=False),
    sa.Column('proven_at', eservices.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['platform_resident_account.id'],
                            name=op.f('fk_platform_resident_contact_account_id_platform_resident_account'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_resident_contact')),
    sa.UniqueConstraint('account_id', 'channel', 'address',
                        name='uq_platform_resident_contact_address')
    )
    with op.batch_alter_table('platform_resident_contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_resident_contact_account_id'),
                              ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_platform_resident_contact_address'),
                              ['address'], unique=False)

    op.create_table('platform_resident_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('provider', sa.String(length=40), nullable=False),
    sa.Column('assurance', sa.String(length=8), nullable=False),
    sa.Column('personal_number_encrypted', sa.Text(), nullable=False),
    sa.Column('id_token_encrypted', sa.Text(), nullable=True),
    sa.Column('created_at', eservices.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', eservices.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('expires_at', eservices.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', eservices.db.UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['platform_resident_account.id'],
                            name=op.f('fk_platform_resident_session_account_id_platform_resident_account'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_resident_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_platform_resident_session_token_hash'))
    )
    with op.batch_alter_table('platform_resident_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_resident_session_account_id'),
                              ['account_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_platform_resident_session_created_at'),
                              ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_platform_resident_session_expires_at'),
                              ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('platform_resident_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_resident_session_expires_at'))
        batch_op.drop_index(batch_op.f('ix_platform_resident_session_created_at'))
        batch_op.drop_index(batch_op.f('ix_platform_resident_session_account_id'))
    op.drop_table('platform_resident_session')
    with op.batch_alter_table('platform_resident_contact', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_resident_contact_address'))
        batch_op.drop_index(batch_op.f('ix_platform_resident_contact_account_id'))
    op.drop_table('platform_resident_contact')
    with op.batch_alter_table('platform_resident_account', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_resident_account_last_sign_in_at'))
    op.drop_table('platform_resident_account')
