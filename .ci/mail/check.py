"""The e-mail check against a real SMTP server on loopback (issue 14, acceptance 2 and 4).

1. `fritid serve` delivers a registration confirmation over SMTP (aiosmtpd, smtp_sink.py),
   and its link confirms the address.
2. A full flow (organisation, invitation, volunteer sign-up and its answer, password reset)
   runs while the SMTP server is up.
3. With the SMTP server down, new messages wait in the outbox; the server is killed with
   SIGKILL and started again; once the SMTP server is back every message arrives, none
   lost (counted at the SMTP server; a duplicate only with the same Message-ID).
4. The server's log of all this holds no e-mail address, phone number or token.
5. An address the SMTP server refuses as unknown ("550 5.1.1") is tried once and `failed`.

Usage: python check.py PATH_TO_FRITID_BINARY   (aiosmtpd installed in this Python)
Exits non-zero on any failure, saying what failed.
"""

import email
import email.policy
import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
PASSWORD = "et langt og trygt passord"
ADMIN = ("admin@example.org", "kommunens eget passord 2026")
LINK = re.compile(r"https?://[^\s\"<>]+?/(bekreft-epost|nytt-passord|invitasjon)\?token=([A-Za-z0-9_\-]+)")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def migrate_with_admin(binary: str, env: dict) -> None:
    """Migrates the database `env` names and creates the municipality's admin (ADMIN) in it,
    quietly."""
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
    subprocess.run([binary, "migrate"], env=env, check=True, **quiet)
    subprocess.run([binary, "admin", "create", "--email", ADMIN[0]], env=env, check=True,
                   input=ADMIN[1] + "\n", text=True, **quiet)


def fail(message: str) -> None:
    print(f"ERROR: {message}", file=sys.stderr)
    raise SystemExit(1)


class Server:
    """One `fritid serve` process; its output goes to one log file across restarts."""

    def __init__(self, binary: str, env: dict, log: Path) -> None:
        self.binary, self.env, self.log = binary, env, log
        self.base = f"http://{env['FRITID_BIND']}"
        self.proc = None

    def start(self) -> None:
        with open(self.log, "ab") as out:
            self.proc = subprocess.Popen([self.binary, "serve"], env=self.env, stdout=out, stderr=out)
        for _ in range(100):
            if self.proc.poll() is not None:
                fail(f"the server exited with {self.proc.returncode}; see {self.log}")
            try:
                with urllib.request.urlopen(f"{self.base}/readyz", timeout=1) as r:
                    if r.status == 200:
                        return
            except OSError:
                pass
            time.sleep(0.2)
        fail("the server did not become ready")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            self.proc.wait(timeout=20)

    def call(self, method: str, path: str, body=None, token=None, expect=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        if data is not None:
            req.add_header("Content-Type", "application/json")
        if token:
            req.add_header("Authorization", f"Bearer {token}")
        try:
            with urllib.request.urlopen(req, timeout=30) as r:
                status, raw = r.status, r.read()
        except urllib.error.HTTPError as e:
            status, raw = e.code, e.read()
        value = json.loads(raw) if raw.strip() else None
        if expect is not None and status != expect:
            fail(f"{method} {path}: expected {expect}, got {status}: {value}")
        return value

    def login(self, address: str, password: str = PASSWORD) -> str:
        body = {"email": address, "password": password}
        return self.call("POST", "/api/v1/auth/login", body, expect=200)["access_token"]


class Sink:
    """The SMTP server: started and killed at will; its messages stay in one folder."""

    def __init__(self, port: int, directory: Path) -> None:
        self.port, self.directory, self.proc = port, directory, None

    def start(self) -> None:
        args = [sys.executable, str(HERE / "smtp_sink.py"), str(self.port), str(self.directory)]
        self.proc = subprocess.Popen(args, stdout=subprocess.PIPE, text=True)
        if "listening" not in (self.proc.stdout.readline() or ""):
            fail("the SMTP sink did not start")

    def kill(self) -> None:
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def messages(self) -> list:
        found = []
        for path in sorted(self.directory.glob("*.eml")):
            msg = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            text = msg.get_body(("plain",)).get_content()
            found.append({"to": str(msg["To"]), "subject": str(msg["Subject"]),
                          "id": str(msg["Message-ID"]), "text": text, "html": msg.get_body(("html",)) is not None})
        return found

    def wait_for(self, recipient: str, link_kind: str = None, timeout: float = 60.0) -> dict:
        """The first message to `recipient` (with a link of `link_kind`, when given)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for m in self.messages():
                if recipient in m["to"] and (link_kind is None or link(m, link_kind)):
                    return m
            time.sleep(0.2)
        fail(f"no message to {recipient} ({link_kind or 'any'}) arrived within {timeout:.0f} s")


def link(message: dict, kind: str):
    for found in LINK.finditer(message["text"]):
        if found.group(1) == kind:
            return found.group(2)
    return None


def main() -> int:
    binary = os.path.abspath(sys.argv[1])
    work = Path(tempfile.mkdtemp(prefix="fritid-mail."))
    smtp_port, http_port = free_port(), free_port()
    env = dict(os.environ)
    env.update({
        "DATABASE_URL": f"sqlite://{work}/fritid.db",
        "FRITID_DATA_DIR": str(work / "data"),
        "FRITID_BIND": f"127.0.0.1:{http_port}",
        "FRITID_PUBLIC_URL": f"http://127.0.0.1:{http_port}",
        "FRITID_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "FRITID_MAIL_FROM": "Fritid <noreply@fritid.example.no>",
        "FRITID_JWT_SECRET": "mail-check-secret-mail-check-secret",
        "FRITID_RATE_LIMITS": "off",
        "RUST_LOG": "info",
    })
    migrate_with_admin(binary, env)
    sink = Sink(smtp_port, work / "smtp")
    server = Server(binary, env, work / "server.log")
    secrets = {ADMIN[0]}
    sink.start()
    server.start()
    try:
        # 1. A confirmation over SMTP, whose link confirms the address.
        kari = "kari.nordmann@example.no"
        secrets.add(kari)
        server.call("POST", "/api/v1/auth/register", {"email": kari, "password": PASSWORD, "name": "Kari"}, expect=201)
        confirmation = sink.wait_for(kari, "bekreft-epost")
        if not confirmation["html"]:
            fail("the confirmation has no HTML alternative")
        token = link(confirmation, "bekreft-epost")
        secrets.add(token)
        server.call("POST", "/api/v1/auth/verify-email", {"token": token}, expect=204)
        kari_token = server.login(kari)
        secrets.add(kari_token)
        if server.call("GET", "/api/v1/me", token=kari_token, expect=200).get("email_verified") is not True:
            fail("the address is not confirmed after following the link")
        print("ok: the registration confirmation was delivered over SMTP and its link works")

        full_flow(server, sink, kari_token, secrets)
        refused_address(server, sink, secrets)

        # 3. SMTP down: messages wait; SIGKILL; restart; all arrive.
        sink.kill()
        before = len(sink.messages())
        waiting = [f"venter{i}@example.no" for i in range(5)]
        secrets.update(waiting)
        for address in waiting:
            server.call("POST", "/api/v1/auth/register", {"email": address, "password": PASSWORD, "name": "Venter"}, expect=201)
        time.sleep(3)
        if len(sink.messages()) != before:
            fail("messages arrived while the SMTP server was down")
        admin_token = server.login(*ADMIN)
        secrets.add(admin_token)
        outbox = server.call("GET", "/api/v1/admin/outbox?limit=100", token=admin_token, expect=200)
        unsent = [m for m in outbox["items"] if m["status"] != "sent"]
        if len(unsent) < len(waiting):
            fail(f"the outbox shows {len(unsent)} unsent messages, expected at least {len(waiting)}")
        print(f"ok: with SMTP down, {len(unsent)} messages wait in the outbox")
        server.kill()
        server.start()
        sink.start()
        for address in waiting:
            sink.wait_for(address, "bekreft-epost", timeout=90)
        by_recipient = {}
        for m in sink.messages():
            by_recipient.setdefault(m["to"], set()).add(m["id"])
        for address in waiting:
            ids = {i for to, s in by_recipient.items() if address in to for i in s}
            if len(ids) != 1:
                fail(f"{address} got {len(ids)} different messages, expected exactly one")
        print(f"ok: after SIGKILL and restart every waiting message arrived once ({len(sink.messages())} in all)")

        # 4. No personal data or secret in the log.
        for m in sink.messages():
            for found in LINK.finditer(m["text"]):
                secrets.add(found.group(2))
        log = (work / "server.log").read_text(errors="replace")
        leaked = sorted(s for s in secrets if s and s in log)
        # Not inside a UUID (request ids): its first group can be eight digits that start with 9.
        phones = re.findall(r"\+47 ?\d{3} ?\d{2} ?\d{3}|(?<![\w-])9\d{7}(?![\w-])", log)
        if leaked or phones:
            fail(f"the log holds personal data or secrets: {leaked[:5]} {phones[:5]}")
        print(f"ok: the log ({len(log.splitlines())} lines) holds none of {len(secrets)} addresses and tokens, and no phone number")
        return 0
    finally:
        server.stop()
        if sink.proc and sink.proc.poll() is None:
            sink.kill()


def refused_address(server: Server, sink: Sink, secrets: set) -> None:
    """A registration to an address the SMTP server does not know: one attempt, then
    `failed`, without the address in the stored error."""
    unknown = "ingen@finnes-ikke.example.no"
    secrets.add(unknown)
    server.call("POST", "/api/v1/auth/register", {"email": unknown, "password": PASSWORD, "name": "Ingen"}, expect=201)
    admin = server.login(*ADMIN)
    secrets.add(admin)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        outbox = server.call("GET", "/api/v1/admin/outbox?limit=100", token=admin, expect=200)
        mine = [m for m in outbox["items"] if m["recipient"].endswith("@finnes-ikke.example.no")]
        if mine and mine[0]["status"] == "failed":
            m = mine[0]
            if m["attempts"] != 1:
                fail(f"a refused address was tried {m['attempts']} times, expected once")
            if unknown in (m.get("last_error") or "") or "5.1.1" not in (m.get("last_error") or ""):
                fail(f"the stored error of a refused address reads {m.get('last_error')!r}")
            refusals = (sink.directory / "refused.log").read_text().count("refused")
            if refusals != 1:
                fail(f"the SMTP server refused the unknown address {refusals} times, expected once")
            print("ok: an address the SMTP server does not know was tried once and is failed")
            return
        time.sleep(0.2)
    fail("the message to an unknown address was not failed within 30 s")


def full_flow(server: Server, sink: Sink, owner: str, secrets: set) -> None:
    """An organisation's life with every message kind, while SMTP is up."""
    admin = server.login(*ADMIN)
    secrets.add(admin)
    org_email, phone = "post@korpset.example.no", "+47 912 34 567"
    secrets.update([org_email, phone])
    org = server.call("POST", "/api/v1/organisations", {
        "name": "Konnerud skolekorps", "kind": "association", "description": "Korps.",
        "email": org_email, "phone": phone, "districts": ["konnerud"]}, token=owner, expect=201)
    server.call("POST", f"/api/v1/organisations/{org['id']}/verify", {}, token=admin, expect=200)

    invited = "per.hansen@example.no"
    secrets.add(invited)
    invitation = server.call("POST", f"/api/v1/organisations/{org['id']}/invitations",
                             {"email": invited, "role": "editor"}, token=owner, expect=201)
    secrets.add(invitation.get("token"))
    sink.wait_for(invited, "invitasjon")

    opportunity = server.call("POST", f"/api/v1/organisations/{org['id']}/volunteer-opportunities", {
        "title": "Kakebaker til konserten", "description": "Vi trenger kaker.", "district": "konnerud",
        "commitment": "one_off", "status": "open"}, token=owner, expect=201)
    volunteer, volunteer_phone = "frivillig.ola@example.no", "98765432"
    secrets.update([volunteer, volunteer_phone])
    signup = server.call("POST", f"/api/v1/volunteer-opportunities/{opportunity['id']}/signups", {
        "name": "Ola Frivillig", "email": volunteer, "phone": volunteer_phone, "message": "Jeg baker gjerne.",
        "consent": True, "age_confirmed": True}, expect=201)
    secrets.add(signup["withdraw_token"])
    sink.wait_for(org_email)
    sink.wait_for(volunteer)
    server.call("PATCH", f"/api/v1/signups/{signup['id']}", {"status": "accepted"}, token=owner, expect=200)

    server.call("POST", "/api/v1/auth/password-reset", {"email": "kari.nordmann@example.no"}, expect=202)
    server.call("POST", "/api/v1/auth/password-reset", {"email": "finnes.ikke@example.no"}, expect=202)
    reset = sink.wait_for("kari.nordmann@example.no", "nytt-passord")
    token = link(reset, "nytt-passord")
    secrets.add(token)
    server.call("POST", "/api/v1/auth/password-reset/confirm", {"token": token, "password": PASSWORD + " nytt"}, expect=204)
    print("ok: a full flow (organisation, invitation, sign-up, answer, password reset) sent its messages")


if __name__ == "__main__":
    sys.exit(main())
