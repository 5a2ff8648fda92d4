"""``python -m loadtest.run``: drive N concurrent Streamlit sessions against a server for a bounded time.

Each virtual user opens a session on a territory link (national, région, département),
views every page of the navigation in turn as fast as the server answers (or with a
think time), then opens a new session on the next territory, until the duration is
over; a page view still running then is awaited. With a think time, users arrive one
after another over one think time and each pause lasts between half and one and a half
times it (the mean is the think time): people reading a dashboard do not click in step,
and fifty clicks in the same millisecond measure a queue nobody meets. The report gives the page runs, the
errors (the run fails unless there are none), the throughput and latency percentiles
per page, per territory and overall, and, for a server it started (or ``--server-pid``),
its memory and CPU. Exit code 1 when any error was seen.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import resource
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from loadtest.client import AppPage, RunOutcome, SessionBroken, StreamlitSession
from loadtest.report import LoadReport, RunRecord
from tooling.server import ServerProcess, cpu_seconds, log_tracebacks, memory_mb
from tooling.stores import demo_sqlite_store

RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_URL = "http://127.0.0.1:8501"
RECONNECT_DELAY_SECONDS = 1.0


@dataclass(frozen=True)
class Level:
    """A territory the virtual users open links on."""

    name: str
    query_string: str


def default_levels(region: str = "24", departement: str = "28") -> list[Level]:
    """France entière, a région and a département: the levels every page test covers."""
    return [
        Level("national", ""),
        Level(f"region={region}", f"region={region}"),
        Level(f"departement={departement}", f"departement={departement}"),
    ]


@dataclass
class LoadResult:
    records: list[RunRecord]
    connections: list[float]
    runs_per_user: list[int]
    elapsed: float


async def discover_pages(base_url: str, run_timeout: float) -> tuple[list[AppPage], RunOutcome]:
    """View the default page once: it loads the server's imports and announces the navigation."""
    session = StreamlitSession(base_url, run_timeout=run_timeout)
    try:
        await session.open()
        outcome = await session.open_link(AppPage("", "page principale"), "")
    finally:
        await session.close()
    return outcome.pages or [AppPage("", "page principale")], outcome


def select_pages(pages: list[AppPage], wanted: Sequence[str] | None) -> list[AppPage]:
    """The pages named by URL path (``/`` or empty for the default page) or by title."""
    if not wanted:
        return pages
    keys = {name.strip().strip("/").casefold() for name in wanted}
    chosen = [page for page in pages if page.url_path.casefold() in keys or page.title.casefold() in keys]
    if not chosen:
        known = ", ".join(f"/{page.url_path}" for page in pages)
        raise SystemExit(f"Aucune page ne correspond à {', '.join(wanted)} (pages de l'app : {known})")
    return chosen


async def run_load(
    base_url: str,
    *,
    sessions: int,
    duration: float,
    pages: list[AppPage],
    levels: list[Level],
    think_time: float = 0.0,
    run_timeout: float = 120.0,
) -> LoadResult:
    """Run ``sessions`` virtual users for ``duration`` seconds; every page view is recorded.

    The arrivals and pauses are drawn from a generator seeded per user, so two runs
    offer the server the same load.
    """
    records: list[RunRecord] = []
    connections: list[float] = []
    runs_per_user = [0] * sessions
    began = time.monotonic()
    deadline = began + duration

    async def virtual_user(user: int) -> None:
        pauses = random.Random(user)
        await asyncio.sleep(think_time * user / sessions)
        cycle = 0
        while time.monotonic() < deadline:
            level = levels[(user + cycle) % len(levels)]
            shift = (user + cycle) % len(pages)
            order = pages[shift:] + pages[:shift]
            cycle += 1
            session = StreamlitSession(base_url, run_timeout=run_timeout)
            opened_at = time.monotonic() - began
            try:
                connections.append(await session.open())
            except SessionBroken as exc:
                records.append(RunRecord(user, None, level.name, opened_at, 0.0, [str(exc)]))
                await asyncio.sleep(RECONNECT_DELAY_SECONDS)
                continue
            try:
                for position, page in enumerate(order):
                    if time.monotonic() >= deadline or not session.is_open:
                        break
                    started = time.monotonic() - began
                    if position == 0:
                        outcome = await session.open_link(page, level.query_string)
                    else:
                        outcome = await session.navigate(page)
                    records.append(
                        RunRecord(
                            user,
                            page.label,
                            level.name,
                            started,
                            outcome.seconds,
                            outcome.errors,
                            outcome.bytes_received,
                            outcome.messages,
                        )
                    )
                    runs_per_user[user] += 1
                    left = deadline - time.monotonic()
                    if think_time > 0 and left > 0:
                        await asyncio.sleep(min(think_time * pauses.uniform(0.5, 1.5), left))
            finally:
                await session.close()

    await asyncio.gather(*(virtual_user(user) for user in range(sessions)))
    return LoadResult(records, connections, runs_per_user, time.monotonic() - began)


def _client_cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _display_url(url: str | None) -> str:
    """The store's URL for the report, password hidden."""
    if not url:
        return "base embarquée (data/fne.sqlite)"
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


async def measure(
    base_url: str,
    *,
    sessions: int,
    duration: float,
    levels: list[Level],
    page_names: Sequence[str] | None = None,
    think_time: float = 0.0,
    run_timeout: float = 120.0,
    server: ServerProcess | None = None,
    server_pid: int | None = None,
    store: str = "",
) -> LoadReport:
    """Warm up, run the load, read the server's resources: the whole report."""
    started_at = datetime.now().isoformat(sep=" ", timespec="seconds")
    pid = server.pid if server else server_pid
    load_before = os.getloadavg()
    try:
        discovered, warmup = await discover_pages(base_url, run_timeout)
    except SessionBroken as exc:
        raise SystemExit(f"Impossible d'ouvrir une session sur {base_url} : {exc}") from exc
    pages = select_pages(discovered, page_names)
    memory_start = memory_mb(pid) if pid else None
    cpu_before = cpu_seconds(pid) if pid else None
    client_before = _client_cpu_seconds()
    log_offset = len(server.log_text()) if server else 0

    result = await run_load(
        base_url,
        sessions=sessions,
        duration=duration,
        pages=pages,
        levels=levels,
        think_time=think_time,
        run_timeout=run_timeout,
    )

    client_cores = (_client_cpu_seconds() - client_before) / result.elapsed
    server_cores = None
    memory: dict[str, float | None] = {}
    if pid:
        cpu_after = cpu_seconds(pid)
        if cpu_before is not None and cpu_after is not None:
            server_cores = (cpu_after - cpu_before) / result.elapsed
        memory = {"start": memory_start, "end": memory_mb(pid), "peak": memory_mb(pid, "VmHWM")}
    load_after = os.getloadavg()
    if server:
        note = f"démarré par le script (pid {server.pid})"
    elif server_pid:
        note = f"serveur existant (pid {server_pid})"
    else:
        note = "serveur existant"
    return LoadReport(
        started_at=started_at,
        base_url=base_url,
        server_note=note,
        store=store,
        sessions=sessions,
        duration_requested=duration,
        elapsed=result.elapsed,
        think_time=think_time,
        pages=[page.label for page in pages],
        levels=[level.name for level in levels],
        records=result.records,
        connections=result.connections,
        warmup_seconds=warmup.seconds,
        warmup_errors=warmup.errors,
        runs_per_user=result.runs_per_user,
        server_log_errors=log_tracebacks(server.log_text()[log_offset:]) if server else [],
        memory_mb=memory,
        server_cores=server_cores,
        client_cores=client_cores,
        machine={
            "machine": f"{os.cpu_count()} CPU, Python {sys.version.split()[0]}",
            "charge moyenne 1 min début / fin (load average)": f"{load_before[0]:.2f} / {load_after[0]:.2f}",
        },
    )


def write_results(report: LoadReport, output: Path) -> Path:
    """``latest.md`` (the table) and ``latest.json`` (every page view) in ``output``."""
    output.mkdir(parents=True, exist_ok=True)
    markdown = output / "latest.md"
    markdown.write_text(report.to_markdown(), encoding="utf-8")
    raw = {
        "summary": {
            "started_at": report.started_at,
            "base_url": report.base_url,
            "store": report.store,
            "sessions": report.sessions,
            "duration_requested": report.duration_requested,
            "elapsed": report.elapsed,
            "page_runs": len(report.page_runs),
            "errors": report.error_count,
            "throughput_per_second": report.throughput,
            "memory_mb": report.memory_mb,
            "server_cores": report.server_cores,
            "client_cores": report.client_cores,
            "latency_ms_per_page": [asdict(row) for row in report.rows_by("page")],
            "latency_ms_per_level": [asdict(row) for row in report.rows_by("level")],
        },
        "records": [asdict(record) for record in report.records],
    }
    (output / "latest.json").write_text(json.dumps(raw, ensure_ascii=False, indent=1), encoding="utf-8")
    return markdown


def parse_arguments(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m loadtest.run",
        description="Test de charge : N sessions Streamlit simultanées pendant une durée bornée.",
    )
    parser.add_argument("--url", default=DEFAULT_URL, help=f"serveur à charger (défaut : {DEFAULT_URL})")
    parser.add_argument("--sessions", type=int, default=20, help="sessions simultanées (défaut : 20)")
    parser.add_argument("--duration", type=float, default=60, help="durée en secondes (défaut : 60)")
    parser.add_argument(
        "--think-time",
        type=float,
        default=0.0,
        help="pause moyenne entre deux pages d'une session, en s ; les sessions arrivent "
        "au fil d'une pause (défaut : 0)",
    )
    parser.add_argument(
        "--run-timeout", type=float, default=120.0, help="attente maximale d'une page, en s (défaut : 120)"
    )
    parser.add_argument("--pages", help="chemins d'URL des pages, séparés par des virgules (défaut : toutes)")
    parser.add_argument(
        "--levels",
        default="national,region,departement",
        help="territoires parmi national, region, departement (défaut : les trois)",
    )
    parser.add_argument("--region", default="24", help="code de la région chargée (défaut : 24)")
    parser.add_argument("--departement", default="28", help="code du département chargé (défaut : 28)")
    parser.add_argument(
        "--start-server",
        action="store_true",
        help="démarrer « python -m dashboard.serve » sur un port libre, et l'arrêter à la fin",
    )
    parser.add_argument(
        "--database-url",
        help="avec --start-server : base du serveur (défaut : DATABASE_URL, sinon la base embarquée)",
    )
    parser.add_argument(
        "--demo-scale",
        type=float,
        help="avec --start-server : construire une base SQLite de démonstration à cette échelle",
    )
    parser.add_argument(
        "--demo-store",
        type=Path,
        help="avec --demo-scale : fichier SQLite, réutilisé s'il existe (défaut : temporaire)",
    )
    parser.add_argument(
        "--server-pid", type=int, help="pid d'un serveur existant, pour lire sa mémoire et son CPU"
    )
    parser.add_argument(
        "--output", type=Path, default=RESULTS_DIR, help="dossier du rapport (défaut : loadtest/results)"
    )
    arguments = parser.parse_args(argv)
    if arguments.sessions < 1 or arguments.duration <= 0:
        parser.error("--sessions doit être ≥ 1 et --duration > 0")
    if (arguments.database_url or arguments.demo_scale) and not arguments.start_server:
        parser.error("--database-url et --demo-scale vont avec --start-server")
    if arguments.database_url and arguments.demo_scale:
        parser.error("--database-url ou --demo-scale, pas les deux")
    return arguments


def chosen_levels(arguments: argparse.Namespace) -> list[Level]:
    available = {
        level.name.split("=")[0]: level for level in default_levels(arguments.region, arguments.departement)
    }
    names = [name.strip() for name in arguments.levels.split(",") if name.strip()]
    unknown = [name for name in names if name not in available]
    if unknown or not names:
        raise SystemExit(f"Territoires inconnus : {', '.join(unknown)} (national, region, departement)")
    return [available[name] for name in names]


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    levels = chosen_levels(arguments)
    page_names = arguments.pages.split(",") if arguments.pages else None
    server: ServerProcess | None = None
    temporary: tempfile.TemporaryDirectory | None = None
    database_url = arguments.database_url or (
        os.environ.get("DATABASE_URL") if arguments.start_server else None
    )
    try:
        if arguments.start_server:
            if arguments.demo_scale:
                if arguments.demo_store is None:
                    temporary = tempfile.TemporaryDirectory(prefix="fne-loadtest-")
                    arguments.demo_store = Path(temporary.name) / "demo.sqlite"
                print(
                    f"Base de démonstration (échelle {arguments.demo_scale:g}) : {arguments.demo_store}…",
                    flush=True,
                )
                database_url = demo_sqlite_store(arguments.demo_store, arguments.demo_scale)
            print("Démarrage du serveur…", flush=True)
            server = ServerProcess.start(database_url)
            base_url = server.base_url
        else:
            base_url = arguments.url
        print(
            f"Charge : {arguments.sessions} sessions pendant {arguments.duration:g} s sur {base_url}…",
            flush=True,
        )
        report = asyncio.run(
            measure(
                base_url,
                sessions=arguments.sessions,
                duration=arguments.duration,
                levels=levels,
                page_names=page_names,
                think_time=arguments.think_time,
                run_timeout=arguments.run_timeout,
                server=server,
                server_pid=arguments.server_pid,
                store=_display_url(database_url) if arguments.start_server else "celle du serveur",
            )
        )
    finally:
        if server is not None:
            server.stop()
        if temporary is not None:
            temporary.cleanup()
    path = write_results(report, arguments.output)
    print(report.to_markdown())
    print(f"Rapport écrit dans {path}")
    return 0 if report.passed else 1


if __name__ == "__main__":
    sys.exit(main())
