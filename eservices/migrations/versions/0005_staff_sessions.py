"""staff sessions on the server; sign-in failures per client instead of account locks

Revision ID: 0005_staff_sessions
Revises: 0004_limits
Create Date: 2026-12-01 10:30:00
"""

import sqlalchemy as sa
from alembic import op

import eservices.db

revision = '0005_staff_sessions'
down_revision = '0004_limits'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('platform_staff_session',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token_hash', sa.String(length=64), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('created_at', eservices.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('last_seen_at', eservices.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('revoked_at', eservices.db.UTCDateTime(timezone=True), nullable=True),
    sa.Column('client', sa.String(length=64), nullable=False),
    sa.Column('user_agent', sa.String(length=200), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['platform_staff_user.id'],
                            name=op.f('fk_platform_staff_session_user_id_platform_staff_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_staff_session')),
    sa.UniqueConstraint('token_hash', name=op.f('uq_platform_staff_session_token_hash'))
    )
    with op.batch_alter_table('platform_staff_session', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_staff_session_created_at'),
                              ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_platform_staff_session_user_id'),
                              ['user_id'], unique=False)

    op.create_table('platform_staff_sign_in_failure',
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failure_at', eservices.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('blocked_until', eservices.db.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('key_hash', name=op.f('pk_platform_staff_sign_in_failure'))
    )
    with op.batch_alter_table('platform_staff_sign_in_failure', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_staff_sign_in_failure_last_failure_at'),
                              ['last_failure_at'], unique=False)

    # Account locks are gone: an outsider could lock any colleague out with them.
    with op.batch_alter_table('platform_staff_user', schema=None) as batch_op:
        batch_op.drop_column('locked_until')
        batch_op.drop_column('failed_logins')


def downgrade() -> None:
    with op.batch_alter_table('platform_staff_user', schema=None) as batch_op:
        batch_op.add_column(sa.Column('failed_logins', sa.Integer(), nullable=False,
                                      server_default='0'))
        batch_op.add_column(sa.Column('locked_until',
                                      eservices.db.UTCDateTime(timezone=True), nullable=True))
    with op.batch_alter_table('platform_staff_sign_in_failure', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_staff_sign_in_failure_last_failure_at'))
    op.drop_table('platform_staff_sign_in_failure')
    with op.batch_alter_table('platform_staff_session', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_staff_session_user_id'))
        batch_op.drop_index(batch_op.f('ix_platform_staff_session_created_at'))
    op.drop_table('platform_staff_session')
