"""The layering of docs/architecture.md, checked on the imports of every module.

The data layer runs without Streamlit (CLI, importers, benchmarks); pages compose and
never query; presenters and charts are pure, so they are tested without an app or a store.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def imported_modules(path: Path) -> set[str]:
    """Every module a file imports, by its full dotted name (``from a import b`` gives ``a``)."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
    return modules


def files(folder: str) -> list[Path]:
    return sorted((ROOT / folder).rglob("*.py"))


def offending(folder: str, forbidden: tuple[str, ...]) -> dict[str, list[str]]:
    """File → the forbidden modules (or their sub-modules) it imports."""
    found = {}
    for path in files(folder):
        bad = sorted(
            module
            for module in imported_modules(path)
            if any(module == name or module.startswith(f"{name}.") for name in forbidden)
        )
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    return found


@pytest.mark.parametrize(
    ("folder", "forbidden"),
    [
        ("data_access", ("streamlit", "dashboard", "pages", "plotly", "pydeck")),
        ("pages", ("sqlalchemy", "psycopg", "sqlite3", "data_access.sql", "data_access.models")),
        ("dashboard/presenters", ("streamlit", "sqlalchemy", "dashboard.resources", "dashboard.layout")),
        ("dashboard/charts", ("streamlit", "sqlalchemy", "dashboard.resources", "dashboard.layout")),
    ],
)
def test_layers_import_only_downwards(folder: str, forbidden: tuple[str, ...]) -> None:
    assert files(folder), f"{folder} is empty"
    assert offending(folder, forbidden) == {}


def test_pages_read_only_through_the_shared_cache() -> None:
    """A page that called a read function with an engine of its own would bypass the cache and the scope."""
    for path in files("pages"):
        source = path.read_text(encoding="utf-8")
        assert "engine()" not in source or path.name in ("admin.py", "meetings.py"), path.name
        assert "st.cache_data" not in source and "st.cache_resource" not in source, path.name


def test_pages_carry_no_label_table_nor_formatting_helper() -> None:
    """Labels and formatting live in the presenters: a page defines no ``*_LABELS`` nor ``numbers()``."""
    for path in files("pages"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            target.id
            for node in tree.body
            if isinstance(node, ast.Assign)
            for target in node.targets
            if isinstance(target, ast.Name)
        }
        functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
        assert not {name for name in names if name.endswith("_LABELS")}, path.name
        assert not functions & {"numbers", "percents", "euros", "dates", "with_fr_dates"}, path.name


def test_the_epci_departement_lookup_is_written_once() -> None:
    """Only ``scope.attached_departement`` selects an EPCI's département; only the territory
    resolution (``territories.covered_departements``) runs it outside a read predicate."""
    selecting = [
        str(path.relative_to(ROOT))
        for folder in ("data_access", "dashboard", "pages")
        for path in files(folder)
        if "select(Epci.code_departement)" in path.read_text(encoding="utf-8")
    ]
    calling = [
        str(path.relative_to(ROOT))
        for folder in ("data_access", "dashboard", "pages")
        for path in files(folder)
        if "attached_departement(" in path.read_text(encoding="utf-8")
    ]
    assert selecting == ["data_access/scope.py"]
    assert calling == ["data_access/scope.py", "data_access/territories.py"]
