"""Revoked identities: sign-ins issued before a logout or a disabling are refused.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03 07:45:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "identite_revoquee",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sujet", sa.String(length=255), nullable=True),
        sa.Column("email", sa.String(length=254), nullable=True),
        sa.Column("revoquee_le", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("identite_revoquee", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_identite_revoquee_email"), ["email"], unique=False)
        batch_op.create_index(batch_op.f("ix_identite_revoquee_sujet"), ["sujet"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("identite_revoquee", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_identite_revoquee_sujet"))
        batch_op.drop_index(batch_op.f("ix_identite_revoquee_email"))

    op.drop_table("identite_revoquee")
