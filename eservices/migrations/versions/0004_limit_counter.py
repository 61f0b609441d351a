"""limit counters shared by every process

Revision ID: 0004_limits
Revises: 0003_test_rounds
Create Date: 2026-12-01 10:00:00
"""

import sqlalchemy as sa
from alembic import op

import eservices.db

revision = '0004_limits'
down_revision = '0003_test_rounds'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('platform_limit_counter',
    sa.Column('budget', sa.String(length=80), nullable=False),
    sa.Column('key_hash', sa.String(length=64), nullable=False),
    sa.Column('window_start', eservices.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('count', sa.Integer(), nullable=False),
    sa.Column('expires_at', eservices.db.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('budget', 'key_hash', 'window_start',
                            name=op.f('pk_platform_limit_counter'))
    )
    with op.batch_alter_table('platform_limit_counter', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_limit_counter_expires_at'),
                              ['expires_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('platform_limit_counter', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_limit_counter_expires_at'))
    op.drop_table('platform_limit_counter')
