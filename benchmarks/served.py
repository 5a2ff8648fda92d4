"""``python -m benchmarks.served``: what the server costs and what users wait for, as served.

AppTest reruns a page inside the test process; a user gets the page through Streamlit's
server, its websocket and a browser. This measures that, on the national benchmark stores
(SQLite, and PostgreSQL when it answers), with the server as shipped (``.streamlit/config.toml``):

1. **Server CPU per warm page view**: one client on the websocket (``loadtest.client``, as the
   load test drives it) clicks through the navigation; each page was viewed once before; the
   server process's CPU time (``/proc/<pid>/stat``) is read before and after each view. CPU
   time, unlike a wall-clock time, barely moves when other processes share the machine.
2. **Latency under concurrent sessions**: the load test (``loadtest.run.measure``) with 20
   sessions and no pause, then 50 sessions pausing 5 s between pages: percentiles, errors.
3. **Chromium**: time from a click in the sidebar until the page's charts and maps are drawn,
   each page visited once before; the server CPU of each such view beside it.

``--baseline`` runs the same with Streamlit's defaults (file watcher on, ``gc.collect`` after
every run) for a before/after comparison. Results: ``benchmarks/results/served.md`` and
``served.json`` (``served-baseline.*`` with ``--baseline``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import statistics
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from benchmarks.common import LEVELS, RESULTS_DIR, Level, log
from benchmarks.stores import Backend, available_backends, ensure_store
from loadtest.client import SessionBroken, StreamlitSession
from loadtest.report import LoadReport, percentile
from loadtest.run import Level as LoadLevel
from loadtest.run import discover_pages, measure
from tooling.server import ServerProcess, cpu_seconds

BASELINE_OPTIONS = ("server.fileWatcherType=auto", "runner.postScriptGC=true")
"""Streamlit's own defaults for the two settings the production configuration turns off."""
CPU_TARGET_MS = 100
P95_TARGET_MS = 2000
SETTLE_SECONDS = 0.1
"""Left to the server after ``script_finished`` (it still sends the last messages) before reading its CPU."""
LOADS = (("20 sessions, sans pause", 20, 0.0), ("50 sessions, pause de 5 s", 50, 5.0))
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--lang=fr-FR"]
DRAWN_TIMEOUT_MS = 120_000
SERVED = """(path) => {
    const app = document.querySelector('[data-testid="stApp"]');
    return location.pathname === path && app !== null
        && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-testid="stMain"] h1') !== null
        && document.querySelector('[data-testid="stSpinner"], [data-stale="true"]') === null;
}"""
"""Served: the browser is on the clicked page's URL (set when its run starts), the run is over and
no element of the previous page is left."""
DRAWN = """() => {
    for (const chart of document.querySelectorAll('[data-testid="stPlotlyChart"]')) {
        if (!chart.querySelector('.main-svg')) return false;
    }
    for (const map of document.querySelectorAll('[data-testid="stDeckGlJsonChart"]')) {
        if (!map.querySelector('canvas')) return false;
    }
    return true;
}"""
"""Drawn: every Plotly chart has its SVG and every map its canvas."""


@dataclass
class ViewFigures:
    """Repeated warm views of one page at one level."""

    backend: str
    page: str
    level: str
    cpu_ms: list[float] = field(default_factory=list)
    """Server CPU time per view."""
    wall_ms: list[float] = field(default_factory=list)
    """Websocket: rerun sent → ``script_finished``; Chromium: click → charts and maps drawn."""
    bytes_received: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def cpu_median(self) -> float | None:
        return statistics.median(self.cpu_ms) if self.cpu_ms else None

    @property
    def wall_median(self) -> float | None:
        return statistics.median(self.wall_ms) if self.wall_ms else None


@dataclass
class LoadFigures:
    backend: str
    label: str
    sessions: int
    think_time: float
    page_runs: int
    errors: int
    throughput: float
    p50_ms: float
    p95_ms: float
    p99_ms: float
    server_cores: float | None
    error_samples: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, backend: str, label: str, report: LoadReport) -> LoadFigures:
        seconds = [record.seconds * 1000 for record in report.page_runs]
        return cls(
            backend,
            label,
            report.sessions,
            report.think_time,
            len(report.page_runs),
            report.error_count,
            round(report.throughput, 2),
            round(percentile(seconds, 50)),
            round(percentile(seconds, 95)),
            round(percentile(seconds, 99)),
            round(report.server_cores, 2) if report.server_cores is not None else None,
            [f"{count} × {text}" for text, count in report.error_summary()[:5]],
        )


@dataclass
class ServedResults:
    meta: dict[str, object]
    notes: list[str] = field(default_factory=list)
    websocket: list[ViewFigures] = field(default_factory=list)
    loads: list[LoadFigures] = field(default_factory=list)
    browser: list[ViewFigures] = field(default_factory=list)


def load_levels(levels: list[Level]) -> list[LoadLevel]:
    return [LoadLevel(level.name, level.query_string) for level in levels]


async def websocket_views(
    server: ServerProcess, backend: str, levels: list[Level], repeats: int
) -> list[ViewFigures]:
    """Per page × level: server CPU and time of ``repeats`` warm views, one client clicking through."""
    pages, _warmup = await discover_pages(server.base_url, 120)
    figures: list[ViewFigures] = []
    for level in levels:
        session = StreamlitSession(server.base_url)
        await session.open()
        try:
            rows = {page.url_path: ViewFigures(backend, page.url_path or "/", level.name) for page in pages}
            first = await session.open_link(pages[0], level.query_string)
            _record_errors(rows[pages[0].url_path], first.errors)
            for page in pages[1:]:
                _record_errors(rows[page.url_path], (await session.navigate(page)).errors)
            for _ in range(repeats):
                for page in [*pages[1:], pages[0]]:
                    row = rows[page.url_path]
                    before = cpu_seconds(server.pid) or 0.0
                    outcome = await session.navigate(page)
                    await asyncio.sleep(SETTLE_SECONDS)
                    row.cpu_ms.append(((cpu_seconds(server.pid) or 0.0) - before) * 1000)
                    row.wall_ms.append(outcome.seconds * 1000)
                    row.bytes_received = outcome.bytes_received
                    _record_errors(row, outcome.errors)
            for row in rows.values():
                log(
                    f"{backend} · websocket · {row.page} · {level.name} : CPU {row.cpu_median:.0f} ms, "
                    f"{row.wall_median:.0f} ms, {row.bytes_received / 1000:.0f} ko"
                )
            figures += rows.values()
        finally:
            await session.close()
    return figures


def _record_errors(row: ViewFigures, errors: list[str]) -> None:
    row.errors += [error for error in errors if error not in row.errors]


def loads(server: ServerProcess, backend: str, levels: list[Level], duration: float) -> list[LoadFigures]:
    figures: list[LoadFigures] = []
    for label, sessions, think_time in LOADS:
        report = asyncio.run(
            measure(
                server.base_url,
                sessions=sessions,
                duration=duration,
                levels=load_levels(levels),
                think_time=think_time,
                server=server,
                store=backend,
            )
        )
        row = LoadFigures.of(backend, label, report)
        log(
            f"{backend} · charge · {label} : {row.page_runs} pages, {row.errors} erreurs, "
            f"p50 {row.p50_ms} ms, p95 {row.p95_ms} ms, {row.throughput} pages/s"
        )
        figures.append(row)
    return figures


def browser_views(
    server: ServerProcess, backend: str, levels: list[Level], repeats: int
) -> list[ViewFigures]:
    """Per page × level: click in the sidebar → charts and maps drawn, each page visited once before.

    The server's CPU is read once the run is over in the browser, not once drawn: an idle
    server still spends a little CPU per second, which a slow software rendering would add.
    """
    from playwright.sync_api import sync_playwright

    figures: list[ViewFigures] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for level in levels:
                context = browser.new_context(viewport={"width": 1600, "height": 1000}, locale="fr-FR")
                figures += _click_through(context.new_page(), server, backend, level, repeats)
                context.close()
        finally:
            browser.close()
    return figures


def _click_through(
    tab: object, server: ServerProcess, backend: str, level: Level, repeats: int
) -> list[ViewFigures]:
    query = f"/?{level.query_string}" if level.query_string else "/"
    tab.goto(server.base_url + query)
    links = tab.locator("[data-testid='stSidebarNavLink']")
    links.first.wait_for(timeout=DRAWN_TIMEOUT_MS)
    count = links.count()
    paths = [urlsplit(links.nth(i).get_attribute("href") or "/").path for i in range(count)]
    tab.wait_for_function(SERVED, arg=paths[0], timeout=DRAWN_TIMEOUT_MS)
    rows = [ViewFigures(backend, path.strip("/") or "/", level.name) for path in paths]
    for repeat in range(repeats + 1):
        for index in [*range(1, count), 0]:
            row = rows[index]
            before = cpu_seconds(server.pid) or 0.0
            started = time.perf_counter()
            try:
                _open_sidebar(tab)
                links.nth(index).click()
                tab.wait_for_function(SERVED, arg=paths[index], timeout=DRAWN_TIMEOUT_MS, polling="raf")
                cpu_ms = ((cpu_seconds(server.pid) or 0.0) - before) * 1000
                tab.wait_for_function(DRAWN, timeout=DRAWN_TIMEOUT_MS, polling="raf")
            except Exception as exc:
                _record_errors(row, [f"{type(exc).__name__}: {str(exc)[:200]}"])
                continue
            if repeat:
                row.wall_ms.append((time.perf_counter() - started) * 1000)
                row.cpu_ms.append(cpu_ms)
            if tab.locator('[data-testid="stException"]').count():
                _record_errors(row, ["exception affichée"])
    for row in rows:
        log(
            f"{backend} · Chromium · {row.page} · {level.name} : "
            f"{row.wall_median or 0:.0f} ms, CPU serveur {row.cpu_median or 0:.0f} ms"
        )
    return rows


def _open_sidebar(tab: object) -> None:
    """The COPIL mode opens with the sidebar collapsed: a user expands it to go on, so does this."""
    expand = tab.locator('[data-testid="stExpandSidebarButton"]')
    if expand.count() and expand.first.is_visible():
        expand.first.click()


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}".replace(",", " ")


def _mark(value: float | None, limit: float) -> str:
    return "" if value is None else (" ✅" if value <= limit else " ❌")


def render(results: ServedResults) -> str:
    meta = results.meta
    lines = [
        "# Benchmark « tel que servi »",
        "",
        f"- Date : {meta['date']} · configuration : {meta['configuration']} · commande : `{meta['command']}`",
        f"- Machine : {meta['machine']} · charge moyenne 1 min début / fin : {meta['load_start']} / "
        f"{meta.get('load_end')}",
        f"- Cibles : CPU serveur ≤ {CPU_TARGET_MS} ms par page chaude ; p95 ≤ {P95_TARGET_MS} ms, 0 erreur",
        "",
    ]
    lines += [f"> {note}" for note in results.notes]
    if results.websocket or results.browser:
        lines += [
            "## Par page (médianes des vues chaudes)",
            "",
            "CPU serveur par vue (websocket, client du test de charge) · durée de la vue (websocket) · "
            "données reçues · Chromium : clic dans le menu → graphiques et cartes dessinés · CPU serveur "
            "de cette vue.",
            "",
            "| base | page | niveau | CPU serveur (ms) | vue websocket (ms) | ko | Chromium dessiné (ms) "
            "| CPU serveur Chromium (ms) | erreurs |",
            "|---|---|---|---:|---:|---:|---:|---:|---|",
        ]
        websocket = {(row.backend, row.page, row.level): row for row in results.websocket}
        browser = {(row.backend, row.page, row.level): row for row in results.browser}
        for key in dict.fromkeys([*websocket, *browser]):
            served, drawn = websocket.get(key), browser.get(key)
            errors = "; ".join((served.errors if served else []) + (drawn.errors if drawn else []))[:200]
            cpu = served.cpu_median if served else None
            lines.append(
                f"| {' | '.join(key)} | {_ms(cpu)}{_mark(cpu, CPU_TARGET_MS)} | "
                f"{_ms(served.wall_median if served else None)} | "
                f"{_ms(served.bytes_received / 1000 if served else None)} | "
                f"{_ms(drawn.wall_median if drawn else None)} | "
                f"{_ms(drawn.cpu_median if drawn else None)} | {errors or '0'} |"
            )
        lines.append("")
    if results.loads:
        lines += [
            "## Sessions simultanées (test de charge, websocket)",
            "",
            "| base | charge | pages vues | erreurs | pages/s | p50 (ms) | p95 (ms) | p99 (ms) "
            "| cœurs serveur |",
            "|---|---|---:|---:|---:|---:|---:|---:|---:|",
        ]
        for load in results.loads:
            lines.append(
                f"| {load.backend} | {load.label} | {load.page_runs} | {load.errors}"
                f"{' ✅' if load.errors == 0 else ' ❌'} | {load.throughput} | {_ms(load.p50_ms)} | "
                f"{_ms(load.p95_ms)}{_mark(load.p95_ms, P95_TARGET_MS)} | {_ms(load.p99_ms)} | "
                f"{load.server_cores if load.server_cores is not None else '—'} |"
            )
        for load in results.loads:
            for sample in load.error_samples:
                lines.append(f"- {load.backend} · {load.label} : {sample}")
        lines.append("")
    return "\n".join(lines)


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.served", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--backends", default="sqlite,postgresql", help="sqlite, postgresql (défaut : les deux)"
    )
    parser.add_argument("--levels", default="national,region,departement", help="niveaux de territoire")
    parser.add_argument("--repeats", type=int, default=3, help="vues chaudes par page (défaut : 3)")
    parser.add_argument(
        "--duration", type=float, default=60, help="durée de chaque charge en s (défaut : 60)"
    )
    parser.add_argument("--skip-views", action="store_true", help="sans le CPU par vue (websocket)")
    parser.add_argument("--skip-load", action="store_true", help="sans les sessions simultanées")
    parser.add_argument("--skip-browser", action="store_true", help="sans Chromium")
    parser.add_argument(
        "--baseline", action="store_true", help="réglages par défaut de Streamlit (avant la configuration)"
    )
    parser.add_argument("--rebuild", action="store_true", help="reconstruire les bases de benchmark")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR, help="dossier de served.md / served.json")
    return parser.parse_args(argv)


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    levels = [level for level in LEVELS if level.name in arguments.levels.split(",")]
    options = BASELINE_OPTIONS if arguments.baseline else ()
    results = ServedResults(
        meta={
            "date": datetime.now().isoformat(timespec="seconds"),
            "configuration": "défauts de Streamlit" if arguments.baseline else ".streamlit/config.toml",
            "command": "python -m benchmarks.served " + " ".join(sys.argv[1:] if argv is None else argv),
            "machine": f"{os.cpu_count()} CPU, Python {platform.python_version()}",
            "load_start": round(os.getloadavg()[0], 1),
        }
    )
    backends, notes = available_backends([name for name in arguments.backends.split(",") if name])
    results.notes += notes
    for backend in backends:
        _measure_backend(backend, arguments, levels, options, results)
    results.meta["load_end"] = round(os.getloadavg()[0], 1)
    stem = "served-baseline" if arguments.baseline else "served"
    arguments.output.mkdir(parents=True, exist_ok=True)
    markdown = render(results)
    (arguments.output / f"{stem}.md").write_text(markdown, encoding="utf-8")
    (arguments.output / f"{stem}.json").write_text(
        json.dumps(asdict(results), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(markdown)
    failed = any(row.errors for row in results.websocket + results.browser) or any(
        load.errors for load in results.loads
    )
    return 1 if failed else 0


def _measure_backend(
    backend: Backend,
    arguments: argparse.Namespace,
    levels: list[Level],
    options: Sequence[str],
    results: ServedResults,
) -> None:
    ensure_store(backend, rebuild=arguments.rebuild)
    server = ServerProcess.start(backend.url, options=options)
    try:
        if not arguments.skip_views:
            try:
                results.websocket += asyncio.run(
                    websocket_views(server, backend.name, levels, arguments.repeats)
                )
            except SessionBroken as exc:
                results.notes.append(f"{backend.name} : CPU par vue impossible ({exc})")
        if not arguments.skip_browser:
            if CHROMIUM.exists():
                results.browser += browser_views(server, backend.name, levels, arguments.repeats)
            else:
                results.notes.append("Chromium absent (/usr/bin/chromium) : mesures navigateur ignorées")
        if not arguments.skip_load:
            results.loads += loads(server, backend.name, levels, arguments.duration)
    finally:
        server.stop()


if __name__ == "__main__":
    sys.exit(main())
