"""Team emails (password resets, sign-in links, team invitations): recorded with the change
that causes them, sent once, retried on a provider error, shown to staff when they fail, and
their text, which may hold a live link, erased once it is no longer needed."""

import datetime as dt
import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from jamsessions.mail import email_send_later, send_email_task
from jamsessions.outbox.delivery import EXPIRED, team_email_deliver, team_emails_heal
from jamsessions.outbox.models import TeamEmail
from jamsessions.outbox.sending import RETRY_BACKOFF_MINUTES, EmailStatus
from tests.factories import UserFactory
from tests.sessions.messages import failing_email_backend

pytestmark = pytest.mark.django_db

LINK = "https://jams.example.org/accounts/login/link/secret-token-123/"


@pytest.fixture
def send_now(django_capture_on_commit_callbacks):
    """Record a team email as a request does; it goes out once the transaction commits."""

    def send(**kwargs) -> TeamEmail:
        with django_capture_on_commit_callbacks(execute=True):
            email = email_send_later(
                to=["ana@example.test"],
                subject="Your sign-in link",
                text=f"Sign in: {LINK}",
                html=f'<a href="{LINK}">Sign in</a>',
                **kwargs,
            )
        email.refresh_from_db()
        return email

    return send


def test_a_team_email_is_sent_once_and_its_link_erased_as_it_goes(send_now, mailoutbox):
    email = send_now()

    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert (message.to, message.subject, message.body) == (
        ["ana@example.test"],
        "Your sign-in link",
        f"Sign in: {LINK}",
    )
    assert message.alternatives[0].content == f'<a href="{LINK}">Sign in</a>'
    assert (email.status, email.attempts, email.text, email.html) == ("sent", 1, "", "")
    assert email.sent_at is not None and email.erased_at == email.sent_at
    assert team_email_deliver(email.pk) is False  # the same task again sends nothing
    assert len(mailoutbox) == 1


def test_nothing_is_recorded_or_sent_when_the_change_rolls_back(mailoutbox):
    with pytest.raises(RuntimeError), transaction.atomic():
        email_send_later(to=["ana@example.test"], subject="Welcome", text=LINK)
        raise RuntimeError("the change failed")

    assert TeamEmail.objects.count() == 0
    assert mailoutbox == []


def test_a_refused_team_email_is_tried_again_until_it_goes(send_now, failing_provider, mailoutbox):
    failing_provider(2)

    email = send_now()

    assert len(mailoutbox) == 1
    assert (email.status, email.attempts, email.last_error, email.text) == ("sent", 3, "", "")


def test_a_retry_waits_longer_each_time_then_the_email_is_given_up_and_erased(
    settings, failing_provider, django_capture_on_commit_callbacks, time_machine, caplog
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    time_machine.move_to(timezone.now(), tick=False)
    failing_provider(failing_email_backend.ALWAYS)
    with django_capture_on_commit_callbacks(execute=False):
        email = email_send_later(to=["ana@example.test"], subject="Reset", text=LINK)

    waits = []
    for _attempt in RETRY_BACKOFF_MINUTES:
        with django_capture_on_commit_callbacks(execute=False):
            assert team_email_deliver(email.pk) is False
            assert team_email_deliver(email.pk) is False  # not due yet: no attempt
        email.refresh_from_db()
        waits.append(round((email.next_attempt_at - timezone.now()).total_seconds() / 60))
        assert email.text == LINK  # kept while it may still go
        time_machine.move_to(email.next_attempt_at, tick=False)
    with django_capture_on_commit_callbacks(execute=False):
        team_email_deliver(email.pk)

    email.refresh_from_db()
    assert waits == list(RETRY_BACKOFF_MINUTES)
    assert (email.status, email.attempts, email.text) == ("failed", TeamEmail.MAX_ATTEMPTS, "")
    assert (
        email.last_error
        == "AnymailAPIError: ESP API response 503: service unavailable for [address]"
    )
    assert "failed for good after 5 attempts" in caplog.text
    assert "secret-token" not in caplog.text and "ana@example.test" not in caplog.text


def test_an_email_whose_answer_timed_out_is_never_sent_again_and_its_text_goes(
    send_now, settings, mailoutbox
):
    settings.EMAIL_BACKEND = "tests.sessions.messages.failing_email_backend.EmailBackend"
    failing_email_backend.silent_accepts = 1
    try:
        email = send_now()
    finally:
        failing_email_backend.silent_accepts = 0

    assert len(mailoutbox) == 1  # the provider's one copy
    assert (email.status, email.text) == ("sending", "")
    assert email.last_error.startswith("AnymailReadTimeout")
    assert team_email_deliver(email.pk) is False
    assert team_emails_heal(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert len(mailoutbox) == 1


def test_an_email_whose_task_was_lost_goes_with_the_heal_once_it_has_waited(
    clock, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False):  # the process died after its commit
        email = email_send_later(to=["ana@example.test"], subject="Reset", text=LINK)
    start = timezone.now()

    assert team_emails_heal(now=start + dt.timedelta(minutes=4)) == 0  # its task may yet come
    clock(start + dt.timedelta(minutes=5))
    assert team_emails_heal(now=timezone.now()) == 1
    assert team_emails_heal(now=timezone.now()) == 0

    assert [message.to for message in mailoutbox] == [["ana@example.test"]]
    email.refresh_from_db()
    assert (email.status, email.text) == ("sent", "")


def test_an_email_whose_link_expired_before_it_could_go_is_given_up_and_erased(
    clock, django_capture_on_commit_callbacks, mailoutbox
):
    with django_capture_on_commit_callbacks(execute=False):
        email = email_send_later(
            to=["ana@example.test"],
            subject="Your sign-in link",
            text=LINK,
            link_expires_at=timezone.now() + dt.timedelta(minutes=15),
        )

    clock(timezone.now() + dt.timedelta(minutes=16))
    team_emails_heal(now=timezone.now())

    assert mailoutbox == []
    email.refresh_from_db()
    assert (email.status, email.last_error, email.text, email.html) == ("failed", EXPIRED, "", "")


def test_a_text_is_never_kept_longer_than_its_setting_whatever_the_link_says(settings):
    settings.TEAM_EMAIL_TEXT_KEPT_SECONDS = 3600
    email = email_send_later(
        to=["ana@example.test"],
        subject="Join the team",
        text=LINK,
        link_expires_at=timezone.now() + dt.timedelta(days=7),
    )

    assert email.erase_at - email.created_at < dt.timedelta(hours=1, seconds=1)


def test_a_worker_that_died_handing_an_email_over_leaves_no_text_behind(clock, mailoutbox):
    email = email_send_later(to=["ana@example.test"], subject="Reset", text=LINK)
    TeamEmail.objects.filter(pk=email.pk).update(
        status=EmailStatus.SENDING, sending_at=timezone.now(), attempts=1
    )

    clock(timezone.now() + dt.timedelta(minutes=10))
    team_emails_heal(now=timezone.now())

    email.refresh_from_db()
    assert (email.status, email.text) == ("sending", "")  # may have gone: never sent again
    assert mailoutbox == []


def test_team_emails_are_forgotten_after_the_days_they_are_kept(clock, settings):
    settings.TEAM_EMAILS_KEPT_DAYS = 30
    email_send_later(to=["ana@example.test"], subject="Reset", text=LINK)

    clock(timezone.now() + dt.timedelta(days=29))
    team_emails_heal(now=timezone.now())
    assert TeamEmail.objects.count() == 1
    clock(timezone.now() + dt.timedelta(days=2))
    team_emails_heal(now=timezone.now())
    assert TeamEmail.objects.count() == 0


def test_a_task_enqueued_by_an_older_web_process_is_recorded_and_sent(
    mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_email_task.call(to=["ana@example.test"], subject="Welcome", text="Plain words.")

    assert [message.body for message in mailoutbox] == ["Plain words."]
    assert TeamEmail.objects.get().status == "sent"


# --- What staff see --------------------------------------------------------------------


def test_staff_see_a_password_reset_that_could_not_be_sent_but_never_its_link(
    client, host, failing_provider, django_capture_on_commit_callbacks
):
    failing_provider(failing_email_backend.ALWAYS)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": "host@example.test"})
    email = TeamEmail.objects.get()
    assert (email.status, email.text) == ("failed", "")
    staff = Client()
    staff.force_login(UserFactory(email="staff@example.test", is_staff=True, is_superuser=True))

    listed = staff.get(
        reverse("admin:outbox_teamemail_changelist"), {"status__exact": "failed"}
    ).text
    page = staff.get(reverse("admin:outbox_teamemail_change", args=[email.pk])).text
    found = staff.get(reverse("admin:outbox_teamemail_changelist"), {"q": "HOST@example"}).text
    not_found = staff.get(reverse("admin:outbox_teamemail_changelist"), {"q": "nobody"}).text

    assert "host@example.test" in listed
    assert "Choose a new password for Jam Sessions" in listed
    assert "Could not be sent" in listed
    assert "ESP API response 503" in page
    assert "1 email to the team" in found and "0 emails to the team" in not_found
    assert not re.search(r"/accounts/password/reset/[^/\s\"]+/[^/\s\"]+/", page)
