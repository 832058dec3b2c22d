"""A guest downloads what the site keeps about them; participant pages speak the Jam's language."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.conf import settings
from django.urls import reverse

from planning.enums import AgeRange, MessageKind, MessageStatus, RsvpAnswer
from planning.guests.services import guest_erase
from planning.guests.tokens import guest_link_token
from planning.models import GuestMessage
from tests.factories import (
    AttendanceFactory,
    GuestFactory,
    JamFactory,
    QuestionFactory,
    RsvpFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def jam(host):
    return JamFactory(host=host, name="Jam de la Esperanza", language="es")


@pytest.fixture
def session(jam):
    return SessionFactory(
        jam=jam,
        number=1,
        starts_at=dt.datetime(2031, 3, 14, 15, 0, tzinfo=dt.UTC),
        timezone="America/Bogota",
    )


@pytest.fixture
def guest(jam, session):
    guest = GuestFactory(
        jam=jam,
        name="Lucía Gómez",
        email="lucia@example.test",
        needs="Interpretación a lengua de señas",
        pronouns="ella",
        age_range=AgeRange.choices[1][0],
        profile_consented_at=dt.datetime(2031, 3, 1, tzinfo=dt.UTC),
    )
    RsvpFactory(guest=guest, session=session, answer=RsvpAnswer.YES)
    AttendanceFactory(guest=guest, session=session)
    GuestMessage.objects.create(
        jam=jam,
        guest=guest,
        kind=MessageKind.INVITATION,
        key="invitation",
        status=MessageStatus.SENT,
    )
    return guest


def url(name: str, guest, **kwargs) -> str:
    return reverse(f"guest:{name}", kwargs={"token": guest_link_token(guest), **kwargs})


# --- The guest's data --------------------------------------------------------------------


def test_the_guest_downloads_everything_kept_about_them(client, guest, session):
    response = client.get(url("my_data", guest))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    assert "no-store" in response["Cache-Control"]
    data = json.loads(response.content)
    assert data["you"]["name"] == "Lucía Gómez"
    assert data["you"]["email"] == "lucia@example.test"
    assert data["you"]["needs"] == "Interpretación a lengua de señas"
    assert data["you"]["profile"]["pronouns"] == "ella"
    assert [answer["session"]["number"] for answer in data["answers"]] == [1]
    assert data["answers"][0]["session"]["starts_at"] == session.starts_at.isoformat()
    assert [mark["number"] for mark in data["marked_present"]] == [1]
    assert len(data["emails"]) == 1
    assert data["jam"]["name"] == "Jam de la Esperanza"


def test_the_download_holds_nothing_of_other_guests_or_anonymous_questions(client, guest, jam):
    other = GuestFactory(jam=jam, name="Otra Persona", email="otra@example.test")
    RsvpFactory(guest=other, session=jam.sessions.get(), answer=RsvpAnswer.NO)
    QuestionFactory(session=jam.sessions.get(), text="Una pregunta anónima")

    content = client.get(url("my_data", guest)).content.decode()

    assert "Otra Persona" not in content
    assert "otra@example.test" not in content
    assert "Una pregunta anónima" not in content


def test_the_page_offers_the_download(client, guest):
    page = client.get(url("page", guest)).content.decode()
    assert url("my_data", guest) in page


def test_an_erased_guest_has_no_data_to_download(client, guest):
    token = guest_link_token(guest)
    guest_erase(guest=guest)
    response = client.get(reverse("guest:my_data", kwargs={"token": token}))
    assert response.status_code == 404
    assert "Lucía" not in response.content.decode()


def test_the_download_query_count_does_not_grow_with_answers_and_emails(
    client, guest, jam, django_assert_max_num_queries
):
    for number in range(2, 12):
        extra = SessionFactory(jam=jam, number=number)
        RsvpFactory(guest=guest, session=extra, answer=RsvpAnswer.MAYBE)
        AttendanceFactory(guest=guest, session=extra)
    with django_assert_max_num_queries(6):
        assert client.get(url("my_data", guest)).status_code == 200


# --- The Jam's language ------------------------------------------------------------------


def test_the_participant_page_speaks_the_jams_language(client, guest):
    response = client.get(url("page", guest), HTTP_ACCEPT_LANGUAGE="en")

    assert response["Content-Language"] == "es"
    assert '<html lang="es"' in response.content.decode()


def test_a_language_chosen_on_the_site_wins_over_the_jams(client, guest):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(url("page", guest))

    assert response["Content-Language"] == "fr"
    assert '<html lang="fr"' in response.content.decode()


def test_a_jam_in_a_language_the_site_does_not_speak_gets_the_visitors(client, host):
    jam = JamFactory(host=host, language="sw")
    guest = GuestFactory(jam=jam)
    response = client.get(url("page", guest), HTTP_ACCEPT_LANGUAGE="fr")
    assert response["Content-Language"] == "fr"


def test_the_question_box_speaks_the_jams_language(client, session):
    response = client.get(reverse("box:page", kwargs={"code": session.public_code}))
    assert response["Content-Language"] == "es"


def test_the_public_feedback_page_speaks_the_jams_language(client, session):
    response = client.get(reverse("feedback:give", kwargs={"code": session.public_code}))
    assert response["Content-Language"] == "es"


def test_the_team_pages_follow_the_visitor_not_the_jam(client, host, jam):
    client.force_login(host)
    response = client.get(reverse("planning:jam_detail", kwargs={"slug": jam.slug}))
    assert response["Content-Language"] == "en"


def test_the_footer_switches_language_and_comes_back_to_the_page(client, guest):
    page = url("page", guest)
    response = client.post(reverse("set_language"), {"language": "fr", "next": page})

    assert response.status_code == 302
    assert response["Location"] == page
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fr"
    assert client.get(page)["Content-Language"] == "fr"


def test_the_footer_offers_every_language_by_its_own_name(client):
    content = client.get("/").content.decode()
    assert 'action="/i18n/setlang/"' in content
    for code, name in (("en", "English"), ("es", "Español"), ("fr", "Français")):
        assert f'value="{code}" lang="{code}"' in content
        assert name in content
