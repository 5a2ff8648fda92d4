"""Hostile uploads, measured: how long a zip-bomb-like XLSX takes to be refused, and what another
user's page takes meanwhile; the same for a heavy file within the limits, and for an abandoned one.

Issue 13 measured a 132 KB XLSX holding 58 MB of XML (50 000 rows): about 60 s before its refusal,
past 2 minutes at 200 000 rows, another user's page at 54 s instead of 3–14 s, and the import still
running after the uploader closed his tab. This builds the same files and measures again::

    python -m benchmarks.hostile_uploads [--backend sqlite|postgresql] [--skip-browser]

The data-layer figures need nothing; the page figures need Chromium and start a real server
(``dashboard.serve``) over a small store of their own. Results are printed and written to
``benchmarks/results/hostile_uploads.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import string
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape

from benchmarks.common import RESULTS_DIR, log, median

CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" '
    'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
    "</Types>"
)
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="xl/workbook.xml"/></Relationships>'
)
WORKBOOK = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
    '<sheets><sheet name="Feuille1" sheetId="1" r:id="rId1"/></sheets></workbook>'
)
WORKBOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" '
    'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
    'Target="worksheets/sheet1.xml"/></Relationships>'
)
SHEET_START = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)
GOVERNANCE_HEADER = ["code_departement", "etape", "note_de_contexte"]
BOMB_NOTE_CHARACTERS = 1_100
"""About 1,2 KB of XML per row: 50 000 rows make the 58 MB of the issue's file."""

Cell = str | tuple[str, str | None]
"""A text, or ``(formula, cached value or None)``."""


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def row_xml(number: int, cells: Iterable[Cell], references: bool = True) -> bytes:
    """One ``<row>``; without ``references`` (optional in the format) identical rows compress ~1000:1."""
    parts = [f'<row r="{number}">' if references else "<row>"]
    for index, cell in enumerate(cells):
        reference = f' r="{column_letter(index)}{number}"' if references else ""
        if isinstance(cell, tuple):
            formula, cached = cell
            value = "" if cached is None else f"<v>{escape(cached)}</v>"
            parts.append(f"<c{reference}><f>{escape(formula)}</f>{value}</c>")
        else:
            parts.append(f'<c{reference} t="inlineStr"><is><t>{escape(cell)}</t></is></c>')
    parts.append("</row>")
    return "".join(parts).encode()


def write_xlsx(
    path: Path, rows: Iterable[list[Cell]], dimension: str | None = None, references: bool = True
) -> Path:
    """A minimal workbook (one sheet of inline strings), written row by row at full compression."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", ROOT_RELS)
        archive.writestr("xl/workbook.xml", WORKBOOK)
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELS)
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(SHEET_START.encode())
            if dimension:
                sheet.write(f'<dimension ref="{dimension}"/>'.encode())
            sheet.write(b"<sheetData>")
            for number, cells in enumerate(rows, start=1):
                sheet.write(row_xml(number, cells, references))
            sheet.write(b"</sheetData></worksheet>")
    return path


def zip_bomb_xlsx(path: Path, rows: int) -> Path:
    """The issue's hostile file: tiny on disk, tens of megabytes of XML once inflated."""
    note = "x" * BOMB_NOTE_CHARACTERS

    def lines() -> Iterator[list[Cell]]:
        yield list(GOVERNANCE_HEADER)
        for _ in range(rows):
            yield ["28", "pressentie", note]

    return write_xlsx(path, lines(), f"A1:C{rows + 1}", references=False)


def heavy_xlsx(path: Path, rows: int, note_characters: int = 60, seed: int = 13) -> Path:
    """A file within every limit that still takes its parser tens of seconds (random text compresses
    little), refused only once parsed, for its département repeated on every row."""
    generator = random.Random(seed)
    alphabet = string.ascii_letters + " "

    def lines() -> Iterator[list[Cell]]:
        yield list(GOVERNANCE_HEADER)
        for _ in range(rows):
            yield ["28", "pressentie", "".join(generator.choices(alphabet, k=note_characters))]

    return write_xlsx(path, lines(), f"A1:C{rows + 1}")


@dataclass
class FileFigures:
    name: str
    rows: int
    bytes_on_disk: int
    xml_bytes: int


@dataclass
class RefusalFigures:
    file: FileFigures
    refusal_seconds: float
    message: str


@dataclass
class PageFigures:
    scenario: str
    file: FileFigures | None
    upload_outcome_seconds: float | None
    outcome: str
    other_page_seconds: list[float] = field(default_factory=list)
    """The other user's page loads that overlapped the import (from the click to the verdict)."""
    child_gone_seconds: float | None = None

    @property
    def other_page_median(self) -> float | None:
        return median(self.other_page_seconds)

    @property
    def other_page_max(self) -> float | None:
        return max(self.other_page_seconds, default=None)


def describe(path: Path, rows: int) -> FileFigures:
    with zipfile.ZipFile(path) as archive:
        xml = sum(member.file_size for member in archive.infolist())
    return FileFigures(path.name, rows, path.stat().st_size, xml)


def measure_refusal(path: Path, rows: int) -> RefusalFigures:
    """Data layer: from the uploaded bytes to the refusal, as the Administration page does it."""
    from dashboard import upload
    from data_access.importers import OPERATOR, ImportContext, ImportRejected

    data = path.read_bytes()
    started = time.perf_counter()
    try:
        with upload.running_import("sqlite://", "gouvernances", path.name, data, ImportContext(OPERATOR)):
            message = "accepté (inattendu)"
    except ImportRejected as rejected:
        message = rejected.message_fr().splitlines()[-1]
    return RefusalFigures(describe(path, rows), time.perf_counter() - started, message)


READY = """() => {
    const app = document.querySelector('[data-testid="stApp"]');
    return app !== null && app.getAttribute('data-test-script-state') === 'notRunning'
        && document.querySelector('[data-testid="stMain"] h1') !== null;
}"""
OUTCOME = '[data-testid="stAlertContentError"], [data-testid="stAlertContentSuccess"]'
OTHER_PAGE = "lieux?departement=28"


def _children(pid: int) -> set[int]:
    """The server's child processes (an import running has one)."""
    found: set[int] = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = task / "children"
        if children.exists():
            found |= {int(child) for child in children.read_text().split()}
    return found


def _other_user_loads(browser: object, base: str, until: float) -> list[tuple[float, float]]:
    """Another user opening a page again and again until ``until``: (start, end) of each load."""
    context = browser.new_context(locale="fr-FR")
    tab = context.new_page()
    loads: list[tuple[float, float]] = []
    try:
        while time.perf_counter() < until or not loads:
            started = time.perf_counter()
            tab.goto(f"{base}/{OTHER_PAGE}")
            tab.wait_for_function(READY, timeout=180_000, polling=50)
            loads.append((started, time.perf_counter()))
    finally:
        context.close()
    return loads


def _durations(loads: list[tuple[float, float]], window: tuple[float, float] | None = None) -> list[float]:
    """Seconds of the loads, only those overlapping ``window`` (the import, click to verdict) if given."""
    return [end - start for start, end in loads if window is None or (start < window[1] and end > window[0])]


def _open_admin(browser: object, base: str) -> tuple[object, object]:
    context = browser.new_context(locale="fr-FR", viewport={"width": 1400, "height": 1000})
    tab = context.new_page()
    tab.goto(f"{base}/admin")
    tab.wait_for_function(READY, timeout=120_000, polling=50)
    return context, tab


def _submit(tab: object, path: Path) -> None:
    tab.locator('[data-testid="stSelectbox"]').filter(has_text="Type de fichier").click()
    tab.get_by_role("option", name="Gouvernances (une ligne par département)").click()
    tab.locator('input[type="file"]').set_input_files(str(path))
    tab.locator('[data-testid="stFileUploader"]').get_by_text(path.name).first.wait_for(timeout=180_000)
    tab.get_by_role("button", name="Importer").click()


def measure_pages(
    backend_url: str, files: list[tuple[str, Path, int]], abandon: tuple[Path, int]
) -> list[PageFigures]:
    """A real server: one user uploads, another opens a page meanwhile (in two threads of Playwright's
    own event loop, i.e. two browser contexts driven alternately by a background thread)."""
    import threading

    from playwright.sync_api import sync_playwright

    from benchmarks.browser import CHROMIUM, CHROMIUM_ARGS
    from tooling.server import background_server

    figures: list[PageFigures] = []
    with background_server(backend_url) as (base, server):
        # baseline: the other user's page with nobody importing
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            _other_user_loads(browser, base, time.perf_counter())  # warms the server's caches once
            baseline = _durations(_other_user_loads(browser, base, time.perf_counter() + 20))
            figures.append(PageFigures("aucun import (référence)", None, None, "", baseline))
            log(f"référence : page d'un autre utilisateur {median(baseline):.2f} s (médiane)")
            browser.close()
        for scenario, path, rows in files:
            outcome: dict[str, object] = {}

            def upload(path: Path = path, outcome: dict[str, object] = outcome) -> None:
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                    context, tab = _open_admin(browser, base)
                    _submit(tab, path)
                    started = time.perf_counter()
                    tab.locator(OUTCOME).first.wait_for(timeout=300_000)
                    outcome["window"] = (started, time.perf_counter())
                    outcome["seconds"] = time.perf_counter() - started
                    outcome["text"] = tab.locator(OUTCOME).first.inner_text()[:300]
                    context.close()
                    browser.close()

            uploader = threading.Thread(target=upload)
            uploader.start()
            time.sleep(3)  # the upload reaches the server, then the other user starts
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
                loads: list[tuple[float, float]] = []
                while uploader.is_alive() or not loads:
                    loads += _other_user_loads(browser, base, time.perf_counter() + 1)
                browser.close()
            uploader.join()
            window = outcome.get("window")
            during = _durations(loads, window) if isinstance(window, tuple) else []
            figure = PageFigures(
                scenario, describe(path, rows), outcome.get("seconds"), str(outcome.get("text", "")), during
            )
            figures.append(figure)
            log(
                f"{scenario} : issue en {figure.upload_outcome_seconds or 0:.2f} s ; autre page "
                f"{figure.other_page_median or 0:.2f} s (médiane), {figure.other_page_max or 0:.2f} s (max)"
            )
        figures.append(_abandon(base, server.pid, *abandon))
    return figures


def _abandon(base: str, server_pid: int, path: Path, rows: int) -> PageFigures:
    """The uploader closes his tab mid-import: how long until the import's process is gone."""
    from playwright.sync_api import sync_playwright

    from benchmarks.browser import CHROMIUM, CHROMIUM_ARGS

    before = _children(server_pid)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        context, tab = _open_admin(browser, base)
        _submit(tab, path)
        deadline = time.perf_counter() + 60
        while not (_children(server_pid) - before) and time.perf_counter() < deadline:
            time.sleep(0.1)
        started_children = _children(server_pid) - before
        time.sleep(2)
        context.close()
        closed = time.perf_counter()
        while started_children & _children(server_pid) and time.perf_counter() < closed + 120:
            time.sleep(0.05)
        gone = time.perf_counter() - closed
        browser.close()
    outcome = (
        "processus d'import arrêté" if not (started_children & _children(server_pid)) else "toujours actif"
    )
    figure = PageFigures("onglet fermé pendant l'import", describe(path, rows), None, outcome, [], gone)
    log(f"onglet fermé : {outcome} {gone:.2f} s après la fermeture (processus : {sorted(started_children)})")
    return figure


def small_store(folder: Path) -> str:
    """A SQLite store with the reference geography and the demo data, for the page figures."""
    from data_access.db import make_engine
    from data_access.demo import generate_demo
    from data_access.geography import load_geography
    from data_access.migrate import upgrade

    url = f"sqlite:///{folder / 'hostile.sqlite'}"
    engine = make_engine(url)
    upgrade(engine)
    load_geography(engine)
    generate_demo(engine, scale=0.2)
    engine.dispose()
    return url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip-browser", action="store_true")
    parser.add_argument("--database-url", help="the store of the page figures (default: a new SQLite one)")
    args = parser.parse_args()
    results: dict[str, object] = {}
    with tempfile.TemporaryDirectory(prefix="fne-hostile-") as folder_name:
        folder = Path(folder_name)
        bombs = [(rows, zip_bomb_xlsx(folder / f"bombe-{rows}.xlsx", rows)) for rows in (50_000, 200_000)]
        refusals = [measure_refusal(path, rows) for rows, path in bombs]
        for refusal in refusals:
            log(
                f"{refusal.file.name} ({refusal.file.bytes_on_disk / 1024:.0f} Ko, "
                f"{refusal.file.xml_bytes / 1_048_576:.1f} Mo de XML, {refusal.file.rows} lignes) : "
                f"refusé en {refusal.refusal_seconds * 1000:.0f} ms — {refusal.message}"
            )
        results["refusals"] = [asdict(refusal) for refusal in refusals]
        if not args.skip_browser:
            heavy_rows = 90_000
            heavy = heavy_xlsx(folder / "lourd.xlsx", heavy_rows)
            url = args.database_url or small_store(folder)
            pages = measure_pages(
                url,
                [(f"bombe {rows} lignes", path, rows) for rows, path in bombs]
                + [("fichier lourd dans les limites", heavy, heavy_rows)],
                (heavy, heavy_rows),
            )
            results["pages"] = [
                {
                    **asdict(page),
                    "other_page_median": page.other_page_median,
                    "other_page_max": page.other_page_max,
                }
                for page in pages
            ]
    RESULTS_DIR.mkdir(exist_ok=True)
    (RESULTS_DIR / "hostile_uploads.json").write_text(json.dumps(results, ensure_ascii=False, indent=2))
    log(f"résultats : {RESULTS_DIR / 'hostile_uploads.json'}")


if __name__ == "__main__":
    main()
