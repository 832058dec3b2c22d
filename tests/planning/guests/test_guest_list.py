"""What the guest list page reads: rows, answers, invitation states, totals, the email log."""

import datetime as dt

import pytest

from planning.enums import MessageKind, MessageStatus, RsvpAnswer
from planning.guests.log import MessageLog, MessageLogRow, ScheduledReminder
from planning.guests.services import guest_erase
from planning.guests.table import (
    InvitationState,
    guest_table,
    invitation_states,
    message_log_view,
    sessions_in_order,
)
from planning.jams.selectors import jam_get
from planning.models import GuestMessage
from tests.factories import GuestFactory, JamFactory, RsvpFactory, SessionFactory

pytestmark = pytest.mark.django_db

MARCH_3 = dt.datetime(2026, 3, 3, 9, tzinfo=dt.UTC)


def invitation(guest, status, *, minutes=0, number=1):
    message = GuestMessage.objects.create(
        jam=guest.jam,
        guest=guest,
        kind=MessageKind.INVITATION,
        key=f"invitation:{number}",
        status=status,
        sent_at=MARCH_3 + dt.timedelta(minutes=minutes) if status == MessageStatus.SENT else None,
    )
    GuestMessage.objects.filter(pk=message.pk).update(
        created_at=MARCH_3 + dt.timedelta(minutes=minutes)
    )
    return message


def test_sessions_come_in_their_numbers_order(jam):
    first = jam.sessions.get()
    second = SessionFactory(jam=jam, number=2, starts_at=first.starts_at - dt.timedelta(days=1))

    assert sessions_in_order(jam_get(user=jam.host, slug=jam.slug)) == [first, second]


def test_the_invitation_state_follows_the_latest_invitation_email(jam):
    never = GuestFactory(jam=jam)
    sent = GuestFactory(jam=jam)
    invitation(sent, MessageStatus.SENT)
    failed = GuestFactory(jam=jam)
    invitation(failed, MessageStatus.FAILED)
    sending = GuestFactory(jam=jam)
    invitation(sending, MessageStatus.QUEUED)
    resent = GuestFactory(jam=jam)
    invitation(resent, MessageStatus.SENT)
    invitation(resent, MessageStatus.QUEUED, minutes=5, number=2)
    failed_again = GuestFactory(jam=jam)
    invitation(failed_again, MessageStatus.SENT)
    invitation(failed_again, MessageStatus.FAILED, minutes=5, number=2)

    states = invitation_states(jam=jam)

    assert never.pk not in states
    assert states[sent.pk].state == InvitationState.INVITED and states[sent.pk].at == MARCH_3
    assert states[failed.pk].state == InvitationState.FAILED
    assert states[sending.pk].state == InvitationState.SENDING
    assert states[resent.pk].state == InvitationState.INVITED and states[resent.pk].at == MARCH_3
    assert states[failed_again.pk].state == InvitationState.FAILED


def test_the_table_has_an_answer_per_session_and_totals(jam):
    first = jam.sessions.get()
    second = SessionFactory(jam=jam, number=2)
    ana = GuestFactory(jam=jam, name="Ana")
    bruno = GuestFactory(jam=jam, name="Bruno")
    gone = GuestFactory(jam=jam, name="Gone")
    RsvpFactory(guest=ana, session=first, answer=RsvpAnswer.YES)
    RsvpFactory(guest=ana, session=second, answer=RsvpAnswer.NO)
    RsvpFactory(guest=gone, session=first, answer=RsvpAnswer.MAYBE)
    guest_erase(guest=gone)
    GuestFactory(jam=JamFactory())  # another Jam's guest

    table = guest_table(jam=jam, sessions=[first, second])

    assert [row.guest for row in table.rows] == [ana, bruno, gone]
    assert [[answer.value for answer in row.answers] for row in table.rows] == [
        ["yes", "no"],
        ["", ""],
        ["maybe", ""],
    ]
    assert [str(answer.label) for answer in table.rows[1].answers] == ["No answer", "No answer"]
    assert table.rows[2].invitation.state == InvitationState.ERASED
    first_totals, second_totals = table.totals
    assert (first_totals.yes, first_totals.maybe, first_totals.no, first_totals.unanswered) == (
        1,
        1,
        0,
        1,
    )
    # The erased guest gave no answer for session 2 and never will: not counted as waiting.
    assert (second_totals.yes, second_totals.no, second_totals.unanswered) == (0, 1, 1)
    assert table.count == 2
    assert table.not_invited == 2
    assert table.saying_yes == 1


def test_the_table_reads_in_three_queries(jam, django_assert_num_queries):
    sessions = [jam.sessions.get(), SessionFactory(jam=jam, number=2)]
    for n in range(10):
        guest = GuestFactory(jam=jam)
        RsvpFactory(guest=guest, session=sessions[n % 2])
        invitation(guest, MessageStatus.SENT)

    with django_assert_num_queries(3):
        guest_table(jam=jam, sessions=sessions)


@pytest.mark.parametrize(
    ("count", "few", "many"),
    [(0, False, False), (4, True, False), (5, False, False), (20, False, False), (21, False, True)],
)
def test_the_toolkits_five_to_twenty_is_checked_against_guests_not_erased(jam, count, few, many):
    GuestFactory.create_batch(count, jam=jam)
    guest_erase(guest=GuestFactory(jam=jam))

    table = guest_table(jam=jam, sessions=[])

    assert (table.count, table.too_few, table.too_many) == (count, few, many)


def test_the_log_shows_times_in_the_sessions_zone_and_names_from_the_list(jam):
    session = jam.sessions.get()  # Africa/Nairobi
    ana = GuestFactory(jam=jam, name="Ana")
    gone = GuestFactory(jam=jam, name="Gone")
    failed = invitation(ana, MessageStatus.FAILED)
    failed.session = session
    guest_erase(guest=gone)
    log = MessageLog(
        rows=[
            MessageLogRow("reminder_day", "Reminder", session.number, 2, 0, 0, MARCH_3),
            MessageLogRow("announcement", "Message", None, 1, 0, 0, MARCH_3),
        ],
        failed=[failed],
        scheduled=[ScheduledReminder(session, "reminder_week", "Reminder", MARCH_3)],
    )

    view = message_log_view(log, sessions=[session], guests=[ana, gone])

    assert view.rows[0].last_sent.zone == "Africa/Nairobi"
    assert view.rows[0].last_sent.at.hour == 12
    assert view.rows[1].last_sent.zone == "UTC" and view.rows[1].last_sent.at.hour == 9
    assert view.failed[0].guest_name == "Ana"
    assert view.failed[0].session_number == session.number
    assert str(view.failed[0].kind_label) == "Invitation"
    assert view.scheduled[0].due.at.hour == 12
    assert not view.is_empty
