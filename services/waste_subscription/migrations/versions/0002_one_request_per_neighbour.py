"""at most one open request waits for a neighbour's answer

Revision ID: ws0002_one_per_neighbour
Revises: ws0001_register
Create Date: 2026-12-01 11:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = 'ws0002_one_per_neighbour'
down_revision = 'ws0001_register'
branch_labels = None
depends_on = None

PENDING = sa.text("neighbour_status = 'pending' AND status IN ('new', 'in_progress')")


def upgrade() -> None:
    op.create_index('uq_waste_subscription_request_awaiting_neighbour',
                    'waste_subscription_request', ['neighbour_subscription_id'], unique=True,
                    sqlite_where=PENDING, postgresql_where=PENDING)


def downgrade() -> None:
    op.drop_index('uq_waste_subscription_request_awaiting_neighbour',
                  table_name='waste_subscription_request')
