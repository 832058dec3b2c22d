import pytest

pytestmark = pytest.mark.django_db


def test_home_page_explains_a_jam_and_offers_a_start(client):
    response = client.get("/")
    assert response.status_code == 200
    assert "Five principles for planning" in response.text
    assert "Start planning a Jam" in response.text


def test_pages_that_only_show_refuse_a_post(client, host_client):
    """The home page and the list of Jams take no form: a POST is refused, not shown the page."""
    assert client.post("/").status_code == 405
    assert host_client.post("/jams/").status_code == 405
