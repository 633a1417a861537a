"""Uses the client generated from openapi/openapi.json, as a third party would: register,
confirm the address with the link e-mailed to it, log in, create an organisation, read
public activities. Exits non-zero on any surprise.

Usage: python use_client.py BASE_URL OUTBOX_DIR  (with the generated package on PYTHONPATH;
OUTBOX_DIR is where the server writes e-mail as .eml files: <FRITID_DATA_DIR>/outbox)
"""

import email
import email.policy
import pathlib
import re
import sys
import time
import uuid

from fritid_api_client import AuthenticatedClient, Client
from fritid_api_client.api.accounts import get_me, login, register, verify_email
from fritid_api_client.api.activities import search_activities
from fritid_api_client.api.organisations import create_organisation
from fritid_api_client.models import (
    CreateOrganisationRequest,
    LoginRequest,
    OrganisationKindDto,
    RegisterRequest,
    VerifyEmailRequest,
)


def confirmation_token(outbox: pathlib.Path, address: str) -> str:
    """The token of the confirmation link e-mailed to `address`, read from the .eml file the
    server's mail worker writes (waiting up to ten seconds for it)."""
    for _ in range(100):
        for path in sorted(outbox.glob("*.eml")):
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            if message["To"] != address:
                continue
            text = message.get_body(preferencelist=("plain",)).get_content()
            found = re.search(r"/bekreft-epost\?token=([A-Za-z0-9_-]+)", text)
            assert found, text
            return found.group(1)
        time.sleep(0.1)
    raise AssertionError(f"no confirmation e-mail for {address} in {outbox}")


def main() -> int:
    base, outbox = sys.argv[1], pathlib.Path(sys.argv[2])
    client = Client(base_url=base, raise_on_unexpected_status=True)
    email = f"client-{uuid.uuid4().hex[:8]}@example.no"
    password = "et langt og trygt passord"

    created = register.sync_detailed(
        client=client, body=RegisterRequest(email=email, password=password, name="Generert Klient")
    )
    assert created.status_code == 201, created
    confirmed = verify_email.sync_detailed(
        client=client, body=VerifyEmailRequest(token=confirmation_token(outbox, email))
    )
    assert confirmed.status_code == 204, confirmed

    tokens = login.sync(client=client, body=LoginRequest(email=email, password=password))
    assert tokens is not None and tokens.token_type == "Bearer", tokens
    authed = AuthenticatedClient(base_url=base, token=tokens.access_token, raise_on_unexpected_status=True)

    me = get_me.sync(client=authed)
    assert me is not None and me.email == email and me.email_verified, me

    org = create_organisation.sync(
        client=authed,
        body=CreateOrganisationRequest(
            name="Klientlaget", kind=OrganisationKindDto.ASSOCIATION, districts=["konnerud"]
        ),
    )
    assert org is not None and org.status == "pending", org

    page = search_activities.sync(client=client, q="fotball", limit=5)
    assert page is not None, page
    titles = [a.title for a in page.items]
    assert titles, "the demo data has football activities"
    print(f"generated client works: registered and confirmed {email}, created {org.name}, found {titles}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
