"""Reminders, change notices, new-session and cancellation notices never reach a guest about
a session that is over (``Session.is_over``): no question, no calendar file, no agenda PDF
for what has already happened, whether it ended before the notice was recorded or before
it was delivered."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from planning.enums import MessageKind, MessageStatus
from planning.models import GuestMessage
from sessions.messages.delivery import deliver_messages
from sessions.messages.notices import (
    invitations_send,
    session_added_notify,
    session_cancelled_notify,
    session_changed_notify,
)
from sessions.messages.reminders import send_reminders
from sessions.schedule.services import (
    session_cancel,
    session_create,
    session_delete,
    session_update,
)
from tests.conftest import PAST_NOW

pytestmark = pytest.mark.django_db

NOW = PAST_NOW


@pytest.fixture
def jam(past_jam):
    return past_jam


@pytest.fixture
def guest(past_jam, past_jam_guest):
    invitations_send(jam=past_jam, guests=[past_jam_guest])  # recorded, not delivered
    GuestMessage.objects.filter(kind=MessageKind.INVITATION).update(status=MessageStatus.SENT)
    return past_jam_guest


def _session_messages(guest):
    return list(GuestMessage.objects.filter(guest=guest).exclude(kind=MessageKind.INVITATION))


def test_changing_an_ended_session_records_no_change_notice(guest, jam, mailoutbox):
    first = jam.sessions.get(number=1)

    session_update(
        session=first,
        starts_at=first.starts_at,
        duration_minutes=first.duration_minutes + 30,  # the host corrects what happened
        timezone=first.timezone,
    )

    assert _session_messages(guest) == []
    assert mailoutbox == []


def test_a_session_ending_right_now_counts_as_over_for_notices(guest, jam, time_machine):
    second = jam.sessions.get(number=2)
    time_machine.move_to(second.ends_at, tick=False)

    assert session_changed_notify(session=second) == 0
    assert session_added_notify(session=second) == 0
    assert session_cancelled_notify(session=second) == 0
    assert _session_messages(guest) == []

    time_machine.move_to(second.ends_at - dt.timedelta(seconds=1), tick=False)
    assert session_changed_notify(session=second) == 1


def test_a_session_added_after_it_ended_sends_no_notice(guest, jam, time_machine):
    later_today = NOW + dt.timedelta(hours=6)
    time_machine.move_to(later_today, tick=False)

    session_create(  # today, already over: entered afterwards, for the record
        jam=jam, starts_at=NOW, duration_minutes=120, timezone="Africa/Nairobi"
    )

    assert _session_messages(guest) == []


def test_an_ended_session_is_neither_deleted_nor_cancelled_and_nobody_hears(guest, jam, host):
    ended = jam.sessions.get(number=1)

    with pytest.raises(ValidationError, match="already begun"):
        session_delete(session=ended)
    with pytest.raises(ValidationError, match="already begun"):
        session_cancel(session=ended, actor=host)

    ended.refresh_from_db()
    assert not ended.is_cancelled
    assert _session_messages(guest) == []


def test_a_change_notice_delivered_after_the_session_ended_is_dropped(
    guest, jam, mailoutbox, time_machine
):
    second = jam.sessions.get(number=2)
    session_changed_notify(session=second)
    (notice,) = _session_messages(guest)
    time_machine.move_to(second.ends_at, tick=False)  # the workers were down until now

    assert deliver_messages([notice.pk]) == 0

    assert mailoutbox == []
    assert not GuestMessage.objects.filter(pk=notice.pk).exists()


def test_a_reminder_delivered_after_the_session_ended_is_dropped(
    guest, jam, mailoutbox, time_machine
):
    second = jam.sessions.get(number=2)
    time_machine.move_to(second.starts_at - dt.timedelta(days=1), tick=False)
    starts_at = second.starts_at.astimezone(dt.UTC).isoformat()
    assert send_reminders(session_id=second.pk, kind=MessageKind.REMINDER_DAY, starts_at=starts_at)
    (reminder,) = _session_messages(guest)
    time_machine.move_to(second.ends_at + dt.timedelta(hours=1), tick=False)

    assert deliver_messages([reminder.pk]) == 0

    assert mailoutbox == []
    assert not GuestMessage.objects.filter(pk=reminder.pk).exists()


def test_a_change_notice_for_a_coming_session_still_goes_out(guest, jam, mailoutbox):
    second = jam.sessions.get(number=2)
    session_changed_notify(session=second)
    (notice,) = _session_messages(guest)

    assert deliver_messages([notice.pk]) == 1

    (email,) = mailoutbox
    names = [attachment.filename for attachment in email.attachments]
    assert f"{jam.slug}-session-2.ics" in names
    assert f"{jam.slug}-session-1.ics" not in names
