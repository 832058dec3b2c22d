"""Pages stay light for slow and costly connections: under 50 KB compressed, assets included."""

import gzip
import re

import pytest
from django.contrib.staticfiles import finders

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
