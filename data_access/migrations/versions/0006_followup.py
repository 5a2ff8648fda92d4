"""follow-up from one COPIL to the next: local calendars, meeting records, decisions, money followed through

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

MONEY = sa.Numeric(14, 2, asdecimal=False)


def upgrade() -> None:
    op.create_table(
        "jalon_local",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code_departement", sa.String(length=3), nullable=False),
        sa.Column("jalon", sa.String(length=40), nullable=False),
        sa.Column("echeance", sa.Date(), nullable=False),
        sa.Column("motif", sa.Text(), nullable=False),
        sa.Column("source", sa.String(length=300), nullable=False),
        sa.ForeignKeyConstraint(["code_departement"], ["departement.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("code_departement", "jalon"),
    )
    with op.batch_alter_table("gouvernance", schema=None) as batch_op:
        batch_op.add_column(sa.Column("date_pre_feuille", sa.Date(), nullable=True))
    with op.batch_alter_table("comite", schema=None) as batch_op:
        batch_op.add_column(sa.Column("partenaire", sa.String(length=200), nullable=True))
    with op.batch_alter_table("comite_reunion", schema=None) as batch_op:
        batch_op.add_column(sa.Column("heure", sa.String(length=5), nullable=True))
        batch_op.add_column(sa.Column("lieu", sa.String(length=250), nullable=True))
        batch_op.add_column(sa.Column("president", sa.String(length=250), nullable=True))
    op.create_table(
        "reunion_participant",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reunion_id", sa.Integer(), nullable=False),
        sa.Column("organisation", sa.String(length=250), nullable=False),
        sa.Column("personnes", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["reunion_id"], ["comite_reunion.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_reunion_participant_reunion_id", "reunion_participant", ["reunion_id"])
    op.create_table(
        "decision",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reunion_id", sa.Integer(), nullable=False),
        sa.Column("code_departement", sa.String(length=3), nullable=False),
        sa.Column("libelle", sa.Text(), nullable=False),
        sa.Column("responsable", sa.String(length=250), nullable=True),
        sa.Column("echeance", sa.Date(), nullable=True),
        sa.Column("statut", sa.String(length=16), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["reunion_id"], ["comite_reunion.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["code_departement"], ["departement.code"]),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_decision_reunion_id", "decision", ["reunion_id"])
    op.create_index("ix_decision_code_departement", "decision", ["code_departement"])
    with op.batch_alter_table("enveloppe", schema=None) as batch_op:
        batch_op.add_column(sa.Column("taux_prise_en_charge", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("personnes_prevues", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("personnes_formees", sa.Integer(), nullable=True))
    op.create_table(
        "convention",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(length=64), nullable=False),
        sa.Column("enveloppe_id", sa.Integer(), nullable=False),
        sa.Column("code_departement", sa.String(length=3), nullable=False),
        sa.Column("structure", sa.String(length=250), nullable=False),
        sa.Column("montant", MONEY, nullable=False),
        sa.Column("date_signature", sa.Date(), nullable=True),
        sa.Column("statut", sa.String(length=16), nullable=False),
        sa.Column("montant_engage", MONEY, nullable=False),
        sa.Column("montant_verse", MONEY, nullable=False),
        sa.ForeignKeyConstraint(["enveloppe_id"], ["enveloppe.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["code_departement"], ["departement.code"]),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("reference"),
    )
    op.create_index("ix_convention_enveloppe_id", "convention", ["enveloppe_id"])
    op.create_index("ix_convention_code_departement", "convention", ["code_departement"])


def downgrade() -> None:
    op.drop_table("convention")
    with op.batch_alter_table("enveloppe", schema=None) as batch_op:
        batch_op.drop_column("personnes_formees")
        batch_op.drop_column("personnes_prevues")
        batch_op.drop_column("taux_prise_en_charge")
    op.drop_table("decision")
    op.drop_table("reunion_participant")
    with op.batch_alter_table("comite_reunion", schema=None) as batch_op:
        batch_op.drop_column("president")
        batch_op.drop_column("lieu")
        batch_op.drop_column("heure")
    with op.batch_alter_table("comite", schema=None) as batch_op:
        batch_op.drop_column("partenaire")
    with op.batch_alter_table("gouvernance", schema=None) as batch_op:
        batch_op.drop_column("date_pre_feuille")
    op.drop_table("jalon_local")
