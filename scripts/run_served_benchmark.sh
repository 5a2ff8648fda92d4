#!/usr/bin/env bash
# The performance of the dashboard as served, on the national demo stores (SQLite, and PostgreSQL
# when 127.0.0.1:5432 or BENCH_DATABASE_URL answers), then on several replicas:
#
#   bash scripts/run_served_benchmark.sh                 # ~25 min on a quiet 2-core machine
#   bash scripts/run_served_benchmark.sh --duration 30 --skip-browser
#
# 1. python -m benchmarks.served [options]: server CPU per warm page view (websocket), 20 sessions
#    without pause and 50 sessions pausing 5 s (percentiles, errors), Chromium click → drawn.
#    Options go to it; --baseline measures Streamlit's defaults instead of .streamlit/config.toml.
# 2. python -m benchmarks.cluster: throughput 1 → 2 replicas behind HAProxy over a PostgreSQL
#    primary and streaming replica, cross-replica freshness, loss of a replica.
# Reports: benchmarks/results/served.md and cluster.md (+ .json). Other processes on the machine
# slow the latencies; CPU per view (read from /proc) barely moves.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d .venv ] || python3 -m venv .venv
. .venv/bin/activate
pip install --quiet --disable-pip-version-check -r requirements-dev.txt

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v haproxy >/dev/null 2>&1 || missing+=(haproxy)
ls /usr/lib/postgresql/*/bin/pg_basebackup >/dev/null 2>&1 || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installation de ${missing[*]} (Debian)…"
  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

python -m benchmarks.served "$@"
python -m benchmarks.cluster
