"""A loopback SMTP server for the e-mail check: every message it accepts is written whole
to DIR as `<n>.eml` (n counts up, also across restarts), so the check can count what arrived
and read the links in it. Recipients in the domain UNKNOWN_DOMAIN are refused as a real
server refuses an address that does not exist ("550 5.1.1 ... User unknown"), and counted in
DIR/refused.log. Runs until it is killed.

Usage: python smtp_sink.py PORT DIR   (needs aiosmtpd)
"""

import asyncio
import os
import sys

from aiosmtpd.controller import Controller


UNKNOWN_DOMAIN = "@finnes-ikke.example.no"


class Sink:
    def __init__(self, directory: str) -> None:
        self.directory = directory

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address.lower().endswith(UNKNOWN_DOMAIN):
            with open(os.path.join(self.directory, "refused.log"), "a") as f:
                f.write("refused\n")
            return f"550 5.1.1 <{address}>: Recipient address rejected: User unknown"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        # Written under a temporary name, then renamed: a reader never sees half a message.
        n = len([f for f in os.listdir(self.directory) if f.endswith(".eml")])
        while os.path.exists(os.path.join(self.directory, f"{n}.eml")):
            n += 1
        tmp = os.path.join(self.directory, f".{n}.tmp")
        with open(tmp, "wb") as f:
            f.write(envelope.content)
        os.rename(tmp, os.path.join(self.directory, f"{n}.eml"))
        return "250 Message accepted for delivery"


def main() -> None:
    port, directory = int(sys.argv[1]), sys.argv[2]
    os.makedirs(directory, exist_ok=True)
    controller = Controller(Sink(directory), hostname="127.0.0.1", port=port)
    controller.start()
    print(f"smtp sink listening on 127.0.0.1:{port}", flush=True)
    try:
        asyncio.get_event_loop().run_forever()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
