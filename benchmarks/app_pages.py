"""Page script run times through Streamlit's AppTest, cold and warm, and the payload of charts and maps.

Every page is opened as a user would: ``app.py`` with the territory in the query
string, then ``switch_page``. Only the page run is timed. *Cold* runs start with the
data caches emptied (``dashboard.resources.clear_caches()``: the engine stays, as in a
server after an import); *warm* runs rerun the same page with the caches filled.
"""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass, field

from benchmarks.common import APP_PATH, REPO_ROOT, Level, Page, log, median
from benchmarks.profiling import recording, sampling, timing_reads
from benchmarks.stores import Backend

APPTEST_TIMEOUT_SECONDS = 180
PAYLOAD_KINDS = {"plotly_chart": "spec", "deck_gl_json_chart": "json"}
"""Element type in AppTest → the proto field holding the figure / deck JSON sent to the browser."""


@dataclass
class Payload:
    kind: str
    key: str
    bytes: int
    """Size of the element's protobuf message, as sent over the websocket."""
    json_chars: int

    @property
    def is_map(self) -> bool:
        return self.kind == "deck_gl_json_chart"


@dataclass
class ReaderTime:
    reader: str
    queries: int
    ms: float
    slowest_ms: float
    slowest_statement: str


@dataclass
class PageRun:
    backend: str
    page: str
    level: str
    cold_ms: list[float] = field(default_factory=list)
    warm_ms: list[float] = field(default_factory=list)
    sql_ms: list[float] = field(default_factory=list)
    """Time spent in the database during each cold run."""
    reads_cold_ms: list[float] = field(default_factory=list)
    """Time spent in ``read(...)`` (the page's data work) during each cold run."""
    reads_warm_ms: list[float] = field(default_factory=list)
    """Time spent in ``read(...)`` during each warm run: cache look-ups."""
    read_calls: int = 0
    sql_queries: int = 0
    readers: list[ReaderTime] = field(default_factory=list)
    payloads: list[Payload] = field(default_factory=list)
    title: str = ""
    """The page's title after the last run: a check that the page itself was measured."""
    error: str | None = None

    @property
    def cold_median(self) -> float | None:
        return median(self.cold_ms)

    @property
    def warm_median(self) -> float | None:
        return median(self.warm_ms)

    @property
    def sql_median(self) -> float | None:
        return median(self.sql_ms)

    @property
    def reads_cold_median(self) -> float | None:
        return median(self.reads_cold_ms)

    @property
    def reads_warm_median(self) -> float | None:
        return median(self.reads_warm_ms)

    @property
    def max_map_bytes(self) -> int | None:
        sizes = [payload.bytes for payload in self.payloads if payload.is_map]
        return max(sizes) if sizes else None

    @property
    def chart_bytes(self) -> int:
        return sum(payload.bytes for payload in self.payloads if not payload.is_map)


def measure_pages(backend: Backend, pages: list[Page], levels: list[Level], repeats: int) -> list[PageRun]:
    """Every page × level on one backend; the app's engine is made for this backend and disposed after."""
    os.environ["DATABASE_URL"] = backend.url
    from streamlit.logger import set_log_level

    set_log_level("error")  # AppTest outside a server warns about its bare mode on every run
    runs: list[PageRun] = []
    try:
        for page in pages:
            for level in levels:
                run = _measure(backend, page, level, repeats)
                shown = (
                    f"erreur : {run.error}"
                    if run.error
                    else f"froid {run.cold_median:.0f} ms, chaud {run.warm_median:.0f} ms"
                )
                log(f"{backend.name} · {page.name} · {level.name} : {shown}")
                runs.append(run)
    finally:
        dispose_app_engine()
    return runs


def dispose_app_engine() -> None:
    """Close the engine the app cached, so that the next backend (or a database copy) starts clean."""
    from dashboard import resources

    with contextlib.suppress(Exception):  # the app may never have made one: nothing to close then
        resources.engine().dispose()
    resources.engine.clear()
    resources.clear_caches()


def _measure(backend: Backend, page: Page, level: Level, repeats: int) -> PageRun:
    from streamlit.testing.v1 import AppTest

    from dashboard.resources import clear_caches

    run = PageRun(backend.name, page.name, level.name)
    app = AppTest.from_file(str(APP_PATH), default_timeout=APPTEST_TIMEOUT_SECONDS)
    for name, value in level.query_params.items():
        app.query_params[name] = value
    try:
        app.run()
        app.switch_page(page.path)
        app.run()  # untimed: imports, engine, lru caches of the geography
        run.error = _exception(app)
        if run.error:
            return run
        readers: dict[str, ReaderTime] = {}
        for _ in range(repeats):
            clear_caches()
            with recording() as queries, timing_reads() as reads:
                started = time.perf_counter()
                app.run()
                run.cold_ms.append((time.perf_counter() - started) * 1000)
            run.sql_ms.append(queries.total_seconds * 1000)
            run.reads_cold_ms.append(reads.seconds * 1000)
            run.read_calls = reads.calls
            run.sql_queries = queries.total_count
            for name, stats in queries.by_reader.items():
                previous = readers.get(name)
                if previous is None or stats.seconds * 1000 > previous.ms:
                    readers[name] = ReaderTime(
                        name,
                        stats.count,
                        stats.seconds * 1000,
                        stats.slowest_seconds * 1000,
                        stats.slowest_statement,
                    )
            with timing_reads() as reads:
                started = time.perf_counter()
                app.run()
                run.warm_ms.append((time.perf_counter() - started) * 1000)
            run.reads_warm_ms.append(reads.seconds * 1000)
        run.error = _exception(app)
        run.readers = sorted(readers.values(), key=lambda reader: reader.ms, reverse=True)
        run.payloads = payloads(app)
        run.title = str(app.title[0].value) if app.title else ""
    except Exception as exc:
        run.error = f"{type(exc).__name__}: {exc}"
    return run


def _exception(app: object) -> str | None:
    exceptions = app.exception
    if not exceptions:
        return None
    return "; ".join(str(item.value)[:300] for item in exceptions)


def payloads(app: object) -> list[Payload]:
    """Every plotly chart and pydeck map of the page with the size of what the browser receives."""
    found: list[Payload] = []
    for kind, json_field in PAYLOAD_KINDS.items():
        for element in app.get(kind):
            proto = element.proto
            size, chars = proto.ByteSize(), len(getattr(proto, json_field))
            found.append(Payload(kind, str(getattr(proto, "id", "")), size, chars))
    return found


@dataclass
class PythonProfile:
    """Where a slow page spends its time in Python, cold or warm (sampled stacks, median run)."""

    backend: str
    page: str
    level: str
    mode: str
    run_ms: float
    functions: list[tuple[str, float]]
    """Project functions, inclusive milliseconds per run."""
    library_calls: list[tuple[str, float]]
    """Project function → library function it called, inclusive milliseconds per run."""


def profile_page(backend: Backend, page: Page, level: Level, repeats: int) -> list[PythonProfile]:
    """Sample the stacks of ``repeats`` cold runs, then of ``repeats`` warm runs, of one page."""
    from streamlit.testing.v1 import AppTest

    from dashboard.resources import clear_caches

    os.environ["DATABASE_URL"] = backend.url
    app = AppTest.from_file(str(APP_PATH), default_timeout=APPTEST_TIMEOUT_SECONDS)
    for name, value in level.query_params.items():
        app.query_params[name] = value
    profiles: list[PythonProfile] = []
    try:
        app.run()
        app.switch_page(page.path)
        app.run()
        for mode in ("froide", "chaude"):
            with sampling(str(REPO_ROOT)) as sample:
                for _ in range(repeats):
                    if mode == "froide":
                        clear_caches()
                    app.run()
            per_run = [(name, ms / repeats) for name, ms in sample.top(sample.functions, 15)]
            calls = [(name, ms / repeats) for name, ms in sample.top(sample.library_calls, 12)]
            profiles.append(
                PythonProfile(
                    backend.name, page.name, level.name, mode, sample.seconds * 1000 / repeats, per_run, calls
                )
            )
    finally:
        dispose_app_engine()
    return profiles
