from unittest import mock

import pytest
from django.db import OperationalError, connection

pytestmark = pytest.mark.django_db


def test_health_answers_ok_when_the_database_is_up(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"status": "ok", "database": "up"}


def test_health_is_never_cached(client):
    response = client.get("/health/")

    assert "no-cache" in response["Cache-Control"]
    assert "max-age=0" in response["Cache-Control"]


def test_health_needs_no_sign_in(client):
    response = client.get("/health/")

    assert "Location" not in response
    assert response.json()["status"] == "ok"


@pytest.mark.parametrize("method", ["ensure_connection", "cursor"])
def test_health_answers_503_when_the_database_fails(client, method):
    failure = OperationalError("connection to server failed: Connection refused")

    with mock.patch.object(connection, method, side_effect=failure):
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "down"}
    assert "no-cache" in response["Cache-Control"]


def test_health_answers_ok_again_once_the_database_is_back(client):
    with mock.patch.object(connection, "ensure_connection", side_effect=OperationalError("down")):
        assert client.get("/health/").status_code == 503

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json()["database"] == "up"


def test_health_refuses_post(client):
    response = client.post("/health/")

    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD"


def test_health_answers_head_for_uptime_monitors(client):
    response = client.head("/health/")

    assert response.status_code == 200
