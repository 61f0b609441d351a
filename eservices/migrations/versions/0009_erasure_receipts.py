"""erasure receipts: what an erasure request removed and kept, for the person who asked, for a day

Revision ID: 0009_erasure_receipts
Revises: 0008_resident_accounts
Create Date: 2026-12-01 19:45:00
"""

import sqlalchemy as sa
from alembic import op

import eservices.db

revision = '0009_erasure_receipts'
down_revision = '0008_resident_accounts'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('platform_erasure_receipt',
    sa.Column('id', sa.String(length=64), nullable=False),
    sa.Column('reference', sa.String(length=16), nullable=False),
    sa.Column('created_at', eservices.db.UTCDateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.JSON(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_platform_erasure_receipt'))
    )
    with op.batch_alter_table('platform_erasure_receipt', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_platform_erasure_receipt_created_at'),
                              ['created_at'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('platform_erasure_receipt', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_platform_erasure_receipt_created_at'))
    op.drop_table('platform_erasure_receipt')
