#!/usr/bin/env bash
# Install the dashboard in .venv and start it on the embedded SQLite store
# (created with the reference geography and demo data on first start).
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d .venv ] || python3 -m venv .venv
. .venv/bin/activate
pip install --quiet --disable-pip-version-check -r requirements.txt
exec python -m dashboard.serve "$@"
