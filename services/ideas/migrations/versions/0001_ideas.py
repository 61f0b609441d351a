"""ideas, their history, challenges, supports, comments and reports

Revision ID: ideas0001
Revises:
Create Date: 2026-12-01 15:38:53.115560
"""

import sqlalchemy as sa
from alembic import op

from eservices import toolkit as tk

revision = 'ideas0001'
down_revision = None
branch_labels = ('ideas',)
depends_on = '0006_built_journeys'


def upgrade() -> None:

    op.create_table('ideas_challenge',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slug', sa.String(length=80), nullable=False),
    sa.Column('question', sa.String(length=300), nullable=False),
    sa.Column('description', sa.Text(), nullable=False),
    sa.Column('department', sa.String(length=40), nullable=False),
    sa.Column('opens_on', sa.Date(), nullable=False),
    sa.Column('closes_on', sa.Date(), nullable=False),
    sa.Column('phase', sa.String(length=20), nullable=False),
    sa.Column('submissions_in', sa.String(length=100), nullable=False),
    sa.Column('comments_in', sa.String(length=100), nullable=False),
    sa.Column('supports_in', sa.String(length=100), nullable=False),
    sa.Column('support_threshold', sa.Integer(), nullable=True),
    sa.Column('published', sa.Boolean(), nullable=False),
    sa.Column('created_by', sa.String(length=80), nullable=False),
    sa.Column('created_at', tk.UTCDateTime(timezone=True), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ideas_challenge')),
    sa.UniqueConstraint('slug', name=op.f('uq_ideas_challenge_slug'))
    )
    op.create_table('ideas_content_report',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('target_kind', sa.String(length=10), nullable=False),
    sa.Column('target_id', sa.Integer(), nullable=False),
    sa.Column('reason', sa.String(length=20), nullable=False),
    sa.Column('reporter_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', tk.UTCDateTime(timezone=True), nullable=False),
    sa.Column('outcome', sa.String(length=20), nullable=False),
    sa.Column('reviewed_by', sa.String(length=80), nullable=False),
    sa.Column('reviewed_at', tk.UTCDateTime(timezone=True), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ideas_content_report')),
    sa.UniqueConstraint('target_kind', 'target_id', 'reporter_key', name=op.f('uq_ideas_content_report_target_kind'))
    )
    with op.batch_alter_table('ideas_content_report', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ideas_content_report_target_id'), ['target_id'], unique=False)

    op.create_table('ideas_idea',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('reference', sa.String(length=20), nullable=False),
    sa.Column('journey_id', sa.String(length=36), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('problem', sa.Text(), nullable=False),
    sa.Column('proposal', sa.Text(), nullable=False),
    sa.Column('beneficiaries', sa.Text(), nullable=False),
    sa.Column('department', sa.String(length=40), nullable=False),
    sa.Column('challenge_id', sa.Integer(), nullable=True),
    sa.Column('wants_to_take_part', sa.Boolean(), nullable=False),
    sa.Column('submitter_kind', sa.String(length=20), nullable=False),
    sa.Column('submitter_name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=320), nullable=False),
    sa.Column('phone', sa.String(length=20), nullable=False),
    sa.Column('email_verified', sa.Boolean(), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('submitted_at', tk.UTCDateTime(timezone=True), nullable=False),
    sa.Column('status', sa.String(length=20), nullable=False),
    sa.Column('closed_reason', sa.String(length=40), nullable=False),
    sa.Column('duplicate_of_id', sa.Integer(), nullable=True),
    sa.Column('coach', sa.String(length=80), nullable=False),
    sa.Column('first_answered_at', tk.UTCDateTime(timezone=True), nullable=True),
    sa.Column('implemented_at', tk.UTCDateTime(timezone=True), nullable=True),
    sa.Column('status_changed_at', tk.UTCDateTime(timezone=True), nullable=False),
    sa.Column('prototype_module_id', sa.String(length=40), nullable=False),
    sa.Column('showcase_story', sa.Text(), nullable=False),
    sa.Column('showcase_credits', sa.String(length=500), nullable=False),
    sa.Column('showcase_published', sa.Boolean(), nullable=False),
    sa.Column('hidden_at', tk.UTCDateTime(timezone=True), nullable=True),
    sa.Column('hidden_reason', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['challenge_id'], ['ideas_challenge.id'], name=op.f('fk_ideas_idea_challenge_id_ideas_challenge')),
    sa.ForeignKeyConstraint(['duplicate_of_id'], ['ideas_idea.id'], name=op.f('fk_ideas_idea_duplicate_of_id_ideas_idea')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ideas_idea')),
    sa.UniqueConstraint('journey_id', name=op.f('uq_ideas_idea_journey_id')),
    sa.UniqueConstraint('reference', name=op.f('uq_ideas_idea_reference'))
    )
    with op.batch_alter_table('ideas_idea', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ideas_idea_challenge_id'), ['challenge_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_idea_coach'), ['coach'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_idea_department'), ['department'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_idea_prototype_module_id'), ['prototype_module_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_idea_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_idea_submitted_at'), ['submitted_at'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        # Similar ideas (similar.py) search this very expression with the Swedish
        # configuration; SQLite has no full-text index and uses the portable fallback.
        op.execute("CREATE INDEX ix_ideas_idea_fts ON ideas_idea USING gin "
                   "(to_tsvector('swedish', title || ' ' || problem || ' ' || proposal))")

    op.create_table('ideas_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('journey_id', sa.String(length=36), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=True),
    sa.Column('stored_name', sa.String(length=64), nullable=False),
    sa.Column('original_name', sa.String(length=200), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('uploaded_at', tk.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas_idea.id'], name=op.f('fk_ideas_attachment_idea_id_ideas_idea')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ideas_attachment')),
    sa.UniqueConstraint('stored_name', name=op.f('uq_ideas_attachment_stored_name'))
    )
    with op.batch_alter_table('ideas_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ideas_attachment_idea_id'), ['idea_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_attachment_journey_id'), ['journey_id'], unique=False)

    op.create_table('ideas_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('author_name', sa.String(length=200), nullable=False),
    sa.Column('author_key', sa.String(length=64), nullable=False),
    sa.Column('created_at', tk.UTCDateTime(timezone=True), nullable=False),
    sa.Column('hidden_at', tk.UTCDateTime(timezone=True), nullable=True),
    sa.Column('hidden_reason', sa.String(length=40), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas_idea.id'], name=op.f('fk_ideas_comment_idea_id_ideas_idea')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ideas_comment'))
    )
    with op.batch_alter_table('ideas_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ideas_comment_idea_id'), ['idea_id'], unique=False)

    op.create_table('ideas_note',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.Column('written_by', sa.String(length=80), nullable=False),
    sa.Column('written_at', tk.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas_idea.id'], name=op.f('fk_ideas_note_idea_id_ideas_idea')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ideas_note'))
    )
    with op.batch_alter_table('ideas_note', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ideas_note_idea_id'), ['idea_id'], unique=False)

    op.create_table('ideas_status_change',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(length=20), nullable=False),
    sa.Column('to_status', sa.String(length=20), nullable=False),
    sa.Column('closed_reason', sa.String(length=40), nullable=False),
    sa.Column('public_answer', sa.Text(), nullable=False),
    sa.Column('notified', sa.Boolean(), nullable=False),
    sa.Column('changed_by', sa.String(length=80), nullable=False),
    sa.Column('changed_at', tk.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas_idea.id'], name=op.f('fk_ideas_status_change_idea_id_ideas_idea')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ideas_status_change'))
    )
    with op.batch_alter_table('ideas_status_change', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ideas_status_change_changed_at'), ['changed_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_ideas_status_change_idea_id'), ['idea_id'], unique=False)

    op.create_table('ideas_support',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('idea_id', sa.Integer(), nullable=False),
    sa.Column('supporter_key', sa.String(length=64), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('created_at', tk.UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['idea_id'], ['ideas_idea.id'], name=op.f('fk_ideas_support_idea_id_ideas_idea')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_ideas_support')),
    sa.UniqueConstraint('idea_id', 'supporter_key', name=op.f('uq_ideas_support_idea_id'))
    )
    with op.batch_alter_table('ideas_support', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_ideas_support_idea_id'), ['idea_id'], unique=False)




def downgrade() -> None:

    with op.batch_alter_table('ideas_support', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ideas_support_idea_id'))

    op.drop_table('ideas_support')
    with op.batch_alter_table('ideas_status_change', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ideas_status_change_idea_id'))
        batch_op.drop_index(batch_op.f('ix_ideas_status_change_changed_at'))

    op.drop_table('ideas_status_change')
    with op.batch_alter_table('ideas_note', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ideas_note_idea_id'))

    op.drop_table('ideas_note')
    with op.batch_alter_table('ideas_comment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ideas_comment_idea_id'))

    op.drop_table('ideas_comment')
    with op.batch_alter_table('ideas_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ideas_attachment_journey_id'))
        batch_op.drop_index(batch_op.f('ix_ideas_attachment_idea_id'))

    op.drop_table('ideas_attachment')
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("DROP INDEX ix_ideas_idea_fts")
    with op.batch_alter_table('ideas_idea', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ideas_idea_submitted_at'))
        batch_op.drop_index(batch_op.f('ix_ideas_idea_status'))
        batch_op.drop_index(batch_op.f('ix_ideas_idea_prototype_module_id'))
        batch_op.drop_index(batch_op.f('ix_ideas_idea_department'))
        batch_op.drop_index(batch_op.f('ix_ideas_idea_coach'))
        batch_op.drop_index(batch_op.f('ix_ideas_idea_challenge_id'))

    op.drop_table('ideas_idea')
    with op.batch_alter_table('ideas_content_report', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_ideas_content_report_target_id'))

    op.drop_table('ideas_content_report')
    op.drop_table('ideas_challenge')

