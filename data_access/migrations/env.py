"""Alembic environment: runs migrations on the engine handed over by ``migrate.py``."""

from alembic import context
from sqlalchemy import create_engine

from data_access.models import Base

config = context.config
engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url"))

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()
