"""The audit of imports: who imported, the file's size, the counts and the writer's territory.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03 08:00:00.000000
"""

from alembic import op
import sqlalchemy as sa


revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("import_log", schema=None) as batch_op:
        batch_op.add_column(sa.Column("email", sa.String(length=254), nullable=True))
        batch_op.add_column(sa.Column("size_bytes", sa.BigInteger(), nullable=True))
        batch_op.add_column(sa.Column("inserted", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("updated", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("skipped", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("territoire", sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f("ix_import_log_territoire"), ["territoire"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("import_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_import_log_territoire"))
        batch_op.drop_column("territoire")
        batch_op.drop_column("skipped")
        batch_op.drop_column("updated")
        batch_op.drop_column("inserted")
        batch_op.drop_column("size_bytes")
        batch_op.drop_column("email")
