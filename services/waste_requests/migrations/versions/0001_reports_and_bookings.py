"""missed-collection reports and pick-up bookings

Revision ID: wq0001_reports
Revises:
Create Date: 2026-12-01 19:24:38.344162
"""

import sqlalchemy as sa
from alembic import op

from eservices import toolkit as tk

revision = 'wq0001_reports'
down_revision = None
branch_labels = ('waste_requests',)
depends_on = '0003_test_rounds'


def upgrade() -> None:
    op.create_table('waste_requests_booking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('designation', sa.String(length=80), nullable=False),
    sa.Column('street_address', sa.String(length=200), nullable=False),
    sa.Column('container_id', sa.String(length=80), nullable=False),
    sa.Column('items', sa.JSON(), nullable=False),
    sa.Column('price', sa.Numeric(precision=10, scale=2), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('created_at', tk.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', tk.UTCDateTime(timezone=True), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waste_requests_booking')),
    sa.UniqueConstraint('reference', name=op.f('uq_waste_requests_booking_reference'))
    )
    with op.batch_alter_table('waste_requests_booking', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_waste_requests_booking_day'), ['day'], unique=False)
        batch_op.create_index(batch_op.f('ix_waste_requests_booking_status'), ['status'], unique=False)

    op.create_table('waste_requests_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('designation', sa.String(length=80), nullable=False),
    sa.Column('street_address', sa.String(length=200), nullable=False),
    sa.Column('postal_code', sa.String(length=6), nullable=False),
    sa.Column('container_id', sa.String(length=80), nullable=False),
    sa.Column('fraction', sa.String(length=40), nullable=False),
    sa.Column('collection_date', sa.Date(), nullable=False),
    sa.Column('route_code', sa.String(length=40), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('outcome_recorded_at', tk.UTCDateTime(timezone=True), nullable=True),
    sa.Column('description', sa.String(length=4000), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('source', sa.String(length=40), nullable=False),
    sa.Column('recollect_on', sa.Date(), nullable=True),
    sa.Column('status_note', sa.String(length=1000), nullable=False),
    sa.Column('created_at', tk.UTCDateTime(timezone=True), nullable=False),
    sa.Column('updated_at', tk.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waste_requests_report')),
    sa.UniqueConstraint('container_id', 'collection_date', name=op.f('uq_waste_requests_report_container_id')),
    sa.UniqueConstraint('reference', name=op.f('uq_waste_requests_report_reference'))
    )
    with op.batch_alter_table('waste_requests_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_waste_requests_report_status'), ['status'], unique=False)



def downgrade() -> None:
    with op.batch_alter_table('waste_requests_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_waste_requests_report_status'))

    op.drop_table('waste_requests_report')
    with op.batch_alter_table('waste_requests_booking', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_waste_requests_booking_status'))
        batch_op.drop_index(batch_op.f('ix_waste_requests_booking_day'))

    op.drop_table('waste_requests_booking')
