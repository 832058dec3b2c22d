"""Times right across clock changes: agenda times, the session's end, the calendar files.

A session starts at an instant (kept in UTC) and lasts so many minutes on the absolute
clock; every item's time is worked out the same way, then shown on the session's wall
clock. Near a change that wall clock jumps: forward (a 45-minute item reads 01:45–03:30)
or back (02:00–03:00 happens twice in Berlin, 23:00–00:00 in Santiago). Checked in three
zones, for both changes of 2026, on the change, just before and just after it: the words
for the change, the times on the team's and the guest's pages, the PDF and the email,
and every calendar file, read by icalendar, vobject, ics and ical.js (tests/calendar_readers).
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zoneinfo
from dataclasses import dataclass
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation
from pypdf import PdfReader

from jamsessions.timing import clock_changes, clock_text, is_repeated_time, zone_label
from planning.guests.tokens import calendar_feed_url, guest_link_token
from planning.models import Session
from sessions.agenda.models import AgendaItem
from sessions.agenda.timed import agenda_timed
from sessions.calendar.ics import (
    Attendee,
    guest_session_ics,
    jam_feed_ics,
    session_cancel_ics,
    session_description,
    session_invite_ics,
    session_snapshot,
)
from sessions.messages.notices import invitations_send
from tests.calendar_readers import READERS, calendar_js_missing
from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    HouseRuleFactory,
    JamFactory,
    RsvpFactory,
    SessionFactory,
)

UTC = dt.UTC
MINUTE = dt.timedelta(minutes=1)
DAY = dt.timedelta(days=1)
# Pages and emails are looked at from before every session here.
BEFORE_THEM_ALL = dt.datetime(2026, 1, 15, 12, 0, tzinfo=UTC)


@dataclass(frozen=True)
class Change:
    name: str
    zone: str
    at: dt.datetime  # the instant, in UTC
    forward: bool
    wall: str  # what the clocks read as they change, on the old offset


CHANGES = [
    Change(
        "berlin-forward", "Europe/Berlin", dt.datetime(2026, 3, 29, 1, tzinfo=UTC), True, "02:00"
    ),
    Change(
        "berlin-back", "Europe/Berlin", dt.datetime(2026, 10, 25, 1, tzinfo=UTC), False, "03:00"
    ),
    Change(
        "new-york-forward",
        "America/New_York",
        dt.datetime(2026, 3, 8, 7, tzinfo=UTC),
        True,
        "02:00",
    ),
    Change(
        "new-york-back", "America/New_York", dt.datetime(2026, 11, 1, 6, tzinfo=UTC), False, "02:00"
    ),
    # Santiago changes at midnight: 24:00 on Saturday is 23:00 again, or 01:00 on Sunday.
    Change(
        "santiago-forward",
        "America/Santiago",
        dt.datetime(2026, 9, 6, 4, tzinfo=UTC),
        True,
        "00:00",
    ),
    Change(
        "santiago-back", "America/Santiago", dt.datetime(2026, 4, 5, 3, tzinfo=UTC), False, "00:00"
    ),
]


@dataclass(frozen=True)
class Case:
    id: str
    zone: str
    start: dt.datetime  # the true start, in UTC
    minutes: int
    lives_through: Change | None  # the change after its start and up to its end

    @property
    def end(self) -> dt.datetime:
        return self.start + self.minutes * MINUTE


def _cases():
    for change in CHANGES:
        at, zone, name = change.at, change.zone, change.name
        yield Case(f"{name}/day-before", zone, at - DAY - 60 * MINUTE, 150, None)
        yield Case(f"{name}/across", zone, at - 60 * MINUTE, 150, change)
        yield Case(f"{name}/ends-as-it-changes", zone, at - 120 * MINUTE, 120, change)
        yield Case(f"{name}/starts-as-it-changes", zone, at, 120, None)
        yield Case(f"{name}/day-after", zone, at + DAY - 60 * MINUTE, 150, None)
        if not change.forward:
            # Berlin: 150 minutes from 01:00, ending at 02:30 the second time round.
            yield Case(f"{name}/ends-in-the-repeated-hour", zone, at - 120 * MINUTE, 150, change)
            yield Case(
                f"{name}/starts-in-the-first-repeated-hour", zone, at - 30 * MINUTE, 60, change
            )
            yield Case(
                f"{name}/starts-in-the-second-repeated-hour", zone, at + 30 * MINUTE, 60, None
            )


CASES = list(_cases())
each_case = pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
each_reader = pytest.mark.parametrize(
    "reader",
    [
        "icalendar",
        "vobject",
        "ics",
        pytest.param(
            "ical.js",
            marks=pytest.mark.skipif(
                bool(calendar_js_missing()), reason=calendar_js_missing() or "ical.js is here"
            ),
        ),
    ],
)


def unsaved(case: Case) -> Session:
    return Session(starts_at=case.start, duration_minutes=case.minutes, timezone=case.zone)


def thirds(minutes: int) -> list[int]:
    return [minutes // 3, minutes // 3, minutes - 2 * (minutes // 3)]


def local(zone: str, *args, fold: int = 0) -> dt.datetime:
    """An instant given on a zone's wall clock (``fold=1``: the second of a repeated time)."""
    return dt.datetime(*args, tzinfo=zoneinfo.ZoneInfo(zone), fold=fold).astimezone(UTC)


def assert_read_right(moment: dt.datetime, text: str) -> None:
    """The shown time is the moment's on its clock, and names its offset whenever the same
    reading happens twice that day: so it cannot be taken for the other one."""
    assert text.startswith(f"{moment:%H:%M}"), (moment, text)
    other = moment.replace(fold=1 - moment.fold)
    if is_repeated_time(moment):
        assert text == f"{moment:%H:%M} ({zone_label(moment)})"
        assert zone_label(other) != zone_label(moment)


# --- Finding the changes, and the words for them ---------------------------------------------


@each_case
def test_a_session_knows_the_clock_changes_it_lives_through(case):
    changes = unsaved(case).clock_changes

    if case.lives_through is None:
        assert changes == ()
    else:
        (change,) = changes
        assert change.at == case.lives_through.at
        assert change.forward is case.lives_through.forward
        assert change.minutes == 60
        assert f"{change.wall_time:%H:%M}" == case.lives_through.wall


def test_the_changes_found_are_the_tz_databases_to_the_second():
    for change in CHANGES:
        zone = zoneinfo.ZoneInfo(change.zone)
        (found,) = clock_changes(change.zone, change.at - DAY, change.at + DAY)
        assert found.at == change.at
        assert (change.at - dt.timedelta(seconds=1)).astimezone(zone).utcoffset() == found.before
        assert change.at.astimezone(zone).utcoffset() == found.after


def test_the_words_for_a_change_in_each_direction_and_language():
    back = unsaved(next(case for case in CASES if case.id == "berlin-back/across"))
    forward = unsaved(next(case for case in CASES if case.id == "berlin-forward/across"))
    (back_change,), (forward_change,) = back.clock_changes, forward.clock_changes

    assert back_change.text == "Clocks go back one hour at 03:00 during this session."
    assert forward_change.text == "Clocks go forward one hour at 02:00 during this session."
    with translation.override("es"):
        assert (
            back_change.text == "Los relojes se atrasan una hora a las 03:00 durante esta sesión."
        )
        assert forward_change.text == (
            "Los relojes se adelantan una hora a las 02:00 durante esta sesión."
        )
    with translation.override("fr"):
        assert back_change.text == "Les horloges reculent d’une heure à 03:00 pendant cette séance."
        assert forward_change.text == (
            "Les horloges avancent d’une heure à 02:00 pendant cette séance."
        )


def test_a_half_hour_change_says_how_long():
    # Lord Howe Island moves its clocks by 30 minutes.
    start = local("Australia/Lord_Howe", 2026, 4, 5, 1, 0)
    session = Session(starts_at=start, duration_minutes=120, timezone="Australia/Lord_Howe")

    (change,) = session.clock_changes
    assert change.text == "Clocks go back 30 minutes at 02:00 during this session."
    with translation.override("fr"):
        assert change.text == "Les horloges reculent de 30 minutes à 02:00 pendant cette séance."


@pytest.mark.parametrize(
    ("zone", "wall", "fold", "text"),
    [
        ("Europe/Berlin", (2026, 10, 25, 2, 30), 0, "02:30 (CEST)"),
        ("Europe/Berlin", (2026, 10, 25, 2, 30), 1, "02:30 (CET)"),
        ("Europe/Berlin", (2026, 10, 25, 3, 30), 0, "03:30"),
        ("Europe/Berlin", (2026, 3, 29, 3, 0), 0, "03:00"),  # 02:00–03:00 never happens
        ("America/Santiago", (2026, 4, 4, 23, 15), 0, "23:15 (UTC−3)"),
        ("America/Santiago", (2026, 4, 4, 23, 15), 1, "23:15 (UTC−4)"),
        ("America/Santiago", (2026, 4, 4, 22, 59), 0, "22:59"),
        ("America/New_York", (2026, 11, 1, 1, 30), 0, "01:30 (EDT)"),
        ("America/New_York", (2026, 11, 1, 1, 30), 1, "01:30 (EST)"),
        ("America/New_York", (2026, 11, 1, 2, 0), 0, "02:00"),
        ("Australia/Lord_Howe", (2026, 4, 5, 1, 45), 1, "01:45 (UTC+10:30)"),
        ("Asia/Kolkata", (2026, 10, 25, 2, 30), 0, "02:30"),
    ],
)
def test_a_time_alone_names_its_offset_only_when_it_happens_twice(zone, wall, fold, text):
    moment = dt.datetime(*wall, tzinfo=zoneinfo.ZoneInfo(zone), fold=fold)

    assert clock_text(moment) == text


def test_a_time_after_a_change_names_its_offset_against_the_start():
    start = local("Europe/Berlin", 2026, 3, 29, 1, 0).astimezone(zoneinfo.ZoneInfo("Europe/Berlin"))
    later = (start.astimezone(UTC) + 150 * MINUTE).astimezone(start.tzinfo)

    assert clock_text(start, start) == "01:00"
    assert clock_text(later) == "04:30"  # alone, nothing ambiguous about it
    assert clock_text(later, start) == "04:30 (CEST)"  # but it is not on the start's offset


# --- Agenda times ------------------------------------------------------------------------------


@each_case
def test_agenda_items_follow_each_other_on_the_absolute_clock(case):
    items = [AgendaItem(duration_minutes=minutes, title="x") for minutes in thirds(case.minutes)]

    agenda = agenda_timed(unsaved(case), items)

    cursor = case.start
    for timed in agenda.items:
        # Same-zone subtraction in Python is on the wall clock: compare in UTC.
        assert timed.starts_at.astimezone(UTC) == cursor
        cursor += timed.item.duration_minutes * MINUTE
        assert timed.ends_at.astimezone(UTC) == cursor
        assert timed.starts_at.tzinfo.key == case.zone
        assert_read_right(timed.starts_at, timed.start_clock)
        assert_read_right(timed.ends_at, timed.end_clock)
    assert cursor == case.end
    assert agenda.planned_end.astimezone(UTC) == case.end


@pytest.mark.parametrize(
    ("start", "zone", "shown"),
    [
        # Reported: “23:15–23:00”. Both right on the wall clock, read in order with their offsets.
        (
            local("America/Santiago", 2026, 4, 4, 22, 30),
            "America/Santiago",
            ["22:30–23:15 (UTC−3)", "23:15 (UTC−3)–23:00 (UTC−4)", "23:00 (UTC−4)–00:00 (UTC−4)"],
        ),
        (
            local("America/Santiago", 2026, 9, 5, 22, 30),
            "America/Santiago",
            ["22:30–23:15", "23:15–01:00 (UTC−3)", "01:00 (UTC−3)–02:00 (UTC−3)"],
        ),
        (
            local("Europe/Berlin", 2026, 10, 25, 1, 0),
            "Europe/Berlin",
            ["01:00–01:45", "01:45–02:30 (CEST)", "02:30 (CEST)–02:30 (CET)"],
        ),
        (
            local("Europe/Berlin", 2026, 3, 29, 1, 0),
            "Europe/Berlin",
            ["01:00–01:45", "01:45–03:30 (CEST)", "03:30 (CEST)–04:30 (CEST)"],
        ),
        (
            local("America/New_York", 2026, 11, 1, 0, 30),
            "America/New_York",
            ["00:30–01:15 (EDT)", "01:15 (EDT)–01:00 (EST)", "01:00 (EST)–02:00 (EST)"],
        ),
        (
            local("America/New_York", 2026, 3, 8, 1, 0),
            "America/New_York",
            ["01:00–01:45", "01:45–03:30 (EDT)", "03:30 (EDT)–04:30 (EDT)"],
        ),
    ],
)
def test_agenda_times_across_a_change_as_shown(start, zone, shown):
    session = Session(starts_at=start, duration_minutes=150, timezone=zone)
    items = [AgendaItem(duration_minutes=minutes, title="x") for minutes in (45, 45, 60)]

    agenda = agenda_timed(session, items)

    assert [f"{timed.start_clock}–{timed.end_clock}" for timed in agenda.items] == shown
    assert len(agenda.clock_changes) == 1


# --- Calendar files ----------------------------------------------------------------------------


def _jam_with(host, cases: list[Case], language: str = "en"):
    jam = JamFactory(host=host, name="Night Healing Jam", language=language)
    HouseRuleFactory(jam=jam, text="Phones on silent")
    sessions = []
    for number, case in enumerate(cases, start=1):
        session = SessionFactory(
            jam=jam,
            number=number,
            starts_at=case.start,
            duration_minutes=case.minutes,
            timezone=case.zone,
        )
        for position, minutes in enumerate(thirds(case.minutes)):
            AgendaItemFactory(
                session=session,
                position=position,
                duration_minutes=minutes,
                title=f"Part {position}",
            )
        sessions.append(session)
    return jam, sessions


def _files(session: Session) -> dict[str, bytes]:
    """Every kind of file made for one session: as the team gets it, a guest, a cancellation."""
    guest = GuestFactory(jam=session.jam, email="ana@example.test")
    RsvpFactory(guest=guest, session=session, answer="yes")
    snapshot = json.loads(json.dumps(session_snapshot(session)))
    return {
        "invitation": session_invite_ics(
            session=session,
            attendee=Attendee(email="ana@example.test", name="Ana", partstat="ACCEPTED"),
            show_location=True,
            description=session_description(session),
        ),
        "guest's file": guest_session_ics(guest=guest, session=session),
        "cancellation": session_cancel_ics(snapshot=snapshot, attendee=None),
    }


@pytest.mark.django_db
@each_reader
@each_case
def test_every_calendar_file_gives_the_true_start_and_end(case, reader, host):
    _jam, (session,) = _jam_with(host, [case])

    for kind, data in _files(session).items():
        (read,) = READERS[reader](data)
        assert read.uid == f"{session.uid}@jamsessions"
        assert (read.start, read.end) == (case.start, case.end), (kind, read)
        assert read.minutes == case.minutes, kind


@pytest.mark.django_db
@each_reader
def test_the_jams_feed_gives_every_session_its_true_start_and_end(reader, host):
    jam, sessions = _jam_with(host, CASES)

    reads = {read.uid: read for read in READERS[reader](jam_feed_ics(jam=jam, sessions=sessions))}

    assert len(reads) == len(CASES)
    for session, case in zip(sessions, CASES, strict=True):
        read = reads[f"{session.uid}@jamsessions"]
        assert (read.start, read.end) == (case.start, case.end), case.id


@pytest.mark.django_db
def test_calendar_times_are_utc_instants_that_need_no_zone_rules(host):
    """Why UTC and not the wall clock or DURATION: see the docstring of sessions/ics.py."""
    case = next(case for case in CASES if case.id == "berlin-back/ends-in-the-repeated-hour")
    jam, (session,) = _jam_with(host, [case])

    for data in [*_files(session).values(), jam_feed_ics(jam=jam, sessions=[session])]:
        assert b"DTSTART:20261024T230000Z" in data
        assert b"DTEND:20261025T013000Z" in data
        assert b"TZID" not in data
        assert b"VTIMEZONE" not in data
        assert b"\nDURATION" not in data  # the event's; the feed's REFRESH-INTERVAL is one


@pytest.mark.django_db
def test_the_calendar_text_shows_the_times_and_the_change_on_the_sessions_clock(host):
    case = next(case for case in CASES if case.id == "berlin-back/ends-in-the-repeated-hour")
    _jam, (session,) = _jam_with(host, [case])

    text = session_description(session)

    assert text.splitlines()[:2] == [
        "Sunday 25 October 2026, 01:00–02:30 (CET) (Europe/Berlin)",
        "Clocks go back one hour at 03:00 during this session.",
    ]
    assert "01:00–01:50  Part 0" in text
    assert "01:50–02:40 (CEST)  Part 1" in text
    assert "02:40 (CEST)–02:30 (CET)  Part 2" in text


# --- Through the pages, the PDF and the email --------------------------------------------------

# The session of the report: 150 minutes from 01:00 on the night Berlin's clocks go back.
BERLIN_BACK = Case("berlin", "Europe/Berlin", local("Europe/Berlin", 2026, 10, 25, 1, 0), 150, None)
SANTIAGO_BACK = Case(
    "santiago", "America/Santiago", local("America/Santiago", 2026, 4, 4, 22, 30), 150, None
)
NEW_YORK_FORWARD = Case(
    "new-york", "America/New_York", local("America/New_York", 2026, 3, 8, 1, 0), 150, None
)


@dataclass(frozen=True)
class Shown:
    case: Case
    day: str
    start: str
    end: str
    change: str
    items: list[tuple[str, str]]


SHOWN = [
    Shown(
        BERLIN_BACK,
        "Sunday 25 October 2026",
        "01:00",
        "02:30 (CET)",
        "Clocks go back one hour at 03:00 during this session.",
        [("01:00", "01:45"), ("01:45", "02:30 (CEST)"), ("02:30 (CEST)", "02:30 (CET)")],
    ),
    Shown(
        SANTIAGO_BACK,
        "Saturday 4 April 2026",
        "22:30",
        "00:00 (UTC−4)",
        "Clocks go back one hour at 00:00 during this session.",
        [
            ("22:30", "23:15 (UTC−3)"),
            ("23:15 (UTC−3)", "23:00 (UTC−4)"),
            ("23:00 (UTC−4)", "00:00 (UTC−4)"),
        ],
    ),
    Shown(
        NEW_YORK_FORWARD,
        "Sunday 8 March 2026",
        "01:00",
        "04:30 (EDT)",
        "Clocks go forward one hour at 02:00 during this session.",
        [("01:00", "01:45"), ("01:45", "03:30 (EDT)"), ("03:30 (EDT)", "04:30 (EDT)")],
    ),
]
each_shown = pytest.mark.parametrize("shown", SHOWN, ids=[shown.case.id for shown in SHOWN])


@pytest.fixture
def planned(host, freeze_at):
    """A Jam with the shown session (items of 45, 45 and 60 minutes) and one guest who said yes."""
    freeze_at(BEFORE_THEM_ALL)

    def plan(case: Case, language: str = "en"):
        jam = JamFactory(host=host, name="Night Healing Jam", language=language)
        session = SessionFactory(
            jam=jam,
            number=1,
            starts_at=case.start,
            duration_minutes=case.minutes,
            timezone=case.zone,
        )
        for position, (minutes, title) in enumerate(
            [(45, "Arrival circle"), (45, "Body mapping"), (60, "Closing circle")]
        ):
            AgendaItemFactory(
                session=session, position=position, duration_minutes=minutes, title=title
            )
        guest = GuestFactory(jam=jam, name="Ana Guest", email="ana@example.test")
        RsvpFactory(guest=guest, session=session, answer="yes")
        return session, guest

    return plan


def agenda_times(page: str) -> list[tuple[str, str]]:
    return re.findall(
        r'<span class="agenda-times"><time[^>]*>([^<]+)</time>–<time[^>]*>([^<]+)</time>', page
    )


def agenda_instants(page: str) -> list[dt.datetime]:
    spans = re.findall(r'<span class="agenda-times">(.*?)</span>', page)
    return [
        dt.datetime.fromisoformat(value)
        for span in spans
        for value in re.findall(r'datetime="([^"]+)"', span)
    ]


def link(page: str, text: str) -> str:
    match = re.search(r'<a[^>]*href="([^"]+)"[^>]*>' + re.escape(text), page)
    assert match, text
    return unescape(match.group(1))


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def assert_instants_follow_on(instants: list[dt.datetime], case: Case) -> None:
    """Start, end of each item: in order on the absolute clock, end to end, as planned."""
    utc = [instant.astimezone(UTC) for instant in instants]
    assert utc[0] == case.start
    assert utc[-1] == case.end
    assert utc == sorted(utc)
    assert [b - a for a, b in zip(utc[0::2], utc[1::2], strict=True)] == [
        45 * MINUTE,
        45 * MINUTE,
        60 * MINUTE,
    ]
    assert utc[1::2][:-1] == utc[2::2]


@pytest.mark.django_db
@each_shown
def test_the_team_page_shows_the_real_end_the_change_and_the_item_times(
    shown, planned, host_client
):
    session, _guest = planned(shown.case)

    page = host_client.get(session.get_absolute_url()).content.decode()

    assert f"{shown.day}, {shown.start}</time>" in page
    assert re.search(r"\w+day \d+ \w+ 2026, " + re.escape(shown.end) + "</time>", page)
    assert f'<dd class="clock-change"><strong>{shown.change}</strong></dd>' in page
    assert f'<p class="message agenda-clock-change">{shown.change}</p>' in page
    assert agenda_times(page) == shown.items
    assert_instants_follow_on(agenda_instants(page), shown.case)
    assert f"The agenda fills the session exactly, to its end at {shown.end}." in page


@pytest.mark.django_db
@each_shown
def test_the_guest_page_shows_the_real_end_the_change_and_the_item_times(shown, planned, client):
    _session, guest = planned(shown.case)

    page = client.get(reverse("guest:page", kwargs={"token": guest_link_token(guest)}))
    page = page.content.decode()

    assert f"<strong>{shown.day}</strong>, {shown.start}–{shown.end}" in page
    assert f'<p class="message clock-change">{shown.change}</p>' in page
    assert agenda_times(page) == shown.items
    assert_instants_follow_on(agenda_instants(page), shown.case)


@pytest.mark.django_db
@each_shown
def test_the_agenda_pdfs_show_the_real_end_the_change_and_the_item_times(
    shown, planned, client, host_client
):
    session, guest = planned(shown.case)
    team_page = host_client.get(session.get_absolute_url()).content.decode()
    guest_page = client.get(reverse("guest:page", kwargs={"token": guest_link_token(guest)}))

    pdfs = {
        "team": host_client.get(link(team_page, "Agenda for participants (PDF)")),
        "guest": client.get(link(guest_page.content.decode(), "Agenda (PDF)")),
    }

    for who, response in pdfs.items():
        text = " ".join(pdf_text(response.content).split())
        assert f"{shown.start}–{shown.end}" in text, who
        assert shown.change in text, who
        for start, end in shown.items:
            assert f"{start}–{end}" in text, (who, start, end)
        assert f"from {shown.start} to {shown.end}" in text, who


@pytest.mark.django_db
def test_the_pdf_says_it_in_the_jams_language(planned, client):
    _session, guest = planned(BERLIN_BACK, language="es")
    page = client.get(reverse("guest:page", kwargs={"token": guest_link_token(guest)}))

    response = client.get(link(page.content.decode(), "Agenda (PDF)"))

    text = " ".join(pdf_text(response.content).split())
    assert "Los relojes se atrasan una hora a las 03:00 durante esta sesión." in text
    assert "02:30 (CEST)–02:30 (CET)" in text


@pytest.mark.django_db
@each_reader
@each_shown
def test_the_calendar_files_the_pages_give_have_the_true_start_and_end(
    shown, reader, planned, client, host_client
):
    session, guest = planned(shown.case)
    team_page = host_client.get(session.get_absolute_url()).content.decode()
    guest_page = client.get(reverse("guest:page", kwargs={"token": guest_link_token(guest)}))

    files = {
        "team": host_client.get(link(team_page, "Add this session to my calendar (.ics)")),
        "guest": client.get(link(guest_page.content.decode(), "Add to my calendar")),
        "feed": client.get(calendar_feed_url(session.jam)),
    }

    for which, response in files.items():
        assert response.status_code == 200, which
        (read,) = READERS[reader](response.content)
        assert (read.start, read.end) == (shown.case.start, shown.case.end), which
        assert read.minutes == 150, which


@pytest.mark.django_db
@each_reader
def test_the_invitation_email_shows_it_and_attaches_true_times(
    reader, planned, mailoutbox, django_capture_on_commit_callbacks
):
    session, guest = planned(BERLIN_BACK)
    shown = SHOWN[0]

    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(jam=session.jam, guests=[guest])

    (message,) = mailoutbox
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    for part in (message.body, html):
        assert f"{shown.start}–{shown.end}" in part
        assert shown.change in part
        for start, end in shown.items:
            assert f"{start}–{end}" in part
    (calendar,) = [a for a in message.attachments if a.mimetype.startswith("text/calendar")]
    content = calendar.content.encode() if isinstance(calendar.content, str) else calendar.content
    (read,) = READERS[reader](content)
    assert (read.start, read.end) == (BERLIN_BACK.start, BERLIN_BACK.end)
    (pdf,) = [a for a in message.attachments if a.mimetype == "application/pdf"]
    assert "02:30 (CEST)–02:30 (CET)" in " ".join(pdf_text(pdf.content).split())
