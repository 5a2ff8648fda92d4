"""Which read function spent how long in the database: SQL timing hooked on every engine.

The hooks are attached to the ``Engine`` class, so they also see the engine the app
creates inside AppTest; each statement is charged to the innermost ``data_access``
function on the stack (the read function, or its helper), which names the slow query.
"""

from __future__ import annotations

import sys
import threading
import time
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, event

SKIPPED_MODULES = ("data_access.sql",)
"""Helpers that run statements for others: the caller is the interesting name."""


@dataclass
class QueryStats:
    count: int = 0
    seconds: float = 0.0
    slowest_seconds: float = 0.0
    slowest_statement: str = ""


@dataclass
class QueryRecorder:
    """Per read function: number of statements, time in the database, slowest statement."""

    by_reader: dict[str, QueryStats] = field(default_factory=lambda: defaultdict(QueryStats))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def total_seconds(self) -> float:
        return sum(stats.seconds for stats in self.by_reader.values())

    @property
    def total_count(self) -> int:
        return sum(stats.count for stats in self.by_reader.values())

    def add(self, reader: str, statement: str, seconds: float) -> None:
        with self._lock:
            stats = self.by_reader[reader]
            stats.count += 1
            stats.seconds += seconds
            if seconds > stats.slowest_seconds:
                stats.slowest_seconds = seconds
                stats.slowest_statement = statement

    def top(self, limit: int = 5) -> list[tuple[str, QueryStats]]:
        return sorted(self.by_reader.items(), key=lambda item: item[1].seconds, reverse=True)[:limit]


_active: list[QueryRecorder] = []


def _reader_name() -> str:
    frame = sys._getframe(2)
    while frame is not None:
        module = frame.f_globals.get("__name__", "")
        if module.startswith("data_access.") and module not in SKIPPED_MODULES:
            return f"{module.removeprefix('data_access.')}.{frame.f_code.co_name}"
        frame = frame.f_back
    return "(hors data_access)"


def _before(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
    conn.info["_bench_started"] = time.perf_counter()


def _after(conn, cursor, statement, parameters, context, executemany) -> None:  # noqa: ANN001
    started = conn.info.pop("_bench_started", None)
    if not _active or started is None:
        return
    elapsed = time.perf_counter() - started
    reader = _reader_name()
    for recorder in _active:
        recorder.add(reader, " ".join(statement.split()), elapsed)


_hooked = False


def _hook() -> None:
    global _hooked
    if not _hooked:
        event.listen(Engine, "before_cursor_execute", _before)
        event.listen(Engine, "after_cursor_execute", _after)
        _hooked = True


@contextmanager
def recording() -> Iterator[QueryRecorder]:
    """``with recording() as queries: ...`` collects every statement run meanwhile, in any thread."""
    _hook()
    recorder = QueryRecorder()
    _active.append(recorder)
    try:
        yield recorder
    finally:
        _active.remove(recorder)


@dataclass
class StackSample:
    """Inclusive time of the project's functions (and of the library calls they make), by sampling."""

    ticks: int = 0
    """Sampling rounds; each one stands for ``seconds / ticks`` of wall time."""
    samples: int = 0
    """Rounds that found project code running."""
    seconds: float = 0.0
    functions: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    library_calls: dict[str, int] = field(default_factory=lambda: defaultdict(int))

    def top(self, counts: dict[str, int], limit: int = 12) -> list[tuple[str, float]]:
        """``(name, milliseconds)`` of the most frequent entries, scaled to the sampled wall time."""
        if not self.ticks:
            return []
        scale = self.seconds * 1000 / self.ticks
        ranked = sorted(counts.items(), key=lambda item: item[1], reverse=True)[:limit]
        return [(name, count * scale) for name, count in ranked]


@contextmanager
def sampling(root: str, interval: float = 0.002) -> Iterator[StackSample]:
    """Sample the stacks of the other threads (AppTest runs the script in its own thread).

    A frame is the project's when its file is under ``root`` and not in a virtualenv;
    a *library call* is the first outside frame a project frame called (e.g.
    ``streamlit…pydeck_chart``), which says where a page's own time goes.
    """
    result = StackSample()
    stop = threading.Event()
    main = threading.get_ident()

    def own(filename: str) -> bool:
        return filename.startswith(root) and "/.venv/" not in filename and "/site-packages/" not in filename

    def name_of(frame: object) -> str:
        code = frame.f_code
        if own(code.co_filename):
            return f"{code.co_filename.removeprefix(root).lstrip('/')}:{code.co_name}"
        return f"{frame.f_globals.get('__name__', '?')}.{code.co_name}"

    def run() -> None:
        me = threading.get_ident()
        started = time.perf_counter()
        while not stop.is_set():
            result.ticks += 1
            for ident, frame in sys._current_frames().items():
                if ident in (me, main):
                    continue
                stack = []
                while frame is not None:
                    stack.append(frame)
                    frame = frame.f_back
                stack.reverse()  # outermost first
                seen: set[str] = set()
                calls: set[str] = set()
                for caller, callee in zip(stack, [*stack[1:], None], strict=True):
                    if own(caller.f_code.co_filename):
                        seen.add(name_of(caller))
                        if callee is not None and not own(callee.f_code.co_filename):
                            calls.add(f"{name_of(caller)} → {name_of(callee)}")
                if seen:
                    result.samples += 1
                    for name in seen:
                        result.functions[name] += 1
                    for name in calls:
                        result.library_calls[name] += 1
            time.sleep(interval)
        result.seconds = time.perf_counter() - started

    sampler = threading.Thread(target=run, name="bench-sampler", daemon=True)
    sampler.start()
    try:
        yield result
    finally:
        stop.set()
        sampler.join()


@dataclass
class ReadTimer:
    """Wall time spent inside ``dashboard.resources.read`` (the page's data work, cache hit or miss)."""

    calls: int = 0
    seconds: float = 0.0


@contextmanager
def timing_reads() -> Iterator[ReadTimer]:
    """Time every ``read(...)`` a page run makes, by wrapping it wherever it was imported.

    Pages import ``read`` at each run (they are scripts), the dashboard modules once:
    both see the wrapper, which is removed afterwards.
    """
    from dashboard import resources

    original = resources.read
    timer = ReadTimer()
    lock = threading.Lock()

    def timed(*args: object, **kwargs: object) -> object:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            with lock:
                timer.calls += 1
                timer.seconds += time.perf_counter() - started

    patched = [module for module in list(sys.modules.values()) if getattr(module, "read", None) is original]
    for module in patched:
        module.read = timed
    try:
        yield timer
    finally:
        for module in patched:
            module.read = original
