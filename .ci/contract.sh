#!/usr/bin/env bash
# Contract checks (issue 6): the spec passes a linter; Schemathesis, with every check on and
# authenticated as an admin, finds nothing against the running server; a client generated
# from the spec builds without warnings and works; the compose file and Dockerfile pass
# static checks. Installs its own tools (PyPI, npm) and runs the debug binary built by the
# test step (building it if needed).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { echo; echo "=== $*"; }

PORT="${CONTRACT_PORT:-18181}"
work="$(mktemp -d)"
server=""
cleanup() {
    if [[ -n "$server" ]]; then kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT

step "Contract tools (PyPI: schemathesis, openapi-python-client, ruff, check-jsonschema, dockerfile-parse; npm: @redocly/cli)"
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check \
    "schemathesis>=4,<5" "openapi-python-client>=0.29,<0.30" ruff check-jsonschema dockerfile-parse
# The generator formats its output with ruff, found on PATH.
export PATH="$PWD/.venv/bin:$PATH"
npm install --silent --no-audit --no-fund --prefix "$work/npm" @redocly/cli@2 >/dev/null

step "Lint the committed spec (Redocly, recommended rules; errors fail)"
"$work/npm/node_modules/.bin/redocly" lint openapi/openapi.json --format stylish

step "docker-compose.yml against the Compose Specification schema; Dockerfile static checks"
.venv/bin/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml
.venv/bin/python contract/check_dockerfile.py Dockerfile docker-compose.yml

step "Generate a Python client from the spec (warnings fail)"
gen_log="$work/generate.log"
(cd "$work" && "$OLDPWD/.venv/bin/openapi-python-client" generate \
    --path "$OLDPWD/openapi/openapi.json" --config "$OLDPWD/contract/openapi-python-client.yaml" \
    --meta none --output-path "$work/client/fritid_api_client") 2>&1 | tee "$gen_log"
if grep -qi "warning" "$gen_log"; then
    echo "openapi-python-client printed warnings" >&2
    exit 1
fi

step "Start the server (fresh SQLite, demo data, an admin)"
cargo build --locked -p fritid
export DATABASE_URL="sqlite://$work/contract.db" FRITID_DATA_DIR="$work" FRITID_BIND="127.0.0.1:$PORT"
export FRITID_RATE_LIMITS=off FRITID_ACCESS_TOKEN_TTL_SECS=7200 RUST_LOG=warn
target/debug/fritid seed --demo
printf 'contract admin passphrase\n' | target/debug/fritid admin create --email contract-admin@example.no
target/debug/fritid serve > "$work/server.log" 2>&1 &
server=$!
for _ in $(seq 1 100); do
    curl -fsS "http://127.0.0.1:$PORT/readyz" >/dev/null 2>&1 && break
    sleep 0.1
done
token="$(curl -fsS -X POST "http://127.0.0.1:$PORT/api/v1/auth/login" -H 'content-type: application/json' \
    -d '{"email":"contract-admin@example.no","password":"contract admin passphrase"}' \
    | .venv/bin/python -c 'import json,sys; print(json.load(sys.stdin)["access_token"])')"

step "The generated client in use: register, confirm by e-mail, log in, create an organisation, search"
PYTHONPATH="$work/client" .venv/bin/python contract/use_client.py "http://127.0.0.1:$PORT" "$work/outbox"

step "Schemathesis: every check, authenticated (configuration and reasons in schemathesis.toml)"
schemathesis_run() {
    .venv/bin/schemathesis run "http://127.0.0.1:$PORT/openapi.json" \
        --checks all -H "Authorization: Bearer $token" \
        --max-examples "${SCHEMATHESIS_EXAMPLES:-30}" --workers 2 --seed 20261126 \
        2>&1 | tee "$work/schemathesis.log"
    return "${PIPESTATUS[0]}"
}
if ! schemathesis_run; then
    # Hypothesis inside Schemathesis sometimes trips over this Python's ast module ("AST
    # constructor recursion depth mismatch", a runtime error of the tool while it generates
    # cases; seen once in CI on 2026-11-28, and the same run passed when repeated). Such a
    # run says nothing about the API, so it runs once more; a finding is never retried.
    if grep -q "AST constructor recursion depth mismatch" "$work/schemathesis.log" \
        && ! grep -q "= FAILURES =" "$work/schemathesis.log"; then
        echo "Schemathesis stopped on its own runtime error, not a finding: running it once more"
        schemathesis_run
    else
        exit 1
    fi
fi

if grep -q "panicked\|internal error" "$work/server.log"; then
    echo "the server logged internal errors during the contract run:" >&2
    grep "panicked\|internal error" "$work/server.log" >&2
    exit 1
fi
echo
echo "=== contract checks passed"
