#!/usr/bin/env bash
# Install the dashboard and its test tools in .venv, then run lint and every test:
# data layer on SQLite and PostgreSQL, pages through AppTest, browser tests in Chromium.
#
# PostgreSQL: TEST_DATABASE_URL if set, else the local server at 127.0.0.1:5432 if it answers;
# each run creates its own database there and drops it at the end.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d .venv ] || python3 -m venv .venv
. .venv/bin/activate
pip install --quiet --disable-pip-version-check -r requirements-dev.txt

# Debian packages the tests drive: Chromium (browser tests), HAProxy (the cluster test).
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v haproxy >/dev/null 2>&1 || [ -x /usr/sbin/haproxy ] || missing+=(haproxy)
if [ ${#missing[@]} -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installation (Debian) pour les tests : ${missing[*]}…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if [ -z "${TEST_DATABASE_URL:-}" ] && python - <<'PY' 2>/dev/null
import psycopg
psycopg.connect("postgresql://postgres@127.0.0.1:5432/test", connect_timeout=2).close()
PY
then
  export TEST_DATABASE_URL="postgresql+psycopg://postgres@127.0.0.1:5432/test"
fi
echo "PostgreSQL pour les tests : ${TEST_DATABASE_URL:-aucun (tests PostgreSQL ignorés)}"

ruff check .
ruff format --check .
python -m pytest -q "$@"
