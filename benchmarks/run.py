"""``python -m benchmarks.run [--quick] [--backends sqlite,postgresql] [--skip-browser] …``

Builds (or reuses) the national-scale stores, then measures imports, pages through
AppTest, the naive baseline, payloads, browser-ready times and server memory; prints
the Markdown report and writes it to ``benchmarks/results/latest.md`` (+ ``latest.json``).
Sections are independent: a failure in one is reported and the others still run.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import platform
import subprocess
import sys
import time
import traceback
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path

from benchmarks.common import LEVELS, REPO_ROOT, RESULTS_DIR, Level, Page, PageTiming, app_pages, log
from benchmarks.report import Results, render_markdown, write
from benchmarks.stores import Backend, available_backends, ensure_store

BACKENDS = ("sqlite", "postgresql")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Performance harness of the dashboard (benchmarks/README.md).",
    )
    parser.add_argument("--quick", action="store_true", help="2 repetitions instead of 5 (browser: 2, not 3)")
    parser.add_argument("--repeats", type=int, default=None, help="AppTest and naive repetitions (default 5)")
    parser.add_argument(
        "--backends",
        action="append",
        default=None,
        help="sqlite, postgresql or both, comma-separated (default: both; PostgreSQL if it answers)",
    )
    parser.add_argument("--pages", default=None, help="only these pages (script names), e.g. lieux,fragility")
    parser.add_argument("--levels", default=None, help="only these levels: national,region,departement")
    parser.add_argument("--rebuild", action="store_true", help="rebuild the stores even when up to date")
    parser.add_argument("--skip-imports", action="store_true", help="skip the import timings")
    parser.add_argument("--skip-pages", action="store_true", help="skip AppTest page timings and payloads")
    parser.add_argument("--skip-naive", action="store_true", help="skip the naive baseline")
    parser.add_argument(
        "--skip-profile", action="store_true", help="skip the stack sampling of the slowest pages"
    )
    parser.add_argument(
        "--skip-browser", action="store_true", help="skip all that needs Chromium (ready times, memory)"
    )
    parser.add_argument("--skip-memory", action="store_true", help="skip the server memory measure only")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR, help="folder of latest.md / latest.json")
    return parser


def _split(values: Sequence[str] | str | None) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def select_pages(names: str | None) -> list[Page]:
    pages = app_pages()
    if not names:
        return pages
    wanted = _split(names)
    unknown = set(wanted) - {page.name for page in pages}
    if unknown:
        raise SystemExit(f"pages inconnues : {', '.join(sorted(unknown))}")
    return [page for page in pages if page.name in wanted]


def select_levels(names: str | None) -> list[Level]:
    if not names:
        return LEVELS
    wanted = _split(names)
    unknown = set(wanted) - {level.name for level in LEVELS}
    if unknown:
        raise SystemExit(f"niveaux inconnus : {', '.join(sorted(unknown))}")
    return [level for level in LEVELS if level.name in wanted]


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.chdir(REPO_ROOT)
    logging.getLogger("streamlit").setLevel(logging.ERROR)
    repeats = args.repeats or (2 if args.quick else 5)
    browser_repeats = 2 if args.quick else 3
    requested = _split(args.backends) or list(BACKENDS)
    for name in requested:
        if name not in BACKENDS:
            raise SystemExit(f"backend inconnu : {name} (sqlite, postgresql)")
    pages, levels = select_pages(args.pages), select_levels(args.levels)
    results = Results(meta=_meta(argv, repeats, browser_repeats))
    backends, notes = available_backends(requested)
    results.notes += notes
    missing = [page.path for page in pages if not (REPO_ROOT / page.path).exists()]
    if missing:
        results.notes.append(f"Pages absentes, non mesurées : {', '.join(missing)}")
        pages = [page for page in pages if page.path not in missing]

    started = time.perf_counter()
    ready_backends: list[Backend] = []
    for backend in backends:
        report = _section(
            results, f"base {backend.name}", lambda b=backend: ensure_store(b, rebuild=args.rebuild)
        )
        if report is not None:
            results.stores.append(report)
            ready_backends.append(backend)
    for backend in ready_backends:
        if not args.skip_imports:
            timings = _section(results, f"imports {backend.name}", lambda b=backend: _imports(b))
            results.imports += timings or []
        if not args.skip_pages and pages:
            runs = _section(
                results, f"pages {backend.name}", lambda b=backend: _pages(b, pages, levels, repeats)
            )
            results.pages += runs or []
            if runs and not args.skip_profile:
                profiles = _section(
                    results, f"profil {backend.name}", lambda b=backend, r=runs: _profile(b, r, repeats)
                )
                results.python_profiles += profiles or []
        if not args.skip_naive and pages:
            timings = _section(
                results, f"naïve {backend.name}", lambda b=backend: _naive(b, pages, levels, repeats)
            )
            results.naive += timings or []
    browser_backends = ready_backends if pages and not args.skip_browser and _chromium_ready(results) else []
    for backend in browser_backends:
        ready = _section(
            results, f"navigateur {backend.name}", lambda b=backend: _ready(b, pages, levels, browser_repeats)
        )
        results.ready += ready or []
        if not args.skip_memory:
            reading = _section(
                results, f"mémoire {backend.name}", lambda b=backend: _memory(b, pages, levels)
            )
            if reading is not None:
                results.memory.append(reading)
    results.meta["duration_seconds"] = round(time.perf_counter() - started)
    results.meta["load_end"] = _load()
    markdown, raw = write(results, args.output)
    print()
    print(render_markdown(results))
    log(f"Résultats écrits dans {markdown.relative_to(REPO_ROOT)} et {raw.name}")
    return 0


def _section(results: Results, name: str, work: Callable[[], object]) -> object:
    """Run one section; an error becomes a note of the report instead of ending the run."""
    log(f"— {name}")
    try:
        return work()
    except Exception as exc:
        traceback.print_exc()
        results.notes.append(f"Section « {name} » interrompue : {type(exc).__name__}: {str(exc)[:500]}")
        return None


def _imports(backend: Backend) -> list:
    from benchmarks.imports import measure_imports

    return measure_imports(backend)


def _pages(backend: Backend, pages: list[Page], levels: list[Level], repeats: int) -> list:
    from benchmarks.app_pages import measure_pages

    return measure_pages(backend, pages, levels, repeats)


def _profile(backend: Backend, runs: list, repeats: int) -> list:
    """Sample the stacks of the slowest cold page and of the slowest warm page of this backend."""
    from benchmarks.app_pages import profile_page

    measured = [run for run in runs if not run.error and run.cold_ms]
    if not measured:
        return []
    slowest = {
        (run.page, run.level)
        for run in (
            max(measured, key=lambda run: run.cold_median),
            max(measured, key=lambda run: run.warm_median),
        )
    }
    pages = {page.name: page for page in app_pages()}
    levels = {level.name: level for level in LEVELS}
    profiles: list = []
    for page_name, level_name in sorted(slowest):
        profiles += profile_page(backend, pages[page_name], levels[level_name], repeats)
    return profiles


def _naive(backend: Backend, pages: list[Page], levels: list[Level], repeats: int) -> list[PageTiming]:
    from benchmarks.naive import NAIVE

    engine = backend.engine()
    timings: list[PageTiming] = []
    try:
        for page in pages:
            baseline = NAIVE.get(page.name)
            if baseline is None:
                continue
            with contextlib.suppress(Exception):  # untimed: first use of pandas' SQL and merge paths
                baseline(engine, levels[0].territory)
            for level in levels:
                timing = PageTiming(backend.name, page.name, level.name)
                try:
                    for _ in range(repeats):
                        started = time.perf_counter()
                        baseline(engine, level.territory)
                        timing.ms.append((time.perf_counter() - started) * 1000)
                except Exception as exc:
                    timing.error = f"{type(exc).__name__}: {exc}"
                    log(f"{backend.name} · naïve · {page.name} · {level.name} : {timing.error}")
                else:
                    log(f"{backend.name} · naïve · {page.name} · {level.name} : {timing.median_ms:.0f} ms")
                timings.append(timing)
    finally:
        engine.dispose()
    return timings


def _chromium_ready(results: Results) -> bool:
    from benchmarks.browser import chromium_available

    if chromium_available():
        return True
    results.notes.append("Chromium absent (/usr/bin/chromium) : mesures navigateur et mémoire ignorées")
    return False


def _ready(backend: Backend, pages: list[Page], levels: list[Level], repeats: int) -> list:
    from benchmarks.browser import measure_ready

    return measure_ready(backend, pages, levels, repeats)


def _memory(backend: Backend, pages: list[Page], levels: list[Level]) -> object:
    from benchmarks.browser import measure_memory

    return measure_memory(backend, pages, levels)


def _meta(argv: Sequence[str] | None, repeats: int, browser_repeats: int) -> dict[str, object]:
    commit = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    dirty = subprocess.run(
        ["git", "status", "--porcelain"], cwd=REPO_ROOT, capture_output=True, text=True, check=False
    ).stdout.strip()
    return {
        "date": datetime.now().isoformat(timespec="seconds"),
        "commit": (commit or "?") + ("+modifs" if dirty else ""),
        "python": platform.python_version(),
        "machine": f"{_cpu_model()}, {os.cpu_count()} CPU, {_memory_total()}",
        "load_start": _load(),
        "repeats": repeats,
        "browser_repeats": browser_repeats,
        "command": "python -m benchmarks.run " + " ".join(sys.argv[1:] if argv is None else argv),
    }


def _load() -> float:
    """One-minute load average: other processes on the machine make every figure slower."""
    return round(os.getloadavg()[0], 1)


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def _memory_total() -> str:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return f"{int(line.split()[1]) / 1_048_576:.0f} Go de RAM"
    except OSError:
        pass
    return "RAM inconnue"


if __name__ == "__main__":
    sys.exit(main())
