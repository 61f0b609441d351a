"""holiday shifts move to the waste register

The register (module waste_register) holds the shifts every waste service applies;
those on record here are copied into it as confirmed, and this table goes.

Revision ID: ca0002_shifts_in_register
Revises: ca0001_tables
Create Date: 2026-12-01 20:45:00
"""

import sqlalchemy as sa
from alembic import op

revision = 'ca0002_shifts_in_register'
down_revision = 'ca0001_tables'
branch_labels = None
depends_on = 'wr0001_register'


def upgrade() -> None:
    op.execute(
        """INSERT INTO waste_register_holiday_shift (original_date, new_date, note, status,
                                                     updated_at)
           SELECT s.original_date, s.new_date, s.note, 'confirmed', CURRENT_TIMESTAMP
           FROM collection_alerts_holiday_shift s
           WHERE NOT EXISTS (SELECT 1 FROM waste_register_holiday_shift r
                             WHERE r.original_date = s.original_date)""")
    op.drop_table('collection_alerts_holiday_shift')


def downgrade() -> None:
    op.create_table('collection_alerts_holiday_shift',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('original_date', sa.Date(), nullable=False),
    sa.Column('new_date', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_collection_alerts_holiday_shift')),
    sa.UniqueConstraint('original_date',
                        name=op.f('uq_collection_alerts_holiday_shift_original_date'))
    )
    op.execute(
        """INSERT INTO collection_alerts_holiday_shift (original_date, new_date, note)
           SELECT original_date, new_date, note FROM waste_register_holiday_shift
           WHERE status = 'confirmed'""")
