"""the platform's API keys (Open311 clients), on a branch of their own

Revision ID: open311_0001_api_keys
Revises:
Create Date: 2026-12-01 19:50:00

A branch (labelled ``open311``) rather than the next number on the platform's
line, so it never races the platform's own next revision.
"""

import sqlalchemy as sa
from alembic import op

import eservices.db

revision = 'open311_0001_api_keys'
down_revision = None
branch_labels = ('open311',)
depends_on = '0007_limit_last_attempt'


def upgrade() -> None:
    op.create_table(
        'platform_api_key',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('name', sa.String(length=80), nullable=False),
        sa.Column('prefix', sa.String(length=16), nullable=False),
        sa.Column('key_hash', sa.String(length=64), nullable=False),
        sa.Column('scopes', sa.JSON(), nullable=False),
        sa.Column('created_at', eservices.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column('created_by', sa.String(length=80), nullable=False),
        sa.Column('revoked_at', eservices.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column('last_used_at', eservices.db.UTCDateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_api_key')),
        sa.UniqueConstraint('prefix', name=op.f('uq_platform_api_key_prefix')),
    )


def downgrade() -> None:
    op.drop_table('platform_api_key')
