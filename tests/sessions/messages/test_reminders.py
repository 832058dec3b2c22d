"""Reminders on the toolkit's schedule, sent by the real database worker at the right moment."""

import datetime as dt
import zoneinfo

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from planning.enums import MessageKind
from planning.guests.log import reminder_moments
from planning.guests.services import guest_erase
from planning.models import GuestMessage
from sessions.messages.notices import invitations_send, session_changed_notify
from sessions.messages.reminders import reminders_schedule
from sessions.messages.tasks import send_reminders_task
from sessions.schedule.services import session_create
from tests.conftest import CLOCK_START, run_worker
from tests.factories import GuestFactory, JamFactory, RsvpFactory, SessionFactory, UserFactory
from tests.sessions.messages import failing_email_backend

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_tasks")]

UTC = dt.UTC
MADRID = zoneinfo.ZoneInfo("Europe/Madrid")
START = CLOCK_START


def make_session(starts_at, zone="Africa/Nairobi"):
    jam = JamFactory(host=UserFactory())
    with transaction.atomic():
        session = SessionFactory(jam=jam, number=1, starts_at=starts_at, timezone=zone)
        reminders_schedule(session=session)
    return session


def guests_by_answer(session):
    """Invited guests who said yes, maybe, nothing and no; one never invited; one erased."""
    jam, now = session.jam, START
    guests = {
        answer: GuestFactory(jam=jam, email=f"{answer}@example.test", invited_at=now)
        for answer in ("yes", "maybe", "none", "no", "erased")
    }
    for answer in ("yes", "maybe", "no"):
        RsvpFactory(guest=guests[answer], session=session, answer=answer)
    guest_erase(guest=guests["erased"])
    GuestFactory(jam=jam, email="not-invited@example.test")
    return guests


def sent(mailoutbox, word):
    return sorted(message.to[0] for message in mailoutbox if word in message.subject)


def reminder_tasks():
    return DBTaskResult.objects.filter(task_path=send_reminders_task.module_path)


EVERYONE_BUT_NO = ["maybe@example.test", "none@example.test", "yes@example.test"]


def test_week_reminder_at_the_same_local_time_across_the_clock_change(clock, mailoutbox):
    # 30 March 2026, 18:00 in Madrid is 16:00 UTC (summer time since 29 March).
    session = make_session(dt.datetime(2026, 3, 30, 18, 0, tzinfo=MADRID), "Europe/Madrid")
    guests_by_answer(session)
    week = dt.datetime(2026, 3, 23, 17, 0, tzinfo=UTC)  # 18:00 in Madrid, winter time
    day = dt.datetime(2026, 3, 29, 16, 0, tzinfo=UTC)  # 18:00 in Madrid, summer time

    assert dict(reminder_moments(session)) == {"reminder_week": week, "reminder_day": day}
    assert sorted(reminder_tasks().values_list("run_after", flat=True)) == [week, day]

    clock(week - dt.timedelta(minutes=1))
    run_worker()
    assert mailoutbox == []

    clock(week + dt.timedelta(seconds=30))
    run_worker()
    assert sent(mailoutbox, "In one week") == EVERYONE_BUT_NO

    run_worker()
    assert len(mailoutbox) == 3

    clock(day + dt.timedelta(seconds=30))
    run_worker()
    run_worker()
    assert sent(mailoutbox, "Tomorrow") == EVERYONE_BUT_NO
    assert len(mailoutbox) == 6
    assert GuestMessage.objects.filter(status="sent").count() == 6


def test_the_week_reminder_asks_to_confirm_and_the_day_reminder_shares_the_agenda(
    clock, mailoutbox
):
    session = make_session(dt.datetime(2026, 3, 20, 15, 0, tzinfo=UTC))
    GuestFactory(jam=session.jam, email="ana@example.test", invited_at=START)

    clock(dt.datetime(2026, 3, 19, 15, 1, tzinfo=UTC))
    run_worker()

    # The week reminder is stale once the day reminder is due: only the day one goes.
    (message,) = mailoutbox
    assert "Tomorrow" in message.subject
    assert "agenda again" in message.body
    assert [attachment.mimetype.split(";")[0] for attachment in message.attachments] == [
        "application/pdf",
        "text/calendar",
    ]


def test_a_moved_session_gets_new_reminders_and_the_old_ones_do_nothing(clock, mailoutbox):
    old_start = dt.datetime(2026, 3, 20, 15, 0, tzinfo=UTC)
    session = make_session(old_start)
    guests_by_answer(session)

    clock(dt.datetime(2026, 3, 10, 12, 0, tzinfo=UTC))
    with transaction.atomic():
        session.starts_at = dt.datetime(2026, 3, 25, 15, 0, tzinfo=UTC)
        session.sequence += 1
        session.save()
        session_changed_notify(session=session)
    run_worker()
    assert sent(mailoutbox, "New time") == EVERYONE_BUT_NO

    clock(old_start - dt.timedelta(days=7, seconds=-30))  # the old week moment
    run_worker()
    assert sent(mailoutbox, "In one week") == []

    clock(dt.datetime(2026, 3, 18, 15, 0, 30, tzinfo=UTC))  # the new week moment
    run_worker()
    assert sent(mailoutbox, "In one week") == EVERYONE_BUT_NO

    clock(old_start - dt.timedelta(days=1, seconds=-30))  # the old day moment
    run_worker()
    assert sent(mailoutbox, "Tomorrow") == []

    clock(dt.datetime(2026, 3, 24, 15, 0, 30, tzinfo=UTC))  # the new day moment
    run_worker()
    assert sent(mailoutbox, "Tomorrow") == EVERYONE_BUT_NO
    assert not DBTaskResult.objects.filter(status="READY").exists()


def test_a_session_moved_inside_the_week_gets_its_day_reminder_and_no_stale_one(clock, mailoutbox):
    session = make_session(dt.datetime(2026, 3, 20, 15, 0, tzinfo=UTC))
    guests_by_answer(session)

    clock(dt.datetime(2026, 3, 15, 9, 0, tzinfo=UTC))  # the old week reminder is due, unsent
    with transaction.atomic():
        session.starts_at = dt.datetime(2026, 3, 18, 15, 0, tzinfo=UTC)
        session.sequence += 1
        session.save()
        session_changed_notify(session=session)
    run_worker()
    assert sent(mailoutbox, "In one week") == []
    assert sent(mailoutbox, "New time") == EVERYONE_BUT_NO

    clock(dt.datetime(2026, 3, 17, 15, 0, 30, tzinfo=UTC))
    run_worker()
    clock(dt.datetime(2026, 3, 19, 15, 0, 30, tzinfo=UTC))  # the old day moment, now past
    run_worker()

    assert sent(mailoutbox, "Tomorrow") == EVERYONE_BUT_NO
    assert sent(mailoutbox, "In one week") == []
    assert set(GuestMessage.objects.values_list("kind", flat=True)) == {"update", "reminder_day"}


def test_a_session_set_up_three_days_ahead_gets_only_the_day_reminder(clock, mailoutbox):
    session = make_session(START + dt.timedelta(days=3))
    GuestFactory(jam=session.jam, email="ana@example.test", invited_at=START)

    assert reminder_tasks().count() == 1
    assert reminder_tasks().get().args_kwargs["args"][1] == MessageKind.REMINDER_DAY

    clock(START + dt.timedelta(days=2, seconds=30))
    run_worker()
    run_worker()

    assert sent(mailoutbox, "Tomorrow") == ["ana@example.test"]
    assert len(mailoutbox) == 1


def test_a_session_added_inside_the_week_through_the_app_gets_its_day_reminder_only(
    clock, mailoutbox
):
    """The path a host takes: the session service, its commit, the worker, the clock."""
    jam = JamFactory(host=UserFactory())
    SessionFactory(jam=jam, number=1, starts_at=START + dt.timedelta(days=30))
    GuestFactory(jam=jam, email="ana@example.test", invited_at=START)
    GuestFactory(jam=jam, email="not-invited@example.test")
    starts_at = dt.datetime(2026, 3, 4, 18, 0, tzinfo=zoneinfo.ZoneInfo("Africa/Nairobi"))

    session = session_create(
        jam=jam, starts_at=starts_at, duration_minutes=120, timezone="Africa/Nairobi"
    )
    run_worker()

    assert session.number == 1  # the earliest session comes first
    assert sent(mailoutbox, "New session") == ["ana@example.test"]
    assert [task.args_kwargs["args"][1] for task in reminder_tasks()] == ["reminder_day"]

    clock(dt.datetime(2026, 3, 3, 14, 59, tzinfo=UTC))  # a minute before 18:00 in Nairobi
    run_worker()
    assert sent(mailoutbox, "Tomorrow") == []

    clock(dt.datetime(2026, 3, 3, 15, 0, 30, tzinfo=UTC))
    run_worker()
    clock(dt.datetime(2026, 3, 3, 16, 0, tzinfo=UTC))  # later activity and catch-up add nothing
    call_command("send_waiting_messages", verbosity=0)
    run_worker()

    assert sent(mailoutbox, "Tomorrow") == ["ana@example.test"]
    assert sent(mailoutbox, "In one week") == []
    assert len(mailoutbox) == 2
    (reminder,) = [message for message in mailoutbox if "Tomorrow" in message.subject]
    assert "Wednesday 4 March 2026, 18:00" in reminder.body


def test_first_invitations_put_the_reminders_of_earlier_sessions_on_the_worker(clock):
    jam = JamFactory(host=UserFactory())
    SessionFactory(jam=jam, number=1, starts_at=START + dt.timedelta(days=14))  # no hook ran
    guest = GuestFactory(jam=jam)

    with transaction.atomic():
        invitations_send(jam=jam, guests=[guest])

    assert reminder_tasks().count() == 2


def test_the_worker_retries_a_provider_error_later_and_sends_once(clock, settings, mailoutbox):
    settings.EMAIL_BACKEND = "tests.sessions.messages.failing_email_backend.EmailBackend"
    failing_email_backend.failures_left = 1
    jam = JamFactory(host=UserFactory())
    SessionFactory(jam=jam, number=1, starts_at=START + dt.timedelta(days=14))
    guest = GuestFactory(jam=jam, email="ana@example.test")
    try:
        with transaction.atomic():
            invitations_send(jam=jam, guests=[guest])
        run_worker()
        stored = GuestMessage.objects.get()
        assert (stored.status, stored.attempts, mailoutbox) == ("queued", 1, [])
        assert stored.next_attempt_at == START + dt.timedelta(minutes=1)
        assert "AnymailAPIError" in stored.last_error

        run_worker()  # not due yet
        assert mailoutbox == []

        clock(START + dt.timedelta(minutes=1, seconds=1))
        run_worker()
        run_worker()
    finally:
        failing_email_backend.failures_left = 0

    assert [message.to for message in mailoutbox] == [["ana@example.test"]]
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == ("sent", 2)


def test_two_workers_on_the_same_messages_send_each_once(clock, mailoutbox):
    jam = JamFactory(host=UserFactory())
    SessionFactory(jam=jam, number=1, starts_at=START + dt.timedelta(days=14))
    guests = GuestFactory.create_batch(3, jam=jam)
    with transaction.atomic():
        invitations_send(jam=jam, guests=guests)
    ids = list(GuestMessage.objects.values_list("pk", flat=True))
    # A second delivery task for the same ids, as a retried or duplicated task would be.
    from sessions.messages.tasks import deliver_messages_task

    deliver_messages_task.enqueue(ids)

    run_worker()
    run_worker()

    assert sorted(message.to[0] for message in mailoutbox) == sorted(g.email for g in guests)
