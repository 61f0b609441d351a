"""hand-over leases on messages; one inbound row per provider message id

``claimed_at`` and ``lease_until`` let a sweep tell a hand-over a live process is
still doing from one a crash interrupted, and ask the provider about the latter.
Inbound messages get a unique (provider, provider_id) so a replayed webhook is
stored once; duplicates already stored are removed first (the oldest row stays).

Revision ID: n0003_handover_lease
Revises: n0002_recipient_index
Create Date: 2026-12-01 10:00:00
"""

import sqlalchemy as sa
from alembic import op

import eservices.db

revision = 'n0003_handover_lease'
down_revision = 'n0002_recipient_index'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notification_message', schema=None) as batch_op:
        batch_op.add_column(sa.Column('claimed_at', eservices.db.UTCDateTime(timezone=True),
                                      nullable=True))
        batch_op.add_column(sa.Column('lease_until', eservices.db.UTCDateTime(timezone=True),
                                      nullable=True))
    op.execute("DELETE FROM notification_inbound WHERE provider_id != '' AND id NOT IN ("
               "SELECT MIN(id) FROM notification_inbound WHERE provider_id != '' "
               "GROUP BY provider, provider_id)")
    op.create_index('uq_notification_inbound_provider_id', 'notification_inbound',
                    ['provider', 'provider_id'], unique=True,
                    sqlite_where=sa.text("provider_id != ''"),
                    postgresql_where=sa.text("provider_id != ''"))


def downgrade() -> None:
    op.drop_index('uq_notification_inbound_provider_id', table_name='notification_inbound')
    with op.batch_alter_table('notification_message', schema=None) as batch_op:
        batch_op.drop_column('lease_until')
        batch_op.drop_column('claimed_at')
