"""drop the recipient index that the recipient-and-hand-over index covers

Every lookup by recipient (the staff log, the per-recipient hourly count) can use
ix_notification_message_recipient_sent, whose first column is the recipient; the
single-column index only cost each insert and hand-over another index entry.

Revision ID: n0002_recipient_index
Revises: n0001_notifications
Create Date: 2026-11-27 14:55:00
"""

from alembic import op

revision = 'n0002_recipient_index'
down_revision = 'n0001_notifications'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('notification_message', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notification_message_recipient'))


def downgrade() -> None:
    with op.batch_alter_table('notification_message', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_notification_message_recipient'), ['recipient'],
                              unique=False)
