#!/usr/bin/env bash
# Install the dashboard and its test tools in .venv, then run the performance harness:
# national-scale stores (SQLite, and PostgreSQL when it answers), imports, pages through
# AppTest, naive baseline, payloads, browser-ready times and server memory in Chromium.
#
#   bash scripts/run_benchmarks.sh [--quick] [--backends sqlite] [--skip-browser] [...]
#
# PostgreSQL: BENCH_DATABASE_URL (a server URL) if set, else the local server at
# 127.0.0.1:5432; the benchmark keeps its own database « fne_bench » there and reuses it
# while the demo generator is unchanged. The report goes to benchmarks/results/latest.md.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -d .venv ] || python3 -m venv .venv
. .venv/bin/activate
pip install --quiet --disable-pip-version-check -r requirements-dev.txt

case " $* " in
  *" --skip-browser "*) ;;
  *)
    if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "Installation de Chromium (Debian) pour les mesures navigateur…"
      apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    fi
    ;;
esac

python -m benchmarks.run "$@"
