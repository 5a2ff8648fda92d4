"""A dashboard server in a child process: free port, health wait, log, CPU and memory readings.

Used by the browser tests, the benchmarks, the load test and the cluster script, so that a
server is started one way everywhere: ``python -m dashboard.serve`` (every request goes
through ``app.py``) with the repository's ``.streamlit/config.toml``, i.e. the production
configuration; ``options`` overrides a setting for a measure (``runner.postScriptGC=true``).
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
HEALTH_TIMEOUT_SECONDS = 120
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


class ServerDidNotStart(RuntimeError):
    """The server exited or never answered its health check."""


def free_port() -> int:
    """A TCP port nobody listens on at the moment (the kernel's pick)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_healthy(
    base_url: str, timeout_seconds: float = HEALTH_TIMEOUT_SECONDS, process: subprocess.Popen | None = None
) -> None:
    """Return once ``base_url/_stcore/health`` answers 200; raise if ``process`` exits first."""
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ServerDidNotStart(f"le serveur s'est arrêté au démarrage (code {process.returncode})")
        try:
            with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise ServerDidNotStart(f"{base_url} ne répond pas après {timeout_seconds:g} s")


@dataclass
class ServerProcess:
    """A dashboard server started on a port of its own, its output kept in a temporary log file."""

    process: subprocess.Popen
    base_url: str
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @property
    def port(self) -> int:
        return int(self.base_url.rsplit(":", 1)[1])

    @classmethod
    def start(
        cls,
        database_url: str | None,
        *,
        app_script: Path | None = None,
        port: int | None = None,
        env: Mapping[str, str] | None = None,
        options: Sequence[str] = (),
        timeout_seconds: float = HEALTH_TIMEOUT_SECONDS,
    ) -> ServerProcess:
        """Start ``python -m dashboard.serve`` (or ``streamlit run app_script``) and wait for its health.

        ``database_url`` None keeps the environment's ``DATABASE_URL`` (or the embedded store);
        ``env`` adds variables (``DATABASE_WRITER_URL``); ``options`` are Streamlit settings
        ``section.name=value`` given on the command line.
        """
        port = port or free_port()
        command = (
            [sys.executable, "-m", "dashboard.serve"]
            if app_script is None
            else [sys.executable, "-m", "streamlit", "run", str(app_script)]
        )
        command += ["--server.port", str(port), "--server.address", "127.0.0.1", "--server.headless", "true"]
        for option in options:
            name, _, value = option.partition("=")
            command += [f"--{name}", value]
        environment = {**os.environ, **(env or {})}
        if database_url is not None:
            environment["DATABASE_URL"] = database_url
        handle, log_name = tempfile.mkstemp(prefix="fne-server-", suffix=".log")
        with os.fdopen(handle, "wb") as log:
            process = subprocess.Popen(
                command, cwd=REPO_ROOT, env=environment, stdout=log, stderr=subprocess.STDOUT
            )
        server = cls(process, f"http://127.0.0.1:{port}", Path(log_name))
        try:
            wait_healthy(server.base_url, timeout_seconds, process)
        except ServerDidNotStart as failure:
            tail = server.log_tail()
            server.stop()
            raise ServerDidNotStart(f"Le serveur Streamlit n'a pas démarré : {failure}\n{tail}") from None
        return server

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(encoding="utf-8", errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, characters: int = 3000) -> str:
        return self.log_text()[-characters:]

    def cpu_seconds(self) -> float | None:
        return cpu_seconds(self.pid)

    def memory_mb(self, field_name: str = "VmRSS") -> float | None:
        return memory_mb(self.pid, field_name)

    def kill(self) -> None:
        """SIGKILL, as a crashed machine: no clean websocket close for its sessions."""
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL) and remove its log."""
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self.log_path.unlink(missing_ok=True)


@contextmanager
def background_server(
    database_url: str, timeout_seconds: float = HEALTH_TIMEOUT_SECONDS, **start_options: object
) -> Iterator[tuple[str, ServerProcess]]:
    """A server over ``database_url`` for the time of a ``with`` block: yields (base URL, server)."""
    server = ServerProcess.start(database_url, timeout_seconds=timeout_seconds, **start_options)
    try:
        yield server.base_url, server
    finally:
        server.stop()


def memory_mb(pid: int, field_name: str = "VmRSS") -> float | None:
    """A ``/proc/<pid>/status`` memory field in decimal megabytes; None if unreadable."""
    try:
        lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    except OSError:
        return None
    for line in lines:
        if line.startswith(f"{field_name}:"):
            return int(line.split()[1]) * 1024 / 1_000_000  # the kernel's « kB » are KiB
    return None


def cpu_seconds(pid: int) -> float | None:
    """User + system CPU time of a process (all its threads), from ``/proc/<pid>/stat``."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = stat[stat.rindex(")") + 2 :].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime (fields 14, 15)


TRACEBACK = re.compile(r"^Traceback \(most recent call last\):$", re.MULTILINE)


def log_tracebacks(text: str) -> list[str]:
    """The last line of every traceback in a server log: what went wrong, in one line each."""
    found: list[str] = []
    for match in TRACEBACK.finditer(text):
        lines = text[match.end() :].splitlines()
        last = next(
            (line for line in lines if line and not line.startswith((" ", "\t", "Traceback"))),
            "(traceback sans message)",
        )
        found.append(last.strip()[:300])
    return found
