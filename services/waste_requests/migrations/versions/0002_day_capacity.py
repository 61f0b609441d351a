"""a row per pick-up day whose conditional UPDATE holds the daily cap

Revision ID: wq0002_day_capacity
Revises: wq0001_reports
Create Date: 2026-12-01 20:55:00

The counter starts from the bookings already made (every one not cancelled),
so a day that was full before the upgrade is still full after it.
"""

import sqlalchemy as sa
from alembic import op

revision = 'wq0002_day_capacity'
down_revision = 'wq0001_reports'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('waste_requests_day_capacity',
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('taken', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('day', name=op.f('pk_waste_requests_day_capacity'))
    )
    op.execute("INSERT INTO waste_requests_day_capacity (day, taken) "
               "SELECT day, COUNT(*) FROM waste_requests_booking "
               "WHERE status <> 'cancelled' GROUP BY day")


def downgrade() -> None:
    op.drop_table('waste_requests_day_capacity')
