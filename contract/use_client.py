"""Uses the client generated from openapi/openapi.json, as a third party would: register,
log in, create an organisation, read public activities. Exits non-zero on any surprise.

Usage: python use_client.py BASE_URL  (with the generated package on PYTHONPATH)
"""

import sys
import uuid

from fritid_api_client import AuthenticatedClient, Client
from fritid_api_client.api.accounts import get_me, login, register
from fritid_api_client.api.activities import search_activities
from fritid_api_client.api.organisations import create_organisation
from fritid_api_client.models import (
    CreateOrganisationRequest,
    LoginRequest,
    OrganisationKindDto,
    RegisterRequest,
)


def main() -> int:
    base = sys.argv[1]
    client = Client(base_url=base, raise_on_unexpected_status=True)
    email = f"client-{uuid.uuid4().hex[:8]}@example.no"
    password = "et langt og trygt passord"

    created = register.sync_detailed(
        client=client, body=RegisterRequest(email=email, password=password, name="Generert Klient")
    )
    assert created.status_code == 201, created

    tokens = login.sync(client=client, body=LoginRequest(email=email, password=password))
    assert tokens is not None and tokens.token_type == "Bearer", tokens
    authed = AuthenticatedClient(base_url=base, token=tokens.access_token, raise_on_unexpected_status=True)

    me = get_me.sync(client=authed)
    assert me is not None and me.email == email, me

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
    print(f"generated client works: registered {email}, created {org.name}, found {titles}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
