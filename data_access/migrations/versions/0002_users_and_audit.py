"""Users with role and territory, and the audit of every edit.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25 05:07:20.654514
"""

from alembic import op
import sqlalchemy as sa


revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "audit",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("modifie_le", sa.DateTime(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("code_departement", sa.String(length=3), nullable=False),
        sa.Column("objet", sa.String(length=32), nullable=False),
        sa.Column("reference", sa.String(length=120), nullable=False),
        sa.Column("champ", sa.String(length=64), nullable=False),
        sa.Column("avant", sa.Text(), nullable=True),
        sa.Column("apres", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_code_departement"), ["code_departement"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_modifie_le"), ["modifie_le"], unique=False)

    op.create_table(
        "utilisateur",
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("nom", sa.String(length=200), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("code_territoire", sa.String(length=9), nullable=True),
        sa.Column("actif", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("email"),
    )


def downgrade() -> None:
    op.drop_table("utilisateur")
    with op.batch_alter_table("audit", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_modifie_le"))
        batch_op.drop_index(batch_op.f("ix_audit_code_departement"))

    op.drop_table("audit")
