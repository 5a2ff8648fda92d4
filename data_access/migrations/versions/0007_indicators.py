"""The national FNE indicators: dated snapshots per département, their breakdowns, local targets;
and the national engagement an editor links to a local roadmap axis.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 07:50:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "indicateur_releve",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicateur", sa.String(length=32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("code_departement", sa.String(length=3), nullable=False),
        sa.Column("valeur", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["code_departement"], ["departement.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("indicateur", "date", "code_departement"),
    )
    with op.batch_alter_table("indicateur_releve", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_indicateur_releve_indicateur"), ["indicateur"], unique=False)
        batch_op.create_index(
            batch_op.f("ix_indicateur_releve_code_departement"), ["code_departement"], unique=False
        )

    op.create_table(
        "indicateur_detail",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("indicateur", sa.String(length=32), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("code_departement", sa.String(length=3), nullable=False),
        sa.Column("dimension", sa.String(length=32), nullable=False),
        sa.Column("categorie", sa.String(length=64), nullable=False),
        sa.Column("valeur", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["code_departement"], ["departement.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("indicateur", "date", "code_departement", "dimension", "categorie"),
    )
    with op.batch_alter_table("indicateur_detail", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_indicateur_detail_code_departement"), ["code_departement"], unique=False
        )
        batch_op.create_index("ix_indicateur_detail_indicateur_date", ["indicateur", "date"], unique=False)

    op.create_table(
        "indicateur_objectif",
        sa.Column("indicateur", sa.String(length=32), nullable=False),
        sa.Column("code_departement", sa.String(length=3), nullable=False),
        sa.Column("objectif_local", sa.Integer(), nullable=False),
        sa.Column("source_local", sa.String(length=250), nullable=True),
        sa.ForeignKeyConstraint(["code_departement"], ["departement.code"]),
        sa.PrimaryKeyConstraint("indicateur", "code_departement"),
    )

    with op.batch_alter_table("axe", schema=None) as batch_op:
        batch_op.add_column(sa.Column("engagement_national", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("axe", schema=None) as batch_op:
        batch_op.drop_column("engagement_national")
    op.drop_table("indicateur_objectif")
    with op.batch_alter_table("indicateur_detail", schema=None) as batch_op:
        batch_op.drop_index("ix_indicateur_detail_indicateur_date")
        batch_op.drop_index(batch_op.f("ix_indicateur_detail_code_departement"))
    op.drop_table("indicateur_detail")
    with op.batch_alter_table("indicateur_releve", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_indicateur_releve_code_departement"))
        batch_op.drop_index(batch_op.f("ix_indicateur_releve_indicateur"))
    op.drop_table("indicateur_releve")
