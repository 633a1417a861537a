#!/usr/bin/env bash
# Browser check of the resident web pages: starts `fritid serve` on a fresh SQLite database
# with demo data and runs .ci/browser/check.mjs against it in headless chromium (axe-core,
# keyboard-only forms, 320/375/1280 px and 200 % zoom, same-host requests). Screenshots
# go to target/screenshots/.
#
# Run from the repository root (as .ci/run does). Needs node and npm; installs Debian's
# chromium when it is missing (CI runs as root). Locally, without root, install chromium
# yourself first. Set CHROMIUM to use another binary.
set -euo pipefail

cd "$(dirname "$0")/.."

die() { echo "ERROR: $*" >&2; exit 1; }

if ! command -v chromium >/dev/null 2>&1 && [[ -z "${CHROMIUM:-}" ]]; then
    echo "chromium is not installed; installing Debian's chromium and chromium-driver"
    apt-get update
    DEBIAN_FRONTEND=noninteractive apt-get install -y chromium chromium-driver
fi
command -v node >/dev/null 2>&1 || die "node is not installed"
command -v npm >/dev/null 2>&1 || die "npm is not installed"

cargo build --locked -p fritid
bin="$PWD/target/debug/fritid"

work="$(mktemp -d "${TMPDIR:-/tmp}/fritid-browser.XXXXXX")"
server_pid=""
cleanup() {
    if [[ -n "$server_pid" ]] && kill -0 "$server_pid" 2>/dev/null; then
        kill "$server_pid" 2>/dev/null || true
        wait "$server_pid" 2>/dev/null || true
    fi
    rm -rf "$work"
}
trap cleanup EXIT

export DATABASE_URL="sqlite://${work}/fritid.db"
export FRITID_DATA_DIR="$work"
# Limits on, as in production, with per-client allowances far above what one check asks
# for (every request comes from one address); the fixed limit on links e-mailed to one
# address is part of what the check sees (`forgot-password-wait`, `signup-wait`).
export FRITID_RATE_LIMITS=on FRITID_REQUESTS_PER_MINUTE=1000000 FRITID_REQUEST_BURST=1000000
export FRITID_REGISTRATIONS_PER_HOUR=100000 FRITID_REGISTRATION_BURST=100000
export FRITID_SIGNUPS_PER_HOUR=100000 FRITID_SIGNUP_BURST=100000
# Three invitations at once, so that the fourth of the organisation story shows the refusal
# (`members-wait`).
export FRITID_INVITATION_BURST=3 FRITID_INVITATIONS_PER_HOUR=1

"$bin" migrate
"$bin" seed --demo
# The municipality's admin of the signed-in story.
export ADMIN_EMAIL="admin@example.org" ADMIN_PASSWORD="kommunens eget passord 2026"
printf '%s\n' "$ADMIN_PASSWORD" | "$bin" admin create --email "$ADMIN_EMAIL" >/dev/null

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base_url="http://127.0.0.1:${port}"
FRITID_BIND="127.0.0.1:${port}" "$bin" serve >"$work/server.log" 2>&1 &
server_pid=$!

ready=""
for _ in $(seq 1 60); do
    if ! kill -0 "$server_pid" 2>/dev/null; then
        break
    fi
    if node -e 'fetch(process.argv[1]).then((r) => process.exit(r.status === 200 ? 0 : 1), () => process.exit(1))' \
        "${base_url}/readyz"; then
        ready=1
        break
    fi
    sleep 0.5
done
if [[ -z "$ready" ]]; then
    tail -n 40 "$work/server.log" >&2 || true
    die "fritid serve did not answer 200 on ${base_url}/readyz within 30 s (log above)"
fi
echo "ok: fritid serve with demo data on ${base_url}"

npm ci --no-audit --no-fund --prefix .ci/browser

status=0
BASE_URL="$base_url" OUTBOX_DIR="$work/outbox" node .ci/browser/check.mjs || status=$?
if [[ "$status" != 0 ]]; then
    echo "--- last lines of the server log" >&2
    tail -n 20 "$work/server.log" >&2 || true
    die "browser check failed (screenshots in target/screenshots/)"
fi
