"""``python -m benchmarks.cluster``: throughput from 1 to 2 replicas, cross-replica freshness, replica loss.

Each step starts the cluster of ``scripts/run_cluster.sh`` (``tooling.cluster``: PostgreSQL
primary + streaming replica, national demo store, HAProxy) and drives it with the load test's
websocket client through the proxy:

1. **Throughput**: after ``--warmup`` seconds that fill every replica's caches, 20 sessions without
   pause for ``--duration`` seconds on 1 replica, then on 2.
2. **Freshness** (2 replicas): an action edited through the writer; time until each replica's
   page shows it to a new visitor.
3. **Replica loss** (2 replicas): the same load, one replica killed (SIGKILL) after a third of
   it; the errors (only that replica's sessions, connections closed) and the views after.

Results: ``benchmarks/results/cluster.md`` and ``cluster.json``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy import create_engine, select

from benchmarks.common import RESULTS_DIR, log
from data_access.access import DEMO_VIEWER
from data_access.editing import update_action
from data_access.models import Action
from loadtest.report import percentile
from loadtest.run import Level, discover_pages, run_load
from tooling.cluster import Cluster, shown_metrics
from tooling.server import cpu_seconds

LEVELS = [Level("national", ""), Level("region=24", "region=24"), Level("departement=28", "departement=28")]


@dataclass
class LoadRow:
    replicas: int
    sessions: int
    seconds: float
    page_runs: int
    errors: int
    throughput: float
    p50_ms: float
    p95_ms: float
    server_cores: float
    error_samples: list[str] = field(default_factory=list)


@dataclass
class ClusterResults:
    meta: dict[str, object]
    loads: list[LoadRow] = field(default_factory=list)
    freshness_seconds: list[float] = field(default_factory=list)
    kill: dict[str, object] = field(default_factory=dict)


def _load(cluster: Cluster, sessions: int, duration: float, kill_after: float | None = None) -> tuple:
    pages, _ = asyncio.run(discover_pages(cluster.url, 120))
    before = sum(cpu_seconds(server.pid) or 0.0 for server in cluster.servers)

    async def drive() -> object:
        async def kill() -> None:
            if kill_after is not None:
                await asyncio.sleep(kill_after)
                cluster.servers[-1].kill()

        result, _ = await asyncio.gather(
            run_load(cluster.url, sessions=sessions, duration=duration, pages=pages, levels=LEVELS),
            kill(),
        )
        return result

    result = asyncio.run(drive())
    spent = sum(cpu_seconds(server.pid) or 0.0 for server in cluster.servers) - before
    return result, spent


def warm_up(cluster: Cluster, seconds: float) -> None:
    """Every page × level viewed on every replica first: each process fills its own caches."""
    if seconds > 0:
        _load(cluster, 3 * len(cluster.servers), seconds)


def measure_throughput(cluster: Cluster, sessions: int, duration: float) -> LoadRow:
    result, spent = _load(cluster, sessions, duration)
    views = [record for record in result.records if record.page]
    seconds = [record.seconds * 1000 for record in views]
    errors = [record for record in result.records if record.errors]
    row = LoadRow(
        len(cluster.servers),
        sessions,
        round(result.elapsed, 1),
        len(views),
        len(errors),
        round(len(views) / result.elapsed, 2),
        round(percentile(seconds, 50)),
        round(percentile(seconds, 95)),
        round(spent / result.elapsed, 2),
        sorted({error for record in errors for error in record.errors})[:5],
    )
    log(f"{row.replicas} réplique(s) : {row.throughput} pages/s, p95 {row.p95_ms} ms, {row.errors} erreurs")
    return row


def measure_freshness(cluster: Cluster) -> list[float]:
    """Seconds from an edit on the primary until each replica shows it to a new visitor."""
    writer = create_engine(cluster.writer_url)
    try:
        before = {
            server.base_url: asyncio.run(shown_metrics(server.base_url, "feuille-de-route", "departement=28"))
            for server in cluster.servers
        }
        with writer.connect() as connection:
            row = connection.execute(
                select(Action.reference, Action.version)
                .where(Action.code_departement == "28", Action.statut != "terminee")
                .order_by(Action.reference)
            ).first()
        update_action(writer, DEMO_VIEWER, row.reference, row.version, "terminee", 100)
        edited = time.monotonic()
        delays: list[float] = []
        for server in cluster.servers:
            while True:
                shown = asyncio.run(shown_metrics(server.base_url, "feuille-de-route", "departement=28"))
                if shown != before[server.base_url] or time.monotonic() - edited > 60:
                    break
                time.sleep(0.1)
            delays.append(round(time.monotonic() - edited, 2))
    finally:
        writer.dispose()
    log(f"fraîcheur entre répliques : {delays} s")
    return delays


def measure_kill(cluster: Cluster, sessions: int, duration: float) -> dict[str, object]:
    kill_after = duration / 3
    result, _ = _load(cluster, sessions, duration, kill_after=kill_after)
    failed = [record for record in result.records if record.errors]
    settled = [record for record in result.records if record.started > kill_after + 3 and record.page]
    figures = {
        "sessions": sessions,
        "killed_after_seconds": round(kill_after, 1),
        "page_runs": sum(1 for record in result.records if record.page),
        "errors": len(failed),
        "sessions_hit": len({record.user for record in failed}),
        "error_kinds": sorted({error.split(" (")[0] for record in failed for error in record.errors}),
        "views_after_reconnection": len(settled),
        "errors_after_reconnection": sum(1 for record in settled if record.errors),
    }
    log(f"perte d'une réplique : {figures}")
    return figures


def render(results: ClusterResults) -> str:
    lines = [
        "# Plusieurs répliques derrière HAProxy",
        "",
        f"- Date : {results.meta['date']} · commande : `{results.meta['command']}` · "
        f"{results.meta['machine']} · charge moyenne 1 min au début : {results.meta['load_start']}",
        "",
        "| répliques | sessions | pages vues | erreurs | pages/s | p50 (ms) | p95 (ms) | cœurs serveurs |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for row in results.loads:
        lines.append(
            f"| {row.replicas} | {row.sessions} | {row.page_runs} | {row.errors} | {row.throughput} | "
            f"{row.p50_ms} | {row.p95_ms} | {row.server_cores} |"
        )
    if len(results.loads) >= 2 and results.loads[0].throughput:
        ratio = results.loads[-1].throughput / results.loads[0].throughput
        lines += [
            "",
            f"Rapport de débit 1 → {results.loads[-1].replicas} répliques : **{ratio:.2f}×** (cible ≥ 1,7×)",
        ]
    if results.freshness_seconds:
        lines += [
            "",
            f"Fraîcheur entre répliques (modification → visible sur chaque réplique) : "
            f"{', '.join(f'{value} s' for value in results.freshness_seconds)}",
        ]
    if results.kill:
        lines += [
            "",
            "Perte d'une réplique pendant la charge : " + json.dumps(results.kill, ensure_ascii=False),
        ]
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.cluster", description=__doc__.splitlines()[0])
    parser.add_argument(
        "--duration", type=float, default=60, help="durée de chaque charge en s (défaut : 60)"
    )
    parser.add_argument("--sessions", type=int, default=20, help="sessions simultanées (défaut : 20)")
    parser.add_argument("--replicas", type=int, default=2, help="répliques de la seconde mesure (défaut : 2)")
    parser.add_argument("--warmup", type=float, default=40, help="chauffe des caches avant la mesure, en s")
    parser.add_argument("--scale", type=float, default=1.0, help="échelle des données de démonstration")
    parser.add_argument("--output", type=Path, default=RESULTS_DIR)
    arguments = parser.parse_args(argv)
    results = ClusterResults(
        meta={
            "date": datetime.now().isoformat(timespec="seconds"),
            "command": "python -m benchmarks.cluster " + " ".join(sys.argv[1:] if argv is None else argv),
            "machine": f"{os.cpu_count()} CPU",
            "load_start": round(os.getloadavg()[0], 1),
        }
    )
    for replicas in (1, arguments.replicas):
        log(f"grappe de {replicas} réplique(s)…")
        cluster = Cluster(replicas).start(scale=arguments.scale)
        try:
            warm_up(cluster, arguments.warmup)
            results.loads.append(measure_throughput(cluster, arguments.sessions, arguments.duration))
            if replicas > 1:
                results.freshness_seconds = measure_freshness(cluster)
                results.kill = measure_kill(cluster, arguments.sessions, arguments.duration)
        finally:
            cluster.stop()
    arguments.output.mkdir(parents=True, exist_ok=True)
    markdown = render(results)
    (arguments.output / "cluster.md").write_text(markdown, encoding="utf-8")
    (arguments.output / "cluster.json").write_text(
        json.dumps(asdict(results), ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(markdown)
    return 0


if __name__ == "__main__":
    sys.exit(main())
