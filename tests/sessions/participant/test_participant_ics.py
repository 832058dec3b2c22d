"""The .ics a guest downloads from their page: their own invitation, their answer as PARTSTAT."""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.urls import reverse

from planning.enums import RsvpAnswer
from planning.guests.tokens import guest_link_token
from tests.factories import GuestFactory, JamFactory, RsvpFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def guest(host):
    jam = JamFactory(host=host, name="Healing Jam", venue="Community Hall")
    SessionFactory(
        jam=jam,
        number=1,
        starts_at=dt.datetime(2026, 3, 30, 16, 0, tzinfo=dt.UTC),
        timezone="Europe/Madrid",
    )
    return GuestFactory(jam=jam, name="Wanjiru Kamau", email="wanjiru@example.test")


def ics_url(guest, session=None) -> str:
    session = session or guest.jam.sessions.get()
    return reverse(
        "guest:session_ics", kwargs={"token": guest_link_token(guest), "key": session.key}
    )


def event_of(response) -> icalendar.Event:
    calendar = icalendar.Calendar.from_ical(response.content)
    assert str(calendar["METHOD"]) == "REQUEST"
    events = calendar.walk("VEVENT")
    assert len(events) == 1
    return events[0]


def test_the_ics_is_served_as_a_calendar_file_named_after_the_jam(client, guest):
    response = client.get(ics_url(guest))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (
        f'attachment; filename="{guest.jam.slug}-session-1.ics"'
    )
    assert "no-store" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "strict-origin"


def test_the_ics_has_the_guest_as_attendee_with_their_answer(client, guest):
    event = event_of(client.get(ics_url(guest)))
    attendee = event["ATTENDEE"]
    assert str(attendee).lower() == "mailto:wanjiru@example.test"
    assert attendee.params["PARTSTAT"] == "NEEDS-ACTION"
    assert event.decoded("DTSTART").astimezone(dt.UTC) == dt.datetime(
        2026, 3, 30, 16, 0, tzinfo=dt.UTC
    )

    RsvpFactory(guest=guest, session=guest.jam.sessions.get(), answer=RsvpAnswer.YES)

    event = event_of(client.get(ics_url(guest)))
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert "Community Hall" in str(event.get("LOCATION", ""))


def test_the_ics_leaves_out_where_before_yes(client, guest):
    event = event_of(client.get(ics_url(guest)))

    assert "Community Hall" not in event.to_ical().decode()


def test_the_ics_of_a_session_of_another_jam_is_not_given(client, guest):
    """Not one of the guest's Jam's sessions: as for a removed one, their page says so."""
    other = SessionFactory(jam=JamFactory(), number=4)

    response = client.get(ics_url(guest, other))

    assert response.status_code == 302
    assert response["Location"].startswith(f"/i/{guest_link_token(guest)}/")
    assert "text/calendar" not in response.get("Content-Type", "")


def test_the_ics_of_an_unknown_link_is_not_found(client, guest):
    response = client.get(
        reverse("guest:session_ics", kwargs={"token": "nobody.here", "key": "abcdefgh"})
    )

    assert response.status_code == 404
