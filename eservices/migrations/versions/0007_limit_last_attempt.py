"""limit counters remember their last attempt, so a window whose attempts are all older than the budget's window no longer counts

Revision ID: 0007_limit_last_attempt
Revises: 0006_built_journeys
Create Date: 2026-12-01 16:00:00
"""

import sqlalchemy as sa
from alembic import op

import eservices.db

revision = '0007_limit_last_attempt'
down_revision = '0006_built_journeys'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('platform_limit_counter', schema=None) as batch_op:
        batch_op.add_column(sa.Column('last_at', eservices.db.UTCDateTime(timezone=True),
                                      nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('platform_limit_counter', schema=None) as batch_op:
        batch_op.drop_column('last_at')
