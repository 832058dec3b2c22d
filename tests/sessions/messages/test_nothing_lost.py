"""Nothing is lost silently, and nothing is sent twice on its own.

A process can die between the commit that records an email and the enqueue of
its task; a worker can die in the middle of a task (django-tasks-db never runs a
RUNNING task again); the database can refuse to record that an email went out.
The real database worker runs here, with the clock moved by time-machine.
"""

import datetime as dt
import threading
import time
from io import StringIO

import pytest
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.core.management import call_command
from django.db import connection, transaction
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from planning.enums import MessageKind, MessageStatus
from planning.guests.log import message_log
from planning.models import GuestMessage
from sessions.messages.delivery import deliver_messages, waiting_messages_send
from sessions.messages.notices import invitations_send
from sessions.messages.reminders import reminders_schedule
from sessions.messages.tasks import deliver_messages_task, send_reminders_task
from tests.conftest import CLOCK_START, run_worker
from tests.factories import GuestFactory, JamFactory, SessionFactory, UserFactory
from tests.sessions.messages import failing_email_backend

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("database_tasks")]

UTC = dt.UTC
START = CLOCK_START
SLOW_BACKEND = "tests.sessions.messages.test_nothing_lost.SlowEmailBackend"


def lose_the_tasks():
    """As if the process died right after its commit: the rows are there, their tasks not."""
    DBTaskResult.objects.all().delete()


def a_worker_dies_holding_its_task():
    """As if a worker claimed every ready task and was killed: RUNNING for ever."""
    DBTaskResult.objects.filter(status="READY").update(status="RUNNING", started_at=START)


def invite(jam, guests):
    with transaction.atomic():
        invitations_send(jam=jam, guests=guests)


def received(mailoutbox) -> list[str]:
    return sorted(message.to[0] for message in mailoutbox)


@pytest.fixture
def jam():
    jam = JamFactory(host=UserFactory(email="host@example.test"))
    SessionFactory(jam=jam, number=1, starts_at=START + dt.timedelta(days=30))
    return jam


# --- Emails whose task was lost -------------------------------------------------------------


def test_an_email_queued_30_minutes_ago_without_a_task_goes_with_the_next_delivery_once(
    clock, jam, mailoutbox
):
    ana = GuestFactory(jam=jam, email="ana@example.test")
    invite(jam, [ana])
    lose_the_tasks()
    run_worker()
    assert mailoutbox == []  # nothing knows about it yet

    clock(START + dt.timedelta(minutes=30))
    bruno = GuestFactory(jam=jam, email="bruno@example.test")
    invite(jam, [bruno])  # any later email: its delivery task sweeps up Ana's
    deliver_messages_task.enqueue([])  # and a second delivery run on top
    run_worker()
    run_worker()

    assert received(mailoutbox) == ["ana@example.test", "bruno@example.test"]
    assert set(GuestMessage.objects.values_list("status", flat=True)) == {"sent"}


def test_an_email_is_not_swept_before_it_has_waited_long(clock, jam, mailoutbox):
    invite(jam, [GuestFactory(jam=jam, email="ana@example.test")])
    lose_the_tasks()

    clock(START + dt.timedelta(minutes=4))  # its task may still be on its way (bound: 5 min)
    deliver_messages_task.enqueue([])
    run_worker()

    assert mailoutbox == []
    assert GuestMessage.objects.get().status == MessageStatus.QUEUED


def test_emails_of_a_worker_that_died_mid_task_go_out_with_the_cron_command(clock, jam, mailoutbox):
    guests = [GuestFactory(jam=jam, email=f"guest{n}@example.test") for n in range(3)]
    invite(jam, guests)
    a_worker_dies_holding_its_task()
    run_worker()
    assert mailoutbox == []

    clock(START + dt.timedelta(minutes=30))
    out = StringIO()
    call_command("send_waiting_messages", stdout=out)
    call_command("send_waiting_messages", stdout=StringIO())
    run_worker()

    assert received(mailoutbox) == [guest.email for guest in guests]
    assert "Emails that had waited too long, sent: 3." in out.getvalue()


class SlowEmailBackend(LocmemBackend):
    """A mail service that takes its time, so that two senders really overlap."""

    def send_messages(self, messages):
        time.sleep(0.05)
        return super().send_messages(messages)


def test_two_sweeps_at_the_same_time_send_each_waiting_email_once(clock, jam, settings, mailoutbox):
    settings.EMAIL_BACKEND = SLOW_BACKEND
    guests = [GuestFactory(jam=jam, email=f"guest{n}@example.test") for n in range(8)]
    invite(jam, guests)
    lose_the_tasks()
    clock(START + dt.timedelta(minutes=30))
    sent = []

    def sweep():
        try:
            sent.append(waiting_messages_send(now=START + dt.timedelta(minutes=30))[1])
        finally:
            connection.close()

    threads = [threading.Thread(target=sweep) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert received(mailoutbox) == sorted(guest.email for guest in guests)
    assert sum(sent) == 8


# --- Reminders whose task was lost ----------------------------------------------------------


def session_in_two_weeks():
    """A session two weeks ahead with its reminders on the worker; Ana and Bruno invited."""
    jam = JamFactory(host=UserFactory(email="host2@example.test"))
    with transaction.atomic():
        session = SessionFactory(jam=jam, number=1, starts_at=START + dt.timedelta(days=14))
        reminders_schedule(session=session)
    for name in ("ana", "bruno"):
        GuestFactory(jam=jam, email=f"{name}@example.test", invited_at=START)
    return session


def reminder_tasks():
    return DBTaskResult.objects.filter(task_path=send_reminders_task.module_path)


def test_a_killed_reminder_task_is_caught_up_by_the_next_worker_activity(clock, mailoutbox):
    session_in_two_weeks()
    week = START + dt.timedelta(days=7)
    assert reminder_tasks().count() == 2

    clock(week + dt.timedelta(seconds=30))
    week_task = reminder_tasks().get(run_after=week)
    week_task.status = "RUNNING"  # a worker took it and was killed
    week_task.save()
    run_worker()
    assert mailoutbox == []

    clock(week + dt.timedelta(minutes=20))
    deliver_messages_task.enqueue([])  # any delivery, for any Jam
    run_worker()
    run_worker()

    assert received(mailoutbox) == ["ana@example.test", "bruno@example.test"]
    assert all("In one week" in message.subject for message in mailoutbox)

    clock(START + dt.timedelta(days=13, seconds=30))  # the day reminder comes as usual
    run_worker()
    assert len(mailoutbox) == 4


def test_a_reminder_that_was_never_enqueued_is_caught_up_by_the_cron_command(clock, mailoutbox):
    session_in_two_weeks()
    reminder_tasks().delete()

    clock(START + dt.timedelta(days=13, minutes=20))  # the day reminder's moment, and after
    call_command("send_waiting_messages", stdout=StringIO())
    call_command("send_waiting_messages", stdout=StringIO())
    run_worker()
    run_worker()

    assert received(mailoutbox) == ["ana@example.test", "bruno@example.test"]
    assert all("Tomorrow" in message.subject for message in mailoutbox)  # not the stale week one
    assert GuestMessage.objects.filter(kind=MessageKind.REMINDER_WEEK).count() == 0


def test_a_catch_up_skips_guests_invited_after_the_moment_and_sessions_set_up_since(
    clock, mailoutbox
):
    session = session_in_two_weeks()
    reminder_tasks().delete()
    clock(START + dt.timedelta(days=7, hours=2))
    GuestFactory(
        jam=session.jam, email="late@example.test", invited_at=START + dt.timedelta(days=7, hours=1)
    )
    later = SessionFactory(jam=session.jam, number=2, starts_at=START + dt.timedelta(days=10))

    call_command("send_waiting_messages", stdout=StringIO())
    run_worker()

    assert received(mailoutbox) == ["ana@example.test", "bruno@example.test"]
    assert not GuestMessage.objects.filter(session=later).exists()


# --- An email handed over, with no answer recorded -----------------------------------------


@pytest.fixture
def database_refuses_to_mark_sent():
    """The commit after the mail service took the email fails (a full disk, a failover)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE FUNCTION refuse_sent() RETURNS trigger AS $$ BEGIN "
            "RAISE EXCEPTION 'could not extend file: No space left on device'; END $$ "
            "LANGUAGE plpgsql"
        )
        cursor.execute(
            "CREATE TRIGGER refuse_sent BEFORE UPDATE ON planning_guestmessage FOR EACH ROW "
            "WHEN (NEW.status = 'sent') EXECUTE FUNCTION refuse_sent()"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER IF EXISTS refuse_sent ON planning_guestmessage")
        cursor.execute("DROP FUNCTION IF EXISTS refuse_sent()")


def test_an_email_whose_sending_could_not_be_recorded_is_never_sent_again_on_its_own(
    clock, jam, mailoutbox, database_refuses_to_mark_sent, caplog
):
    ana = GuestFactory(jam=jam, name="Ana Lima", email="ana@example.test")
    invite(jam, [ana])
    run_worker()

    assert received(mailoutbox) == ["ana@example.test"]
    stored = GuestMessage.objects.get()
    assert stored.status == MessageStatus.SENDING
    assert "stays “sending”" in caplog.text

    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER refuse_sent ON planning_guestmessage")
    clock(START + dt.timedelta(hours=2))
    deliver_messages_task.enqueue([stored.pk])
    run_worker()
    call_command("send_waiting_messages", stdout=StringIO())
    assert deliver_messages([stored.pk]) == 0

    assert len(mailoutbox) == 1
    stored.refresh_from_db()
    assert stored.status == MessageStatus.SENDING
    assert message_log(jam=jam, sessions=list(jam.sessions.all())).unsure == [stored]


def test_the_host_is_told_it_may_not_have_gone_out_and_may_send_it_again(
    clock, jam, mailoutbox, client
):
    ana = GuestFactory(jam=jam, name="Ana Lima", email="ana@example.test")
    invite(jam, [ana])
    # The worker died after the mail service took it, before it could record it.
    GuestMessage.objects.update(status=MessageStatus.SENDING, sending_at=START, attempts=1)
    lose_the_tasks()
    clock(START + dt.timedelta(minutes=30))
    client.force_login(jam.host)
    guests_url = reverse("planning:guests", args=[jam.slug])

    html = client.get(guests_url).content.decode()

    assert "Emails that may not have gone out" in html
    assert "Check with the guest first" in html
    assert "May not have gone out" in html  # on Ana's row, instead of “Invited”
    assert mailoutbox == []

    stored = GuestMessage.objects.get()
    response = client.post(
        reverse("messages:message_retry", args=[jam.slug, stored.pk]), follow=True
    )
    run_worker()

    assert "We are sending the email to Ana Lima again." in response.content.decode()
    assert received(mailoutbox) == ["ana@example.test"]
    stored.refresh_from_db()
    assert (stored.status, stored.attempts) == (MessageStatus.SENT, 2)
    assert "Emails that may not have gone out" not in client.get(guests_url).content.decode()


def test_the_host_sees_an_email_waiting_too_long_and_tries_again(clock, jam, mailoutbox, client):
    ana = GuestFactory(jam=jam, name="Ana Lima", email="ana@example.test")
    invite(jam, [ana])
    lose_the_tasks()
    client.force_login(jam.host)
    guests_url = reverse("planning:guests", args=[jam.slug])
    assert "Emails waiting longer than they should" not in client.get(guests_url).content.decode()

    clock(START + dt.timedelta(minutes=30))
    html = client.get(guests_url).content.decode()
    assert "Emails waiting longer than they should" in html
    assert "Waiting since 1 Mar 2026, 09:00 (UTC)." in html

    stored = GuestMessage.objects.get()
    response = client.post(
        reverse("messages:message_retry", args=[jam.slug, stored.pk]), follow=True
    )
    assert "We are trying again to send the email to Ana Lima." in response.content.decode()
    assert "Emails waiting longer than they should" not in response.content.decode()
    run_worker()

    assert received(mailoutbox) == ["ana@example.test"]
    assert GuestMessage.objects.get().status == MessageStatus.SENT


def test_an_email_being_sent_right_now_cannot_be_sent_again_by_the_host(clock, jam, client):
    invite(jam, [GuestFactory(jam=jam, name="Ana Lima")])
    GuestMessage.objects.update(status=MessageStatus.SENDING, sending_at=START)
    clock(START + dt.timedelta(minutes=1))
    client.force_login(jam.host)

    stored = GuestMessage.objects.get()
    response = client.post(
        reverse("messages:message_retry", args=[jam.slug, stored.pk]), follow=True
    )

    assert "This email is not waiting to be tried again." in response.content.decode()
    assert GuestMessage.objects.get().status == MessageStatus.SENDING


def test_an_email_whose_answer_timed_out_is_left_for_the_host_not_retried(
    clock, jam, settings, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.sessions.messages.failing_email_backend.EmailBackend"
    failing_email_backend.silent_accepts = 1
    try:
        invite(jam, [GuestFactory(jam=jam, name="Ana Lima", email="ana@example.test")])
        run_worker()
    finally:
        failing_email_backend.silent_accepts = 0
    stored = GuestMessage.objects.get()
    assert (stored.status, stored.attempts) == (MessageStatus.SENDING, 1)
    assert stored.last_error.startswith("AnymailReadTimeout: Error posting to")

    clock(START + dt.timedelta(hours=3))  # past every retry a refused email would get
    call_command("send_waiting_messages", stdout=StringIO())
    deliver_messages_task.enqueue([stored.pk])
    run_worker()

    assert received(mailoutbox) == ["ana@example.test"]  # the provider's one copy
    assert message_log(jam=jam, sessions=list(jam.sessions.all())).unsure == [stored]
