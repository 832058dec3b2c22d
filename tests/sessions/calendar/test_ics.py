"""The calendar files, read back with icalendar and with a second, independent parser (vobject)."""

import datetime as dt
import json
import zoneinfo

import pytest
import vobject
from icalendar import Calendar

from planning.guests.tokens import calendar_feed_url
from planning.models import Guest, Session
from sessions.calendar.ics import (
    Attendee,
    guest_session_ics,
    jam_feed_ics,
    partstat_for,
    session_cancel_ics,
    session_description,
    session_invite_ics,
    session_snapshot,
)
from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    HouseRuleFactory,
    JamFactory,
    RsvpFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db

MADRID = zoneinfo.ZoneInfo("Europe/Madrid")


def madrid(year, month, day, hour=18, minute=0) -> dt.datetime:
    return dt.datetime(year, month, day, hour, minute, tzinfo=MADRID)


@pytest.fixture
def madrid_jam(host):
    return JamFactory(
        host=host,
        name="Madrid Healing Jam",
        venue="Calle Mayor 1, Madrid",
        online_link="https://meet.example.test/jam",
    )


@pytest.fixture
def session(madrid_jam):
    session = SessionFactory(
        jam=madrid_jam,
        number=1,
        starts_at=madrid(2026, 3, 30),
        duration_minutes=120,
        timezone="Europe/Madrid",
    )
    AgendaItemFactory(
        session=session,
        position=0,
        duration_minutes=15,
        title="Welcome circle",
        facilitator_notes="Secret: bring the talking stick",
    )
    AgendaItemFactory(session=session, position=1, duration_minutes=45, title="Story sharing")
    HouseRuleFactory(jam=madrid_jam, text="Phones on silent")
    return session


def parse(data: bytes):
    """The file read by both parsers; both must accept it."""
    assert isinstance(data, bytes)
    return Calendar.from_ical(data), vobject.readOne(data.decode("utf-8"))


def invite(session, *, partstat="ACCEPTED", show_location=True, **kwargs) -> bytes:
    attendee = Attendee(email="ana@example.test", name="Ana Guest", partstat=partstat)
    return session_invite_ics(
        session=session, attendee=attendee, show_location=show_location, **kwargs
    )


def only_event(calendar: Calendar):
    (event,) = calendar.walk("VEVENT")
    return event


def utc_start(data: bytes) -> tuple[dt.datetime, dt.datetime]:
    """DTSTART as each parser understood it, converted to UTC."""
    ical, vcal = parse(data)
    return (
        only_event(ical)["DTSTART"].dt.astimezone(dt.UTC),
        vcal.vevent.dtstart.value.astimezone(dt.UTC),
    )


# --- Invitation ---------------------------------------------------------------------------


def test_partstat_for_each_answer():
    assert partstat_for("yes") == "ACCEPTED"
    assert partstat_for("maybe") == "TENTATIVE"
    assert partstat_for("no") == "DECLINED"
    assert partstat_for(None) == "NEEDS-ACTION"
    assert partstat_for("") == "NEEDS-ACTION"


def test_invite_has_the_fields_calendars_need(session, host):
    data = invite(
        session,
        url="https://jams.example.test/i/abc/",
        description=session_description(session, "https://jams.example.test/i/abc/"),
    )
    ical, vcal = parse(data)
    event = only_event(ical)

    assert str(ical["METHOD"]) == vcal.method.value == "REQUEST"
    assert str(ical["PRODID"]) == "-//Jam Sessions//EN"
    assert str(ical["VERSION"]) == "2.0"
    # Times are UTC instants: no zone definition needed (see sessions/ics.py, test_clock_changes).
    assert ical.walk("VTIMEZONE") == []
    assert not hasattr(vcal, "vtimezone")

    assert str(event["UID"]) == vcal.vevent.uid.value == f"{session.uid}@jamsessions"
    assert event["SEQUENCE"] == 0
    assert int(vcal.vevent.sequence.value) == 0
    assert event["DTSTAMP"].dt.tzinfo is not None
    assert b"DTSTART:20260330T160000Z" in data
    assert b"DTEND:20260330T180000Z" in data
    assert event["DTSTART"].dt == madrid(2026, 3, 30, 18, 0)
    assert event["DTEND"].dt == madrid(2026, 3, 30, 20, 0)
    assert str(event["SUMMARY"]) == vcal.vevent.summary.value == "Madrid Healing Jam"
    assert str(event["STATUS"]) == vcal.vevent.status.value == "CONFIRMED"
    assert str(event["URL"]) == "https://jams.example.test/i/abc/"
    assert str(event["LOCATION"]) == "Calle Mayor 1, Madrid — https://meet.example.test/jam"
    assert vcal.vevent.location.value == "Calle Mayor 1, Madrid — https://meet.example.test/jam"

    organizer = event["ORGANIZER"]
    assert str(organizer) == "mailto:host@example.test"
    assert organizer.params["CN"] == "Host Person"
    assert vcal.vevent.organizer.value == "mailto:host@example.test"

    attendee = event["ATTENDEE"]
    assert str(attendee) == "mailto:ana@example.test"
    assert attendee.params["CN"] == "Ana Guest"
    assert attendee.params["ROLE"] == "REQ-PARTICIPANT"
    assert attendee.params["PARTSTAT"] == "ACCEPTED"
    assert attendee.params["RSVP"] == "TRUE"
    assert vcal.vevent.attendee.value == "mailto:ana@example.test"
    assert vcal.vevent.attendee.params["PARTSTAT"] == ["ACCEPTED"]

    (alarm,) = event.walk("VALARM")
    assert str(alarm["ACTION"]) == "DISPLAY"
    assert alarm["TRIGGER"].dt == -dt.timedelta(hours=1)
    assert "Madrid Healing Jam" in str(alarm["DESCRIPTION"])
    assert vcal.vevent.valarm.trigger.value == -dt.timedelta(hours=1)


def test_invite_description_has_agenda_rules_and_link_but_no_facilitator_notes(session):
    data = invite(
        session,
        description=session_description(session, "https://jams.example.test/i/abc/"),
    )
    ical, vcal = parse(data)
    text = str(only_event(ical)["DESCRIPTION"])

    assert text == vcal.vevent.description.value
    assert "Monday 30 March 2026, 18:00–20:00 (Europe/Madrid)" in text
    assert "18:00–18:15  Welcome circle" in text
    assert "18:15–19:00  Story sharing" in text
    assert "- Phones on silent" in text
    assert "https://jams.example.test/i/abc/" in text
    assert "talking stick" not in text


def test_invite_without_location_when_not_allowed(session):
    ical, vcal = parse(invite(session, show_location=False))

    assert "LOCATION" not in only_event(ical)
    assert not hasattr(vcal.vevent, "location")
    assert b"Calle Mayor" not in invite(session, show_location=False)
    assert b"meet.example.test" not in invite(session, show_location=False)


def test_invite_without_attendee_has_no_attendee(session):
    data = session_invite_ics(session=session, attendee=None, show_location=True)
    ical, _vcal = parse(data)

    assert "ATTENDEE" not in only_event(ical)
    assert str(only_event(ical)["ORGANIZER"]) == "mailto:host@example.test"


@pytest.mark.parametrize(
    ("answer", "partstat"),
    [("yes", "ACCEPTED"), ("maybe", "TENTATIVE"), ("no", "DECLINED"), (None, "NEEDS-ACTION")],
)
def test_invite_partstat_follows_the_answer(session, answer, partstat):
    ical, vcal = parse(invite(session, partstat=partstat_for(answer)))

    assert only_event(ical)["ATTENDEE"].params["PARTSTAT"] == partstat
    assert vcal.vevent.attendee.params["PARTSTAT"] == [partstat]


@pytest.mark.parametrize(
    ("starts_at", "utc_hour"),
    [(madrid(2026, 3, 30), 16), (madrid(2026, 10, 26), 17)],
    ids=["summer-time", "winter-time"],
)
def test_invite_is_right_across_daylight_saving(session, starts_at, utc_hour):
    session.starts_at = starts_at
    session.save()
    data = invite(session)

    expected = dt.datetime(starts_at.year, starts_at.month, starts_at.day, utc_hour, tzinfo=dt.UTC)
    assert utc_start(data) == (expected, expected)


@pytest.mark.parametrize(
    ("starts_at", "utc_hour"),
    [(madrid(2026, 3, 30), 16), (madrid(2026, 10, 26), 17)],
    ids=["summer-time", "winter-time"],
)
def test_invite_times_need_no_zone_definition(session, starts_at, utc_hour):
    """No time names a zone: no parser needs the zone's rules, its own or the file's."""
    session.starts_at = starts_at
    session.save()
    data = invite(session)

    assert b"TZID" not in data
    assert b"VTIMEZONE" not in data

    expected = dt.datetime(starts_at.year, starts_at.month, starts_at.day, utc_hour, tzinfo=dt.UTC)
    assert utc_start(data) == (expected, expected)


def test_invite_end_counts_real_minutes_across_the_clock_change(session):
    # 01:30 on the night the clocks go forward: two hours later it is 04:30 on the wall.
    session.starts_at = madrid(2026, 3, 29, 1, 30)
    session.duration_minutes = 120
    session.save()
    ical, vcal = parse(invite(session))
    event = only_event(ical)

    assert event["DTEND"].dt == madrid(2026, 3, 29, 4, 30)  # 02:30 UTC
    # Same-zone subtraction in Python is on the wall clock: compare on the absolute clock.
    assert event["DTEND"].dt.astimezone(dt.UTC) - event["DTSTART"].dt.astimezone(
        dt.UTC
    ) == dt.timedelta(hours=2)
    assert vcal.vevent.dtend.value.astimezone(dt.UTC) - vcal.vevent.dtstart.value.astimezone(
        dt.UTC
    ) == dt.timedelta(hours=2)


def test_invite_for_a_zone_without_clock_changes_is_in_utc_too(host):
    session = SessionFactory(
        jam=JamFactory(host=host),
        starts_at=dt.datetime(2026, 5, 4, 15, tzinfo=dt.UTC),
        timezone="Africa/Nairobi",
    )
    ical, vcal = parse(invite(session))

    assert ical.walk("VTIMEZONE") == []
    assert vcal.vevent.dtstart.value == dt.datetime(2026, 5, 4, 15, tzinfo=dt.UTC)
    assert vcal.vevent.dtstart.value.astimezone(zoneinfo.ZoneInfo("Africa/Nairobi")).hour == 18


def test_uid_is_stable_and_sequence_grows_with_changes(session):
    first, _ = parse(invite(session))
    again, _ = parse(invite(session))

    session.starts_at = madrid(2026, 4, 2, 19)
    session.sequence += 1
    session.save()
    session = Session.objects.select_related("jam__host").get(pk=session.pk)
    moved_ical, moved_vcal = parse(invite(session))

    uids = {str(only_event(cal)["UID"]) for cal in (first, again, moved_ical)}
    assert uids == {f"{session.uid}@jamsessions"}
    assert moved_vcal.vevent.uid.value == f"{session.uid}@jamsessions"
    assert only_event(first)["SEQUENCE"] == 0
    assert only_event(moved_ical)["SEQUENCE"] == 1
    assert int(moved_vcal.vevent.sequence.value) == 1
    assert only_event(moved_ical)["DTSTART"].dt == madrid(2026, 4, 2, 19)


def test_invite_words_are_in_the_jams_language(session, madrid_jam):
    madrid_jam.language = "es"
    madrid_jam.save()
    ical, _ = parse(invite(session, description=session_description(session)))

    assert "lunes 30 marzo 2026" in str(only_event(ical)["DESCRIPTION"]).lower()


# --- A guest's invitation -----------------------------------------------------------------


def test_guest_invite_hides_the_place_until_yes_and_shows_their_answer(session):
    guest = GuestFactory(jam=session.jam, name="Ana Guest", email="ana@example.test")

    ical, vcal = parse(guest_session_ics(guest=guest, session=session))
    event = only_event(ical)
    assert "LOCATION" not in event
    assert event["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert event["ATTENDEE"].params["CN"] == "Ana Guest"
    assert "/i/" in str(event["URL"])
    assert str(event["URL"]) in str(event["DESCRIPTION"])
    assert "Welcome circle" in vcal.vevent.description.value

    RsvpFactory(guest=guest, session=session, answer="yes")
    ical, vcal = parse(guest_session_ics(guest=guest, session=session))
    assert "Calle Mayor 1" in str(only_event(ical)["LOCATION"])
    assert vcal.vevent.attendee.params["PARTSTAT"] == ["ACCEPTED"]


@pytest.mark.parametrize(("answer", "partstat"), [("maybe", "TENTATIVE"), ("no", "DECLINED")])
def test_guest_invite_partstat_for_maybe_and_no(session, answer, partstat):
    guest = GuestFactory(jam=session.jam)
    RsvpFactory(guest=guest, session=session, answer=answer)

    ical, vcal = parse(guest_session_ics(guest=guest, session=session))

    assert only_event(ical)["ATTENDEE"].params["PARTSTAT"] == partstat
    assert vcal.vevent.attendee.params["PARTSTAT"] == [partstat]
    assert "LOCATION" not in only_event(ical)


def test_guest_invite_place_is_per_session_a_yes_to_another_one_shows_nothing(session):
    second = SessionFactory(jam=session.jam, number=2, timezone="Europe/Madrid")
    guest = GuestFactory(jam=session.jam)
    RsvpFactory(guest=guest, session=second, answer="yes")

    ical, _ = parse(guest_session_ics(guest=guest, session=session))
    theirs, _ = parse(guest_session_ics(guest=guest, session=second))

    assert only_event(ical)["ATTENDEE"].params["PARTSTAT"] == "NEEDS-ACTION"
    assert "LOCATION" not in only_event(ical)
    assert "Calle Mayor 1" in str(only_event(theirs)["LOCATION"])


# --- Cancellation -------------------------------------------------------------------------


def test_snapshot_keeps_what_a_cancellation_needs(session):
    session.sequence = 2
    session.save()

    snapshot = session_snapshot(session)

    assert json.loads(json.dumps(snapshot)) == snapshot
    assert snapshot == {
        "uid": str(session.uid),
        "sequence": 3,
        "starts_at": "2026-03-30T16:00:00+00:00",
        "duration_minutes": 120,
        "timezone": "Europe/Madrid",
        "number": 1,
        "jam_name": "Madrid Healing Jam",
        "language": "en",
        "host_email": "host@example.test",
        "host_name": "Host Person",
    }


def test_cancel_keeps_the_uid_after_the_session_is_gone(session):
    session.sequence = 2
    session.save()
    uid = f"{session.uid}@jamsessions"
    snapshot = json.loads(json.dumps(session_snapshot(session)))
    session.delete()

    data = session_cancel_ics(
        snapshot=snapshot,
        attendee=Attendee(email="ana@example.test", name="Ana", partstat="ACCEPTED"),
    )
    ical, vcal = parse(data)
    event = only_event(ical)

    assert str(ical["METHOD"]) == vcal.method.value == "CANCEL"
    assert str(event["UID"]) == vcal.vevent.uid.value == uid
    assert event["SEQUENCE"] == 3
    assert str(event["STATUS"]) == vcal.vevent.status.value == "CANCELLED"
    assert "TZID" not in event["DTSTART"].params
    assert ical.walk("VTIMEZONE") == []
    assert vcal.vevent.dtstart.value.astimezone(dt.UTC) == dt.datetime(
        2026, 3, 30, 16, tzinfo=dt.UTC
    )
    assert str(event["ORGANIZER"]) == "mailto:host@example.test"
    assert str(event["ATTENDEE"]) == "mailto:ana@example.test"
    assert str(event["SUMMARY"]) == "Madrid Healing Jam"


# --- The Jam's feed -----------------------------------------------------------------------


def test_feed_has_every_session_with_place_and_no_attendee(session, madrid_jam):
    second = SessionFactory(
        jam=madrid_jam,
        number=2,
        starts_at=madrid(2026, 10, 26),
        timezone="Africa/Nairobi",
    )
    second.sequence = 4
    second.save()
    sessions = list(madrid_jam.sessions.order_by("starts_at"))

    data = jam_feed_ics(jam=madrid_jam, sessions=sessions)
    ical, vcal = parse(data)
    events = ical.walk("VEVENT")

    assert str(ical["METHOD"]) == vcal.method.value == "PUBLISH"
    assert str(ical["X-WR-CALNAME"]) == "Madrid Healing Jam"
    assert b"REFRESH-INTERVAL;VALUE=DURATION:PT6H" in data
    assert b"X-PUBLISHED-TTL:PT6H" in data
    assert ical.walk("VTIMEZONE") == []
    assert [str(event["UID"]) for event in events] == [
        f"{session.uid}@jamsessions",
        f"{second.uid}@jamsessions",
    ]
    assert [event["SEQUENCE"] for event in events] == [0, 4]
    assert all("ATTENDEE" not in event for event in events)
    assert all("Calle Mayor 1" in str(event["LOCATION"]) for event in events)
    assert "Welcome circle" in str(events[0]["DESCRIPTION"])
    assert len(vcal.vevent_list) == 2
    assert [event.dtstart.value.astimezone(dt.UTC) for event in vcal.vevent_list] == [
        dt.datetime(2026, 3, 30, 16, tzinfo=dt.UTC),
        dt.datetime(2026, 10, 26, 17, tzinfo=dt.UTC),
    ]


def test_feed_of_a_jam_without_sessions_still_parses(madrid_jam):
    ical, vcal = parse(jam_feed_ics(jam=madrid_jam, sessions=[]))

    assert ical.walk("VEVENT") == []
    assert vcal.method.value == "PUBLISH"


def test_calendar_feed_url_is_absolute(madrid_jam, settings):
    settings.SITE_URL = "https://jams.example.test"

    url = calendar_feed_url(madrid_jam)

    assert url.startswith("https://jams.example.test/calendar/")
    assert url.endswith(".ics")


def test_guest_invite_reads_three_things_or_nothing_when_given(session, django_assert_num_queries):
    guest = GuestFactory(jam=session.jam)
    RsvpFactory(guest=guest, session=session, answer="yes")
    session = Session.objects.select_related("jam__host").get(pk=session.pk)

    # The guest's answers, the agenda, the housekeeping rules.
    with django_assert_num_queries(3):
        guest_session_ics(guest=guest, session=session)

    guest = Guest.objects.prefetch_related("rsvps").get(pk=guest.pk)
    items = list(session.agenda_items.order_by("position", "pk"))
    rules = list(session.jam.house_rules.order_by("position", "pk"))
    with django_assert_num_queries(0):
        data = guest_session_ics(guest=guest, session=session, items=items, rules=rules)
    assert "Welcome circle" in str(only_event(parse(data)[0])["DESCRIPTION"])
