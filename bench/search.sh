#!/usr/bin/env bash
# Search latency at scale (issue 4): seeds N synthetic activities (default 100 000) into a
# fresh SQLite database — or into the PostgreSQL database named by BENCH_DATABASE_URL —
# starts a release build with rate limits off, and times each query with curl: 5 warm-up
# requests, then 50 sequential ones; prints min, median, p95 and max in milliseconds.
#
#   bench/search.sh            # 100 000 activities on SQLite
#   bench/search.sh 20000      # fewer
#   BENCH_DATABASE_URL=postgres://fritid:fritid@127.0.0.1:5432/fritid_bench bench/search.sh
#
# Sequential single requests measure latency, not throughput; bench/run.sh (issue 7) is
# the load test.
set -euo pipefail
cd "$(dirname "$0")/.."

N="${1:-100000}"
RUNS=50
PORT="${BENCH_PORT:-18080}"

command -v curl >/dev/null || { echo "curl is required" >&2; exit 1; }
# shellcheck source=bench/lib.sh
. bench/lib.sh
serve_seeded "$N" server.log

base="http://127.0.0.1:$PORT/api/v1"
one_id="$(curl -fsS "$base/activities?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"

measure() {
    local name="$1" url="$2"
    for _ in 1 2 3 4 5; do curl -fsS -o /dev/null "$url"; done
    local times
    times="$(for _ in $(seq 1 $RUNS); do curl -fsS -o /dev/null -w '%{time_total}\n' "$url"; done | sort -n)"
    local count results
    count="$(curl -fsS "$url" | python3 -c 'import json,sys; print(len(json.load(sys.stdin).get("items", [1])))')"
    results="$(echo "$times" | awk -v n=$RUNS '{ t[NR] = $1 * 1000 } END {
        printf "min %6.1f  median %6.1f  p95 %6.1f  max %6.1f ms", t[1], t[int(n/2)], t[int(n*0.95)], t[n] }')"
    printf '%-44s %s  (%s items)\n' "$name" "$results" "$count"
}

echo "== $RUNS sequential requests each"
measure "three filters (district, category, free)" "$base/activities?district=konnerud&category=idrett&free=true"
measure "three filters (age, weekday, time window)" "$base/activities?age=9&weekday=tue&time_from=15:00&time_to=18:00"
measure "text: q=fotball" "$base/activities?q=fotball"
measure "text + filters: q=svømming, district, age" "$base/activities?q=sv%C3%B8mming&district=konnerud&age=9"
measure "near 2 km, sort=distance" "$base/activities?near=59.7300,10.1550&radius_km=2&sort=distance"
measure "facets=district,category, free=true" "$base/activities?free=true&facets=district,category"
measure "single activity by id" "$base/activities/$one_id"
