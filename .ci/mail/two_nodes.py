"""Two `fritid serve` processes with their mail workers on one PostgreSQL database deliver
each of 100 queued messages exactly once (issue 14, acceptance 3).

100 accounts are registered, half through each node, while the SMTP server is not yet
listening: every confirmation fails its first attempt and waits in the outbox. Then the SMTP
server starts, and when the messages fall due both workers claim from the same backlog at
once. The check counts what the SMTP server received: 100 messages, one per address, 100
distinct Message-IDs; and how many each node sent (from their logs).

Usage: python two_nodes.py PATH_TO_FRITID_BINARY DATABASE_URL   (an empty PostgreSQL
database; aiosmtpd installed in this Python). Exits non-zero on any failure.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from check import PASSWORD, Server, Sink, fail, free_port

MESSAGES = 100


def main() -> int:
    binary, database_url = os.path.abspath(sys.argv[1]), sys.argv[2]
    work = Path(tempfile.mkdtemp(prefix="fritid-two-nodes."))
    smtp_port = free_port()
    common = dict(os.environ)
    common.update({
        "DATABASE_URL": database_url,
        "FRITID_SMTP_URL": f"smtp://127.0.0.1:{smtp_port}",
        "FRITID_MAIL_FROM": "Fritid <noreply@fritid.example.no>",
        "FRITID_JWT_SECRET": "two-nodes-secret-two-nodes-secret",
        "FRITID_RATE_LIMITS": "off",
        "RUST_LOG": "info",
    })
    subprocess.run([binary, "migrate"], env=common, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    nodes = []
    for name in ("a", "b"):
        port = free_port()
        env = dict(common, FRITID_BIND=f"127.0.0.1:{port}", FRITID_DATA_DIR=str(work / name),
                   FRITID_PUBLIC_URL=f"http://127.0.0.1:{port}")
        nodes.append(Server(binary, env, work / f"{name}.log"))
    sink = Sink(smtp_port, work / "smtp")
    try:
        for node in nodes:
            node.start()
        addresses = [f"person{i}@example.no" for i in range(MESSAGES)]
        for i, address in enumerate(addresses):
            nodes[i % 2].call("POST", "/api/v1/auth/register",
                              {"email": address, "password": PASSWORD, "name": f"Person {i}"}, expect=201)
        time.sleep(2)
        sink.start()
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline and len(sink.messages()) < MESSAGES:
            time.sleep(0.5)
        time.sleep(8)  # anything sent twice would arrive by now (the workers look every 5 s)
        received = sink.messages()
        ids = {m["id"] for m in received}
        per_address = {a: sum(1 for m in received if a in m["to"]) for a in addresses}
        wrong = {a: n for a, n in per_address.items() if n != 1}
        if len(received) != MESSAGES or len(ids) != MESSAGES or wrong:
            fail(f"{len(received)} messages with {len(ids)} Message-IDs arrived for {MESSAGES}; "
                 f"addresses not reached exactly once: {list(wrong.items())[:5]}")
        sent = [node.log.read_text(errors="replace").count("mail sent") for node in nodes]
        print(f"ok: two nodes on one PostgreSQL database delivered {MESSAGES} queued messages exactly once "
              f"(node a sent {sent[0]}, node b sent {sent[1]})")
        if sum(sent) != MESSAGES:
            fail(f"the nodes logged {sum(sent)} deliveries for {MESSAGES} messages")
        return 0
    finally:
        for node in nodes:
            node.stop()
        if sink.proc and sink.proc.poll() is None:
            sink.kill()


if __name__ == "__main__":
    sys.exit(main())
