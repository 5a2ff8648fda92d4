"""What every section shares: the pages of the app, the territory levels, the targets, timing helpers."""

from __future__ import annotations

import ast
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from data_access.scope import Territory

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO_ROOT / "benchmarks"
STORES_DIR = BENCH_DIR / ".stores"
RESULTS_DIR = BENCH_DIR / "results"
APP_PATH = REPO_ROOT / "app.py"


@dataclass(frozen=True)
class Page:
    """A page of the navigation, as declared in ``app.py``."""

    path: str
    """Script path relative to the repository, e.g. ``pages/lieux.py`` (what ``switch_page`` takes)."""
    url_path: str
    """URL path in the browser, e.g. ``lieux``; empty for the default page (served at ``/``)."""
    title: str

    @property
    def name(self) -> str:
        """Short name used in tables and JSON: the script's stem (``roadmaps``)."""
        return Path(self.path).stem


def app_pages(app_path: Path = APP_PATH) -> list[Page]:
    """The pages of ``st.navigation`` read from ``app.py`` without running it.

    Reading the source rather than a copied list keeps the benchmark on the
    pages the app really has.
    """
    tree = ast.parse(app_path.read_text(encoding="utf-8"))
    pages: list[Page] = []
    for node in ast.walk(tree):
        if not (isinstance(node, ast.Call) and _call_name(node.func) == "Page" and node.args):
            continue
        first = node.args[0]
        if not (isinstance(first, ast.Constant) and isinstance(first.value, str)):
            continue
        keywords = {
            keyword.arg: keyword.value.value
            for keyword in node.keywords
            if keyword.arg and isinstance(keyword.value, ast.Constant)
        }
        path = first.value
        url_path = "" if keywords.get("default") is True else str(keywords.get("url_path", Path(path).stem))
        pages.append(Page(path, url_path, str(keywords.get("title", ""))))
    return pages


def _call_name(func: ast.expr) -> str:
    if isinstance(func, ast.Attribute):
        return func.attr
    if isinstance(func, ast.Name):
        return func.id
    return ""


@dataclass(frozen=True)
class Level:
    """A territory level measured on every page."""

    name: str
    territory: Territory
    query_params: dict[str, str]
    label: str

    @property
    def query_string(self) -> str:
        return "&".join(f"{key}={value}" for key, value in self.query_params.items())


LEVELS: list[Level] = [
    Level("national", Territory.national(), {}, "France entière"),
    Level("region", Territory.region("24"), {"region": "24"}, "Région 24"),
    Level("departement", Territory.departement("28"), {"departement": "28"}, "Département 28"),
]
"""The same three levels as the page tests: France, Centre-Val de Loire, Eure-et-Loir."""


@dataclass(frozen=True)
class Target:
    """A performance target: a figure passes when it is on the right side of ``limit``."""

    key: str
    label: str
    limit: float
    unit: str
    higher_is_better: bool = False

    def met(self, value: float | None) -> bool | None:
        if value is None:
            return None
        return value >= self.limit if self.higher_is_better else value <= self.limit

    def describe(self) -> str:
        sign = "≥" if self.higher_is_better else "≤"
        return f"{self.label} {sign} {format_number(self.limit)} {self.unit}".strip()


TARGETS: dict[str, Target] = {
    target.key: target
    for target in (
        Target("warm_page", "page chaude (cache rempli)", 150, "ms"),
        Target("cold_page", "page froide (cache vidé)", 1500, "ms"),
        Target("browser_ready", "page prête dans Chromium", 2500, "ms"),
        Target("map_payload", "charge d'une carte", 2.0, "Mo"),
        Target("memory", "mémoire résidente du serveur", 600, "Mo"),
        Target("import", "durée d'un import", 10, "s"),
        Target("naive_ratio", "données de la page chaude vs lecture naïve", 10, "×", higher_is_better=True),
    )
}


def check(target_key: str, value: float | None) -> str:
    """✅ / ❌ beside a figure (— when the figure is missing)."""
    met = TARGETS[target_key].met(value)
    return "—" if met is None else ("✅" if met else "❌")


def format_number(value: float | None, decimals: int = 0) -> str:
    """A figure for the table: thin grouping, point decimals (the table is read by developers)."""
    if value is None:
        return "—"
    text = f"{value:,.{decimals}f}".replace(",", " ")
    return text


def median(values: list[float]) -> float | None:
    return statistics.median(values) if values else None


@dataclass
class PageTiming:
    """Repeated timings of one page at one level (browser-ready or naive baseline), in ms."""

    backend: str
    page: str
    level: str
    ms: list[float] = field(default_factory=list)
    error: str | None = None

    @property
    def median_ms(self) -> float | None:
        return median(self.ms)


def time_call(function: Callable[[], object]) -> tuple[float, object]:
    """Seconds taken by ``function()`` and what it returned."""
    started = time.perf_counter()
    result = function()
    return time.perf_counter() - started, result


@contextmanager
def stopwatch() -> Iterator[list[float]]:
    """``with stopwatch() as elapsed: ...`` then ``elapsed[0]`` holds the seconds taken."""
    elapsed: list[float] = []
    started = time.perf_counter()
    try:
        yield elapsed
    finally:
        elapsed.append(time.perf_counter() - started)


def log(message: str) -> None:
    """Progress on stderr-like stdout, flushed so that a long run shows where it is."""
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", flush=True)
