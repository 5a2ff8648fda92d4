"""Indexes for the EPCI coverage of candidatures (correlated EXISTS on code_epci and on territoires).

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 05:45:36.514002
"""

from alembic import op


revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("candidature", schema=None) as batch_op:
        batch_op.create_index("ix_candidature_epci_statut", ["code_epci", "statut"], unique=False)

    with op.batch_alter_table("candidature_territoire", schema=None) as batch_op:
        batch_op.create_index("ix_candidature_territoire_type_code", ["type", "code"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("candidature_territoire", schema=None) as batch_op:
        batch_op.drop_index("ix_candidature_territoire_type_code")

    with op.batch_alter_table("candidature", schema=None) as batch_op:
        batch_op.drop_index("ix_candidature_epci_statut")
