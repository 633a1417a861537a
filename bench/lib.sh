# What the benchmark scripts share; sourced by them, not run.
#
# serve_seeded N LOG: builds the release binary (into $bin), makes a work folder ($work) with
# a fresh SQLite database there (or the one BENCH_DATABASE_URL names), seeds N synthetic
# activities, and starts `fritid serve` on $PORT with rate limits off, logging to LOG under
# $work; waits until it is ready and stops it (and removes $work) when the script exits.
serve_seeded() {
    local n="$1" log="$2"
    # BENCH_PROFILE=dev: the debug build, for a quick smoke run (CI); figures come from release.
    local profile="${BENCH_PROFILE:-release}"
    cargo build --profile "$profile" --locked -p fritid
    bin="${CARGO_TARGET_DIR:-target}/$([[ $profile == dev ]] && echo debug || echo "$profile")/fritid"
    work="$(mktemp -d)"
    export DATABASE_URL="${BENCH_DATABASE_URL:-sqlite://$work/bench.db}"
    export FRITID_DATA_DIR="$work" FRITID_BIND="127.0.0.1:$PORT" FRITID_RATE_LIMITS=off RUST_LOG=warn
    echo "== machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB, $(uname -sr)"
    # BENCH_SEED_DIR (SQLite only): a database seeded with N activities is kept there as
    # bench-N.db and copied for later runs instead of seeding again (500 000 take ~12 min).
    # The search index is never kept: every run's first start builds it.
    local kept="${BENCH_SEED_DIR:+$BENCH_SEED_DIR/bench-$n.db}"
    if [[ -n "$kept" && -z "${BENCH_DATABASE_URL:-}" && -f "$kept" ]]; then
        echo "== database: ${DATABASE_URL%%\?*}; $n synthetic activities copied from $kept"
        cp "$kept" "$work/bench.db"
    else
        echo "== database: ${DATABASE_URL%%\?*}; seeding $n synthetic activities"
        local start
        start=$(date +%s.%N)
        "$bin" seed --synthetic "$n" 2>/dev/null
        awk -v a="$start" -v b="$(date +%s.%N)" 'BEGIN { printf "   seeded in %.1f s\n", b - a }'
        printf 'bench admin passphrase\n' | "$bin" admin create --email bench@example.no 2>/dev/null
        if [[ -n "$kept" && -z "${BENCH_DATABASE_URL:-}" ]]; then
            mkdir -p "$BENCH_SEED_DIR"
            # Every writer has closed, so SQLite has folded its WAL into the main file.
            cp "$work/bench.db" "$kept.partial" && mv "$kept.partial" "$kept"
        fi
    fi
    trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$work"' EXIT
    start_server "$log"
}

# start_server LOG [VAR=value …]: starts `fritid serve` (with the extra environment) and waits
# until it is ready (the first start builds the search index: up to 5 minutes); $server is its
# pid. Prints how long the start took.
start_server() {
    local log="$1"; shift
    local start
    start=$(date +%s.%N)
    env "$@" "$bin" serve 2>>"$work/$log" &
    server=$!
    for _ in $(seq 1 3000); do
        if curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1; then
            awk -v a="$start" -v b="$(date +%s.%N)" -v e="$*" \
                'BEGIN { printf "   server ready %.1f s after start%s\n", b - a, (e == "" ? "" : " (" e ")") }'
            return 0
        fi
        sleep 0.1
    done
    echo "the server did not become ready; see $work/$log" >&2
    return 1
}

# stop_server: stops it gracefully and waits.
stop_server() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
}

# cpu_ticks: the server's user + system CPU time so far, in clock ticks.
cpu_ticks() {
    awk '{print $14 + $15}' "/proc/$server/stat"
}

# write_mix BASE FILE: writes to FILE the wrk script of the write mix against the server at
# BASE: one in five requests creates an activity (as the bench admin, in an organisation of
# the seeded data), the rest read one activity, whose id is left in $one.
write_mix() {
    local base="$1" file="$2" token org
    token="$(curl -fsS -X POST "$base/api/v1/auth/login" -H 'content-type: application/json' \
        -d '{"email":"bench@example.no","password":"bench admin passphrase"}' \
        | python3 -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"
    one="$(curl -fsS "$base/api/v1/activities?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"
    org="$(curl -fsS "$base/api/v1/organisations?limit=1" | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')"
    cat > "$file" <<LUA
local create = '{"title":"Lasttest","categories":["fotball"],"district":"konnerud","venue":{"name":"Bane"},"schedule":[{"weekdays":["tue"],"start_time":"17:00","end_time":"18:00","valid_from":"2026-09-01"}]}'
request = function()
  if math.random(5) == 1 then
    return wrk.format("POST", "/api/v1/organisations/$org/activities",
      {["Content-Type"] = "application/json", ["Authorization"] = "Bearer $token"}, create)
  end
  return wrk.format("GET", "/api/v1/activities/$one")
end
LUA
}
