"""A cancelled session no longer counts (``going_ahead_filter``): not in invitations,
reminders, the calendar feed, the next session, roadmap dates, the guest list's columns,
numbering, attendance or whether a Jam was held; a guest invited to it sees it cancelled,
with nothing to do.
"""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.test import Client
from django.urls import reverse

from planning.enums import MessageKind
from planning.guests.selectors import invitation_blocker
from planning.guests.table import sessions_in_order
from planning.guests.tokens import calendar_feed_token, guest_link_token
from planning.jams.selectors import jam_countdown
from planning.models import Rsvp, Session
from planning.roadmap.dates import SessionDates
from planning.roadmap.selectors import roadmap_get
from planning.roadmap.services import roadmap_add_session
from reporting.programmes.models import ProgrammeJam
from reporting.review.standing import JamState, jam_state
from sessions.day.services import attendance_counts_for_jam
from sessions.messages.notices import invitations_send
from sessions.messages.record import announcement_recipients, instant_text
from sessions.messages.reminders import send_reminders
from sessions.schedule.services import session_cancel, session_restore
from tests.conftest import PAST_NOW
from tests.factories import (
    GuestFactory,
    JamFactory,
    ProgrammeFactory,
    RsvpFactory,
    SessionFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def cancelled(
    past_jam, past_jam_guest, host, django_capture_on_commit_callbacks, mailoutbox, time_machine
):
    """``past_jam``'s session 2 (three days ahead) cancelled a minute after Wanjiru was
    invited and said yes to it."""
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(jam=past_jam, guests=[past_jam_guest])
    session = past_jam.sessions.get(number=2)
    RsvpFactory(guest=past_jam_guest, session=session, answer="yes")
    time_machine.move_to(PAST_NOW + dt.timedelta(minutes=1), tick=False)
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(session=session, actor=host)
    session.refresh_from_db()
    mailoutbox.clear()
    return session


def guest_url(guest, name: str = "page", **kwargs) -> str:
    return reverse(f"guest:{name}", kwargs={"token": guest_link_token(guest), **kwargs})


def test_an_invitation_leaves_out_a_cancelled_session(
    cancelled, django_capture_on_commit_callbacks, mailoutbox
):
    late = GuestFactory(jam=cancelled.jam, name="Otieno", email="otieno@example.test")

    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(jam=cancelled.jam, guests=[late])

    (invitation,) = mailoutbox
    calendars = [a for a in invitation.attachments if a.mimetype.startswith("text/calendar")]
    uids = [
        str(icalendar.Calendar.from_ical(c.content).walk("VEVENT")[0]["UID"]) for c in calendars
    ]
    assert uids == [f"{cancelled.jam.sessions.get(number=2).uid}@jamsessions"]
    assert f"{cancelled.uid}@jamsessions" not in uids
    assert "Sunday 23 March" not in invitation.body


def test_only_cancelled_sessions_to_come_leave_nothing_to_invite_to(cancelled, time_machine):
    time_machine.move_to(PAST_NOW + dt.timedelta(days=11), tick=False)  # session 3 is over
    cancelled.starts_at = PAST_NOW + dt.timedelta(days=20)
    cancelled.save()

    assert "Every session of this Jam is over" in invitation_blocker(cancelled.jam)


def test_no_reminder_is_sent_for_a_cancelled_session_until_it_comes_back(
    cancelled, time_machine, mailoutbox
):
    time_machine.move_to(cancelled.starts_at - dt.timedelta(hours=20), tick=False)
    due = {
        "session_id": cancelled.pk,
        "kind": MessageKind.REMINDER_DAY,
        "starts_at": instant_text(cancelled.starts_at),
    }

    assert send_reminders(**due) == 0
    session_restore(session=cancelled)
    assert send_reminders(**due) == 1


def test_the_calendar_feed_leaves_out_a_cancelled_session(cancelled):
    token = calendar_feed_token(cancelled.jam)

    feed = Client().get(reverse("calendar:feed", kwargs={"token": token})).content

    uids = [str(event["UID"]) for event in icalendar.Calendar.from_ical(feed).walk("VEVENT")]
    assert f"{cancelled.uid}@jamsessions" not in uids
    assert len(uids) == 2


def test_the_next_session_and_the_roadmap_skip_a_cancelled_session(cancelled):
    jam = cancelled.jam
    third = jam.sessions.get(starts_at=PAST_NOW + dt.timedelta(days=10))

    assert jam_countdown(jam, now=PAST_NOW).session == third
    dates = SessionDates.of(list(jam.sessions.all()), now=PAST_NOW)
    assert cancelled.pk not in dates.by_session
    assert dates.last == third.local_start.date()


def test_numbers_and_the_guest_list_count_only_sessions_going_ahead(cancelled):
    jam = cancelled.jam

    assert [(s.number, s.label) for s in sessions_in_order(jam)] == [
        (1, "Session 1"),
        (2, "Session 2"),
    ]
    assert cancelled.number == 3 and cancelled.label == "Cancelled session"
    assert [row.session.pk for row in attendance_counts_for_jam(jam).sessions] == [
        s.pk for s in sessions_in_order(jam)
    ]


def test_a_cancelled_session_whose_day_passed_does_not_make_a_jam_held(host, time_machine):
    time_machine.move_to(PAST_NOW, tick=False)
    jam = JamFactory(host=host)
    first = SessionFactory(jam=jam, number=1, starts_at=PAST_NOW + dt.timedelta(days=1))
    SessionFactory(jam=jam, number=2, starts_at=PAST_NOW + dt.timedelta(days=30))
    ProgrammeJam.objects.create(jam=jam, programme=ProgrammeFactory())
    session_cancel(session=first, actor=host)
    later = PAST_NOW + dt.timedelta(days=2)  # the cancelled session's day has passed

    (state,) = ProgrammeJam.objects.annotate(state=jam_state(later)).values_list("state", flat=True)

    assert state == JamState.PLANNING


def test_a_guest_invited_to_it_sees_it_cancelled_with_nothing_to_do(cancelled, past_jam_guest):
    page = Client().get(guest_url(past_jam_guest)).content.decode()

    assert f'id="session-{cancelled.key}"' in page
    assert "Cancelled: <time" in page
    assert "is cancelled: it will not take place" in page
    assert guest_url(past_jam_guest, "rsvp", key=cancelled.key) not in page
    assert guest_url(past_jam_guest, "session_ics", key=cancelled.key) not in page
    assert "this series of 2 Jam Sessions" in page


def test_a_guest_invited_after_it_was_cancelled_never_sees_it(
    cancelled, django_capture_on_commit_callbacks
):
    late = GuestFactory(jam=cancelled.jam, name="Otieno", email="otieno@example.test")
    with django_capture_on_commit_callbacks(execute=True):
        invitations_send(jam=cancelled.jam, guests=[late])

    page = Client().get(guest_url(late)).content.decode()

    assert f'id="session-{cancelled.key}"' not in page


def test_an_answer_or_a_download_for_a_cancelled_session_is_refused_with_the_plan(
    cancelled, past_jam_guest
):
    client = Client()

    answered = client.post(
        guest_url(past_jam_guest, "rsvp", key=cancelled.key), {"answer": "no"}, follow=True
    )
    downloaded = client.get(guest_url(past_jam_guest, "session_ics", key=cancelled.key))

    assert "This session is cancelled; here is the current plan." in answered.content.decode()
    assert Rsvp.objects.get(guest=past_jam_guest, session=cancelled).answer == "yes"
    assert downloaded.status_code == 302
    assert downloaded["Location"] == guest_url(past_jam_guest) + "#sessions"


def test_the_question_box_of_a_cancelled_session_is_closed(cancelled):
    assert Client().get(f"/q/{cancelled.public_code}/").status_code == 404
    session_restore(session=cancelled)
    assert Client().get(f"/q/{cancelled.public_code}/").status_code == 200


def test_going_ahead_is_one_query_for_the_database_and_one_rule_for_rows(cancelled):
    jam = cancelled.jam

    assert list(Session.objects.filter(jam=jam).cancelled()) == [cancelled]
    assert set(jam.sessions.going_ahead()) == {s for s in jam.sessions.all() if not s.is_cancelled}


def test_a_yes_to_a_cancelled_session_alone_does_not_get_the_hosts_messages(
    cancelled, past_jam_guest
):
    """“Everyone who said yes” means to a session that takes place."""
    assert list(announcement_recipients(jam=cancelled.jam)) == []
    session_restore(session=cancelled)
    assert list(announcement_recipients(jam=cancelled.jam)) == [past_jam_guest]


def test_the_roadmap_leaves_out_a_cancelled_sessions_own_steps_until_it_comes_back(cancelled):
    jam = cancelled.jam
    for session in jam.sessions.all():
        roadmap_add_session(session=session)

    def sessions_with_steps() -> set[int]:
        roadmap = roadmap_get(jam=jam, now=PAST_NOW)
        return {item.task.session_id for phase in roadmap.phases for item in phase.tasks} - {None}

    assert cancelled.pk not in sessions_with_steps()
    session_restore(session=cancelled)
    assert cancelled.pk in sessions_with_steps()
