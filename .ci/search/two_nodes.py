"""Two `fritid serve` processes on one PostgreSQL database: a write through node A reaches
node B's search index by following the change feed (issue 15, acceptance 3). Prints the lag
of each write (from A's answer to the first anonymous search on B that shows it) and fails
when one takes longer than 10 s. Then (issue 16) checks that failed logins spread over both
nodes are throttled at the same count as on one (FRITID_LOGIN_MAX_FAILURES), so are anonymous
sign-ups from one client (FRITID_SIGNUP_BURST), and that the retention pass, which both nodes try at start, ran once per period across the two.

Each round publishes a new activity with a word of its own through A, then polls B's public
search for that word until it appears; then unpublishes it through A and polls until it is
gone. B runs with its micro-cache on (the default, 2 s), so the first poll's answer is cached:
the write shows only because B's follower sees the feed clock move and invalidates it.

Usage: python two_nodes.py PATH_TO_FRITID_BINARY DATABASE_URL [ROUNDS]   (an empty
PostgreSQL database). Exits non-zero on any failure. bench/lag.sh runs it with more rounds.
"""

import json
import os
import re
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "mail"))
from check import ADMIN, Server, fail, free_port, migrate_with_admin  # noqa: E402

TIMEOUT = 10.0
MAX_FAILURES = 5
SIGNUP_BURST = 3


def poll(node: Server, word: str, present: bool) -> float:
    """Seconds until B's search for `word` has (or no longer has) a hit."""
    started = time.monotonic()
    path = "/api/v1/activities?" + urllib.parse.urlencode({"q": word})
    while time.monotonic() - started < TIMEOUT:
        items = node.call("GET", path, expect=200)["items"]
        if bool(items) == present:
            return time.monotonic() - started
        time.sleep(0.01)
    fail(f"node b did not {'find' if present else 'drop'} {word!r} within {TIMEOUT} s")
    return TIMEOUT


def post_status(node: Server, path: str, body: dict) -> int:
    """The status of an anonymous POST of `body`."""
    req = urllib.request.Request(node.base + path, json.dumps(body).encode(),
                                 {"Content-Type": "application/json"}, method="POST")
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def check_shared_login_throttle(a: Server, b: Server) -> None:
    """Wrong passwords for one account, alternately through A and B: refused (429) after
    MAX_FAILURES in all, as on one node."""
    statuses = [post_status((a, b)[i % 2], "/api/v1/auth/login",
                            {"email": "gjetting@example.no", "password": f"feil passord {i}"})
                for i in range(MAX_FAILURES + 2)]
    expected = [401] * MAX_FAILURES + [429, 429]
    if statuses != expected:
        fail(f"failed logins over both nodes: {statuses}, expected {expected}")
    print(f"ok: {MAX_FAILURES} failed logins spread over both nodes, then 429 on either: {statuses}")


def check_shared_signup_limit(a: Server, b: Server, admin: str, org: dict) -> None:
    """Anonymous sign-ups from one client, alternately through A and B: refused (429) after
    SIGNUP_BURST in all, as on one node."""
    opportunity = a.call("POST", f"/api/v1/organisations/{org['id']}/volunteer-opportunities", {
        "title": "Kakebaker", "description": "Vi trenger kaker.", "district": "konnerud",
        "commitment": "one_off", "status": "open"}, token=admin, expect=201)
    path = f"/api/v1/volunteer-opportunities/{opportunity['id']}/signups"
    statuses = [post_status((a, b)[i % 2], path, {
        "name": f"Frivillig {i}", "email": f"frivillig{i}@example.no",
        "consent": True, "age_confirmed": True}) for i in range(SIGNUP_BURST + 2)]
    expected = [201] * SIGNUP_BURST + [429, 429]
    if statuses != expected:
        fail(f"anonymous sign-ups over both nodes: {statuses}, expected {expected}")
    print(f"ok: {SIGNUP_BURST} anonymous sign-ups spread over both nodes, then 429 on either: {statuses}")


def check_retention_ran_once(work: Path) -> None:
    """Both nodes tried the retention pass at start; one ran it (per hour, should the test
    have crossed one)."""
    runs, skipped = [], []
    for name in ("a", "b"):
        for line in (work / f"{name}.log").read_text(errors="replace").splitlines():
            if "retention: this node runs the period's pass" in line:
                runs.append((name, re.search(r"period=(\S+)", line).group(1)))
            if "retention: this period's pass ran on another node" in line:
                skipped.append(name)
    periods = [period for _, period in runs]
    if not runs:
        fail("no node ran the retention pass")
    if len(set(periods)) != len(periods):
        fail(f"the retention pass ran more than once in a period: {runs}")
    if not skipped:
        fail(f"no node found the pass already run by the other: {runs}")
    print(f"ok: the retention pass ran once per period across both nodes: ran {runs}, "
          f"left to the other node by {skipped}")


def main() -> int:
    binary, database_url = os.path.abspath(sys.argv[1]), sys.argv[2]
    rounds = int(sys.argv[3]) if len(sys.argv) > 3 else 5
    work = Path(tempfile.mkdtemp(prefix="fritid-search-nodes."))
    common = dict(os.environ)
    common.update({
        "DATABASE_URL": database_url,
        "FRITID_JWT_SECRET": "two-nodes-secret-two-nodes-secret",
        # Limits on (the login throttle is one), the per-client request limit out of the way
        # of the polling.
        "FRITID_REQUESTS_PER_MINUTE": "1000000",
        "FRITID_REQUEST_BURST": "1000000",
        "FRITID_LOGIN_MAX_FAILURES": str(MAX_FAILURES),
        "FRITID_SIGNUP_BURST": str(SIGNUP_BURST),
        "FRITID_SIGNUPS_PER_HOUR": "1",
        "RUST_LOG": "warn,fritid_server::retention=debug",
    })
    migrate_with_admin(binary, common)
    nodes = []
    for name, extra in (("a", {}), ("b", {})):
        port = free_port()
        env = dict(common, FRITID_BIND=f"127.0.0.1:{port}", FRITID_DATA_DIR=str(work / name),
                   FRITID_PUBLIC_URL=f"http://127.0.0.1:{port}", **extra)
        nodes.append(Server(binary, env, work / f"{name}.log"))
    a, b = nodes
    try:
        for node in nodes:
            node.start()
        admin = a.login(*ADMIN)
        org = a.call("POST", "/api/v1/organisations", {
            "name": "Konnerud idrettslag", "kind": "association", "districts": ["konnerud"]},
            token=admin, expect=201)
        a.call("POST", f"/api/v1/organisations/{org['id']}/verify", {}, token=admin, expect=200)
        shown, dropped = [], []
        for i in range(rounds):
            word = f"lagtest{i:03d}x"
            activity = a.call("POST", f"/api/v1/organisations/{org['id']}/activities", {
                "title": f"Fotball {word}", "categories": ["fotball"], "district": "konnerud",
                "venue": {"name": "Bane"}}, token=admin, expect=201)
            a.call("POST", f"/api/v1/activities/{activity['id']}/publish", {}, token=admin, expect=200)
            shown.append(poll(b, word, True))
            a.call("POST", f"/api/v1/activities/{activity['id']}/unpublish", {}, token=admin, expect=200)
            dropped.append(poll(b, word, False))
        lags = shown + dropped
        print(f"ok: node b saw {rounds} publications and {rounds} withdrawals made through node a; "
              f"lag median {statistics.median(lags) * 1000:.0f} ms, "
              f"max {max(lags) * 1000:.0f} ms (follower interval {os.environ.get('FRITID_SEARCH_FOLLOW_MS', '250')} ms)")
        check_shared_login_throttle(a, b)
        check_shared_signup_limit(a, b, admin, org)
        check_retention_ran_once(work)
        return 0
    finally:
        for node in nodes:
            node.stop()


if __name__ == "__main__":
    sys.exit(main())
