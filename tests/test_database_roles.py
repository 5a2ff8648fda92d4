"""The README's PostgreSQL roles really work: the reader reads and cannot write, the writer writes."""

from __future__ import annotations

import os
import re
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ProgrammingError

from data_access.db import make_engine
from data_access.migrate import upgrade
from data_access.models import StoreMeta

README = Path(__file__).resolve().parents[1] / "README.md"


def readme_role_statements() -> list[str]:
    """The SQL of the README's « Database roles in production » section, statement by statement."""
    section = README.read_text(encoding="utf-8").split("### Database roles in production", 1)[1]
    block = re.search(r"```sql\n(.*?)```", section, re.S).group(1)
    lines = [line for line in block.splitlines() if not line.lstrip().startswith("--")]
    return [statement.strip() for statement in " ".join(lines).split(";") if statement.strip()]


@pytest.fixture
def roles_database() -> Iterator[tuple[str, str, str]]:
    """A fresh database owned by the test's user, with the README's reader and writer roles."""
    server_url = os.environ.get("TEST_DATABASE_URL")
    if not server_url:
        pytest.skip("TEST_DATABASE_URL n'est pas défini : tests PostgreSQL ignorés")
    suffix = uuid.uuid4().hex[:8]
    database, reader, writer = f"fne_roles_{suffix}", f"fne_reader_{suffix}", f"fne_writer_{suffix}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{database}"'))
    url = make_url(server_url).set(database=database)
    owner = make_engine(url.render_as_string(hide_password=False))
    upgrade(owner)
    owner_name = make_url(server_url).username
    with owner.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for statement in readme_role_statements():
            if statement.startswith(("CREATE ROLE fne_owner", "CREATE DATABASE")):
                continue
            sql = (
                statement.replace("fne_reader", reader)
                .replace("fne_writer", writer)
                .replace("fne_owner", owner_name)
                .replace("DATABASE fne ", f'DATABASE "{database}" ')
                .replace("'…'", "'secret'")
            )
            connection.execute(text(sql))
    owner.dispose()
    yield url.render_as_string(hide_password=False), reader, writer
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)'))
        connection.execute(text(f'DROP ROLE IF EXISTS "{reader}"'))
        connection.execute(text(f'DROP ROLE IF EXISTS "{writer}"'))
    admin.dispose()


def test_reader_reads_but_cannot_write_and_writer_writes(roles_database: tuple[str, str, str]) -> None:
    url, reader, writer = roles_database
    as_writer = create_engine(make_url(url).set(username=writer, password="secret"))
    with as_writer.begin() as connection:
        connection.execute(insert(StoreMeta).values(key="essai", value="écrit par le rôle d'écriture"))
    as_reader = create_engine(make_url(url).set(username=reader, password="secret"))
    with as_reader.connect() as connection:
        assert connection.scalar(select(StoreMeta.value).where(StoreMeta.key == "essai")) == (
            "écrit par le rôle d'écriture"
        )
    with pytest.raises(ProgrammingError, match="permission denied"), as_reader.begin() as connection:
        connection.execute(insert(StoreMeta).values(key="intrus", value="refusé"))
    as_reader.dispose()
    as_writer.dispose()
