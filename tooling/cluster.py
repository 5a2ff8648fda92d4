"""``python -m tooling.cluster --replicas N``: the dashboard as deployed on several machines, on one.

- **PostgreSQL**: a primary (private cluster made with ``initdb``) and a streaming replica made
  with ``pg_basebackup -R``, each on a port of its own; the national demo store is built on the
  primary as an operator would.
- **Dashboard**: N processes (``python -m dashboard.serve``), each reading through
  ``DATABASE_URL`` = the replica and writing through ``DATABASE_WRITER_URL`` = the primary.
- **HAProxy** in front: round robin for new visitors, then sticky per browser (cookie
  ``FNE_REPLICA``) so that a session's websocket, downloads and reconnections stay on its
  replica; health checks on ``/_stcore/health`` every second take a dead replica out.

Everything lives under one temporary folder and stops with the command (Ctrl-C).
The PostgreSQL binaries are Debian's (``/usr/lib/postgresql/<version>/bin``); as root, the
database processes run as the ``postgres`` user, as PostgreSQL requires.
"""

from __future__ import annotations

import argparse
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text

from tooling.server import ServerProcess, free_port, wait_healthy
from tooling.stores import build_store

POSTGRES_BIN_ROOT = Path("/usr/lib/postgresql")
HAPROXY = "haproxy"
STICKY_COOKIE = "FNE_REPLICA"
REPLICA_HEADER = "X-FNE-Replica"
"""Response header naming the dashboard process that answered (for tests and operators)."""
DATABASE_NAME = "fne"


def postgres_bin() -> Path:
    """The newest PostgreSQL server binaries installed (``initdb``, ``pg_ctl``, ``pg_basebackup``)."""
    found = sorted(POSTGRES_BIN_ROOT.glob("*/bin/initdb"), key=lambda path: int(path.parent.parent.name))
    if not found:
        raise RuntimeError("PostgreSQL introuvable : installez le paquet Debian « postgresql »")
    return found[-1].parent


def _as_postgres(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run the command as the ``postgres`` user."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


def _run(command: list[str]) -> None:
    completed = subprocess.run(_as_postgres(command), capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} a échoué :\n{completed.stdout}\n{completed.stderr}")


@dataclass
class PostgresNode:
    """One PostgreSQL server of the cluster: its data folder and port."""

    data_dir: Path
    port: int

    @property
    def server_url(self) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/postgres"

    def url(self, database: str = DATABASE_NAME) -> str:
        return f"postgresql+psycopg://postgres@127.0.0.1:{self.port}/{database}"

    def start(self) -> None:
        # hot_standby_feedback: the primary keeps the rows a replica's reads still need, so that
        # replaying its vacuum neither cancels those reads nor waits for them.
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.data_dir} -c hot_standby_feedback=on"
        )
        _run(
            [
                *(str(postgres_bin() / "pg_ctl"), "-D", str(self.data_dir), "-o", options),
                *("-l", str(self.data_dir / "server.log"), "-w", "start"),
            ]
        )

    def stop(self) -> None:
        if (self.data_dir / "postmaster.pid").exists():
            _run([str(postgres_bin() / "pg_ctl"), "-D", str(self.data_dir), "-m", "fast", "-w", "stop"])


@dataclass
class Cluster:
    """PostgreSQL primary + streaming replica, N dashboard processes and HAProxy in front."""

    replicas: int
    proxy_port: int = 0
    root: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="fne-cluster-")))
    """Data folders, configuration and logs; under ``/tmp`` so that the ``postgres`` user can reach it."""
    primary: PostgresNode | None = None
    standby: PostgresNode | None = None
    servers: list[ServerProcess] = field(default_factory=list)
    proxy: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.proxy_port}"

    @property
    def reader_url(self) -> str:
        assert self.standby is not None
        return self.standby.url()

    @property
    def writer_url(self) -> str:
        assert self.primary is not None
        return self.primary.url()

    def start(self, *, scale: float = 1.0) -> Cluster:
        try:
            self._start_databases(scale)
            for _ in range(self.replicas):
                self.add_server()
            self.proxy_port = self.proxy_port or free_port()
            self._start_proxy()
        except BaseException:
            self.stop()
            raise
        return self

    def _start_databases(self, scale: float) -> None:
        self.root.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            postgres = pwd.getpwnam("postgres")
            os.chown(self.root, postgres.pw_uid, postgres.pw_gid)
        self.primary = PostgresNode(self.root / "primary", free_port())
        _run(
            [
                *(str(postgres_bin() / "initdb"), "-D", str(self.primary.data_dir), "-U", "postgres"),
                *("--auth=trust", "--encoding=UTF8", "--locale=C.UTF-8"),
            ]
        )
        self.primary.start()
        admin = create_engine(self.primary.server_url, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{DATABASE_NAME}"'))
        admin.dispose()
        build_store(self.primary.url(), scale)
        # Vacuumed before the copy: an autovacuum of the fresh store would otherwise truncate tables
        # under an exclusive lock that the replica replays while the dashboards read, stalling them.
        vacuum = create_engine(self.primary.url(), isolation_level="AUTOCOMMIT")
        with vacuum.connect() as connection:
            connection.execute(text("VACUUM (ANALYZE)"))
        vacuum.dispose()
        self.standby = PostgresNode(self.root / "replica", free_port())
        _run(
            [
                *(str(postgres_bin() / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary.port)),
                *("-U", "postgres", "-D", str(self.standby.data_dir), "-R", "-X", "stream", "-c", "fast"),
            ]
        )
        self.standby.start()

    def add_server(self) -> ServerProcess:
        """One more dashboard process reading the replica and writing to the primary."""
        server = ServerProcess.start(self.reader_url, env={"DATABASE_WRITER_URL": self.writer_url})
        self.servers.append(server)
        return server

    def _proxy_config(self) -> str:
        lines = [
            "global",
            "    maxconn 4096",
            "defaults",
            "    mode http",
            "    timeout connect 2s",
            "    timeout client 1h",
            "    timeout server 1h",
            "    timeout tunnel 1h",
            "    option redispatch",
            "    retries 3",
            "frontend dashboard",
            f"    bind 127.0.0.1:{self.proxy_port}",
            "    default_backend replicas",
            "backend replicas",
            "    balance roundrobin",
            f"    cookie {STICKY_COOKIE} insert indirect nocache httponly",
            "    option httpchk GET /_stcore/health",
            "    http-check expect status 200",
            "    default-server inter 1s fall 2 rise 2",
            f"    http-response set-header {REPLICA_HEADER} %[srv_name]",
        ]
        for number, server in enumerate(self.servers, start=1):
            lines.append(f"    server replica{number} 127.0.0.1:{server.port} check cookie replica{number}")
        return "\n".join(lines) + "\n"

    def _start_proxy(self) -> None:
        config = self.root / "haproxy.cfg"
        config.write_text(self._proxy_config(), encoding="utf-8")
        if shutil.which(HAPROXY) is None:
            raise RuntimeError("haproxy introuvable : installez le paquet Debian « haproxy »")
        log = (self.root / "haproxy.log").open("wb")
        self.proxy = subprocess.Popen(
            [HAPROXY, "-f", str(config), "-db"], stdout=log, stderr=subprocess.STDOUT
        )
        wait_healthy(self.url, 30, self.proxy)

    def stop(self) -> None:
        if self.proxy is not None and self.proxy.poll() is None:
            self.proxy.terminate()
            self.proxy.wait(timeout=10)
        for server in self.servers:
            server.stop()
        for node in (self.standby, self.primary):
            if node is not None:
                node.stop()
        shutil.rmtree(self.root, ignore_errors=True)


async def shown_metrics(base_url: str, url_path: str, query_string: str) -> dict[str, str]:
    """The figures (``st.metric``) a new visitor of ``base_url`` gets on a page: label → value."""
    from loadtest.client import AppPage, SessionBroken, StreamlitSession

    session = StreamlitSession(base_url, run_timeout=60)
    await session.open()
    try:
        outcome = await session.open_link(AppPage(url_path, url_path), query_string)
    finally:
        await session.close()
    if outcome.errors:
        raise SessionBroken("; ".join(outcome.errors))
    return outcome.metrics


def parse_arguments(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tooling.cluster", description=__doc__.splitlines()[0])
    parser.add_argument("--replicas", type=int, default=2, help="processus du tableau de bord (défaut : 2)")
    parser.add_argument("--port", type=int, default=8500, help="port de HAProxy (défaut : 8500)")
    parser.add_argument("--scale", type=float, default=1.0, help="échelle des données de démonstration")
    arguments = parser.parse_args(argv)
    if arguments.replicas < 1:
        parser.error("--replicas doit être ≥ 1")
    return arguments


def main(argv: Sequence[str] | None = None) -> int:
    arguments = parse_arguments(argv)
    cluster = Cluster(arguments.replicas, arguments.port)
    print(f"Démarrage : PostgreSQL primaire + réplique, {arguments.replicas} processus, HAProxy…", flush=True)
    cluster.start(scale=arguments.scale)
    print(f"Tableau de bord : {cluster.url}", flush=True)
    print(f"  lectures (DATABASE_URL)         : {cluster.reader_url}", flush=True)
    print(f"  écritures (DATABASE_WRITER_URL) : {cluster.writer_url}", flush=True)
    for number, server in enumerate(cluster.servers, start=1):
        print(f"  replica{number} : {server.base_url} (pid {server.pid})", flush=True)
    print("Ctrl-C pour tout arrêter.", flush=True)
    stopping = False

    def stop(_signal: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, stop)
    try:
        while not stopping:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
