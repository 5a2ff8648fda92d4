"""The results of a run: one Markdown report (``results/latest.md``) and the raw figures (``latest.json``)."""

from __future__ import annotations

import json
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from pathlib import Path

from benchmarks.app_pages import PageRun, PythonProfile
from benchmarks.browser import MemoryReading
from benchmarks.common import TARGETS, PageTiming, check, format_number
from benchmarks.imports import ImportTiming
from benchmarks.stores import StoreReport

MEGABYTE = 1_000_000
"""Decimal megabytes (Mo): the stricter reading of « 2 Mo » and « 600 Mo »."""
KEY_TABLES = [
    "region",
    "departement",
    "epci",
    "commune",
    "ifn_commune",
    "ifn_epci",
    "lieu",
    "lieux_snapshot",
    "gouvernance",
    "comite_reunion",
    "candidature",
    "candidature_territoire",
    "feuille_de_route",
    "action",
    "cofinancement",
    "demande_subvention",
    "enveloppe",
]


@dataclass
class Results:
    meta: dict[str, object]
    notes: list[str] = field(default_factory=list)
    stores: list[StoreReport] = field(default_factory=list)
    imports: list[ImportTiming] = field(default_factory=list)
    pages: list[PageRun] = field(default_factory=list)
    naive: list[PageTiming] = field(default_factory=list)
    ready: list[PageTiming] = field(default_factory=list)
    memory: list[MemoryReading] = field(default_factory=list)
    python_profiles: list[PythonProfile] = field(default_factory=list)

    def backends(self) -> list[str]:
        names = [store.backend for store in self.stores]
        return names or sorted({run.backend for run in self.pages})


def naive_ratio(naive: PageTiming | None, run: PageRun | None) -> float | None:
    """Naive data work / the warm page's data work (its ``read`` calls): the target's ratio."""
    if naive is None or run is None or naive.median_ms is None or not run.reads_warm_median:
        return None
    return naive.median_ms / run.reads_warm_median


def naive_page_ratio(naive: PageTiming | None, run: PageRun | None) -> float | None:
    """Naive data work / the whole warm page run (data, charts, tables, serialisation)."""
    if naive is None or run is None or naive.median_ms is None or not run.warm_median:
        return None
    return naive.median_ms / run.warm_median


def _ms(value: float | None) -> str:
    return format_number(value)


def _figure(value: float | None, target: str, decimals: int = 0) -> str:
    return f"{format_number(value, decimals)} {check(target, value)}" if value is not None else "—"


def render_markdown(results: Results) -> str:
    lines: list[str] = ["# Benchmark du tableau de bord", ""]
    meta = results.meta
    lines += [
        f"- Date : {meta.get('date')} · commit `{meta.get('commit')}` · Python {meta.get('python')}",
        f"- Machine : {meta.get('machine')} · charge moyenne (1 min) au début / à la fin : "
        f"{meta.get('load_start')} / {meta.get('load_end')}",
        f"- Répétitions : {meta.get('repeats')} (AppTest, médiane) · "
        f"{meta.get('browser_repeats')} (navigateur) · durée {meta.get('duration_seconds')} s"
        f" · commande : `{meta.get('command')}`",
        "- Cibles : " + " ; ".join(target.describe() for target in TARGETS.values()),
        "",
    ]
    lines += [f"> {note}" for note in results.notes]
    if results.notes:
        lines.append("")
    lines += _summary(results)
    lines += _stores(results)
    lines += _imports(results)
    for backend in results.backends():
        lines += _pages(results, backend)
    lines += _memory(results)
    lines += _profile(results)
    lines += _python_profiles(results)
    return "\n".join(lines).rstrip() + "\n"


def _summary(results: Results) -> list[str]:
    """One line per target: how many figures meet it and the worst one."""
    figures: dict[str, list[tuple[float, str]]] = defaultdict(list)
    naive = {(item.backend, item.page, item.level): item for item in results.naive}
    ready = {(item.backend, item.page, item.level): item for item in results.ready}
    for run in results.pages:
        where = f"{run.backend} · {run.page} · {run.level}"
        if run.cold_median is not None:
            figures["cold_page"].append((run.cold_median, where))
        if run.warm_median is not None:
            figures["warm_page"].append((run.warm_median, where))
        if run.max_map_bytes is not None:
            figures["map_payload"].append((run.max_map_bytes / MEGABYTE, where))
        ratio = naive_ratio(naive.get((run.backend, run.page, run.level)), run)
        if ratio is not None:
            figures["naive_ratio"].append((ratio, where))
        timing = ready.get((run.backend, run.page, run.level))
        if timing is not None and timing.median_ms is not None:
            figures["browser_ready"].append((timing.median_ms, where))
    for item in results.imports:
        if item.seconds is not None:
            figures["import"].append((item.seconds, f"{item.backend} · {item.kind}"))
    for reading in results.memory:
        figures["memory"].append((reading.rss_mb, reading.backend))
    lines = ["## Résumé des cibles", "", "| cible | atteinte | pire mesure | où |", "|---|---|---|---|"]
    for key, target in TARGETS.items():
        measured = figures.get(key, [])
        if not measured:
            lines.append(f"| {target.describe()} | non mesurée | — | — |")
            continue
        met = sum(1 for value, _ in measured if target.met(value))
        worst = (min if target.higher_is_better else max)(measured, key=lambda item: item[0])
        decimals = 1 if key in ("map_payload", "import", "naive_ratio") else 0
        status = "✅" if met == len(measured) else "❌"
        lines.append(
            f"| {target.describe()} | {status} {met}/{len(measured)} | "
            f"{format_number(worst[0], decimals)} {target.unit} | {worst[1]} |"
        )
    failures = [
        f"{run.backend} · {run.page} · {run.level} : {run.error}" for run in results.pages if run.error
    ] + [f"{item.backend} · import {item.kind} : {item.error}" for item in results.imports if item.error]
    lines.append("")
    if failures:
        lines += ["**Erreurs :**", ""] + [f"- {failure}" for failure in failures] + [""]
    return lines


def _stores(results: Results) -> list[str]:
    if not results.stores:
        return []
    lines = [
        "## Base nationale (générateur de démonstration, échelle 1)",
        "",
        "| base | état | upgrade (s) | géographie (s) | démo (s) | total (s) |",
        "|---|---|---|---|---|---|",
    ]
    for store in results.stores:
        seconds = store.build_seconds
        state = f"réutilisée (construite le {store.built_at})" if store.reused else "construite"
        lines.append(
            f"| {store.backend} | {state} | {format_number(seconds.get('upgrade'), 1)} | "
            f"{format_number(seconds.get('geography'), 1)} | {format_number(seconds.get('demo'), 1)} | "
            f"{format_number(store.total_build_seconds, 1)} |"
        )
    names = [store.backend for store in results.stores]
    lines += ["", "| table | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    tables = [name for name in KEY_TABLES if name in results.stores[0].rows]
    tables += [name for name in results.stores[0].rows if name not in tables]
    for table in tables:
        counts = " | ".join(format_number(store.rows.get(table)) for store in results.stores)
        lines.append(f"| {table} | {counts} |")
    return [*lines, ""]


def _imports(results: Results) -> list[str]:
    if not results.imports:
        return []
    lines = [
        "## Imports (copie fraîche de la base)",
        "",
        f"| base | type | fichier | lignes | Mo | durée (s) | {TARGETS['import'].describe()} "
        "| ajoutées / mises à jour |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for item in results.imports:
        seconds = format_number(item.seconds, 1) if item.error is None else "refusé"
        lines.append(
            f"| {item.backend} | {item.kind} | {item.filename} | {format_number(item.file_rows)} | "
            f"{format_number(item.file_megabytes, 1)} | {seconds} | {check('import', item.seconds)} | "
            f"{format_number(item.inserted)} / {format_number(item.updated)} |"
        )
    return [*lines, ""]


def _pages(results: Results, backend: str) -> list[str]:
    runs = [run for run in results.pages if run.backend == backend]
    ready = {(item.page, item.level): item for item in results.ready if item.backend == backend}
    if not runs and not ready:
        return []
    naive = {(item.page, item.level): item for item in results.naive if item.backend == backend}
    lines = [
        f"## Pages — {backend}",
        "",
        "Temps en ms (médianes). « lectures » : temps passé dans les appels `read(...)` de la page "
        "(ses données), page froide puis chaude ; « SQL » : la part passée dans la base pendant la page "
        "froide (nombre de requêtes). « naïve » : les mêmes chiffres en lisant les tables entières avec "
        "pandas ; « naïve / lect. chaudes » est la cible (≥ 10), « naïve / page chaude » compare à toute "
        "la page (données, graphiques, tableaux). Graphiques : somme des figures plotly ; carte : la plus "
        "grosse carte pydeck.",
        "",
        "| page | niveau | froide | chaude | lectures froides | SQL (requêtes) | lectures chaudes | naïve "
        "| naïve / lect. chaudes | naïve / page chaude | graphiques (Ko) | carte max (Mo) | navigateur |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    keys = [(run.page, run.level) for run in runs] or list(ready)
    by_key = {(run.page, run.level): run for run in runs}
    for key in keys:
        run = by_key.get(key)
        baseline = naive.get(key)
        browser = ready.get(key)
        if run is not None and run.error:
            cells = ["erreur", *(["—"] * 10)]
        elif run is not None:
            map_mb = run.max_map_bytes / MEGABYTE if run.max_map_bytes is not None else None
            cells = [
                _figure(run.cold_median, "cold_page"),
                _figure(run.warm_median, "warm_page"),
                format_number(run.reads_cold_median, 1),
                f"{format_number(run.sql_median, 1)} ({run.sql_queries})",
                format_number(run.reads_warm_median, 1),
                _ms(baseline.median_ms) if baseline else "—",
                _figure(naive_ratio(baseline, run), "naive_ratio", 0),
                format_number(naive_page_ratio(baseline, run), 1),
                format_number(run.chart_bytes / 1024) if run.payloads else "—",
                _figure(map_mb, "map_payload", 2),
            ]
        else:
            cells = ["—"] * 11
        if browser is None:
            cells.append("—")
        elif browser.error and not browser.ms:
            cells.append("erreur")
        else:
            cells.append(_figure(browser.median_ms, "browser_ready"))
        lines.append(f"| {key[0]} | {key[1]} | " + " | ".join(cells) + " |")
    return [*lines, ""]


def _memory(results: Results) -> list[str]:
    if not results.memory:
        return []
    lines = [
        "## Mémoire du serveur",
        "",
        "| base | sessions | pages vues | au démarrage (Mo) | après toutes les pages (Mo) | pic (Mo) "
        "| pages non prêtes |",
        "|---|---|---|---|---|---|---|",
    ]
    for reading in results.memory:
        lines.append(
            f"| {reading.backend} | {reading.sessions} | {reading.page_views} | "
            f"{format_number(reading.rss_mb_start)} | {_figure(reading.rss_mb, 'memory')} | "
            f"{format_number(reading.hwm_mb)} | {len(reading.errors)} |"
        )
    return [*lines, ""]


def _profile(results: Results) -> list[str]:
    """The read functions that cost most in the database, summed over the cold pages."""
    lines: list[str] = []
    for backend in results.backends():
        totals: dict[str, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0])
        statements: dict[str, str] = {}
        for run in results.pages:
            if run.backend != backend:
                continue
            for reader in run.readers:
                total = totals[reader.reader]
                total[0] += reader.ms
                total[1] += reader.queries
                if reader.slowest_ms > total[2]:
                    total[2] = reader.slowest_ms
                    statements[reader.reader] = reader.slowest_statement
        if not totals:
            continue
        if not lines:
            lines = ["## Profil : lectures les plus coûteuses (pages froides, toutes pages × niveaux)", ""]
        lines += [
            f"### {backend}",
            "",
            "| lecture | total (ms) | requêtes | plus lente (ms) | requête la plus lente |",
            "|---|---|---|---|---|",
        ]
        ranked = sorted(totals.items(), key=lambda item: item[1][0], reverse=True)[:10]
        for reader, (total_ms, queries, slowest) in ranked:
            statement = statements.get(reader, "").replace("|", "\\|")
            shown = statement[:160] + ("…" if len(statement) > 160 else "")
            lines.append(
                f"| `{reader}` | {format_number(total_ms)} | {int(queries)} | {format_number(slowest)} "
                f"| `{shown}` |"
            )
        lines.append("")
    return lines


def _python_profiles(results: Results) -> list[str]:
    if not results.python_profiles:
        return []
    lines = [
        "## Profil Python des pages les plus lentes (piles échantillonnées, ms par exécution)",
        "",
        "Temps inclusif : une fonction compte tant qu'elle est sur la pile. « appels » : la fonction "
        "du projet → la fonction de bibliothèque qu'elle appelle (où part le temps propre de la page).",
        "",
    ]
    for profile in results.python_profiles:
        lines += [
            f"### {profile.backend} · {profile.page} · {profile.level} · page {profile.mode} "
            f"({format_number(profile.run_ms)} ms par exécution)",
            "",
            "| fonction du projet | ms | | appel de bibliothèque | ms |",
            "|---|---|---|---|---|",
        ]
        for index in range(max(len(profile.functions), len(profile.library_calls))):
            left = profile.functions[index] if index < len(profile.functions) else ("", None)
            right = profile.library_calls[index] if index < len(profile.library_calls) else ("", None)
            lines.append(
                f"| {_code(left[0])} | {_blank(left[1])} | | {_code(right[0])} | {_blank(right[1])} |"
            )
        lines.append("")
    return lines


def _blank(value: float | None) -> str:
    return "" if value is None else format_number(value)


def _code(text: str) -> str:
    return f"`{text}`" if text else ""


def to_json(results: Results) -> dict[str, object]:
    data = asdict(results)
    data["derived"] = {
        "pages": [
            {
                "backend": run.backend,
                "page": run.page,
                "level": run.level,
                "cold_ms": run.cold_median,
                "warm_ms": run.warm_median,
                "sql_ms": run.sql_median,
                "reads_cold_ms": run.reads_cold_median,
                "reads_warm_ms": run.reads_warm_median,
                "max_map_megabytes": run.max_map_bytes / MEGABYTE if run.max_map_bytes is not None else None,
                "chart_kilobytes": run.chart_bytes / 1024,
            }
            for run in results.pages
        ],
        "targets": {key: asdict(target) for key, target in TARGETS.items()},
    }
    return data


def write(results: Results, directory: Path) -> tuple[Path, Path]:
    directory.mkdir(parents=True, exist_ok=True)
    markdown = directory / "latest.md"
    markdown.write_text(render_markdown(results), encoding="utf-8")
    raw = directory / "latest.json"
    raw.write_text(json.dumps(to_json(results), indent=1, ensure_ascii=False, default=str), encoding="utf-8")
    return markdown, raw
