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

import sys
from pathlib import Path

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

APP = Path(__file__).resolve().parents[1] / "app.py"


def main(options: list[str] | None = None) -> None:
    PagesManager.uses_pages_directory = False
    cli.main(args=["run", str(APP), *(sys.argv[1:] if options is None else options)], prog_name="streamlit")


if __name__ == "__main__":
    main()
