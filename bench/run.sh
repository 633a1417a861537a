#!/usr/bin/env bash
# Load test (issue 7). Seeds N synthetic activities (default 100 000) into a fresh SQLite
# database — or into the PostgreSQL database named by BENCH_DATABASE_URL — starts a release
# build with rate limits off, and drives it with wrk (installed from Debian if missing):
# /healthz (the ceiling of this machine and server), a three-filter search, a text search,
# a near search, one activity by id, a write mix, and the resident mix of issue 15 (thousands
# of distinct requests from bench/mix.py, with the micro-cache on and then off). Prints req/s,
# p50, p99 and the server's CPU per request for each, the ratio of each to /healthz in the
# same run, and the server's peak memory. The single-URL scenarios measure the micro-cache
# as much as the search: see the resident mix for what distinct queries cost.
#
#   bench/run.sh                       # 100 000 activities, SQLite, 32 connections, 10 s each
#   BENCH_DATABASE_URL=postgres://fritid:fritid@127.0.0.1:5432/fritid_bench bench/run.sh
#   N=20000 DURATION=5s CONNECTIONS=32 bench/run.sh
#   N=2000 DURATION=2s MIX_QUERIES=2000 BENCH_PROFILE=dev bench/run.sh   # CI's smoke run
#   N=500000 ONLY_MIX=1 bench/run.sh   # only /healthz and the resident mix without the cache
#   BENCH_SEED_DIR=/var/tmp/fritid-seeds N=500000 ONLY_MIX=1 bench/run.sh   # seeds kept, copied
#   FRITID_SEARCH_INDEX=off bench/run.sh   # searches answered by the database (the "before")
#
# wrk runs on the same two cores as the server, so the figures are for this machine as a
# whole; the ratio to /healthz is the comparable number. Each read scenario is preceded by
# one request (its time is printed), so the load test measures steady state, not the cold
# start. FRITID_CACHE_TTL_MS=0 bench/run.sh measures without the micro-cache.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${N:-100000}"
DURATION="${DURATION:-10s}"
CONNECTIONS="${CONNECTIONS:-32}"
PORT="${BENCH_PORT:-18090}"

if ! command -v wrk >/dev/null; then
    apt-get update -qq && apt-get install -y -qq wrk
fi
export FRITID_ACCESS_TOKEN_TTL_SECS=7200
echo "== wrk -t2 -c$CONNECTIONS -d$DURATION"
# shellcheck source=bench/lib.sh
. bench/lib.sh
serve_seeded "$N" server.log

base="http://127.0.0.1:$PORT"
# The write mix: one in five requests creates an activity (as an admin), the rest read one ($one).
write_mix "$base" "$work/mix.lua"

results="$work/results.tsv"
run() {
    local name="$1" path="$2"; shift 2
    local out
    # One request first, as a client would have made: the very first search after a start
    # pays for cold caches (reported separately below), the load test measures the rest.
    [[ $# -eq 0 ]] && curl -fsS -o /dev/null -w '%{time_total}' "$base$path" > "$work/first.txt" \
        && printf '%s\tfirst request: %s s\n' "$name" "$(cat "$work/first.txt")" >> "$work/first.log"
    # Arguments after `--` go to the script, after the URL.
    local options=() script_args=()
    while [[ $# -gt 0 && "$1" != "--" ]]; do options+=("$1"); shift; done
    [[ $# -gt 0 ]] && shift && script_args=("--" "$@")
    local before after
    before="$(cpu_ticks)"
    out="$(wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --latency "${options[@]}" "$base$path" "${script_args[@]}")"
    after="$(cpu_ticks)"
    local rps p50 p99 errors requests cpu
    requests="$(awk '/requests in/ {print $1}' <<<"$out")"
    # Server CPU (user + system) per request, in ms: clock ticks are 1/$(getconf CLK_TCK) s.
    cpu="$(awk -v t=$((after - before)) -v n="$requests" -v hz="$(getconf CLK_TCK)" 'BEGIN { printf "%.3f", (n > 0 ? t * 1000 / hz / n : 0) }')"
    rps="$(awk '/^Requests\/sec:/ {print $2}' <<<"$out")"
    p50="$(awk '$1 == "50%" {print $2}' <<<"$out")"
    p99="$(awk '$1 == "99%" {print $2}' <<<"$out")"
    errors="$(awk '/Non-2xx or 3xx responses:/ {print $5}' <<<"$out")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$p50" "$p99" "${errors:-0}" "$cpu" >> "$results"
}

run "healthz" "/healthz"
if [[ -z "${ONLY_MIX:-}" ]]; then
run "three filters (district, category, free)" "/api/v1/activities?district=konnerud&category=idrett&free=true"
run "text search (q=fotball)" "/api/v1/activities?q=fotball"
run "near 2 km, sort=distance" "/api/v1/activities?near=59.7300,10.1550&radius_km=2&sort=distance"
run "single activity by id" "/api/v1/activities/$one"
run "write mix (20% create, 80% read)" "/" -s "$work/mix.lua"
# Issue 12: the results page against the API for the same many distinct searches (the page
# always asks for district and category facets, so the API does too in the first pair).
run "distinct searches: API (with facets)" "/" -s bench/queries.lua -- /api/v1/activities "&facets=district,category"
run "distinct searches: results page" "/" -s bench/queries.lua -- /aktiviteter
run "distinct searches: API (no facets)" "/" -s bench/queries.lua -- /api/v1/activities

fi

# Issue 15: the resident mix, thousands of distinct requests (bench/mix.py), with the
# micro-cache on (as configured above) and then off, the server restarted on the same data
# (its search index loaded from disk).
python3 bench/mix.py "$base" "${MIX_QUERIES:-20000}" "$work/mix.txt"
[[ -z "${ONLY_MIX:-}" ]] && run "resident mix, micro-cache on" "/" -s bench/mix.lua -- "$work/mix.txt"
# The first server built the search index; its peak memory counts too.
peak_first_kib="$(awk '/VmHWM/ {print $2}' "/proc/$server/status")"
stop_server
start_server server.log FRITID_CACHE_TTL_MS=0
run "healthz (server restarted, cache off)" "/healthz"
run "resident mix, micro-cache off" "/" -s bench/mix.lua -- "$work/mix.txt"

peak_kib="$(awk '/VmHWM/ {print $2}' "/proc/$server/status")"
echo
cat "$work/first.log"
echo
python3 - "$results" "$peak_kib" "$peak_first_kib" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
ceiling = float(rows[0][1])
print(f"{'scenario':44} {'req/s':>10} {'p50':>10} {'p99':>10} {'of healthz':>11} {'non-2xx':>8} {'CPU ms/req':>11}")
for name, rps, p50, p99, errors, cpu in rows:
    print(f"{name:44} {float(rps):>10.0f} {p50:>10} {p99:>10} {float(rps) / ceiling:>10.1%} {errors:>8} {cpu:>11}")
by_name = {name: float(rps) for name, rps, *_ in rows}
page = by_name.get("distinct searches: results page")
api = by_name.get("distinct searches: API (with facets)")
if page and api:
    print(f"\nresults page / API for the same distinct searches: {page / api:.0%}")
print(f"\npeak memory of the server (VmHWM): {int(sys.argv[2]) / 1024:.0f} MiB after a restart, "
      f"{int(sys.argv[3]) / 1024:.0f} MiB for the first start (which built the search index)")
PY
