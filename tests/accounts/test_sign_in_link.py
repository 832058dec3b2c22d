"""Signing in with an emailed link instead of a password."""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import urlencode

import pytest
import time_machine
from django.conf import settings
from django.test import Client
from sesame.utils import get_token

from jamsessions.outbox.models import TeamEmail
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ASK = "/accounts/login/link/"
JAMS = "/jams/"
SENT = "If there is an account for"
INVALID = "This sign-in link does not work"


def ask(client: Client, email: str, capture, **extra):
    with capture(execute=True):
        return client.post(ASK, {"email": email, **extra})


def link_in(message) -> str:
    match = re.search(
        rf"{settings.SITE_URL}(/accounts/login/link/[^/\s]+/(?:\?\S+)?)", message.body
    )
    assert match, message.body
    return match.group(1)


def signed_in_user_id(client: Client) -> int | None:
    value = client.session.get("_auth_user_id")
    return int(value) if value is not None else None


def test_the_sign_in_page_offers_a_link_by_email(client):
    assert ASK in client.get("/accounts/login/").text


def test_asking_sends_one_email_with_both_parts_and_a_link(
    client, host, mailoutbox, django_capture_on_commit_callbacks
):
    response = ask(client, "Host@Example.test", django_capture_on_commit_callbacks)

    assert response.status_code == 200
    assert SENT in response.text
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["host@example.test"]
    assert message.subject == "Your Jam Sessions sign-in link"
    assert "within 15 minutes" in message.body
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    assert f'href="{settings.SITE_URL}{link_in(message)}"' in html


def test_opening_the_link_asks_before_signing_in_and_then_signs_in(
    client, host, mailoutbox, django_capture_on_commit_callbacks
):
    ask(client, "host@example.test", django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])

    page = client.get(link)
    assert page.status_code == 200
    assert "Sign in as" in page.text
    assert "no-store" in page["Cache-Control"]
    assert page["Referrer-Policy"] == "strict-origin"
    assert signed_in_user_id(client) is None, "a mail scanner opening the link signs nobody in"

    response = client.post(link)
    assert response.status_code == 302
    assert response["Location"] == JAMS
    assert signed_in_user_id(client) == host.pk


def test_the_link_works_once(client, host, mailoutbox, django_capture_on_commit_callbacks):
    ask(client, "host@example.test", django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    client.post(link)

    other = Client()
    response = other.post(link)
    assert response.status_code == 404
    assert INVALID in response.text
    assert signed_in_user_id(other) is None


def test_the_link_stops_working_after_fifteen_minutes(
    client, host, mailoutbox, django_capture_on_commit_callbacks
):
    with time_machine.travel(dt.datetime(2031, 5, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        ask(client, "host@example.test", django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])

    with time_machine.travel(dt.datetime(2031, 5, 1, 9, 14, tzinfo=dt.UTC), tick=False):
        assert client.get(link).status_code == 200
    with time_machine.travel(dt.datetime(2031, 5, 1, 9, 16, tzinfo=dt.UTC), tick=False):
        response = client.post(link)
    assert response.status_code == 404
    assert signed_in_user_id(client) is None


def test_a_password_change_voids_the_link(
    client, host, mailoutbox, django_capture_on_commit_callbacks
):
    ask(client, "host@example.test", django_capture_on_commit_callbacks)
    host.set_password("a-completely-new-pass-83")
    host.save()

    assert client.post(link_in(mailoutbox[0])).status_code == 404


def test_a_made_up_or_tampered_link_is_refused_kindly(
    client, host, mailoutbox, django_capture_on_commit_callbacks
):
    ask(client, "host@example.test", django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])
    tampered = link.replace(link.split("/")[-2], link.split("/")[-2][:-3] + "AAA")

    for address in (tampered, "/accounts/login/link/not-a-token/"):
        response = client.post(address)
        assert response.status_code == 404
        assert INVALID in response.text
    assert signed_in_user_id(client) is None


def test_an_unknown_address_gets_the_same_answer_and_no_email(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    response = ask(client, "nobody@example.test", django_capture_on_commit_callbacks)
    assert SENT in response.text
    assert mailoutbox == []


def test_an_inactive_account_gets_no_link(client, mailoutbox, django_capture_on_commit_callbacks):
    UserFactory(email="gone@example.test", is_active=False)
    ask(client, "gone@example.test", django_capture_on_commit_callbacks)
    assert mailoutbox == []


def test_an_account_waiting_for_its_address_gets_no_link_and_the_same_answer(
    client, mailoutbox, django_capture_on_commit_callbacks
):
    UserFactory(email="amina@example.test", email_confirmed=False)

    response = ask(client, "amina@example.test", django_capture_on_commit_callbacks)

    assert SENT in response.text
    assert mailoutbox == []


def test_a_sign_in_link_never_signs_in_an_account_waiting_for_its_address(client):
    amina = UserFactory(email="amina@example.test", email_confirmed=False)
    token = get_token(amina, scope="sign-in")

    assert client.post(f"{ASK}{token}/").status_code == 404
    assert signed_in_user_id(client) is None


@pytest.mark.parametrize("email", ["", "not an email", "a@b", "x" * 300 + "@example.test"])
def test_a_wrong_address_is_explained(client, email, mailoutbox):
    response = client.post(ASK, {"email": email})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.text
    assert mailoutbox == []


def test_the_link_brings_the_person_back_where_they_were_going(
    client, host, jam, mailoutbox, django_capture_on_commit_callbacks
):
    target = f"/jams/{jam.slug}/guests/"
    ask(client, "host@example.test", django_capture_on_commit_callbacks, next=target)
    link = link_in(mailoutbox[0])

    assert client.post(link)["Location"] == target


def test_a_link_to_another_site_is_not_followed(
    client, host, mailoutbox, django_capture_on_commit_callbacks
):
    ask(client, "host@example.test", django_capture_on_commit_callbacks, next="https://evil.test/")
    link = link_in(mailoutbox[0])
    assert client.post(link)["Location"] == JAMS


@time_machine.travel(dt.datetime(2027, 5, 2, 9, 0, tzinfo=dt.UTC), tick=False)
def test_the_recorded_email_loses_its_link_when_the_link_stops_working(
    client, host, mailoutbox, django_capture_on_commit_callbacks
):
    ask(client, host.email, django_capture_on_commit_callbacks)

    email = TeamEmail.objects.get()
    assert email.erase_at == dt.datetime(2027, 5, 2, 9, 15, tzinfo=dt.UTC)
    assert email.text == "" or link_in(mailoutbox[0]) not in email.text  # erased once sent


@pytest.mark.parametrize(
    "next_url", ["-1", "2026-02-30", "planning:jam_list", "/jams/\r\nSet-Cookie: x=1", "/a\x00b"]
)
def test_a_next_that_is_not_a_path_here_leads_to_the_jams(
    client, host, mailoutbox, django_capture_on_commit_callbacks, next_url
):
    """Anything but a path of this site is left aside (it was a 500: taken for a page's name)."""
    ask(client, "host@example.test", django_capture_on_commit_callbacks)
    link = link_in(mailoutbox[0])

    response = client.post(f"{link}?{urlencode({'next': next_url})}")

    assert response.status_code == 302
    assert response["Location"] == JAMS
