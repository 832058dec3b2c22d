"""A change of time or place reaches guests' calendars: SEQUENCE grows, notices are recorded."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from jamsessions.actions.jams import jam_update
from planning.enums import MessageKind, RsvpAnswer
from planning.models import GuestMessage, Session
from sessions.schedule.services import (
    session_cancel,
    session_create,
    session_delete,
    session_update,
)
from tests.factories import GuestFactory, RsvpFactory, SessionFactory

pytestmark = pytest.mark.django_db

INVITED = dt.datetime(2026, 11, 20, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def session(jam):
    return jam.sessions.get()


@pytest.fixture
def guests(jam, session):
    """One guest who said yes, one who said no, one with no answer, one never invited."""
    yes = GuestFactory(jam=jam, name="Yes", invited_at=INVITED)
    no = GuestFactory(jam=jam, name="No", invited_at=INVITED)
    silent = GuestFactory(jam=jam, name="Silent", invited_at=INVITED)
    GuestFactory(jam=jam, name="Not invited")
    RsvpFactory(guest=yes, session=session, answer=RsvpAnswer.YES)
    RsvpFactory(guest=no, session=session, answer=RsvpAnswer.NO)
    return {"yes": yes, "no": no, "silent": silent}


def notified(kind: str) -> list[str]:
    return sorted(GuestMessage.objects.filter(kind=kind).values_list("guest__name", flat=True))


def _update(session, **changes):
    fields = {
        "starts_at": session.starts_at,
        "duration_minutes": session.duration_minutes,
        "timezone": session.timezone,
    }
    return session_update(session=session, **{**fields, **changes})


def test_a_new_time_raises_the_sequence_and_tells_everyone_invited_who_did_not_say_no(
    session, guests
):
    _update(session, starts_at=session.starts_at + dt.timedelta(hours=2))

    session.refresh_from_db()
    assert session.sequence == 1
    assert notified(MessageKind.UPDATE) == ["Silent", "Yes"]


@pytest.mark.parametrize(
    "change",
    [{"duration_minutes": 90}, {"timezone": "Europe/Madrid"}],
)
def test_a_new_length_or_zone_is_a_change_too(session, guests, change):
    _update(session, **change)

    session.refresh_from_db()
    assert session.sequence == 1
    assert len(notified(MessageKind.UPDATE)) == 2


def test_saving_a_session_unchanged_tells_nobody(session, guests):
    _update(session)

    session.refresh_from_db()
    assert session.sequence == 0
    assert not GuestMessage.objects.exists()


def test_a_second_change_before_the_first_notice_went_out_replaces_it(session, guests):
    _update(session, duration_minutes=90)
    _update(session, duration_minutes=100)

    session.refresh_from_db()
    assert session.sequence == 2
    notices = GuestMessage.objects.filter(guest=guests["yes"], kind=MessageKind.UPDATE)
    assert [notice.key.rsplit(":", 1)[-1] for notice in notices] == ["2"]


def test_a_change_after_the_first_notice_went_out_is_a_second_notice(session, guests):
    _update(session, duration_minutes=90)
    GuestMessage.objects.update(status="sent")
    _update(session, duration_minutes=100)

    assert GuestMessage.objects.filter(guest=guests["yes"], kind=MessageKind.UPDATE).count() == 2


def test_a_cancelled_session_sends_its_calendar_uid_to_those_who_might_come(jam, session, guests):
    other = SessionFactory(jam=jam, number=2, starts_at=session.starts_at + dt.timedelta(days=7))
    uid = str(other.uid)

    session_cancel(session=other, actor=jam.host)

    assert notified(MessageKind.CANCELLATION) == ["No", "Silent", "Yes"]
    message = GuestMessage.objects.filter(kind=MessageKind.CANCELLATION).first()
    assert message.payload["uid"] == uid
    assert message.payload["sequence"] == 1
    # The session is kept, cancelled, with the notice pointing at it.
    assert message.session == other
    assert Session.objects.get(pk=other.pk).sequence == 1
    assert Session.objects.cancelled().get() == other


def test_the_last_session_cannot_be_removed_and_nobody_hears_of_it(session, guests):
    with pytest.raises(ValidationError):
        session_delete(session=session)

    assert not GuestMessage.objects.exists()


def test_a_new_place_raises_every_sequence_and_tells_who_said_yes(jam, session, guests):
    second = session_create(
        jam=jam,
        starts_at=session.starts_at + dt.timedelta(days=7),
        duration_minutes=120,
        timezone="Africa/Nairobi",
    )

    jam_update(jam=jam, details={"venue": "Community hall, 12 Kenyatta Avenue"})

    assert sorted(Session.objects.values_list("sequence", flat=True)) == [1, 1]
    # Only who said yes sees a session's place: "Yes" for session 1; nobody yet for session 2.
    assert not GuestMessage.objects.filter(kind=MessageKind.UPDATE, session=second).exists()
    assert notified(MessageKind.UPDATE) == ["Yes"]
    assert GuestMessage.objects.get(kind=MessageKind.UPDATE).payload == {"changes": ["place"]}


def test_a_new_name_changes_calendars_quietly_and_other_details_not_at_all(jam, session, guests):
    jam_update(jam=jam, details={"objectives": "Rest first."})
    session.refresh_from_db()
    assert session.sequence == 0

    jam_update(jam=jam, details={"name": "Rest and Resource"})
    session.refresh_from_db()
    assert session.sequence == 1
    assert not GuestMessage.objects.exists()
