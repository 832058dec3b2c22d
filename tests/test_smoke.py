import pytest

pytestmark = pytest.mark.django_db


def test_home_page_explains_a_jam_and_offers_a_start(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Five principles for planning" in response.text
    assert "Start planning a Jam" in response.text
