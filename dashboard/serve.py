"""Start the dashboard's Streamlit server: ``python -m dashboard.serve [streamlit options]``.

Why not plain ``streamlit run app.py``: Streamlit still honours its first
multipage convention (a ``pages/`` folder beside the entrypoint) until a session
has run the entrypoint's ``st.navigation``. On a freshly started server, the
first visitor opening a bookmarked page (``/lieux?departement=28``) would get
that page without the entrypoint: no territory selector, the wrong navigation.
Turning the convention off before the server starts makes every request go
through ``app.py``.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parents[1] / "app.py"
HEADLESS_OPTIONS = [
    "--server.headless",
    "true",
    "--server.fileWatcherType",
    "none",
    "--browser.gatherUsageStats",
    "false",
]


def main(options: list[str] | None = None) -> None:
    PagesManager.uses_pages_directory = False
    cli.main(args=["run", str(APP), *(sys.argv[1:] if options is None else options)], prog_name="streamlit")


class ServerDidNotStart(RuntimeError):
    """The background server exited or never answered its health check."""


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def background_server(
    database_url: str, timeout_seconds: float = 90, port: int | None = None, options: Sequence[str] = ()
) -> Iterator[tuple[str, subprocess.Popen]]:
    """A headless server on ``port`` (a free one by default) over ``database_url``, for browser
    tests and measures; ``options`` are more Streamlit options (``--secrets.files`` …).

    Yields the base URL and the process once ``/_stcore/health`` answers; stops it afterwards.
    """
    port = port or free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "dashboard.serve", "--server.port", str(port), *HEADLESS_OPTIONS, *options],
        cwd=APP.parent,
        env={**os.environ, "DATABASE_URL": database_url},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(base, server, timeout_seconds)
        yield base, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)


def _wait_healthy(base: str, server: subprocess.Popen, timeout_seconds: float) -> None:
    deadline = time.monotonic() + timeout_seconds
    while time.monotonic() < deadline and server.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    if server.poll() is None:
        server.kill()
    stderr = server.stderr.read().decode(errors="replace")[-2000:]
    raise ServerDidNotStart(f"Le serveur Streamlit n'a pas démarré : {stderr}")


if __name__ == "__main__":
    main()
