"""The dashboard on two replicas behind HAProxy, over a PostgreSQL primary and its streaming replica.

Started as ``scripts/run_cluster.sh`` starts it (``tooling.cluster``), on a small demo store:
a visitor stays on his replica, an edit shows on every replica within seconds, an editor reads
his own edit while the replica lags, and killing a replica loses only its own sessions.
"""

from __future__ import annotations

import asyncio
import shutil
import time
import urllib.request
from collections.abc import Iterator
from http.cookiejar import CookieJar

import pytest
from sqlalchemy import Engine, create_engine, select, text

from dashboard import resources
from data_access.access import DEMO_VIEWER
from data_access.editing import editable_actions, update_action
from data_access.models import Action
from data_access.scope import Territory
from loadtest.run import Level, discover_pages, run_load
from tests.pages.conftest import run_page
from tooling.cluster import REPLICA_HEADER, STICKY_COOKIE, Cluster, postgres_bin, shown_metrics

FRESHNESS_LIMIT_SECONDS = 5.0


@pytest.fixture(scope="module")
def cluster() -> Iterator[Cluster]:
    if shutil.which("haproxy") is None:
        pytest.skip("haproxy (paquet Debian « haproxy ») n'est pas installé")
    try:
        postgres_bin()
    except RuntimeError:
        pytest.skip("PostgreSQL (paquet Debian « postgresql ») n'est pas installé")
    started = Cluster(replicas=2).start(scale=0.05)
    yield started
    started.stop()


@pytest.fixture
def writer(cluster: Cluster) -> Iterator[Engine]:
    engine = create_engine(cluster.writer_url)
    yield engine
    engine.dispose()


def open_action(engine: Engine) -> tuple[str, int, int]:
    """An action of Eure-et-Loir not yet finished: (reference, avancement, version)."""
    with engine.connect() as connection:
        row = connection.execute(
            select(Action.reference, Action.avancement, Action.version)
            .where(Action.code_departement == "28", Action.statut != "terminee")
            .order_by(Action.reference)
        ).first()
    assert row is not None, "the demo store has unfinished actions in Eure-et-Loir"
    return row.reference, row.avancement, row.version


def replica_of(opener: urllib.request.OpenerDirector, url: str) -> str:
    with opener.open(f"{url}/_stcore/health", timeout=10) as answer:
        return answer.headers[REPLICA_HEADER]


def test_a_visitor_stays_on_the_replica_that_first_served_him(cluster: Cluster) -> None:
    jar = CookieJar()
    visitor = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    first = replica_of(visitor, cluster.url)
    assert STICKY_COOKIE in {cookie.name for cookie in jar}
    assert {replica_of(visitor, cluster.url) for _ in range(6)} == {first}
    newcomers = {replica_of(urllib.request.build_opener(), cluster.url) for _ in range(4)}
    assert newcomers == {"replica1", "replica2"}, "new visitors are spread over both replicas"


def roadmap_metrics(base_url: str) -> dict[str, str]:
    """The figures of Eure-et-Loir's roadmap page, as a new visitor of ``base_url`` gets them."""
    return asyncio.run(shown_metrics(base_url, "feuille-de-route", "departement=28"))


def test_an_edit_shows_on_every_replica_within_seconds(cluster: Cluster, writer: Engine) -> None:
    before = {server.base_url: roadmap_metrics(server.base_url) for server in cluster.servers}
    reference, _avancement, version = open_action(writer)
    update_action(writer, DEMO_VIEWER, reference, version, "terminee", 100)
    edited_at = time.monotonic()
    for server in cluster.servers:
        while True:
            shown = roadmap_metrics(server.base_url)
            if shown["Actions terminées"] != before[server.base_url]["Actions terminées"]:
                break
            assert time.monotonic() - edited_at < FRESHNESS_LIMIT_SECONDS, "replica still shows old data"
            time.sleep(0.2)


def page_metrics(app: object) -> dict[str, str]:
    return {metric.label: metric.value for metric in app.metric}


def test_an_editor_reads_his_own_edit_while_the_replica_lags(
    cluster: Cluster, writer: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("DATABASE_URL", cluster.reader_url)
    monkeypatch.setenv("DATABASE_WRITER_URL", cluster.writer_url)
    resources.engine.clear()
    resources.writer_engine.clear()
    resources.forget_cached()
    standby = create_engine(cluster.reader_url, isolation_level="AUTOCOMMIT")
    try:
        editor = run_page("pages/roadmaps.py", departement="28")
        before = page_metrics(editor)
        with standby.connect() as connection:
            connection.execute(text("SELECT pg_wal_replay_pause()"))
        first = editable_actions(writer, Territory.departement("28")).iloc[0]
        form_selects = [box for box in editor.selectbox if box.label == "Statut"]
        form_selects[0].set_value("en_cours")
        editor.slider[0].set_value(10 if first["avancement"] >= 50 else 90)  # moves the mean by > 1 point
        editor = next(button for button in editor.button if button.label == "Enregistrer").click().run()
        assert not editor.exception
        assert any("mise à jour" in message.value for message in editor.success)

        own = page_metrics(editor.run())
        other = page_metrics(run_page("pages/roadmaps.py", departement="28"))
        assert own["Avancement moyen"] != before["Avancement moyen"], "the editor sees his edit at once"
        assert other == before, "another visitor reads the paused replica"

        with standby.connect() as connection:
            connection.execute(text("SELECT pg_wal_replay_resume()"))
        deadline = time.monotonic() + FRESHNESS_LIMIT_SECONDS
        while page_metrics(run_page("pages/roadmaps.py", departement="28")) != own:
            assert time.monotonic() < deadline, "the replica caught up, other visitors see the edit"
            time.sleep(0.3)
    finally:
        with standby.connect() as connection:
            connection.execute(text("SELECT pg_wal_replay_resume()"))
        standby.dispose()
        resources.engine.clear()
        resources.writer_engine.clear()
        resources.forget_cached()


def test_killing_a_replica_loses_only_its_sessions_which_reconnect(cluster: Cluster) -> None:
    """Last: it leaves the cluster with one replica."""
    pages, _ = asyncio.run(discover_pages(cluster.url, 60))
    doomed = cluster.servers[1]
    killed_after = 5.0

    async def load_and_kill() -> list:
        async def kill() -> None:
            await asyncio.sleep(killed_after)
            doomed.kill()

        result, _ = await asyncio.gather(
            run_load(
                cluster.url,
                sessions=6,
                duration=16,
                pages=pages[:4],
                levels=[Level("departement=28", "departement=28")],
                run_timeout=30,
            ),
            kill(),
        )
        return result.records

    records = asyncio.run(load_and_kill())
    failed = [record for record in records if record.errors]
    assert failed, "the sessions of the killed replica saw their connection closed"
    assert all("connexion" in error for record in failed for error in record.errors), (
        f"only lost connections: {[record.errors for record in failed]}"
    )
    users_hit = {record.user for record in failed}
    assert len(users_hit) < 6, "sessions on the surviving replica went on without error"
    settled = [record for record in records if record.started > killed_after + 3]
    assert settled and not any(record.errors for record in settled), "reconnected sessions are served"
    assert users_hit <= {record.user for record in settled}, "every session hit came back"
