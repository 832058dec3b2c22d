"""Failing well, and keeping personal pages private: a database that cannot be reached
gives a kind 503 that recovers by itself; every response says what it may not do, and no
page shown to a signed-in person is stored by a cache."""

from __future__ import annotations

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client

from jamsessions.middleware import PERMISSIONS_POLICY

pytestmark = pytest.mark.django_db


class Database:
    """Takes the database away (every query fails as when the server is down) and back."""

    def __init__(self, monkeypatch):
        self.monkeypatch = monkeypatch

    def leave(self):
        def unreachable(*args, **kwargs):
            raise OperationalError("connection to server failed: Connection refused")

        self.monkeypatch.setattr(CursorWrapper, "execute", unreachable)

    def come_back(self):
        self.monkeypatch.undo()


@pytest.fixture
def database(monkeypatch):
    return Database(monkeypatch)


@pytest.mark.parametrize("path", ["/jams/", "/accounts/login/", "/review/"])
def test_with_the_database_away_pages_answer_503_with_a_kind_page(host, database, path):
    client = Client(raise_request_exception=False)
    client.force_login(host)
    database.leave()

    response = client.get(path)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    assert "Jam Sessions is back in a moment" in response.content.decode()


def test_pages_come_back_by_themselves_when_the_database_does(host, database):
    client = Client(raise_request_exception=False)
    client.force_login(host)
    database.leave()
    assert client.get("/jams/").status_code == 503

    database.come_back()

    assert client.get("/jams/").status_code == 200


def test_any_other_error_is_still_the_500_page(host_client, monkeypatch):
    from planning.jams import views

    def broken(**kwargs):
        raise ValueError("a bug")

    monkeypatch.setattr(views, "jam_list", broken)
    host_client.raise_request_exception = False

    response = host_client.get("/jams/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_every_response_says_what_it_may_not_do(client):
    response = client.get("/")

    assert response["Permissions-Policy"] == PERMISSIONS_POLICY
    assert "camera=()" in PERMISSIONS_POLICY and "geolocation=()" in PERMISSIONS_POLICY
    assert response["Cross-Origin-Resource-Policy"] == "same-origin"


@pytest.mark.parametrize(
    "path",
    ["/jams/", "/jams/{slug}/", "/jams/{slug}/guests/", "/jams/{slug}/roadmap/"],
)
def test_pages_for_a_signed_in_person_are_never_stored(host_client, jam, path):
    response = host_client.get(path.format(slug=jam.slug))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_page_for_nobody_in_particular_is_not_marked_private(client):
    response = client.get("/")

    assert "private" not in response.get("Cache-Control", "")
