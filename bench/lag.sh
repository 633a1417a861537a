#!/usr/bin/env bash
# The search index's lag between nodes (issue 15): two `fritid serve` processes on one
# PostgreSQL database; each round publishes an activity through node A and polls node B's
# public search until it shows, then unpublishes it and polls until it is gone. Prints the
# median and the largest lag. Needs PostgreSQL: starts the local cluster and makes a fresh
# database `fritid_lag` (role fritid/fritid) unless BENCH_DATABASE_URL names an empty one.
#
#   bench/lag.sh                  # 50 rounds, release build
#   ROUNDS=10 BENCH_PROFILE=dev bench/lag.sh
set -euo pipefail
cd "$(dirname "$0")/.."
profile="${BENCH_PROFILE:-release}"
cargo build --profile "$profile" --locked -p fritid
bin="${CARGO_TARGET_DIR:-target}/$([[ $profile == dev ]] && echo debug || echo "$profile")/fritid"
url="${BENCH_DATABASE_URL:-}"
if [[ -z "$url" ]]; then
    pg_ctlcluster 15 main start 2>/dev/null || true
    su postgres -c "psql -q -c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fritid') THEN CREATE ROLE fritid LOGIN PASSWORD 'fritid' CREATEDB; END IF; END \\\$\\\$\""
    su postgres -c "psql -q -c 'DROP DATABASE IF EXISTS fritid_lag' -c 'CREATE DATABASE fritid_lag OWNER fritid'"
    url="postgres://fritid:fritid@127.0.0.1:5432/fritid_lag"
fi
echo "== $(nproc) cores; $profile build; ${url%%\?*}"
python3 .ci/search/two_nodes.py "$bin" "$url" "${ROUNDS:-50}"
