#!/usr/bin/env bash
# Install the dashboard in .venv, then load a dashboard server it starts
# itself with N concurrent Streamlit sessions for a bounded time:
#
#   bash scripts/run_loadtest.sh                                  # 20 sessions, 60 s, embedded store
#   bash scripts/run_loadtest.sh --demo-scale 1                   # on a temporary national demo store
#   bash scripts/run_loadtest.sh --database-url postgresql+psycopg://postgres@127.0.0.1:5432/fne_load
#   bash scripts/run_loadtest.sh --sessions 40 --duration 120 --think-time 5
#
# Without --database-url the server uses DATABASE_URL, else the embedded store. The report
# goes to loadtest/results/latest.md; the exit code is 1 when any error was seen.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d .venv ] || python3 -m venv .venv
. .venv/bin/activate
pip install --quiet --disable-pip-version-check -r requirements.txt
exec python -m loadtest.run --start-server "$@"
