"""Hostile input: names typed by many hands reach the browser, the exports and the PDF only as text.

The names below (HTML, script, Markdown, spreadsheet formulas) go through the real
importers and the journal, then every place they are shown is checked for what a
user would see: the text as typed, never an image, a link, bold text or a formula.
Huge files and web pages saved in place of a CSV are refused in French, writing nothing.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import Engine, func, select
from streamlit.testing.v1 import AppTest

from dashboard import resources
from dashboard.brief_pdf import brief_pdf
from dashboard.charts import fragility as fragility_charts
from dashboard.charts import governance as governance_charts
from dashboard.charts import label_text
from dashboard.charts import lieux as lieux_charts
from dashboard.charts import roadmaps as roadmap_charts
from dashboard.exports import csv_bytes, xlsx_bytes
from dashboard.formatting import MARKDOWN_SPECIALS, plain
from data_access import fragility, governance, lieux, roadmaps
from data_access.access import DEMO_VIEWER
from data_access.brief import copil_brief
from data_access.db import make_engine
from data_access.geography import load_geography
from data_access.importers import (
    MAX_FILE_BYTES,
    OPERATOR,
    ImportContext,
    ImportRejected,
    import_file,
    template_text,
)
from data_access.meetings import DecisionDraft, Meeting, record_meeting
from data_access.migrate import upgrade
from data_access.models import Gouvernance, ImportLog, Lieu
from data_access.scope import Territory
from tests.conftest import SMALL_GEOGRAPHY
from tests.pages.conftest import run_page, table
from tooling.server import ServerDidNotStart, background_server

HTML = "<img src=x onerror=alert(1)>"
SCRIPT = "<script>alert('fne')</script>"
BOLD = "**gras**"
LINK = "[lien](javascript:alert(1))"
FORMULA = "=cmd|' /C calc'!A0"
MARKUP = (HTML, SCRIPT, BOLD, LINK)

LIEUX = {
    "lieu-html": f"{HTML} Médiathèque",
    "lieu-script": f"{SCRIPT} EPN",
    "lieu-markdown": f"{BOLD} {LINK}",
    "lieu-egal": FORMULA,
    "lieu-plus": "+33 6 12 34 56 78",
    "lieu-moins": "-2+3 Tiers-lieu",
    "lieu-arobase": "@SUM(A1) Fablab",
}
COMMUNE = f"Chartres {SCRIPT}"
TYPOLOGY = "<b>TYPO</b>"
PORTEUR = f"{HTML} {BOLD}"
COPORTEURS = [SCRIPT, LINK]
SOUS_PREFET = FORMULA
NOTE = f"{LINK} :red[rouge] $x^2$ # titre"
ROADMAP = f"{BOLD} feuille"
AXIS = f"{HTML} Axe"
ACTIONS = {"A-1": FORMULA, "A-2": f"{SCRIPT} action", "A-3": f"{BOLD} {LINK}"}
ACTION_PORTEUR = LINK
STRUCTURE = f'=HYPERLINK("http://x") {HTML}'
DECISIONS = f"{LINK} {HTML}"
DEPARTEMENT = Territory.departement("28")


# --- The hostile store -------------------------------------------------------------------


def write_csv(path: Path, header: list[str], rows: list[dict[str, str]], delimiter: str = ";") -> Path:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, header, delimiter=delimiter, lineterminator="\n", restval="")
    writer.writeheader()
    writer.writerows(rows)
    path.write_text(buffer.getvalue(), encoding="utf-8")
    return path


def header_of(kind: str) -> list[str]:
    delimiter = "," if kind in ("lieux", "ifn") else ";"
    return next(csv.reader(io.StringIO(template_text(kind)), delimiter=delimiter))


def hostile_files(folder: Path) -> dict[str, Path]:
    """One file per importer whose names are hostile; every other value is valid."""
    places = [
        {
            "id": key,
            "pivot": "21280085700012",
            "nom": name,
            "commune": COMMUNE if key == "lieu-html" else "Chartres",
            "code_postal": "28000",
            "code_insee": "28085",
            "adresse": "1 place des Halles",
            "latitude": "48.4469",
            "longitude": "1.4890",
            "typologie": TYPOLOGY,
            "date_maj": "2024-03-12",
            "dispositif_programmes_nationaux": "Conseillers numériques",
        }
        for key, name in LIEUX.items()
    ]
    governances = [
        {
            "code_departement": "28",
            "etape": "formalisee",
            "perimetre": "departement",
            "porteur_nom": PORTEUR,
            "porteur_type": "departement",
            "pas_de_coporteurs": "non",
            "coporteurs": "|".join(COPORTEURS),
            "sous_prefet_nom": SOUS_PREFET,
            "note_de_contexte": NOTE,
            "date_pressentie": "2023-10-12",
            "date_formalisee": "2023-12-15",
            "comites": "strategique:trimestrielle",
        },
        {
            "code_departement": "45",
            "etape": "formalisee",
            "porteur_nom": HTML,
            "date_formalisee": "2023-12-15",
        },
    ]
    actions = [
        {
            "reference_feuille": "FDR-28",
            "nom_feuille": ROADMAP,
            "code_departement": "28",
            "perimetre": "departemental",
            "porteur_feuille": HTML,
            "axe_numero": "1",
            "axe_nom": AXIS,
            "reference_action": reference,
            "action": name,
            "porteur": ACTION_PORTEUR,
            "statut": "en_cours",
            "avancement": "40",
            "date_debut": "2024-01-15",
            "date_fin": "2024-12-31",
            "budget_global": "25 000",
        }
        for reference, name in ACTIONS.items()
    ]
    candidatures = [
        {
            "reference": "CAND-28-001",
            "code_departement": "28",
            "persona": "epci",
            "intention": "porter",
            "statut": "confirme",
            "structure_nom": STRUCTURE,
            "siren": "200033181",
            "code_epci": "200033181",
            "date_creation": "2023-09-01",
            "date_envoi": "2023-09-28",
            "contact_structure": HTML,
        }
    ]
    fragility_scores = [
        {
            "name": "Chartres",
            "division": "city",
            "code": code,
            **dict.fromkeys(fragility.SUB_SCORES, "0.5"),
            "total": total,
        }
        for code, total in (("28085", "7.5"), ("28218", "4.0"), ("28088", "8.0"), ("28280", "6.5"))
    ]
    return {
        "lieux": write_csv(folder / "lieux.csv", header_of("lieux"), places, ","),
        "ifn": write_csv(folder / "ifn.csv", header_of("ifn"), fragility_scores, ","),
        "gouvernances": write_csv(folder / "gouvernances.csv", header_of("gouvernances"), governances),
        "feuilles-de-route": write_csv(folder / "feuilles.csv", header_of("feuilles-de-route"), actions),
        "candidatures": write_csv(folder / "candidatures.csv", header_of("candidatures"), candidatures),
    }


def load_hostile(engine: Engine, folder: Path) -> None:
    """Import every hostile file through the real importers, and journal a hostile meeting."""
    for kind, path in hostile_files(folder).items():
        import_file(engine, kind, path, ImportContext(OPERATOR, today=date(2024, 6, 1)))
    record_meeting(
        engine,
        DEMO_VIEWER,
        Meeting(
            "28",
            "strategique",
            date(2024, 5, 14),
            participants=SCRIPT,
            conclusions=BOLD,
            decisions=DECISIONS,
            decision_items=(DecisionDraft(DECISIONS, SCRIPT, date(2024, 6, 30)),),
        ),
    )


@pytest.fixture
def hostile_engine(geo_engine: Engine, tmp_path: Path) -> Engine:
    load_hostile(geo_engine, tmp_path)
    return geo_engine


def test_hostile_names_are_imported_and_stored_exactly_as_typed(hostile_engine: Engine) -> None:
    detail = governance.departement_detail(hostile_engine, DEPARTEMENT)
    assert detail.porteur_nom == PORTEUR
    assert detail.sous_prefet_nom == SOUS_PREFET
    assert detail.note_de_contexte == NOTE
    assert sorted(detail.coporteurs["nom"]) == sorted(COPORTEURS)
    assert detail.reunions.iloc[0]["decisions"] == DECISIONS
    assert sorted(lieux.places_on_map(hostile_engine, DEPARTEMENT)["nom"]) == sorted(LIEUX.values())
    assert sorted(roadmaps.actions_table(hostile_engine, DEPARTEMENT)["action"]) == sorted(ACTIONS.values())


# --- Text helpers --------------------------------------------------------------------------


def unescaped_markdown(source: str) -> list[str]:
    """Markdown punctuation of ``source`` left without a backslash (what Markdown would interpret)."""
    loose, index = [], 0
    while index < len(source):
        char = source[index]
        if char == "\\" and index + 1 < len(source) and MARKDOWN_SPECIALS.match(source[index + 1]):
            index += 2
            continue
        if MARKDOWN_SPECIALS.match(char):
            loose.append(char)
        index += 1
    return loose


@pytest.mark.parametrize("text", [*MARKUP, FORMULA, NOTE, "R&D :material/home: ![x](y) ~~barré~~ `code`"])
def test_plain_leaves_no_markdown_syntax_and_keeps_every_character(text: str) -> None:
    shown = plain(text)
    assert unescaped_markdown(shown) == []
    assert re.sub(r"\\(.)", r"\1", shown) == text


def test_plain_shows_a_missing_value_as_a_dash_and_leaves_apostrophes() -> None:
    assert plain(None) == "—"
    assert plain("Conseil départemental d'Eure-et-Loir") == "Conseil départemental d'Eure\\-et\\-Loir"


def test_label_text_makes_plotly_print_tags_and_entities() -> None:
    assert label_text("R&D <b>x</b>") == "R&amp;D &lt;b&gt;x&lt;/b&gt;"
    assert label_text("Lucé") == "Lucé"


# --- Maps: store text only as placeholder values ------------------------------------------------


def deck_json(deck: object) -> dict:
    return json.loads(deck.to_json())


def layer_values(deck: object) -> list[str]:
    """Every text value a deck sends to the browser with its layers (GeoJSON properties or records)."""
    values: list[str] = []
    for layer in deck_json(deck)["layers"]:
        data = layer.get("data")
        records = [feature["properties"] for feature in data["features"]] if isinstance(data, dict) else data
        for record in records or []:
            values += [value for value in record.values() if isinstance(value, str)]
    return values


def assert_text_only_in_values(deck: object, *texts: str) -> None:
    """The tooltip template (inserted as HTML) holds no store text; the values (which Streamlit
    HTML-escapes, see the browser test) hold it as typed, without markup of their own."""
    template = deck._tooltip["html"]
    values = layer_values(deck)
    shown = "\n".join(values)
    for text in texts:
        assert text not in template
        assert text in shown, text
    assert not [value for value in values if "<br" in value]
    assert deck._tooltip["style"]["whiteSpace"] == "pre-line"


def test_governance_map_carries_the_porteur_as_a_value(hostile_engine: Engine) -> None:
    stages = governance.stage_per_departement(hostile_engine, Territory.region("24"))
    deck = governance_charts.governance_map(stages, fit=True)
    assert deck._tooltip["html"] == governance_charts.MAP_TOOLTIP
    assert_text_only_in_values(deck, PORTEUR, HTML)


@pytest.mark.parametrize("territory", [Territory.national(), DEPARTEMENT], ids=["national", "departement"])
def test_lieux_map_carries_names_and_communes_as_values(hostile_engine: Engine, territory: Territory) -> None:
    points = lieux.places_on_map(hostile_engine, territory)
    if territory.level == "national":
        outlines = lieux.places_per_departement(hostile_engine, territory).assign(detail="")
    else:
        outlines = lieux.places_per_commune(hostile_engine, territory).assign(detail="")
    deck, _ = lieux_charts.places_map(points, outlines, national=territory.level == "national")
    assert_text_only_in_values(deck, *LIEUX.values(), COMMUNE)
    detail = next(value for value in layer_values(deck) if value.startswith(COMMUNE))
    assert detail == f"{COMMUNE}\nConseillers numériques\nMise à jour : 12 mars 2024"


def test_fragility_map_carries_lieux_names_as_values(hostile_engine: Engine) -> None:
    deck, _ = fragility_charts.communes_map(
        fragility.ifn_per_commune(hostile_engine, DEPARTEMENT),
        lieux.places_on_map(hostile_engine, DEPARTEMENT),
        fragility.fragile_communes_without_place(hostile_engine, DEPARTEMENT),
    )
    assert_text_only_in_values(deck, *LIEUX.values())


# --- Charts: Plotly labels and hovers print tags ---------------------------------------------------


def figure_texts(figure: object) -> str:
    """Every label, hover value and legend entry of a figure's traces, joined."""
    parts: list[str] = []
    for trace in figure.data:
        for attribute in ("x", "y", "text", "customdata", "name", "hovertemplate"):
            value = getattr(trace, attribute, None)
            if value is not None:
                parts.append(json.dumps(value if isinstance(value, str) else list(value), default=str))
    return "\n".join(parts)


def assert_escaped(texts: str, *hostile: str) -> None:
    for text in hostile:
        assert label_text(text) in texts, text
    for tag in ("<img", "<script", "<b>TYPO"):
        assert tag not in texts


def test_roadmap_charts_print_axis_names_literally(hostile_engine: Engine) -> None:
    axes = roadmaps.progress_by_axis(hostile_engine, DEPARTEMENT)
    axes = axes.assign(libelle=roadmap_charts.axis_labels(axes))
    assert_escaped(figure_texts(roadmap_charts.progress_chart(axes)), AXIS)
    money = roadmaps.budget_summary(hostile_engine, DEPARTEMENT).par_axe
    money = money.assign(libelle=roadmap_charts.axis_labels(money))
    assert_escaped(figure_texts(roadmap_charts.budget_chart(money)), AXIS)


def test_typology_chart_prints_unknown_codes_literally(hostile_engine: Engine) -> None:
    typologies = lieux.places_by_typology(hostile_engine, DEPARTEMENT)
    assert TYPOLOGY in set(typologies["typologie"])
    assert_escaped(figure_texts(lieux_charts.typology_bars(typologies)), TYPOLOGY)


# --- The PDF brief prints names as typed -----------------------------------------------------------


def test_copil_pdf_prints_hostile_names_literally(hostile_engine: Engine) -> None:
    brief = copil_brief(hostile_engine, DEPARTEMENT, date(2025, 3, 1))
    content = brief_pdf(brief)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages).replace("\n", " ")
    assert content.startswith(b"%PDF")
    assert "onerror=alert(1)>" in text
    assert "(javascript:alert(1))" in text


# --- Huge files and web pages ---------------------------------------------------------------------


def stored_rows(engine: Engine) -> tuple[int, int, int]:
    with engine.connect() as connection:
        return tuple(
            connection.scalar(select(func.count()).select_from(model))
            for model in (Lieu, Gouvernance, ImportLog)
        )


def test_file_over_the_size_limit_is_refused_before_reading_and_nothing_is_written(
    geo_engine: Engine, tmp_path: Path
) -> None:
    path = tmp_path / "lieux-france-entière.csv"
    with path.open("wb") as handle:
        handle.write(template_text("lieux").encode())
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: costs no disk, only its size is checked
    with pytest.raises(ImportRejected) as rejected:
        import_file(geo_engine, "lieux", path, ImportContext(OPERATOR))
    message = rejected.value.message_fr()
    assert message.startswith("Import refusé : 1 erreur dans « lieux-france-entière.csv »")
    assert "Aucune donnée n'a été enregistrée." in message
    assert "fichier trop volumineux (50,0 Mo ; 50 Mo au plus)" in message
    assert stored_rows(geo_engine) == (0, 0, 0)


@pytest.mark.parametrize("kind", ["lieux", "gouvernances", "feuilles-de-route"])
def test_web_page_saved_as_csv_is_refused_with_a_french_reason(
    geo_engine: Engine, tmp_path: Path, kind: str
) -> None:
    path = tmp_path / "export.csv"
    path.write_text(
        '\ufeff<!DOCTYPE html>\n<html lang="fr"><head><title>Connexion</title></head>\n'
        '<body><form action="/login">Identifiant, "mot de passe"</form></body></html>\n',
        encoding="utf-8",
    )
    with pytest.raises(ImportRejected) as rejected:
        import_file(geo_engine, kind, path, ImportContext(OPERATOR))
    assert rejected.value.message_fr().splitlines()[1] == (
        "- export.csv : contenu HTML ou XML (une page web ?) au lieu d'un fichier CSV, JSON ou XLSX : "
        "téléchargez le fichier de données lui-même"
    )
    assert stored_rows(geo_engine) == (0, 0, 0)


# --- Pages (AppTest on a SQLite store holding the hostile names) ------------------------------------


@pytest.fixture(scope="module")
def hostile_store_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    folder = tmp_path_factory.mktemp("hostile")
    url = f"sqlite:///{folder / 'hostile.sqlite'}"
    created = make_engine(url)
    upgrade(created)
    load_geography(created, SMALL_GEOGRAPHY)
    load_hostile(created, folder)
    created.dispose()
    return url


@pytest.fixture
def hostile_app(hostile_store_url: str, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    monkeypatch.setenv("DATABASE_URL", hostile_store_url)
    for cached in (resources.engine, resources.writer_engine):
        cached.clear()
    resources.clear_caches()
    yield hostile_store_url
    for cached in (resources.engine, resources.writer_engine):
        cached.clear()
    resources.clear_caches()


def markdown_text(app: AppTest) -> str:
    return "\n".join(str(element.value) for element in app.markdown)


MARKDOWN_ACTIVE = set("\\`*_{}[]<>()#+-.!|$~")
"""Characters by which Markdown (and Streamlit's directives and LaTeX) would turn text into markup."""


def assert_literal(source: str, *texts: str) -> None:
    """Each text is in the Markdown source with every active character backslash-escaped (so it
    shows as typed), whichever escaper the page used; never raw."""
    for text in texts:
        pattern = "".join(r"\\?" + re.escape(char) for char in text)
        found = re.search(pattern, source)
        assert found is not None, text
        assert not [char for char in unescaped_markdown(found.group()) if char in MARKDOWN_ACTIVE], text
        assert text not in source, text


def test_governance_detail_shows_names_literally(hostile_app: str) -> None:
    app = run_page("pages/governance.py", departement="28")
    assert_literal(markdown_text(app), PORTEUR, SOUS_PREFET, NOTE)
    assert set(table(app, "Co-porteur")["Co-porteur"]) == set(COPORTEURS)


@pytest.mark.parametrize(
    ("panel", "texts"),
    [("gouvernance", (PORTEUR, SOUS_PREFET, *COPORTEURS))],
)
def test_copil_panels_show_names_literally(hostile_app: str, panel: str, texts: tuple[str, ...]) -> None:
    app = run_page("pages/copil.py", departement="28", panneau=panel)
    assert_literal(markdown_text(app), *texts)


@pytest.mark.parametrize(
    ("panel", "shown"),
    [
        ("suivi", {"Décision": (DECISIONS,), "Responsable": (SCRIPT,)}),
        ("vigilance", {"Action": tuple(ACTIONS.values()), "Porteur": (ACTION_PORTEUR,)}),
    ],
)
def test_copil_tables_show_names_as_typed(
    hostile_app: str, panel: str, shown: dict[str, tuple[str, ...]]
) -> None:
    """Decisions followed up and late actions are in the projected tables, which render Markdown:
    each name reaches them escaped (the browser test below reads them as typed)."""
    app = run_page("pages/copil.py", departement="28", panneau=panel)
    cells = {column: set() for column in shown}
    for element in app.table:
        for column in shown:
            if column in element.value.columns:
                cells[column] |= set(element.value[column])
    for column, texts in shown.items():
        assert {plain(text) for text in texts} <= cells[column], column
    assert all(text not in markdown_text(app) for text in MARKUP)


def test_table_export_of_a_page_neutralises_formula_names(hostile_app: str) -> None:
    app = run_page("pages/roadmaps.py", departement="28")
    shown = table(app, "Action", "Porteur")
    assert FORMULA in set(shown["Action"])
    exported = list(csv.reader(io.StringIO(csv_bytes(shown).decode("utf-8-sig")), delimiter=";"))
    column = exported[0].index("Action")
    assert "'" + FORMULA in [row[column] for row in exported[1:]]
    sheet = load_workbook(io.BytesIO(xlsx_bytes(shown))).active
    cells = [cell.value for cell in sheet[chr(ord("A") + column)]]
    assert "'" + FORMULA in cells
    assert FORMULA not in cells


def test_action_edit_confirmation_shows_the_action_name_literally(hostile_app: str) -> None:
    app = run_page("pages/roadmaps.py", departement="28")
    app.selectbox(key="edition_action").set_value("A-3").run()
    app.button(key="FormSubmitter:edition_action_form-Enregistrer").click().run()
    assert not app.exception
    (confirmation,) = [element.value for element in app.success]
    assert_literal(confirmation, ACTIONS["A-3"])


def deck_values(app: AppTest) -> list[str]:
    """Every string value of the page's pydeck maps (what their tooltips show)."""
    values: list[str] = []

    def collect(node: object) -> None:
        if isinstance(node, str):
            values.append(node)
        elif isinstance(node, dict):
            for item in node.values():
                collect(item)
        elif isinstance(node, list):
            for item in node:
                collect(item)

    for element in app.get("deck_gl_json_chart"):
        collect(json.loads(element.proto.json))
    return values


@pytest.mark.parametrize(
    ("page", "params", "shown"),
    [
        ("pages/lieux.py", {"departement": "28"}, {"Lieu": tuple(LIEUX.values()), "Typologie": (TYPOLOGY,)}),
        ("pages/lieux.py", {}, {"Typologie": (TYPOLOGY,)}),
        ("pages/governance.py", {"region": "24"}, {"Porteur": (PORTEUR, HTML)}),
        (
            "pages/candidatures.py",
            {"departement": "28"},
            {"Structure": (STRUCTURE,), "Contact structure": (HTML,)},
        ),
        (
            "pages/meetings.py",
            {"departement": "28"},
            {"Participants": (SCRIPT,), "Conclusions": (BOLD,), "Décisions": (DECISIONS,)},
        ),
        ("pages/fragility.py", {"departement": "28"}, {}),
    ],
)
def test_pages_with_hostile_names_open_and_show_them_as_table_text(
    hostile_app: str, page: str, params: dict[str, str], shown: dict[str, tuple[str, ...]]
) -> None:
    """The names are there, as typed, in table cells (text, never markup), and nowhere in the Markdown."""
    app = run_page(page, **params)
    for column, texts in shown.items():
        assert set(texts) <= set(table(app, column)[column]), column
    if page == "pages/fragility.py":
        assert set(LIEUX.values()) <= set(deck_values(app)), "the map's tooltips carry the lieux names"
    assert all(text not in markdown_text(app) for text in MARKUP)


# --- In Chromium: what the user actually sees --------------------------------------------------------


CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def hostile_server(hostile_store_url: str) -> Iterator[str]:
    if not CHROMIUM.exists():
        pytest.skip("Chromium (paquet Debian « chromium ») n'est pas installé")
    try:
        with background_server(hostile_store_url) as (base, _server):
            yield base
    except ServerDidNotStart as failure:
        pytest.fail(str(failure))


@pytest.fixture(scope="module")
def chromium_page(hostile_server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        page = browser.new_page(viewport={"width": 1600, "height": 1000}, locale="fr-FR")
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.dialogs = dialogs
        yield page
        browser.close()


def injected(page: object) -> int:
    """Elements the hostile names would create if the browser interpreted them."""
    return page.evaluate(
        """() => document.querySelectorAll(
            'img[src="x"], [data-testid="stMain"] script, a[href^="javascript"]'
        ).length"""
    )


def main_text(page: object) -> str:
    return page.locator('[data-testid="stMain"]').inner_text()


@pytest.mark.browser
def test_browser_shows_governance_names_as_typed(chromium_page: object, hostile_server: str) -> None:
    page = chromium_page
    page.goto(f"{hostile_server}/gouvernance?departement=28")
    page.get_by_text("Note de contexte").wait_for(timeout=60_000)
    text = main_text(page)
    for name in (PORTEUR, SOUS_PREFET, NOTE):
        assert name in text
    strong = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid="stMain"] strong')].map(e => e.textContent)"""
    )
    assert "gras" not in strong
    assert injected(page) == 0
    assert page.dialogs == []


@pytest.mark.browser
def test_browser_shows_copil_names_as_typed_and_injects_nothing(
    chromium_page: object, hostile_server: str
) -> None:
    page = chromium_page
    panels = (
        ("gouvernance", "Sous-préfet référent", (PORTEUR, *COPORTEURS)),
        ("suivi", "Décisions du", ()),  # the decisions are grid cells (canvas): checked in AppTest above
    )
    for panel, heading, names in panels:
        page.goto(f"{hostile_server}/copil?departement=28&panneau={panel}")
        page.locator('[data-testid="stMarkdownContainer"]', has_text=heading).wait_for(timeout=60_000)
        text = main_text(page)
        for name in names:
            assert name in text
        assert injected(page) == 0
    assert page.dialogs == []


@pytest.mark.browser
def test_browser_map_tooltip_shows_the_porteur_as_typed(chromium_page: object, hostile_server: str) -> None:
    page = chromium_page
    page.goto(f"{hostile_server}/gouvernance?region=24")
    canvas = page.locator("#deckgl-overlay").first
    canvas.wait_for(timeout=60_000)
    canvas.scroll_into_view_if_needed()
    time.sleep(2)
    box = canvas.bounding_box()
    tooltip = None
    for fx in (0.5, 0.4, 0.6, 0.3, 0.7):
        for fy in (0.5, 0.4, 0.6, 0.3, 0.7):
            page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * fy)
            time.sleep(0.3)
            tip = page.locator(".deck-tooltip").first
            if tip.count() and tip.is_visible():
                tooltip = tip.evaluate("e => [e.innerText, e.querySelectorAll('img, script, strong').length]")
                break
        if tooltip:
            break
    assert tooltip is not None, "aucune info-bulle au survol de la carte"
    text, elements = tooltip
    assert "Porteur : <img src=x onerror=alert(1)>" in text
    assert elements == 0
    assert page.dialogs == []


@pytest.mark.browser
def test_browser_copil_table_prints_decisions_as_typed(chromium_page: object, hostile_server: str) -> None:
    page = chromium_page
    page.goto(f"{hostile_server}/copil?departement=28&panneau=suivi")
    page.locator('[data-testid="stTable"]').first.wait_for(timeout=60_000)
    cells = page.locator('[data-testid="stTable"] td').all_inner_texts()
    assert DECISIONS in cells, cells
    assert SCRIPT in cells, cells
    assert page.locator('[data-testid="stTable"] strong, [data-testid="stTable"] a').count() == 0
    assert injected(page) == 0
    assert page.dialogs == []


@pytest.mark.browser
def test_browser_chart_prints_axis_names_as_typed(chromium_page: object, hostile_server: str) -> None:
    page = chromium_page
    page.goto(f"{hostile_server}/feuille-de-route?departement=28")
    page.locator(".js-plotly-plot").first.wait_for(timeout=60_000)
    ticks = page.evaluate(
        """() => [...document.querySelectorAll('.js-plotly-plot .ytick text')].map(e => e.textContent)"""
    )
    assert any(f"Axe 1 – {AXIS}" in tick for tick in ticks), ticks
    assert injected(page) == 0
    assert page.dialogs == []
