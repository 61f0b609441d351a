"""cases keep customer numbers; customers, properties and bins move to the waste register

The register (module waste_register) is the one source of customers, properties and
containers. Rows already here are copied into it (their collection day is not known
here, so the register shows no dates for them until it is given one: route_code
''), the cases are re-keyed on customer numbers, and the four tables are dropped.

Revision ID: ws0003_on_the_register
Revises: ws0002_one_per_neighbour
Create Date: 2026-12-01 20:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = 'ws0003_on_the_register'
down_revision = 'ws0002_one_per_neighbour'
branch_labels = None
depends_on = 'wr0001_register'

PENDING = sa.text("neighbour_status = 'pending' AND status IN ('new', 'in_progress')")
COPY = (
    """INSERT INTO waste_register_property (designation, street_address, postal_code, city,
                                            holiday_home, external_id)
       SELECT p.designation, p.street_address, p.postal_code, p.city, p.holiday_home, ''
       FROM waste_subscription_property p
       WHERE NOT EXISTS (SELECT 1 FROM waste_register_property r
                         WHERE r.designation = p.designation)""",
    """INSERT INTO waste_register_customer (customer_number, name, identity_number, phone,
                                            email, language)
       SELECT c.customer_number, c.name, '', c.phone, c.email, c.language
       FROM waste_subscription_customer c
       WHERE NOT EXISTS (SELECT 1 FROM waste_register_customer r
                         WHERE r.customer_number = c.customer_number)""",
    """INSERT INTO waste_register_subscription (customer_id, property_id, frequency,
                                                home_composting, shared_with, pause_start,
                                                pause_end, route_code, weekday, week_offset)
       SELECT rc.id, rp.id, s.frequency, s.home_composting, oc.customer_number,
              s.pause_start, s.pause_end, '', 0, 0
       FROM waste_subscription_subscription s
       JOIN waste_subscription_customer c ON c.id = s.customer_id
       JOIN waste_subscription_property p ON p.id = s.property_id
       JOIN waste_register_customer rc ON rc.customer_number = c.customer_number
       JOIN waste_register_property rp ON rp.designation = p.designation
       LEFT JOIN waste_subscription_subscription o ON o.id = s.shared_with_id
       LEFT JOIN waste_subscription_customer oc ON oc.id = o.customer_id
       WHERE NOT EXISTS (SELECT 1 FROM waste_register_subscription r
                         WHERE r.customer_id = rc.id)""",
    """INSERT INTO waste_register_container (container_id, subscription_id, fraction, litres,
                                             frequency, compartments)
       SELECT c.customer_number || '-' || b.container, rs.id, b.container, b.litres,
              s.frequency, '[]'
       FROM waste_subscription_bin b
       JOIN waste_subscription_subscription s ON s.id = b.subscription_id
       JOIN waste_subscription_customer c ON c.id = s.customer_id
       JOIN waste_register_customer rc ON rc.customer_number = c.customer_number
       JOIN waste_register_subscription rs ON rs.customer_id = rc.id
       WHERE NOT EXISTS (SELECT 1 FROM waste_register_container r
                         WHERE r.container_id = c.customer_number || '-' || b.container)""",
)
REKEY = """
    UPDATE waste_subscription_request SET
      customer_number = (SELECT c.customer_number FROM waste_subscription_subscription s
                         JOIN waste_subscription_customer c ON c.id = s.customer_id
                         WHERE s.id = waste_subscription_request.subscription_id),
      neighbour_customer_number = (
          SELECT c.customer_number FROM waste_subscription_subscription s
          JOIN waste_subscription_customer c ON c.id = s.customer_id
          WHERE s.id = waste_subscription_request.neighbour_subscription_id),
      property_designation = COALESCE((
          SELECT p.designation FROM waste_subscription_subscription s
          JOIN waste_subscription_property p ON p.id = s.property_id
          WHERE s.id = waste_subscription_request.subscription_id), '')"""


def upgrade() -> None:
    for statement in COPY:
        op.execute(statement)
    with op.batch_alter_table('waste_subscription_request', schema=None) as batch_op:
        batch_op.add_column(sa.Column('customer_number', sa.String(length=12), nullable=True))
        batch_op.add_column(sa.Column('property_designation', sa.String(length=80),
                                      nullable=False, server_default=''))
        batch_op.add_column(sa.Column('neighbour_customer_number', sa.String(length=12),
                                      nullable=True))
    op.execute(REKEY)
    op.drop_index('uq_waste_subscription_request_awaiting_neighbour',
                  table_name='waste_subscription_request')
    # The foreign keys' names as the database has them: PostgreSQL's were shortened to
    # 63 characters with a hash when they were made, SQLite's are whole.
    foreign_keys = [fk["name"] for fk in sa.inspect(op.get_bind()).get_foreign_keys(
        'waste_subscription_request') if fk["referred_table"] == 'waste_subscription_subscription']
    with op.batch_alter_table('waste_subscription_request', schema=None) as batch_op:
        batch_op.drop_index('ix_waste_subscription_request_subscription_id')
        for name in foreign_keys:
            batch_op.drop_constraint(name, type_='foreignkey')
        batch_op.drop_column('subscription_id')
        batch_op.drop_column('neighbour_subscription_id')
        batch_op.alter_column('customer_number', existing_type=sa.String(length=12),
                              nullable=False)
        batch_op.alter_column('property_designation', existing_type=sa.String(length=80),
                              server_default=None)
        batch_op.create_index('ix_waste_subscription_request_customer_number',
                              ['customer_number'], unique=False)
    op.create_index('uq_waste_subscription_request_awaiting_neighbour',
                    'waste_subscription_request', ['neighbour_customer_number'], unique=True,
                    sqlite_where=PENDING, postgresql_where=PENDING)
    op.drop_table('waste_subscription_bin')
    op.drop_table('waste_subscription_subscription')
    op.drop_table('waste_subscription_customer')
    op.drop_table('waste_subscription_property')


def downgrade() -> None:
    raise NotImplementedError(
        "The customers now live in the waste register; going back would need them copied "
        "out of it again. Restore the database from a backup taken before this upgrade.")
