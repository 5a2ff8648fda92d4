"""Migrations build the whole schema from an empty database, on both backends."""

from sqlalchemy import Engine, func, inspect, select

from data_access.migrate import upgrade
from data_access.models import Base, Departement, LieuxObjectif


def test_upgrade_from_empty_creates_every_table(engine: Engine) -> None:
    tables = set(inspect(engine).get_table_names())
    assert set(Base.metadata.tables) <= tables
    assert "alembic_version" in tables


def test_upgrade_is_idempotent(engine: Engine) -> None:
    upgrade(engine)
    assert set(Base.metadata.tables) <= set(inspect(engine).get_table_names())


def test_geography_load_splits_national_target_by_population(geo_engine: Engine) -> None:
    with geo_engine.connect() as connection:
        assert connection.scalar(select(func.count()).select_from(Departement)) == 3
        targets = dict(
            connection.execute(select(LieuxObjectif.code_departement, LieuxObjectif.objectif_national)).all()
        )
    assert targets == {"28": 5000, "35": 15000, "45": 5000}
