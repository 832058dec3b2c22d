"""The team's session invitation and the Jam's subscribable calendar feed."""

import datetime as dt

import pytest
import vobject
from django.urls import reverse
from icalendar import Calendar

from planning.guests.tokens import calendar_feed_token, calendar_feed_url
from tests.factories import (
    AgendaItemFactory,
    HouseRuleFactory,
    SessionFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def invite_url(jam, number=1) -> str:
    """The invitation of the Jam's session ``number`` (a label), by the session's own key."""
    key = jam.sessions.get(number=number).key
    return reverse("sessions:invite_ics", kwargs={"slug": jam.slug, "key": key})


def feed_url(jam) -> str:
    return reverse("calendar:feed", kwargs={"token": calendar_feed_token(jam)})


def parse(content: bytes):
    return Calendar.from_ical(content), vobject.readOne(content.decode("utf-8"))


# --- The session's invitation for the team ---------------------------------------------------


def test_invite_for_the_host_is_a_request_with_them_accepted(host_client, jam):
    jam.venue = "Community hall, Nairobi"
    jam.save()
    session = jam.sessions.get()
    AgendaItemFactory(session=session, title="Opening circle", facilitator_notes="Private note")

    response = host_client.get(invite_url(jam))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == (f'attachment; filename="{jam.slug}-session-1.ics"')
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    ical, vcal = parse(response.content)
    (event,) = ical.walk("VEVENT")
    assert str(ical["METHOD"]) == "REQUEST"
    assert str(event["UID"]) == vcal.vevent.uid.value == f"{session.uid}@jamsessions"
    assert str(event["ATTENDEE"]) == "mailto:host@example.test"
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"
    assert str(event["LOCATION"]) == "Community hall, Nairobi"
    assert str(event["URL"]) == f"http://testserver{session.get_absolute_url()}"
    assert "Opening circle" in vcal.vevent.description.value
    assert "Private note" not in vcal.vevent.description.value


def test_invite_for_a_team_member_names_them(client, jam):
    member = TeamMemberFactory(jam=jam, user=UserFactory(email="fac@example.test", name="Fa C"))
    client.force_login(member.user)

    response = client.get(invite_url(jam))

    ical, _vcal = parse(response.content)
    (event,) = ical.walk("VEVENT")
    assert str(event["ATTENDEE"]) == "mailto:fac@example.test"
    assert event["ATTENDEE"].params["CN"] == "Fa C"


def test_invite_of_another_hosts_jam_is_404(other_client, jam):
    assert other_client.get(invite_url(jam)).status_code == 404


def test_invite_of_an_unknown_session_says_so_with_the_plan(host_client, jam):
    url = reverse("sessions:invite_ics", kwargs={"slug": jam.slug, "key": "abcdefgh"})

    response = host_client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"/jams/{jam.slug}/#sessions-title"


def test_invite_asks_anonymous_visitors_to_sign_in(client, jam):
    response = client.get(invite_url(jam))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_invite_refuses_post(host_client, jam):
    assert host_client.post(invite_url(jam)).status_code == 405


# --- The Jam's feed ------------------------------------------------------------------------


def test_feed_lists_the_sessions_without_signing_in(client, jam):
    later = SessionFactory(
        jam=jam,
        number=2,
        starts_at=dt.datetime(2026, 10, 26, 16, tzinfo=dt.UTC),
        timezone="Europe/Madrid",
    )

    response = client.get(feed_url(jam))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    ical, vcal = parse(response.content)
    assert str(ical["METHOD"]) == vcal.method.value == "PUBLISH"
    assert str(ical["X-WR-CALNAME"]) == jam.name
    events = ical.walk("VEVENT")
    assert sorted(str(event["UID"]) for event in events) == sorted(
        f"{session.uid}@jamsessions" for session in (jam.sessions.get(number=1), later)
    )
    assert all("ATTENDEE" not in event for event in events)
    starts = [event["DTSTART"].dt.astimezone(dt.UTC) for event in events]
    assert starts == sorted(starts)


def test_feed_url_helper_points_at_the_feed(client, jam, settings):
    settings.SITE_URL = "https://jams.example.test"

    path = calendar_feed_url(jam).removeprefix("https://jams.example.test")

    assert client.get(path).status_code == 200


@pytest.mark.parametrize(
    "token",
    ["nothing", "abc.def", "x" * 500, "0" * 32],
    ids=["plain", "signed-badly", "long", "hex"],
)
def test_feed_with_a_bad_token_is_404(client, jam, token):
    assert client.get(reverse("calendar:feed", kwargs={"token": token})).status_code == 404


def test_feed_token_of_a_jam_that_changed_its_key_is_404(client, jam):
    old = feed_url(jam)
    jam.calendar_key = "00000000-0000-4000-8000-000000000000"
    jam.save()

    assert client.get(old).status_code == 404


def test_feed_refuses_post(client, jam):
    assert client.post(feed_url(jam)).status_code == 405


@pytest.mark.parametrize("sessions", [1, 10])
def test_feed_query_count_does_not_grow_with_sessions(
    client, jam, sessions, django_assert_num_queries
):
    for number in range(2, sessions + 1):
        session = SessionFactory(jam=jam, number=number)
        AgendaItemFactory(session=session)
        AgendaItemFactory(session=session)
    AgendaItemFactory(session=jam.sessions.get(number=1))
    HouseRuleFactory(jam=jam)

    # The Jam (with its host), its sessions, their agenda items, its housekeeping rules.
    with django_assert_num_queries(4):
        response = client.get(feed_url(jam))

    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == sessions
