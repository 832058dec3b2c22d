"""Nothing recorded is lost: a session that has begun, or holds records, is never deleted, by
anyone; a coming one is cancelled (guests told, records kept), and can be brought back.
"""

from __future__ import annotations

import datetime as dt

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from planning.enums import MessageKind, TeamRole
from planning.models import GuestMessage, Rsvp, Session
from sessions.agenda.models import AgendaItem
from sessions.box.models import Question
from sessions.day.models import Attendance, ItemNote
from sessions.feedback.models import Feedback
from sessions.messages.notices import invitations_send
from sessions.rules import can_cancel_sessions
from sessions.schedule.services import (
    session_cancel,
    session_create,
    session_delete,
    session_restore,
)
from tests.conftest import PAST_NOW
from tests.factories import (
    AgendaItemFactory,
    AttendanceFactory,
    FeedbackFactory,
    GuestFactory,
    ItemNoteFactory,
    JamFactory,
    QuestionFactory,
    RsvpFactory,
    SessionFactory,
    TeamMemberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def held(past_jam):
    """Session 1 of ``past_jam``, four days ago, with everything a session can hold."""
    session = past_jam.sessions.get(number=1)
    item = AgendaItemFactory(session=session, title="Arrival circle", duration_minutes=30)
    ItemNoteFactory(item=item)
    AttendanceFactory(session=session)
    QuestionFactory(session=session, text="Can we meet again?")
    FeedbackFactory(session=session)
    return session


def records_of(session: Session) -> tuple[int, ...]:
    return (
        AgendaItem.objects.filter(session=session).count(),
        ItemNote.objects.filter(item__session=session).count(),
        Attendance.objects.filter(session=session).count(),
        Question.objects.filter(session=session).count(),
        Feedback.objects.filter(session=session).count(),
        Rsvp.objects.filter(session=session).count(),
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def url(session: Session, action: str) -> str:
    return f"/jams/{session.jam.slug}/sessions/{session.key}/{action}/"


# --- A held session with records -----------------------------------------------------------


def test_a_held_session_with_records_cannot_be_deleted_by_the_service(held):
    before = records_of(held)

    with pytest.raises(ValidationError) as refused:
        session_delete(session=held)

    assert "already begun" in refused.value.messages[0]
    assert Session.objects.filter(pk=held.pk).exists()
    assert records_of(held) == before == (1, 1, 1, 1, 1, 0)


def test_a_held_session_with_records_cannot_be_cancelled_either(held, host):
    with pytest.raises(ValidationError, match="already begun"):
        session_cancel(session=held, actor=host)

    held.refresh_from_db()
    assert not held.is_cancelled and held.label == "Session 1"


@pytest.mark.parametrize("action", ["delete", "cancel"])
def test_a_held_session_with_records_cannot_be_deleted_by_the_host_through_the_page(
    held, host, action
):
    host_client = client_for(host)
    before = records_of(held)

    asked = host_client.get(url(held, action))
    posted = host_client.post(url(held, action))

    assert "Session 1 cannot be cancelled" in asked.text
    assert "has already begun" in asked.text
    assert "Yes, delete it" not in asked.text and "Yes, cancel" not in asked.text
    assert posted.status_code == 200
    assert "has already begun" in posted.text
    assert Session.objects.filter(pk=held.pk, cancelled_at__isnull=True).exists()
    assert records_of(held) == before


@pytest.mark.parametrize("role", [TeamRole.NOTE_TAKER, TeamRole.FACILITATOR])
@pytest.mark.parametrize("action", ["delete", "cancel", "restore"])
def test_no_team_member_may_delete_cancel_or_restore_a_session(held, role, action):
    member = TeamMemberFactory(jam=held.jam, user=UserFactory(), role=role).user
    coming = held.jam.sessions.get(number=2)

    for session in (held, coming):
        assert client_for(member).post(url(session, action)).status_code == 403
    assert not can_cancel_sessions(member, held.jam)
    assert held.jam.sessions.going_ahead().count() == 3
    assert records_of(held) == (1, 1, 1, 1, 1, 0)


def test_the_jam_page_offers_no_action_on_a_held_session(held, host):
    page = client_for(host).get(held.jam.get_absolute_url()).text

    assert url(held, "cancel") not in page
    assert url(held, "delete") not in page
    coming = held.jam.sessions.get(number=2)
    assert url(coming, "cancel") in page


def test_the_jam_page_offers_cancelling_to_the_host_only(past_jam, host):
    member = TeamMemberFactory(jam=past_jam, user=UserFactory(), role=TeamRole.NOTE_TAKER).user
    coming = past_jam.sessions.get(number=2)

    assert url(coming, "cancel") in client_for(host).get(past_jam.get_absolute_url()).text
    assert url(coming, "cancel") not in client_for(member).get(past_jam.get_absolute_url()).text


# --- A coming session ----------------------------------------------------------------------


@pytest.fixture
def invited(past_jam, past_jam_guest, send_now, mailoutbox):
    """``past_jam`` with two guests invited; one said no to session 2, one yes; its agenda."""
    other = GuestFactory(jam=past_jam, name="Otieno", email="otieno@example.test")
    send_now(invitations_send, jam=past_jam, guests=[past_jam_guest, other])
    second = past_jam.sessions.get(number=2)
    RsvpFactory(guest=past_jam_guest, session=second, answer="yes")
    RsvpFactory(guest=other, session=second, answer="no")
    AgendaItemFactory(session=second, title="Body mapping", duration_minutes=40)
    mailoutbox.clear()
    return second


def test_a_coming_session_with_records_cannot_be_deleted_only_cancelled(invited):
    with pytest.raises(ValidationError) as refused:
        session_delete(session=invited)

    assert refused.value.messages == [
        "This session holds guests’ answers, an agenda, which deleting it would lose. "
        "Cancel it instead: its guests are told and everything it holds is kept."
    ]
    assert Session.objects.filter(pk=invited.pk).exists()


def test_a_coming_session_guests_know_of_cannot_be_deleted(past_jam, past_jam_guest, send_now):
    send_now(invitations_send, jam=past_jam, guests=[past_jam_guest])
    third = past_jam.sessions.get(number=3)

    with pytest.raises(ValidationError, match="Guests may already know of this session"):
        session_delete(session=third)


def test_the_confirm_page_says_who_is_told_and_what_is_kept(invited, host):
    page = client_for(host).get(url(invited, "cancel")).text

    assert "Cancel Session 2?" in page
    assert "The session on Sunday 23 March 2031, 12:00 (Africa/Nairobi) is called off." in page
    assert "We email the cancellation to 1 guest (invited, and who did not say no)" in page
    assert "Everything it holds is kept: guests’ answers, an agenda." in page
    assert "You can bring it back while it is still to come" in page
    assert f'action="{url(invited, "cancel")}"' in page


def test_cancelling_a_coming_session_tells_its_guests_and_keeps_its_records(
    invited, host, past_jam_guest, mailoutbox, django_capture_on_commit_callbacks
):
    sequence = invited.sequence
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(host).post(url(invited, "cancel"), follow=True)

    assert response.redirect_chain == [(f"/jams/{invited.jam.slug}/#sessions-title", 302)]
    assert (
        "The session of Sunday 23 March 2031, 12:00 is cancelled: we are telling 1 guest."
        in response.text
    )
    invited.refresh_from_db()
    assert invited.is_cancelled and invited.cancelled_by == host
    assert invited.sequence == sequence + 1
    # Its records are all kept: both answers and its agenda.
    assert records_of(invited) == (1, 0, 0, 0, 0, 2)
    # The guest who did not say no is told, with a calendar CANCEL one SEQUENCE higher.
    (notice,) = mailoutbox
    assert notice.to == [past_jam_guest.email]
    assert notice.subject == "Cancelled: Healing Jam Nairobi, Session 2"
    (ics,) = [a for a in notice.attachments if a.mimetype.startswith("text/calendar")]
    calendar = icalendar.Calendar.from_ical(ics.content)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "CANCEL" and event["STATUS"] == "CANCELLED"
    assert event["SEQUENCE"] == invited.sequence
    assert str(event["UID"]) == f"{invited.uid}@jamsessions"
    # The team still sees it, as cancelled, after the others (numbered again without it).
    assert 'Cancelled session</a> <span class="tag">Cancelled</span>' in response.text
    assert list(invited.jam.sessions.going_ahead().values_list("number", "starts_at")) == [
        (1, PAST_NOW - dt.timedelta(days=4, hours=2)),
        (2, PAST_NOW + dt.timedelta(days=10)),
    ]
    assert url(invited, "restore") in response.text


def test_a_cancelled_session_is_cancelled_once(invited, host, send_now):
    send_now(session_cancel, session=invited, actor=host)

    with pytest.raises(ValidationError, match="cancelled already"):
        session_cancel(session=invited, actor=host)
    assert GuestMessage.objects.filter(kind=MessageKind.CANCELLATION).count() == 1


def test_the_session_page_says_it_is_cancelled_and_keeps_what_it_held(invited, host, send_now):
    send_now(session_cancel, session=invited, actor=host)

    page = client_for(host).get(invited.get_absolute_url()).text

    assert "<h1>Cancelled session</h1>" in page
    assert "This session was cancelled on 20 March 2031" in page
    assert "Body mapping" in page
    assert url(invited, "restore") in page


# --- At least one session that goes ahead --------------------------------------------------


def test_the_last_session_going_ahead_cannot_be_cancelled(past_jam, host, send_now):
    send_now(session_cancel, session=past_jam.sessions.get(number=3), actor=host)
    last = past_jam.sessions.get(number=2)
    past_jam.sessions.filter(number=1).delete()  # only the coming ones left

    with pytest.raises(ValidationError, match="at least one session that goes ahead"):
        session_cancel(session=last, actor=host)
    page = client_for(host).get(url(last, "cancel")).text

    assert "A Jam needs at least one session that goes ahead." in page
    assert "Yes, cancel" not in page
    last.refresh_from_db()
    assert not last.is_cancelled


def test_a_cancelled_session_does_not_count_as_the_one_session_going_ahead(host):
    """Deleting a session added by mistake is refused when only cancelled ones would be left."""
    jam = JamFactory(host=host)
    SessionFactory(jam=jam, number=1, starts_at=PAST_NOW + dt.timedelta(days=30))
    mistake = SessionFactory(jam=jam, number=2, starts_at=PAST_NOW + dt.timedelta(days=40))
    session_cancel(session=jam.sessions.get(number=1), actor=host)

    with pytest.raises(ValidationError, match="at least one session that goes ahead"):
        session_delete(session=mistake)


def test_a_session_added_by_mistake_is_deleted_outright(past_jam, host):
    mistake = session_create(
        jam=past_jam,
        starts_at=PAST_NOW + dt.timedelta(days=5),
        duration_minutes=60,
        timezone="Africa/Nairobi",
    )

    page = client_for(host).get(url(mistake, "cancel")).text
    client_for(host).post(url(mistake, "delete"))

    assert "Delete Session 3?" in page
    assert not Session.objects.filter(pk=mistake.pk).exists()
    assert list(past_jam.sessions.values_list("number", flat=True)) == [1, 2, 3]


# --- Bringing it back ----------------------------------------------------------------------


def test_a_cancelled_session_brought_back_tells_its_guests_it_is_back_on(
    invited, host, past_jam_guest, send_now, mailoutbox, django_capture_on_commit_callbacks
):
    send_now(session_cancel, session=invited, actor=host)
    cancelled_sequence = Session.objects.get(pk=invited.pk).sequence
    mailoutbox.clear()

    page = client_for(host).get(url(invited, "restore")).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(host).post(url(invited, "restore"), follow=True)

    assert "Bring back the session of Sunday 23 March 2031, 12:00?" in page
    assert "We email 1 guest that it is back on" in page
    assert "Session 2 is back on: we are telling 1 guest." in response.text
    invited.refresh_from_db()
    assert not invited.is_cancelled and invited.cancelled_by is None
    assert invited.number == 2 and invited.sequence == cancelled_sequence + 1
    assert records_of(invited) == (1, 0, 0, 0, 0, 2)
    (notice,) = mailoutbox
    assert notice.to == [past_jam_guest.email]
    assert notice.subject == "Back on: Healing Jam Nairobi, Session 2"
    assert "cancelled earlier, is back on" in notice.body
    (ics,) = [a for a in notice.attachments if a.mimetype.startswith("text/calendar")]
    calendar = icalendar.Calendar.from_ical(ics.content)
    event = calendar.walk("VEVENT")[0]
    assert calendar["METHOD"] == "REQUEST"
    assert event["SEQUENCE"] == invited.sequence
    assert str(event["UID"]) == f"{invited.uid}@jamsessions"


def test_a_session_cancelled_again_after_coming_back_is_a_new_cancellation(
    invited, host, send_now, mailoutbox
):
    send_now(session_cancel, session=invited, actor=host)
    send_now(session_restore, session=invited)
    mailoutbox.clear()

    told = send_now(session_cancel, session=invited, actor=host)

    assert told == 1
    assert [message.subject for message in mailoutbox] == [
        "Cancelled: Healing Jam Nairobi, Session 2"
    ]


def test_undone_before_the_cancellation_went_out_nobody_hears_anything(
    invited, host, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        session_cancel(session=invited, actor=host)
        told = session_restore(session=invited)

    assert told == 0
    assert not GuestMessage.objects.filter(kind=MessageKind.CANCELLATION).exists()
    assert mailoutbox == []


def test_a_cancelled_session_whose_time_has_passed_cannot_come_back(
    invited, host, send_now, time_machine
):
    send_now(session_cancel, session=invited, actor=host)
    time_machine.move_to(invited.starts_at + dt.timedelta(minutes=1), tick=False)

    with pytest.raises(ValidationError, match="come and gone"):
        session_restore(session=invited)
    page = client_for(host).get(invited.jam.get_absolute_url()).text

    assert url(invited, "restore") not in page
