#!/usr/bin/env bash
# One node and two nodes, SQLite and PostgreSQL (issue 16). Seeds N synthetic activities
# (default 50 000) into a fresh SQLite database and into a fresh PostgreSQL database, and on
# each measures, with the release build and rate limits off:
#   - the resident mix of issue 15 (bench/mix.py, thousands of distinct requests), micro-cache
#     off, so that every request is answered by the search index;
#   - the write mix of bench/run.sh (one in five requests creates an activity as an admin, the
#     rest read one activity by id), micro-cache on (the default), so writes invalidate it;
# first through one node (node A alone), then on PostgreSQL through two nodes on the one
# database (A and B, each with its own data folder and index, B following A's writes): two wrk
# processes at once, half the connections each. Prints req/s (the sum over the nodes), the
# larger p50/p99 of the two, and the CPU per request of the Fritid servers and PostgreSQL
# together (on SQLite the database is inside the server).
#
#   bench/nodes.sh                           # 50 000 activities, 32 connections, 10 s each
#   N=5000 DURATION=3s bench/nodes.sh
#
# Both nodes and wrk share this machine's cores: two nodes here measure what a second node
# costs (its index following the feed, the shared throttles in the database), not what a
# second machine would add.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${N:-50000}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT_A="${BENCH_PORT:-18090}"
PORT_B=$((PORT_A + 1))
PORT="$PORT_A"

if ! command -v wrk >/dev/null; then
    apt-get update -qq && apt-get install -y -qq wrk
fi
export FRITID_ACCESS_TOKEN_TTL_SECS=7200 FRITID_JWT_SECRET="bench-nodes-secret-bench-nodes-secret"
# shellcheck source=bench/lib.sh
. bench/lib.sh

pg_ctlcluster 15 main start 2>/dev/null || true
su postgres -c "psql -q -c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'fritid') THEN CREATE ROLE fritid LOGIN PASSWORD 'fritid' CREATEDB; END IF; END \\\$\\\$\""
su postgres -c "psql -q -c 'DROP DATABASE IF EXISTS fritid_nodes_bench' -c 'CREATE DATABASE fritid_nodes_bench OWNER fritid'"

results="$(mktemp)"
node_b=""

# start_b [VAR=value …]: node B on $PORT_B with its own data folder; $node_b is its pid.
start_b() {
    local a="$server"
    PORT="$PORT_B" start_server server-b.log FRITID_BIND="127.0.0.1:$PORT_B" FRITID_DATA_DIR="$work/b" "$@"
    node_b="$server"
    server="$a"
}

stop_b() {
    [[ -n "$node_b" ]] && { kill "$node_b" 2>/dev/null || true; wait "$node_b" 2>/dev/null || true; }
    node_b=""
}

# ticks PID…: the user + system CPU of those processes and, on PostgreSQL, of the database's
# (every process of the postgres user, and the children its postmaster has reaped), in ticks.
ticks() {
    local total=0 pid database=() postmaster=()
    if [[ "$DATABASE_URL" == postgres* ]]; then
        mapfile -t database < <(pgrep -u postgres)
        mapfile -t postmaster < <(pgrep -u postgres -f "bin/postgres -D")
    fi
    for pid in "$@" "${database[@]}"; do
        total=$((total + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    for pid in "${postmaster[@]}"; do
        total=$((total + $(awk '{print $16 + $17}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
    echo "$total"
}

# measure NAME SCRIPT [ARGS…]: wrk with SCRIPT on A alone, or on A and B at once (half the
# connections each) when node B runs.
measure() {
    local name="$1" script="$2"; shift 2
    local pids=("$server") bases=("http://127.0.0.1:$PORT_A")
    [[ -n "$node_b" ]] && pids+=("$node_b") && bases+=("http://127.0.0.1:$PORT_B")
    local connections=$((CONNECTIONS / ${#bases[@]}))
    local before after i wrks=()
    before="$(ticks "${pids[@]}")"
    for i in "${!bases[@]}"; do
        wrk -t2 -c"$connections" -d"$DURATION" --latency -s "$script" "${bases[$i]}/" -- "$@" \
            > "$work/wrk.$i" &
        wrks+=("$!")
    done
    wait "${wrks[@]}"
    after="$(ticks "${pids[@]}")"
    python3 - "$name" "$((after - before))" "$(getconf CLK_TCK)" "$results" "$work"/wrk.* <<'PY'
import re, sys
name, ticks, hz, results, *outs = sys.argv[1:]
units = {"us": 0.001, "ms": 1.0, "s": 1000.0}
def ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", text).groups()
    return float(value) * units[unit]
rps = requests = errors = 0
p50 = p99 = 0.0
for path in outs:
    out = open(path).read()
    rps += float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    requests += int(re.search(r"(\d+) requests in", out).group(1))
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors += int(bad.group(1)) if bad else 0
    p50 = max(p50, ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1)))
    p99 = max(p99, ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1)))
cpu = int(ticks) * 1000 / int(hz) / max(requests, 1)
with open(results, "a") as f:
    f.write(f"{name}\t{rps:.0f}\t{p50:.2f}\t{p99:.2f}\t{errors}\t{cpu:.3f}\n")
PY
    rm -f "$work"/wrk.*
}

# One database: seeded, then the four measurements. $1 names it in the table.
one_database() {
    local label="$1" two="$2"
    serve_seeded "$N" server.log
    trap 'stop_b; kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
    python3 bench/mix.py "http://127.0.0.1:$PORT_A" "${MIX_QUERIES:-20000}" "$work/mix.txt"
    write_mix "http://127.0.0.1:$PORT_A" "$work/write.lua"
    stop_server
    start_server server.log FRITID_CACHE_TTL_MS=0
    curl -fsS -o /dev/null "http://127.0.0.1:$PORT_A/api/v1/activities?q=fotball"
    measure "$label, one node: resident mix, cache off" bench/mix.lua "$work/mix.txt"
    if [[ "$two" == 1 ]]; then
        start_b FRITID_CACHE_TTL_MS=0
        measure "$label, two nodes: resident mix, cache off" bench/mix.lua "$work/mix.txt"
        stop_b
    fi
    stop_server
    start_server server.log
    measure "$label, one node: write mix (20% create)" "$work/write.lua"
    if [[ "$two" == 1 ]]; then
        start_b
        measure "$label, two nodes: write mix (20% create)" "$work/write.lua"
        stop_b
    fi
    stop_server
    trap - EXIT
    rm -rf "$work"
}

echo "== $(nproc) cores; wrk -t2, $CONNECTIONS connections in all, $DURATION per run; N=$N"
unset BENCH_DATABASE_URL
one_database "SQLite" 0
BENCH_DATABASE_URL="postgres://fritid:fritid@127.0.0.1:5432/fritid_nodes_bench" one_database "PostgreSQL" 1

echo
printf '%-52s %9s %9s %9s %8s %11s\n' scenario req/s "p50 ms" "p99 ms" non-2xx "CPU ms/req"
while IFS=$'\t' read -r name rps p50 p99 errors cpu; do
    printf '%-52s %9s %9s %9s %8s %11s\n' "$name" "$rps" "$p50" "$p99" "$errors" "$cpu"
done < "$results"
rm -f "$results"
