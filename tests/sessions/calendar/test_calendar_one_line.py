"""No user text adds a line to a calendar file, even old data with a line break in a name.

Names are kept on one line when they are written (jamsessions.text), but rows
written before may still hold a line break: they are set here straight in the
database. Every value goes through the icalendar library's TEXT escaping.
"""

import pytest
import vobject
from django.db import connection
from django.urls import reverse
from icalendar import Calendar

from planning.guests.tokens import calendar_feed_token
from sessions.calendar.ics import guest_session_ics, session_cancel_ics, session_snapshot
from tests.factories import AgendaItemFactory, GuestFactory, HouseRuleFactory, RsvpFactory

pytestmark = pytest.mark.django_db

BREAKS = ["\n", "\r\n", "\r", "\u2028", "\x85"]


def raw_set(instance, field: str, value: str) -> None:
    """Write a value straight into the row, as old data holds it (no model code on the way)."""
    table = instance._meta.db_table
    column = instance._meta.get_field(field).column
    with connection.cursor() as cursor:
        cursor.execute(f'UPDATE "{table}" SET "{column}" = %s WHERE id = %s', [value, instance.pk])


def feed(client, jam) -> bytes:
    response = client.get(reverse("calendar:feed", kwargs={"token": calendar_feed_token(jam)}))
    assert response.status_code == 200
    return response.content


def content_lines(content: bytes) -> list[bytes]:
    """The file's content lines (folded lines joined): none may hold a bare CR or LF."""
    lines = content.replace(b"\r\n ", b"").removesuffix(b"\r\n").split(b"\r\n")
    for line in lines:
        assert b"\n" not in line, line
        assert b"\r" not in line, line
    return lines


def shape(content: bytes) -> list[str]:
    """Each content line's property name: what the file holds, whatever the values."""
    return [line.decode().split(":", 1)[0].split(";", 1)[0] for line in content_lines(content)]


def parse(content: bytes):
    """Both parsers must read the file."""
    return Calendar.from_ical(content), vobject.readOne(content.decode("utf-8"))


@pytest.fixture
def jam(jam):
    jam.venue = "Community Hall"
    jam.save()
    AgendaItemFactory(session=jam.sessions.get(), title="Tea break")
    HouseRuleFactory(jam=jam, text="We listen")
    return jam


@pytest.mark.parametrize("line_break", BREAKS, ids=repr)
def test_a_feed_whose_jam_name_has_a_line_break_is_served_and_adds_no_line(client, jam, line_break):
    raw_set(jam, "name", "Jam d'été")
    single_line = feed(client, jam)
    raw_set(jam, "name", f"Jam d'été{line_break}à Dakar")

    content = feed(client, jam)

    assert shape(content) == shape(single_line)
    ical, vcal = parse(content)
    assert [child.name for child in vcal.getChildren()] == [
        child.name for child in parse(single_line)[1].getChildren()
    ]
    (event,) = ical.walk("VEVENT")
    assert str(event["SUMMARY"]).startswith("Jam d'été")
    assert str(event["SUMMARY"]).endswith("à Dakar")
    assert vcal.vevent.summary.value == str(event["SUMMARY"])
    assert vcal.x_wr_calname.value == str(event["SUMMARY"])


def test_every_name_in_the_feed_with_a_line_break_adds_no_line(client, jam):
    single_line = feed(client, jam)
    raw_set(jam, "name", "Healing\nJam")
    raw_set(jam, "venue", "Community\r\nHall")
    raw_set(jam.host, "name", "Host\nPerson")
    raw_set(jam.sessions.get().agenda_items.get(), "title", "Tea\nbreak")
    raw_set(jam.house_rules.get(), "text", "We\u2028listen")

    content = feed(client, jam)

    assert shape(content) == shape(single_line)
    ical, vcal = parse(content)
    (event,) = ical.walk("VEVENT")
    assert str(event["LOCATION"]) == vcal.vevent.location.value == "Community\nHall"
    assert "Tea\nbreak" in vcal.vevent.description.value
    assert event["ORGANIZER"].params["CN"] == "Host\nPerson"


def test_a_guests_invitation_and_its_cancellation_add_no_line(jam):
    session = jam.sessions.select_related("jam__host").get()
    guest = GuestFactory(jam=jam, name="Ama Kofi", email="ama@example.test")
    RsvpFactory(guest=guest, session=session, answer="yes")
    single_line = guest_session_ics(guest=guest, session=session)
    raw_set(jam, "name", "Healing\nJam")
    raw_set(guest, "name", "Ama\r\nKofi")
    session = jam.sessions.select_related("jam__host").get()
    guest.refresh_from_db()

    content = guest_session_ics(guest=guest, session=session)
    cancellation = session_cancel_ics(snapshot=session_snapshot(session), attendee=None)

    assert shape(content) == shape(single_line)
    ical, vcal = parse(content)
    assert vcal.vevent.summary.value == str(ical.walk("VEVENT")[0]["SUMMARY"])
    assert "Healing" in vcal.vevent.summary.value
    assert "SUMMARY" in shape(cancellation)
    parse(cancellation)
