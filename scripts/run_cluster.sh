#!/usr/bin/env bash
# Start the dashboard as deployed on several machines, on this one: a PostgreSQL primary and a
# streaming replica (pg_basebackup -R), N dashboard processes reading the replica and writing to
# the primary, and HAProxy in front (sticky sessions, health checks):
#
#   bash scripts/run_cluster.sh --replicas 2            # http://127.0.0.1:8500
#   bash scripts/run_cluster.sh --replicas 3 --port 9000
#
# Needs Debian's postgresql (initdb, pg_ctl, pg_basebackup) and haproxy, installed here when run
# as root and missing. Everything stops with Ctrl-C. See README.md, « Plusieurs serveurs ».
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d .venv ] || python3 -m venv .venv
. .venv/bin/activate
pip install --quiet --disable-pip-version-check -r requirements.txt

missing=()
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
ls /usr/lib/postgresql/*/bin/pg_basebackup >/dev/null 2>&1 || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installation de ${missing[*]} (Debian)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

exec python -m tooling.cluster "$@"
