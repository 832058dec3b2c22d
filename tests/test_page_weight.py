"""Pages stay light for slow and costly connections: under 50 KB compressed, assets included."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

from planning.guests.tokens import guest_link_token
from tests.factories import GuestFactory

pytestmark = pytest.mark.django_db

BUDGET_BYTES = 50 * 1024


def compressed_size(content: bytes) -> int:
    return len(gzip.compress(content, compresslevel=6))


def static_assets(html: str) -> list[str]:
    return re.findall(r'(?:src|href)="/static/([^"?]+)"', html)


def page_weight(response) -> int:
    html = response.content
    total = compressed_size(html)
    for asset in static_assets(html.decode()):
        path = finders.find(asset)
        assert path, f"{asset} is linked but not served"
        with open(path, "rb") as handle:
            total += compressed_size(handle.read())
    return total


@pytest.mark.parametrize(
    "url", ["/", "/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
)
def test_public_pages_weigh_under_50_kb_compressed(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert page_weight(response) < BUDGET_BYTES


def test_host_pages_weigh_under_50_kb_compressed(host_client, jam):
    for url in ["/jams/", "/jams/new/", f"/jams/{jam.slug}/", f"/jams/{jam.slug}/sessions/new/"]:
        response = host_client.get(url)

        assert response.status_code == 200
        assert page_weight(response) < BUDGET_BYTES, url


def test_the_days_pages_and_the_guests_pages_weigh_under_50_kb_compressed(host_client, client, jam):
    session = jam.sessions.get()
    base = f"/jams/{jam.slug}/sessions/{session.key}/"
    team_pages = [
        base,
        f"{base}run/",
        f"{base}attendance/",
        f"{base}notes/",
        f"{base}feedback/",
        f"/jams/{jam.slug}/guests/",
    ]
    for url in team_pages:
        response = host_client.get(url)
        assert response.status_code == 200, url
        assert page_weight(response) < BUDGET_BYTES, url
    guest = GuestFactory(jam=jam)
    for url in [f"/i/{guest_link_token(guest)}/", f"/q/{session.public_code}/"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert page_weight(response) < BUDGET_BYTES, url
