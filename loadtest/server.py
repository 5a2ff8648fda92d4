"""The server under load when the script starts it: process, store, memory and CPU readings."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
HEALTH_TIMEOUT_SECONDS = 120
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class ServerProcess:
    """A dashboard server started for the load test, with its log in a temporary file."""

    process: subprocess.Popen
    base_url: str
    log_path: Path

    @property
    def pid(self) -> int:
        return self.process.pid

    @classmethod
    def start(
        cls, database_url: str | None, *, app_script: Path | None = None, port: int | None = None
    ) -> ServerProcess:
        """Start ``python -m dashboard.serve`` (or ``streamlit run app_script``) on a free port.

        ``database_url`` None keeps the environment's ``DATABASE_URL`` (or the embedded
        store). Returns once ``/_stcore/health`` answers.
        """
        port = port or free_port()
        command = (
            [sys.executable, "-m", "dashboard.serve"]
            if app_script is None
            else [sys.executable, "-m", "streamlit", "run", str(app_script)]
        )
        command += [
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--server.fileWatcherType",
            "none",
            "--browser.gatherUsageStats",
            "false",
        ]
        env = dict(os.environ)
        if database_url is not None:
            env["DATABASE_URL"] = database_url
        handle, log_name = tempfile.mkstemp(prefix="fne-loadtest-server-", suffix=".log")
        with os.fdopen(handle, "wb") as log:
            process = subprocess.Popen(command, cwd=REPO_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        server = cls(process, f"http://127.0.0.1:{port}", Path(log_name))
        try:
            server._wait_healthy()
        except BaseException:
            server.stop()
            raise
        return server

    def _wait_healthy(self) -> None:
        deadline = time.monotonic() + HEALTH_TIMEOUT_SECONDS
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"Le serveur s'est arrêté au démarrage :\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.base_url}/_stcore/health", timeout=2) as answer:
                    if answer.status == 200:
                        return
            except OSError:
                time.sleep(0.3)
        raise RuntimeError(f"Le serveur ne répond pas après {HEALTH_TIMEOUT_SECONDS} s :\n{self.log_tail()}")

    def log_text(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def log_tail(self, characters: int = 3000) -> str:
        return self.log_text()[-characters:]

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


def build_demo_store(path: Path, scale: float) -> str:
    """A SQLite store built as an operator would (upgrade, geography, demo); its URL.

    An existing file is reused as it is: building the national demo takes a while.
    """
    url = f"sqlite:///{path.resolve()}"
    if path.exists():
        return url
    env = {**os.environ, "DATABASE_URL": url}
    for arguments in (["upgrade"], ["geography"], ["demo", "--scale", str(scale)]):
        completed = subprocess.run(
            [sys.executable, "-m", "data_access", *arguments],
            cwd=REPO_ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=False,
        )
        if completed.returncode != 0:
            path.unlink(missing_ok=True)
            raise RuntimeError(f"python -m data_access {' '.join(arguments)} a échoué :\n{completed.stderr}")
    return url
