"""Figures of a load run and their Markdown report (French, with the English term beside)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

PERCENTILES = (50, 90, 95, 99)


def percentile(values: list[float], rank: float) -> float:
    """The ``rank``-th percentile by linear interpolation between the closest ranks (numpy's default)."""
    if not values:
        return math.nan
    ordered = sorted(values)
    position = (len(ordered) - 1) * rank / 100
    below = math.floor(position)
    above = min(below + 1, len(ordered) - 1)
    return ordered[below] + (ordered[above] - ordered[below]) * (position - below)


@dataclass
class RunRecord:
    """One page view of one virtual user, or a failed attempt to open its session (``page`` None)."""

    user: int
    page: str | None
    level: str
    started: float
    """Seconds since the load began."""
    seconds: float
    errors: list[str] = field(default_factory=list)
    bytes_received: int = 0
    messages: int = 0


@dataclass
class LatencyRow:
    label: str
    runs: int
    errors: int
    milliseconds: dict[str, float]
    """``p50`` … ``p99``, ``max`` and ``mean``."""

    @classmethod
    def of(cls, label: str, records: Iterable[RunRecord]) -> LatencyRow:
        chosen = list(records)
        seconds = [record.seconds * 1000 for record in chosen]
        figures = {f"p{rank}": percentile(seconds, rank) for rank in PERCENTILES}
        figures["max"] = max(seconds) if seconds else math.nan
        figures["mean"] = sum(seconds) / len(seconds) if seconds else math.nan
        return cls(label, len(chosen), sum(1 for record in chosen if record.errors), figures)


@dataclass
class LoadReport:
    """Everything the run measured, ready to print."""

    started_at: str
    base_url: str
    server_note: str
    store: str
    sessions: int
    duration_requested: float
    elapsed: float
    think_time: float
    pages: list[str]
    levels: list[str]
    records: list[RunRecord]
    connections: list[float]
    """Seconds to open each Streamlit session (pings + websocket handshake)."""
    warmup_seconds: float | None
    warmup_errors: list[str]
    runs_per_user: list[int]
    server_log_errors: list[str] = field(default_factory=list)
    memory_mb: dict[str, float | None] = field(default_factory=dict)
    """``start`` (after the warm-up), ``end`` (VmRSS) and ``peak`` (VmHWM), when the server pid is known."""
    server_cores: float | None = None
    client_cores: float | None = None
    machine: dict[str, str] = field(default_factory=dict)

    @property
    def page_runs(self) -> list[RunRecord]:
        return [record for record in self.records if record.page is not None]

    @property
    def error_count(self) -> int:
        failed = sum(1 for record in self.records if record.errors)
        idle_users = sum(1 for runs in self.runs_per_user if runs == 0)
        return failed + len(self.warmup_errors) + idle_users

    @property
    def passed(self) -> bool:
        """No error seen by a session, no traceback in the server's log, and pages were served."""
        return self.error_count == 0 and not self.server_log_errors and bool(self.page_runs)

    @property
    def throughput(self) -> float:
        return len(self.page_runs) / self.elapsed if self.elapsed > 0 else 0.0

    def rows_by(self, key: str) -> list[LatencyRow]:
        """Latency rows per page (``key="page"``) or per territory level (``key="level"``)."""
        groups: dict[str, list[RunRecord]] = {}
        for record in self.page_runs:
            groups.setdefault(str(getattr(record, key)), []).append(record)
        order = self.pages if key == "page" else self.levels
        labels = [label for label in order if label in groups] + sorted(set(groups) - set(order))
        return [LatencyRow.of(label, groups[label]) for label in labels]

    def error_summary(self) -> list[tuple[str, int]]:
        counts: Counter[str] = Counter()
        for record in self.records:
            where = record.page or "ouverture de session"
            for error in record.errors:
                counts[f"{where} · {record.level} — {error}"] += 1
        for error in self.warmup_errors:
            counts[f"préchauffage — {error}"] += 1
        idle_users = sum(1 for runs in self.runs_per_user if runs == 0)
        if idle_users:
            counts["session sans aucune page servie pendant la durée du test"] += idle_users
        return counts.most_common()

    def to_markdown(self) -> str:
        verdict = "✅ 0 erreur" if self.passed else f"❌ {self.error_count} erreur(s)"
        if self.server_log_errors:
            verdict += f", {len(self.server_log_errors)} traceback(s) dans le journal du serveur"
        runs = self.runs_per_user
        lines = [
            f"# Test de charge (load test) — {self.started_at}",
            "",
            f"**Résultat : {verdict}** — {len(self.page_runs)} pages servies à {self.sessions} sessions "
            f"simultanées en {self.elapsed:.1f} s.",
            "",
            "| paramètre (setting) | valeur |",
            "|---|---|",
            f"| serveur (server) | {self.base_url} — {self.server_note} |",
            f"| base (store) | {self.store} |",
            f"| sessions simultanées (concurrent sessions) | {self.sessions} |",
            f"| durée demandée / réelle (duration) | {self.duration_requested:.0f} s / "
            f"{self.elapsed:.1f} s |",
            f"| pause entre deux pages (think time) | {self._think_time_text()} |",
            f"| pages | {', '.join(self.pages)} |",
            f"| territoires (levels) | {', '.join(self.levels)} |",
        ]
        lines += [f"| {name} | {value} |" for name, value in self.machine.items()]
        lines += [
            "",
            "## Synthèse (summary)",
            "",
            "| mesure | valeur |",
            "|---|---|",
            f"| pages servies (page runs) | {len(self.page_runs)} |",
            f"| erreurs (errors, doit être 0) | {self.error_count} |",
            f"| débit (throughput) | {self.throughput:.2f} pages/s ({self.throughput * 60:.0f} pages/min) |",
            f"| pages par session (runs per session) min / médiane / max | {min(runs, default=0)} / "
            f"{percentile([float(r) for r in runs], 50):.0f} / {max(runs, default=0)} |",
            f"| sessions Streamlit ouvertes (websocket sessions) | {len(self.connections)} |",
            f"| données reçues (bytes received) | {_megabytes(self.page_runs)} |",
        ]
        if self.warmup_seconds is not None:
            lines.append(
                f"| préchauffage (warm-up: first run, not counted) | {self.warmup_seconds * 1000:.0f} ms |"
            )
        lines += self._resource_lines()
        lines += ["", "## Latence par page (latency per page, ms)", ""]
        lines += self._latency_table(self.rows_by("page"), "page", overall=True)
        lines += ["", "## Latence par territoire (latency per level, ms)", ""]
        lines += self._latency_table(self.rows_by("level"), "territoire", overall=False)
        if self.connections:
            connect = LatencyRow.of("ouverture", [RunRecord(0, "", "", 0, s) for s in self.connections])
            lines += [
                "",
                "## Ouverture de session (session opening: health + host-config + websocket, ms)",
                "",
            ]
            lines += self._latency_table([connect], "étape", overall=False, with_errors=False)
        lines += [
            "",
            "Latence : de l'envoi du `rerun_script` à la réception de `script_finished` (ce que "
            "l'utilisateur attend pour voir la page entière). Centiles par interpolation linéaire.",
        ]
        summary = self.error_summary()
        lines += ["", "## Erreurs (errors)", ""]
        if summary:
            lines += ["| nombre | où — quoi |", "|---|---|"]
            lines += [f"| {count} | {_cell(text)} |" for text, count in summary[:30]]
        else:
            lines.append("Aucune.")
        if self.server_log_errors:
            lines += [
                "",
                "## Journal du serveur (tracebacks in the server log)",
                "",
                "| nombre | erreur |",
                "|---|---|",
            ]
            logged = Counter(self.server_log_errors).most_common()
            lines += [f"| {count} | {_cell(text)} |" for text, count in logged[:30]]
        return "\n".join(lines) + "\n"

    def _think_time_text(self) -> str:
        if not self.think_time:
            return "aucune"
        return (
            f"{self.think_time:g} s en moyenne (de la moitié à une fois et demie ; "
            "arrivées étalées sur une pause)"
        )

    def _resource_lines(self) -> list[str]:
        lines: list[str] = []
        memory = self.memory_mb
        if memory.get("end") is not None:
            lines.append(
                f"| mémoire du serveur VmRSS début / fin (server memory) | "
                f"{_mb(memory.get('start'))} / {_mb(memory.get('end'))} |"
            )
            lines.append(f"| pic mémoire VmHWM (peak) | {_mb(memory.get('peak'))} |")
        if self.server_cores is not None:
            lines.append(f"| CPU du serveur (server CPU, cœurs en moyenne) | {self.server_cores:.2f} |")
        if self.client_cores is not None:
            lines.append(f"| CPU du client de charge (load client CPU) | {self.client_cores:.2f} |")
        return lines

    def _latency_table(
        self, rows: list[LatencyRow], first: str, *, overall: bool, with_errors: bool = True
    ) -> list[str]:
        header = [first, "exécutions (runs)"] + (["erreurs"] if with_errors else [])
        header += [f"p{rank}" for rank in PERCENTILES] + ["max", "moyenne (mean)"]
        lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
        every = [*rows]
        if overall:
            every.append(LatencyRow.of("**toutes (overall)**", self.page_runs))
        for row in every:
            cells = [row.label, str(row.runs)] + ([str(row.errors)] if with_errors else [])
            cells += [_ms(row.milliseconds[f"p{rank}"]) for rank in PERCENTILES]
            cells += [_ms(row.milliseconds["max"]), _ms(row.milliseconds["mean"])]
            lines.append("| " + " | ".join(cells) + " |")
        return lines


def _ms(value: float) -> str:
    return "—" if math.isnan(value) else f"{value:,.0f}".replace(",", " ")


def _mb(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f} Mo"


def _megabytes(records: list[RunRecord]) -> str:
    return f"{sum(record.bytes_received for record in records) / 1_000_000:.1f} Mo"


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")
