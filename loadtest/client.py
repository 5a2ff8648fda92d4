"""A light Streamlit client: what the browser says on the websocket, without drawing anything.

It follows the front-end of Streamlit 1.67 (``static/js/index.*.js``, and the frames
Chromium sends): ping ``/_stcore/health`` and ``/_stcore/host-config``, open
``/_stcore/stream`` with the subprotocols ``["streamlit", <xsrf token or placeholder>]``,
then send a ``BackMsg`` ``rerun_script`` (a ``ClientState``) for each page view. The
server answers with ``ForwardMsg`` s: ``new_session``, ``navigation``, ``delta`` s (the
elements), ``page_info_changed`` (the URL the app wrote) and finally ``script_finished``.

What counts as an error is what a user would see as one: an exception element
(an uncaught exception, or a message too large for the websocket), an
``st.error`` box, a « page not found », a compilation error, a run that never
finishes, a closed connection, or a territory of the URL the app did not apply.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import urllib.request
from dataclasses import dataclass, field
from http.client import HTTPException
from urllib.parse import parse_qsl, urlsplit

from streamlit.proto.Alert_pb2 import Alert
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.typing import Origin, Subprotocol

STREAM_PATH = "_stcore/stream"
HEALTH_PATH = "_stcore/health"
HOST_CONFIG_PATH = "_stcore/host-config"
AUTH_PLACEHOLDER = "PLACEHOLDER_AUTH_TOKEN"
"""What the front-end sends as second subprotocol when it has no XSRF cookie."""
MAX_CACHED_MESSAGE_AGE = 2
"""Runs a cached message is kept for, as ``global.maxCachedMessageAge`` (default 2)."""
USER_AGENT = "fne-loadtest (Streamlit websocket client)"

FINISHED = ForwardMsg.ScriptFinishedStatus


class SessionBroken(RuntimeError):
    """The websocket can no longer be used; the caller opens a new session."""


@dataclass(frozen=True)
class AppPage:
    """A page of the app's navigation, as the server announces it."""

    url_path: str
    """What the browser's URL holds after the host (``lieux``); empty for the default page."""
    title: str
    script_hash: str = ""
    """What the navigation sends to switch to the page (empty: unknown, the URL path is sent)."""

    @property
    def label(self) -> str:
        return f"{self.title} (/{self.url_path})"


@dataclass
class RunOutcome:
    """One page view: from the ``rerun_script`` sent until ``script_finished``."""

    seconds: float
    errors: list[str] = field(default_factory=list)
    messages: int = 0
    bytes_received: int = 0
    pages: list[AppPage] = field(default_factory=list)
    """The navigation the run announced (empty if the app sent none)."""
    metrics: dict[str, str] = field(default_factory=dict)
    """The figures the page showed (``st.metric``): label → value, to tell one data version from another."""


@dataclass
class _CachedMessage:
    run: int
    error: str | None
    metric: tuple[str, str] | None = None


def base_url_parts(base_url: str) -> tuple[str, str]:
    """``http://host:port/prefix`` → (``http://host:port/prefix/``, ``ws://host:port/prefix/``)."""
    http = base_url.rstrip("/") + "/"
    scheme = "wss" if http.startswith("https:") else "ws"
    return http, scheme + http[http.index(":") :]


def _http_get(url: str, timeout: float) -> None:
    with urllib.request.urlopen(url, timeout=timeout) as answer:
        answer.read()


def element_error(element: Element) -> str | None:
    """The error a user would read in this element, if it is one."""
    kind = element.WhichOneof("type")
    if kind == "exception":
        exception = element.exception
        name = f" {exception.type}" if exception.type else ""
        return f"exception{name} : {exception.message[:300]}"
    if kind == "alert" and element.alert.format == Alert.ERROR:
        return f"st.error : {element.alert.body[:300]}"
    return None


def message_error(message: ForwardMsg) -> str | None:
    """The error carried by a ``delta`` message (new element, or transient elements)."""
    delta = message.delta
    kind = delta.WhichOneof("type")
    if kind == "new_element":
        return element_error(delta.new_element)
    if kind == "new_transient":
        for element in delta.new_transient.elements:
            error = element_error(element)
            if error:
                return error
    return None


def message_metric(message: ForwardMsg) -> tuple[str, str] | None:
    """(label, value) of an ``st.metric`` element, else None."""
    delta = message.delta
    if delta.WhichOneof("type") != "new_element" or delta.new_element.WhichOneof("type") != "metric":
        return None
    return delta.new_element.metric.label, delta.new_element.metric.body


def territory_applied(requested: str, final: str) -> bool:
    """Every parameter of the requested query string is still in the URL the app ended on.

    A territory the app did not recognise would be dropped (or replaced) from the
    URL: the user would see another territory than the link promised.
    """
    wanted = set(parse_qsl(requested))
    return wanted <= set(parse_qsl(final))


class StreamlitSession:
    """One browser tab's worth of Streamlit session: a link opened, then pages clicked in the navigation.

    Two kinds of view, as the front-end sends them:

    - :meth:`open_link`: the first view of a URL (``/lieux?region=24``): the page's URL
      path and the query string, no widget state;
    - :meth:`navigate`: a click in the navigation: the page's script hash, an empty
      query string (the app writes its parameters back), and the values of the
      entrypoint's widgets (the territory select boxes), the page's own widgets
      being forgotten on a page change.
    """

    def __init__(self, base_url: str, *, run_timeout: float = 120.0, locale: str = "fr-FR") -> None:
        self.http_base, self.ws_base = base_url_parts(base_url)
        self.run_timeout = run_timeout
        self.locale = locale
        self.link_query = ""
        """The query string of the link the session was opened on (the territory it promised)."""
        self.query_string = ""
        """The browser's current query string, as the app last wrote it."""
        self._socket: ClientConnection | None = None
        self._cache: dict[str, _CachedMessage] = {}
        self._runs = 0
        self._main_script_hash = ""
        self._widgets: dict[str, str] = {}
        """Entrypoint select boxes shown by the last run: id → value (the option's label)."""
        self._run_widgets: dict[str, str] = {}

    @property
    def is_open(self) -> bool:
        return self._socket is not None

    async def open(self) -> float:
        """Ping the server as the front-end does, then open the websocket; seconds taken."""
        started = time.perf_counter()
        try:
            await asyncio.gather(
                asyncio.to_thread(_http_get, self.http_base + HEALTH_PATH, self.run_timeout),
                asyncio.to_thread(_http_get, self.http_base + HOST_CONFIG_PATH, self.run_timeout),
            )
            self._socket = await connect(
                self.ws_base + STREAM_PATH,
                subprotocols=[Subprotocol("streamlit"), Subprotocol(AUTH_PLACEHOLDER)],
                origin=Origin(_origin(self.http_base)),
                user_agent_header=USER_AGENT,
                max_size=None,
                open_timeout=self.run_timeout,
            )
        except (OSError, HTTPException, InvalidHandshake, TimeoutError) as exc:
            # HTTPException: an answer cut short (IncompleteRead), as when the replica dies mid-reply.
            raise SessionBroken(f"connexion impossible : {type(exc).__name__} {exc}") from exc
        return time.perf_counter() - started

    async def close(self) -> None:
        socket, self._socket = self._socket, None
        if socket is not None:
            with contextlib.suppress(OSError, ConnectionClosed):
                await socket.close()

    async def open_link(self, page: AppPage, query_string: str = "") -> RunOutcome:
        """First view of the session: the browser opened ``/<page>?<query_string>``."""
        self.link_query = self.query_string = query_string
        request = self._rerun_message(page)
        request.rerun_script.page_name = page.url_path
        request.rerun_script.query_string = query_string
        return await self._run(request, page)

    async def navigate(self, page: AppPage) -> RunOutcome:
        """A click on ``page`` in the navigation."""
        request = self._rerun_message(page)
        state = request.rerun_script
        if page.script_hash:
            state.page_script_hash = page.script_hash
        else:
            state.page_name = page.url_path
        for widget_id, value in self._widgets.items():
            state.widget_states.widgets.add(id=widget_id, string_value=value)
        return await self._run(request, page)

    async def _run(self, request: BackMsg, page: AppPage) -> RunOutcome:
        """Send the rerun and read every message until the script has finished."""
        if self._socket is None:
            raise SessionBroken("session non ouverte")
        self._runs += 1
        self._run_widgets = {}
        started = time.perf_counter()
        outcome = RunOutcome(seconds=0.0)
        try:
            await self._socket.send(request.SerializeToString())
            async with asyncio.timeout(self.run_timeout):
                while not self._handle(await self._socket.recv(decode=False), page, outcome):
                    pass
        except TimeoutError:
            outcome.errors.append(f"pas de fin d'exécution en {self.run_timeout:.0f} s")
            outcome.seconds = time.perf_counter() - started
            await self.close()
            return outcome
        except ConnectionClosed as exc:
            outcome.errors.append(f"connexion fermée par le serveur ({exc})")
            outcome.seconds = time.perf_counter() - started
            self._socket = None
            return outcome
        outcome.seconds = time.perf_counter() - started
        self._widgets = self._run_widgets
        self._expire_cache()
        if not territory_applied(self.link_query, self.query_string):
            outcome.errors.append(
                f"territoire non appliqué : lien « {self.link_query} », URL finale « {self.query_string} »"
            )
        return outcome

    def _rerun_message(self, page: AppPage) -> BackMsg:
        request = BackMsg()
        state = request.rerun_script
        state.cached_message_hashes.extend(self._cache)
        context = state.context_info
        context.timezone = "Europe/Paris"
        context.timezone_offset = -60
        context.locale = self.locale
        context.url = self.http_base + page.url_path
        context.is_embedded = False
        context.color_scheme = "light"
        return request

    def _handle(self, data: bytes | str, page: AppPage, outcome: RunOutcome) -> bool:
        """Account for one message; True once the run is over."""
        if isinstance(data, str):
            outcome.errors.append("trame texte inattendue sur le websocket")
            return False
        outcome.messages += 1
        outcome.bytes_received += len(data)
        message = ForwardMsg()
        message.ParseFromString(data)
        kind = message.WhichOneof("type")
        error: str | None = None
        if kind == "delta":
            error = message_error(message)
            self._remember_widget(message)
            metric = message_metric(message)
            if metric:
                outcome.metrics[metric[0]] = metric[1]
            if message.metadata.cacheable and message.hash:
                self._cache[message.hash] = _CachedMessage(self._runs, error, metric)
        elif kind == "ref_hash":
            cached = self._cache.get(message.ref_hash)
            if cached is None:
                error = f"message en cache inconnu du client : {message.ref_hash}"
            else:
                cached.run = self._runs
                error = cached.error
                if cached.metric:
                    outcome.metrics[cached.metric[0]] = cached.metric[1]
        elif kind == "new_session":
            self._main_script_hash = message.new_session.main_script_hash
        elif kind == "page_not_found":
            error = f"page introuvable : /{page.url_path}"
        elif kind == "page_info_changed":
            self.query_string = message.page_info_changed.query_string
        elif kind == "navigation":
            outcome.pages = [
                AppPage(item.url_pathname, item.page_name, item.page_script_hash)
                for item in message.navigation.app_pages
                if not item.is_hidden and not item.external_url
            ]
        elif kind == "session_event" and message.session_event.HasField("script_compilation_exception"):
            error = f"erreur de compilation : {message.session_event.script_compilation_exception.message}"
        elif kind == "script_finished":
            status = message.script_finished
            if status == FINISHED.FINISHED_EARLY_FOR_RERUN:
                return False  # the app asked for a rerun; the view goes on
            if status == FINISHED.FINISHED_WITH_COMPILE_ERROR:
                outcome.errors.append("script terminé sur une erreur de compilation")
            return True
        if error:
            outcome.errors.append(error)
        return False

    def _remember_widget(self, message: ForwardMsg) -> None:
        """Keep the value of an entrypoint select box, as the front-end's widget manager does.

        Only the entrypoint's widgets (the territory selector) outlive a page change;
        a value the server set (``set_value``) wins, else the one already held, else
        the default option.
        """
        delta = message.delta
        if delta.WhichOneof("type") != "new_element" or delta.new_element.WhichOneof("type") != "selectbox":
            return
        if message.metadata.active_script_hash != self._main_script_hash:
            return
        box = delta.new_element.selectbox
        if box.form_id:
            return
        if box.set_value and box.HasField("raw_value"):
            self._run_widgets[box.id] = box.raw_value
        elif box.id in self._widgets:
            self._run_widgets[box.id] = self._widgets[box.id]
        elif box.HasField("default") and 0 <= box.default < len(box.options):
            self._run_widgets[box.id] = box.options[box.default]

    def _expire_cache(self) -> None:
        """Forget messages unused for more runs than the front-end keeps them."""
        for key in [
            key for key, item in self._cache.items() if self._runs - item.run > MAX_CACHED_MESSAGE_AGE
        ]:
            del self._cache[key]


def _origin(http_base: str) -> str:
    parts = urlsplit(http_base)
    return f"{parts.scheme}://{parts.netloc}"
