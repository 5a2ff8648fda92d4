"""Hand-run check: load the real public files into a fresh store and open every page on it.

    python scripts/check_real_data.py [REALDATA_DIR] [--store sqlite:////tmp/fne-real.sqlite]

REALDATA_DIR (default ``../shared/realdata``) holds the real files described in its
``SOURCES.md``; nothing of it is copied into the repository. Every lieux file,
the IFN of communes and EPCI, and the 2024 dotations are imported through the
same importers as ``python -m data_access import``; then each page is run through
AppTest at national, région and département level and any exception is reported.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

from data_access.db import make_engine  # noqa: E402
from data_access.geography import load_geography  # noqa: E402
from data_access.importers import OPERATOR, ImportContext, ImportRejected, import_file  # noqa: E402
from data_access.migrate import upgrade  # noqa: E402

REAL_FILES = [
    (
        "lieux",
        "cartographie-nationale/20230517-hub-du-sud-lieux-de-mediation-numeriques-provence-alpes-cote-d-azur.json",
    ),
    (
        "lieux",
        "cartographie-nationale/20230711-charente-lieux-de-mediation-numeriques-nouvelle-aquitaine.json",
    ),
    ("lieux", "cartographie-nationale/hinaura-lieux-de-mediation-numerique_source.json"),
    ("lieux", "cartographie-nationale/lieux-de-mediation-numerique.cnfs.json"),
    (
        "lieux",
        "cartographie-nationale/20240320-nouvelle-caledonie-lieux-de-mediation-numeriques-nouvelle-caledonie.json",
    ),
    ("ifn", "inclusion-numerique/ifn-city-all-variation.csv"),
    ("ifn", "inclusion-numerique/ifn-epci-all-variation.csv"),
    ("dotations", "inclusion-numerique/fne_dotation_ingenierie_202406_par_departement.csv"),
]
PAGES = [
    "pages/summary.py",
    "pages/governance.py",
    "pages/candidatures.py",
    "pages/lieux.py",
    "pages/fragility.py",
    "pages/roadmaps.py",
    "pages/comparison.py",
    "pages/copil.py",
    "pages/meetings.py",
    "pages/history.py",
]
LEVELS = {"national": {}, "région 84": {"region": "84"}, "département 69": {"departement": "69"}}


def build_store(url: str, realdata: Path) -> None:
    engine = make_engine(url)
    upgrade(engine)
    load_geography(engine)
    for kind, name in REAL_FILES:
        started = time.perf_counter()
        try:
            report = import_file(engine, kind, realdata / name, ImportContext(OPERATOR))
        except ImportRejected as rejected:
            print(f"REFUSÉ {name}\n{rejected.message_fr()}")
            continue
        print(f"{kind:10} {name}: {report.rows} lignes en {time.perf_counter() - started:.1f} s")
    engine.dispose()


def open_pages(url: str) -> int:
    from streamlit.testing.v1 import AppTest

    os.environ["DATABASE_URL"] = url
    failures = 0
    for level, params in LEVELS.items():
        for page in PAGES:
            app = AppTest.from_file(str(REPO_ROOT / "app.py"), default_timeout=120)
            for name, value in params.items():
                app.query_params[name] = value
            app.run()
            app.switch_page(page)
            started = time.perf_counter()
            app.run()
            elapsed = time.perf_counter() - started
            metrics = ", ".join(f"{metric.label} = {metric.value}" for metric in app.metric[:4])
            status = "EXCEPTION" if app.exception else "ok"
            failures += bool(app.exception)
            print(f"{status:9} {level:15} {page:26} {elapsed:5.2f} s  {metrics}")
    return failures


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("realdata", nargs="?", default=str(REPO_ROOT.parent / "shared" / "realdata"))
    parser.add_argument("--store", default="sqlite:////tmp/fne-real.sqlite")
    args = parser.parse_args()
    if args.store.startswith("sqlite:///"):
        Path(args.store.removeprefix("sqlite:///")).unlink(missing_ok=True)
    build_store(args.store, Path(args.realdata))
    return 1 if open_pages(args.store) else 0


if __name__ == "__main__":
    raise SystemExit(main())
