"""the waste register: properties, customers, subscriptions, containers, changes, shifts, outcomes

Revision ID: wr0001_register
Revises:
Create Date: 2026-12-01 20:00:00
"""

import sqlalchemy as sa
from alembic import op

from eservices import toolkit as tk

revision = 'wr0001_register'
down_revision = None
branch_labels = ('waste_register',)
depends_on = '0003_test_rounds'


def upgrade() -> None:
    op.create_table('waste_register_property',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('designation', sa.String(length=80), nullable=False),
    sa.Column('street_address', sa.String(length=200), nullable=False),
    sa.Column('postal_code', sa.String(length=6), nullable=False),
    sa.Column('city', sa.String(length=80), nullable=False),
    sa.Column('latitude', sa.Float(), nullable=True),
    sa.Column('longitude', sa.Float(), nullable=True),
    sa.Column('holiday_home', sa.Boolean(), nullable=False),
    sa.Column('external_id', sa.String(length=40), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waste_register_property')),
    sa.UniqueConstraint('designation', name=op.f('uq_waste_register_property_designation'))
    )
    op.create_index(op.f('ix_waste_register_property_street_address'),
                    'waste_register_property', ['street_address'], unique=False)
    op.create_table('waste_register_customer',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_number', sa.String(length=12), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('identity_number', sa.String(length=12), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waste_register_customer')),
    sa.UniqueConstraint('customer_number',
                        name=op.f('uq_waste_register_customer_customer_number'))
    )
    op.create_index(op.f('ix_waste_register_customer_identity_number'),
                    'waste_register_customer', ['identity_number'], unique=False)
    op.create_table('waste_register_subscription',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('customer_id', sa.Integer(), nullable=False),
    sa.Column('property_id', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.String(length=20), nullable=False),
    sa.Column('home_composting', sa.Boolean(), nullable=False),
    sa.Column('shared_with', sa.String(length=12), nullable=True),
    sa.Column('pause_start', sa.Date(), nullable=True),
    sa.Column('pause_end', sa.Date(), nullable=True),
    sa.Column('route_code', sa.String(length=20), nullable=False),
    sa.Column('weekday', sa.Integer(), nullable=False),
    sa.Column('week_offset', sa.Integer(), nullable=False),
    sa.Column('season_start', sa.String(length=5), nullable=True),
    sa.Column('season_end', sa.String(length=5), nullable=True),
    sa.ForeignKeyConstraint(['customer_id'], ['waste_register_customer.id'],
                            name=op.f('fk_waste_register_subscription_customer_id_waste_register_customer')),
    sa.ForeignKeyConstraint(['property_id'], ['waste_register_property.id'],
                            name=op.f('fk_waste_register_subscription_property_id_waste_register_property')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waste_register_subscription')),
    sa.UniqueConstraint('customer_id', name=op.f('uq_waste_register_subscription_customer_id'))
    )
    op.create_index(op.f('ix_waste_register_subscription_property_id'),
                    'waste_register_subscription', ['property_id'], unique=False)
    op.create_table('waste_register_container',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('container_id', sa.String(length=40), nullable=False),
    sa.Column('subscription_id', sa.Integer(), nullable=False),
    sa.Column('fraction', sa.String(length=40), nullable=False),
    sa.Column('litres', sa.Integer(), nullable=False),
    sa.Column('frequency', sa.String(length=20), nullable=False),
    sa.Column('compartments', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['subscription_id'], ['waste_register_subscription.id'],
                            name=op.f('fk_waste_register_container_subscription_id_waste_register_subscription'),
                            ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waste_register_container')),
    sa.UniqueConstraint('container_id', name=op.f('uq_waste_register_container_container_id'))
    )
    op.create_index(op.f('ix_waste_register_container_subscription_id'),
                    'waste_register_container', ['subscription_id'], unique=False)
    op.create_table('waste_register_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('change_id', sa.String(length=36), nullable=False),
    sa.Column('customer_number', sa.String(length=12), nullable=False),
    sa.Column('effective_date', sa.Date(), nullable=False),
    sa.Column('kind', sa.String(length=20), nullable=False),
    sa.Column('payload', sa.JSON(), nullable=False),
    sa.Column('reference', sa.String(length=40), nullable=True),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('created_at', tk.UTCDateTime(), nullable=False),
    sa.Column('cancelled_at', tk.UTCDateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waste_register_change')),
    sa.UniqueConstraint('change_id', name=op.f('uq_waste_register_change_change_id')),
    sa.UniqueConstraint('reference', name=op.f('uq_waste_register_change_reference'))
    )
    op.create_index(op.f('ix_waste_register_change_customer_number'), 'waste_register_change',
                    ['customer_number'], unique=False)
    op.create_index(op.f('ix_waste_register_change_effective_date'), 'waste_register_change',
                    ['effective_date'], unique=False)
    op.create_table('waste_register_holiday_shift',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('original_date', sa.Date(), nullable=False),
    sa.Column('new_date', sa.Date(), nullable=False),
    sa.Column('note', sa.String(length=200), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('updated_at', tk.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waste_register_holiday_shift')),
    sa.UniqueConstraint('original_date',
                        name=op.f('uq_waste_register_holiday_shift_original_date'))
    )
    op.create_table('waste_register_outcome',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('container_id', sa.String(length=40), nullable=False),
    sa.Column('service_date', sa.Date(), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('reason', sa.String(length=30), nullable=False),
    sa.Column('route_code', sa.String(length=20), nullable=False),
    sa.Column('recorded_at', tk.UTCDateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_waste_register_outcome')),
    sa.UniqueConstraint('container_id', 'service_date',
                        name=op.f('uq_waste_register_outcome_container_id'))
    )
    op.create_index(op.f('ix_waste_register_outcome_container_id'), 'waste_register_outcome',
                    ['container_id'], unique=False)
    op.create_index(op.f('ix_waste_register_outcome_service_date'), 'waste_register_outcome',
                    ['service_date'], unique=False)


def downgrade() -> None:
    for table in ('waste_register_outcome', 'waste_register_holiday_shift',
                  'waste_register_change', 'waste_register_container',
                  'waste_register_subscription', 'waste_register_customer',
                  'waste_register_property'):
        op.drop_table(table)
