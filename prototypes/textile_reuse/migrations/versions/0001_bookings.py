"""textile pick-up bookings

Revision ID: tx0001_bookings
Revises:
Create Date: 2026-12-01 19:40:00
"""

import sqlalchemy as sa
from alembic import op

from eservices import toolkit as tk

revision = 'tx0001_bookings'
down_revision = None
branch_labels = ('textile_reuse',)
depends_on = '0001_platform'


def upgrade() -> None:
    op.create_table('textile_reuse_booking',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('journey_id', sa.String(length=36), nullable=False),
    sa.Column('street', sa.String(length=200), nullable=False),
    sa.Column('postal_code', sa.String(length=6), nullable=False),
    sa.Column('kinds', sa.JSON(), nullable=False),
    sa.Column('amount', sa.String(length=10), nullable=False),
    sa.Column('pickup_day', sa.Date(), nullable=False),
    sa.Column('pickup_time', sa.String(length=10), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('booked_at', tk.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_textile_reuse_booking')),
    sa.UniqueConstraint('journey_id', name=op.f('uq_textile_reuse_booking_journey_id')),
    sa.UniqueConstraint('reference', name=op.f('uq_textile_reuse_booking_reference'))
    )
    with op.batch_alter_table('textile_reuse_booking', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_textile_reuse_booking_phone'), ['phone'],
                              unique=False)
        batch_op.create_index(batch_op.f('ix_textile_reuse_booking_pickup_day'),
                              ['pickup_day'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('textile_reuse_booking', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_textile_reuse_booking_pickup_day'))
        batch_op.drop_index(batch_op.f('ix_textile_reuse_booking_phone'))
    op.drop_table('textile_reuse_booking')
