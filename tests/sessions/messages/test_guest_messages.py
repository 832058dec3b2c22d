"""Emails to guests: what they carry, recorded once, sent once, retried, shown to the host."""

import datetime as dt
import io
import re
from urllib.parse import urlparse

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from pypdf import PdfReader

from jamsessions.outbox.sending import RETRY_BACKOFF_MINUTES
from planning.enums import MessageKind, MessageStatus
from planning.guests.log import message_log
from planning.guests.services import guest_erase
from planning.guests.tokens import guest_link_token
from planning.models import GuestMessage, Session
from sessions.messages.delivery import deliver_messages
from sessions.messages.notices import (
    announcement_send,
    invitations_send,
    message_retry,
    session_cancelled_notify,
    session_changed_notify,
)
from sessions.messages.reminders import send_reminders
from sessions.schedule.services import session_cancel, session_create
from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    HouseRuleFactory,
    RsvpFactory,
    SessionFactory,
)
from tests.sessions.messages import failing_email_backend

pytestmark = pytest.mark.django_db

VENUE = "Community Hall, 12 Uhuru Road"
ONLINE_LINK = "https://meet.example.org/healing-jam"


@pytest.fixture
def session(jam):
    session = jam.sessions.get()
    AgendaItemFactory(
        session=session,
        title="Arrival circle",
        content="We share one word for how we arrive.",
        facilitator_notes="Watch the quiet ones (team only).",
        duration_minutes=20,
    )
    AgendaItemFactory(session=session, title="Body mapping", duration_minutes=40)
    HouseRuleFactory(jam=jam, text="Phones on silent, hearts open.")
    jam.venue, jam.online_link = VENUE, ONLINE_LINK
    jam.save()
    return session


@pytest.fixture
def guest(jam):
    return GuestFactory(jam=jam, name="Amani Wanjiru", email="amani@example.test")


def attachments_of(message, mimetype_start):
    return [
        attachment
        for attachment in message.attachments
        if attachment.mimetype.startswith(mimetype_start)
    ]


def html_of(message):
    (html,) = [content for content, mimetype in message.alternatives if mimetype == "text/html"]
    return html


def pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def link_path(text):
    match = re.search(r"https?://\S+/i/[^/\s]+/", text)
    assert match, text
    return urlparse(match.group(0)).path


# --- The invitation ---------------------------------------------------------------------


def test_invitation_has_both_parts_the_agenda_the_rules_and_the_personal_link(
    session, guest, send_now, mailoutbox
):
    queued = send_now(invitations_send, jam=session.jam, guests=[guest])

    assert queued == 1
    (message,) = mailoutbox
    assert message.to == ["amani@example.test"]
    assert session.jam.name in message.subject
    html = html_of(message)
    for part in (message.body, html):
        assert "Amani Wanjiru" in part
        assert "Arrival circle" in part
        assert "Body mapping" in part
        assert "We share one word for how we arrive." in part
        assert "Phones on silent, hearts open." in part
        assert "Africa/Nairobi" in part
        assert session.local_start.strftime("%H:%M") in part
        assert "team only" not in part
    assert link_path(message.body) == f"/i/{guest_link_token(guest)}/"
    assert f"/i/{guest_link_token(guest)}/" in html


def test_invitation_html_is_simple_markup_with_nothing_from_outside(
    session, guest, send_now, mailoutbox
):
    send_now(invitations_send, jam=session.jam, guests=[guest])

    html = html_of(mailoutbox[0])
    assert "<img" not in html
    assert "<script" not in html
    assert "style=" not in html
    assert 'lang="en"' in html


def test_invitation_attaches_the_agenda_pdf_and_an_ics_per_session(
    session, guest, send_now, mailoutbox
):
    second = SessionFactory(
        jam=session.jam, number=2, starts_at=session.starts_at + dt.timedelta(days=7)
    )

    send_now(invitations_send, jam=session.jam, guests=[guest])

    (message,) = mailoutbox
    pdfs = attachments_of(message, "application/pdf")
    calendars = attachments_of(message, "text/calendar")
    assert len(pdfs) == 2
    assert len(calendars) == 2
    assert all(pdf.content.startswith(b"%PDF") for pdf in pdfs)
    uids = set()
    for attachment in calendars:
        assert "method=REQUEST" in attachment.mimetype
        content = attachment.content
        calendar = icalendar.Calendar.from_ical(
            content.encode() if isinstance(content, str) else content
        )
        assert calendar["METHOD"] == "REQUEST"
        (event,) = calendar.walk("VEVENT")
        assert str(event["ATTENDEE"]).lower() == "mailto:amani@example.test"
        assert "LOCATION" not in event  # not before a yes
        uids.add(str(event["UID"]))
    assert uids == {f"{session.uid}@jamsessions", f"{second.uid}@jamsessions"}


def test_the_personal_link_in_the_invitation_opens_the_guest_page(
    session, guest, send_now, mailoutbox, client
):
    send_now(invitations_send, jam=session.jam, guests=[guest])

    response = client.get(link_path(mailoutbox[0].body))

    assert response.status_code == 200
    assert session.jam.name in response.content.decode()


def test_the_place_is_not_in_the_invitation_before_a_yes(session, guest, send_now, mailoutbox):
    send_now(invitations_send, jam=session.jam, guests=[guest])

    message = mailoutbox[0]
    for part in (message.body, html_of(message)):
        assert VENUE not in part
        assert ONLINE_LINK not in part
        assert "says yes" in part
    (pdf,) = attachments_of(message, "application/pdf")
    assert "Uhuru Road" not in pdf_text(pdf.content)
    assert "once you say yes" in pdf_text(pdf.content)


def test_the_place_is_in_the_reminder_after_a_yes(
    session, guest, send_now, mailoutbox, time_machine
):
    send_now(invitations_send, jam=session.jam, guests=[guest])
    RsvpFactory(guest=guest, session=session, answer="yes")
    time_machine.move_to(session.starts_at - dt.timedelta(hours=20), tick=False)

    queued = send_now(
        send_reminders,
        session_id=session.pk,
        kind=MessageKind.REMINDER_DAY,
        starts_at=session.starts_at.astimezone(dt.UTC).isoformat(),
    )

    assert queued == 1
    reminder = mailoutbox[1]
    assert "Tomorrow" in reminder.subject
    for part in (reminder.body, html_of(reminder)):
        assert VENUE in part
        assert ONLINE_LINK in part
        assert "Arrival circle" in part
    (pdf,) = attachments_of(reminder, "application/pdf")
    assert "Uhuru Road" in pdf_text(pdf.content)
    (ics,) = attachments_of(reminder, "text/calendar")
    event = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert event["ATTENDEE"].params["PARTSTAT"] == "ACCEPTED"


def test_the_email_is_built_in_the_jams_language(session, guest, send_now, mailoutbox):
    session.jam.language = "fr"
    session.jam.save()

    with translation.override("en"):
        send_now(invitations_send, jam=session.jam, guests=[guest])
        assert translation.get_language() == "en"

    (message,) = mailoutbox
    assert 'lang="fr"' in html_of(message)
    assert "Arrival circle" in message.body
    with translation.override("fr"):
        invited = translation.gettext("You are invited: %(name)s") % {"name": session.jam.name}
    assert invited.startswith("Vous êtes invité")
    assert message.subject == invited


# --- Recorded once, sent once ------------------------------------------------------------


def test_inviting_twice_records_and_sends_one_invitation(session, guest, send_now, mailoutbox):
    assert send_now(invitations_send, jam=session.jam, guests=[guest]) == 1
    assert send_now(invitations_send, jam=session.jam, guests=[guest]) == 0

    assert len(mailoutbox) == 1
    (stored,) = GuestMessage.objects.filter(guest=guest)
    assert (stored.kind, stored.key, stored.status) == ("invitation", "invitation:1", "sent")
    assert stored.sent_at is not None
    guest.refresh_from_db()
    assert guest.invited_at is not None


def test_resending_records_the_next_invitation(session, guest, send_now, mailoutbox):
    newcomer = GuestFactory(jam=session.jam)
    send_now(invitations_send, jam=session.jam, guests=[guest])

    queued = send_now(invitations_send, jam=session.jam, guests=[guest, newcomer], resend=True)

    assert queued == 2
    assert len(mailoutbox) == 3
    keys = set(GuestMessage.objects.values_list("guest_id", "key"))
    assert keys == {
        (guest.pk, "invitation:1"),
        (guest.pk, "invitation:2"),
        (newcomer.pk, "invitation:1"),
    }


def test_delivering_the_same_messages_twice_sends_each_once(
    session, guest, django_capture_on_commit_callbacks, mailoutbox
):
    other = GuestFactory(jam=session.jam)
    with django_capture_on_commit_callbacks(execute=False):
        invitations_send(jam=session.jam, guests=[guest, other])
    ids = list(GuestMessage.objects.values_list("pk", flat=True))

    assert deliver_messages(ids) == 2
    assert deliver_messages(ids) == 0

    assert sorted(message.to[0] for message in mailoutbox) == sorted([guest.email, other.email])
    assert set(GuestMessage.objects.values_list("status", "attempts")) == {("sent", 1)}


def test_the_task_queue_holds_only_ids(session, guest, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        invitations_send(jam=session.jam, guests=[guest])

    (callback,) = callbacks
    assert callback.args == ([GuestMessage.objects.get().pk],)


def test_an_erased_guest_never_gets_an_email(
    session, guest, send_now, django_capture_on_commit_callbacks, mailoutbox
):
    erased_before = GuestFactory(jam=session.jam)
    guest_erase(guest=erased_before)
    with django_capture_on_commit_callbacks(execute=False):
        invitations_send(jam=session.jam, guests=[guest, erased_before])
    ids = list(GuestMessage.objects.values_list("pk", flat=True))
    guest_erase(guest=guest)  # between recording and sending

    deliver_messages(ids)
    send_now(announcement_send, jam=session.jam, subject="Hi", body="Hello all", sent_by=None)

    assert mailoutbox == []
    assert not GuestMessage.objects.exists()


# --- A provider that fails ---------------------------------------------------------------


def test_a_provider_error_is_retried_until_it_goes_through(
    session, guest, send_now, failing_provider, mailoutbox
):
    failing_provider(2)

    send_now(invitations_send, jam=session.jam, guests=[guest])

    assert len(mailoutbox) == 1
    stored = GuestMessage.objects.get()
    assert stored.status == MessageStatus.SENT
    assert stored.attempts == 3
    assert stored.provider_id == "0"
    assert stored.last_error == ""


def test_a_provider_that_keeps_failing_is_reported_to_the_host_without_addresses(
    session, guest, send_now, failing_provider, mailoutbox, caplog
):
    failing_provider(failing_email_backend.ALWAYS)

    send_now(invitations_send, jam=session.jam, guests=[guest])

    assert mailoutbox == []
    stored = GuestMessage.objects.get()
    assert stored.status == MessageStatus.FAILED
    assert stored.attempts == GuestMessage.MAX_ATTEMPTS
    assert stored.last_error.startswith("AnymailAPIError: ")
    assert "503" in stored.last_error
    assert "@" not in stored.last_error
    log = message_log(jam=session.jam, sessions=[session])
    assert log.failed == [stored]
    assert log.failed[0].guest == guest
    (row,) = log.rows
    assert (row.kind, row.sent, row.queued, row.failed) == ("invitation", 0, 0, 1)
    warnings = [record for record in caplog.records if record.name == "jamsessions.mail"]
    assert len(warnings) == GuestMessage.MAX_ATTEMPTS
    assert all("@" not in record.getMessage() for record in warnings)


def test_try_again_sends_a_failed_message_once_the_provider_works(
    session, guest, send_now, failing_provider, mailoutbox
):
    failing_provider(failing_email_backend.ALWAYS)
    send_now(invitations_send, jam=session.jam, guests=[guest])
    stored = GuestMessage.objects.get()
    failing_provider(0)

    send_now(message_retry, message=stored)

    assert len(mailoutbox) == 1
    stored.refresh_from_db()
    assert stored.status == MessageStatus.SENT
    assert stored.attempts == GuestMessage.MAX_ATTEMPTS + 1
    assert message_log(jam=session.jam, sessions=[session]).failed == []


def test_try_again_is_only_for_a_failed_message(session, guest, send_now):
    send_now(invitations_send, jam=session.jam, guests=[guest])

    with pytest.raises(ValidationError):
        message_retry(message=GuestMessage.objects.get())


def test_a_retry_waits_longer_each_time_when_the_worker_can_defer(
    session, guest, settings, failing_provider, django_capture_on_commit_callbacks, time_machine
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    time_machine.move_to(timezone.now(), tick=False)
    failing_provider(failing_email_backend.ALWAYS)
    with django_capture_on_commit_callbacks(execute=False):
        invitations_send(jam=session.jam, guests=[guest])
    stored = GuestMessage.objects.get()

    waits = []
    for _attempt in RETRY_BACKOFF_MINUTES:
        with django_capture_on_commit_callbacks(execute=False):
            deliver_messages([stored.pk])
            assert deliver_messages([stored.pk]) == 0  # not due yet: nothing sent, no attempt
        stored.refresh_from_db()
        waits.append(round((stored.next_attempt_at - timezone.now()).total_seconds() / 60))
        time_machine.move_to(stored.next_attempt_at, tick=False)

    assert waits == list(RETRY_BACKOFF_MINUTES)
    assert stored.attempts == len(RETRY_BACKOFF_MINUTES)


# --- Notices about sessions --------------------------------------------------------------


def test_a_change_notice_carries_the_new_time_and_a_higher_sequence(
    session, guest, send_now, mailoutbox
):
    said_no = GuestFactory(jam=session.jam)
    send_now(invitations_send, jam=session.jam, guests=[guest, said_no])
    RsvpFactory(guest=said_no, session=session, answer="no")
    session.starts_at += dt.timedelta(days=1, hours=2)
    session.sequence += 1
    session.save()

    queued = send_now(session_changed_notify, session=session)

    assert queued == 1
    notice = mailoutbox[-1]
    assert notice.to == [guest.email]
    assert "New time" in notice.subject
    assert session.local_start.strftime("%H:%M") in notice.body
    (ics,) = attachments_of(notice, "text/calendar")
    event = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert event["SEQUENCE"] == 1
    assert str(event["UID"]) == f"{session.uid}@jamsessions"
    assert GuestMessage.objects.get(kind="update").key == f"update:{session.pk}:1"


def test_a_session_added_after_the_invitations_is_announced_to_invited_guests(
    session, guest, send_now, mailoutbox
):
    not_invited = GuestFactory(jam=session.jam)
    erased = GuestFactory(jam=session.jam)
    send_now(invitations_send, jam=session.jam, guests=[guest, erased])
    guest_erase(guest=erased)
    mailoutbox.clear()

    added = send_now(
        session_create,
        jam=session.jam,
        starts_at=session.starts_at + dt.timedelta(days=7),
        duration_minutes=90,
        timezone=session.timezone,
    )

    (notice,) = mailoutbox
    assert notice.to == [guest.email]
    assert notice.subject == f"New session: {session.jam.name}, Session 2"
    assert "has a new session: Session 2" in notice.body
    assert added.local_start.strftime("%H:%M") in notice.body
    assert link_path(notice.body) == f"/i/{guest_link_token(guest)}/"
    (ics,) = attachments_of(notice, "text/calendar")
    event = icalendar.Calendar.from_ical(ics.content).walk("VEVENT")[0]
    assert str(event["UID"]) == f"{added.uid}@jamsessions"
    assert len(attachments_of(notice, "application/pdf")) == 1
    assert not GuestMessage.objects.filter(guest=not_invited).exists()


def test_a_session_added_before_anyone_is_invited_sends_nothing(
    session, guest, send_now, mailoutbox
):
    send_now(
        session_create,
        jam=session.jam,
        starts_at=session.starts_at + dt.timedelta(days=7),
        duration_minutes=90,
        timezone=session.timezone,
    )
    assert mailoutbox == []
    assert not GuestMessage.objects.exists()


def test_a_new_session_cancelled_before_its_notice_went_out_tells_nobody(
    session, guest, send_now, mailoutbox, django_capture_on_commit_callbacks
):
    send_now(invitations_send, jam=session.jam, guests=[guest])
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=False):
        added = session_create(
            jam=session.jam,
            starts_at=session.starts_at + dt.timedelta(days=7),
            duration_minutes=90,
            timezone=session.timezone,
        )
    assert GuestMessage.objects.filter(kind="session_added", status="queued").count() == 1

    with django_capture_on_commit_callbacks(execute=True):
        told = session_cancel(session=added, actor=session.jam.host)

    # The guest never heard of it: neither the new session nor its cancellation reaches them.
    assert told == 0
    assert not GuestMessage.objects.filter(kind__in=["session_added", "cancellation"]).exists()
    assert mailoutbox == []
    added.refresh_from_db()
    assert added.is_cancelled


def test_a_cancellation_notice_keeps_the_uid_and_goes_out_after_the_session_is_gone(
    session, guest, send_now, mailoutbox, django_capture_on_commit_callbacks
):
    said_no = GuestFactory(jam=session.jam)
    send_now(invitations_send, jam=session.jam, guests=[guest, said_no])
    RsvpFactory(guest=said_no, session=session, answer="no")
    uid = session.uid

    with django_capture_on_commit_callbacks(execute=True):
        queued = session_cancelled_notify(session=session)
        session.delete()

    assert queued == 1
    assert not Session.objects.filter(uid=uid).exists()
    notice = mailoutbox[-1]
    assert notice.to == [guest.email]
    assert "Cancelled" in notice.subject
    assert "Session 1" in notice.body
    assert "cancelled" in html_of(notice)
    assert attachments_of(notice, "application/pdf") == []
    (ics,) = attachments_of(notice, "text/calendar")
    assert "method=CANCEL" in ics.mimetype
    calendar = icalendar.Calendar.from_ical(ics.content)
    assert calendar["METHOD"] == "CANCEL"
    event = calendar.walk("VEVENT")[0]
    assert str(event["UID"]) == f"{uid}@jamsessions"
    assert event["STATUS"] == "CANCELLED"
    stored = GuestMessage.objects.get(kind="cancellation")
    assert (stored.session, stored.status) == (None, "sent")
    rows = message_log(jam=session.jam, sessions=[]).rows
    assert [(row.kind, row.session_number, row.sent) for row in rows] == [
        ("invitation", None, 2),
        ("cancellation", 1, 1),
    ]


# --- The host's messages ------------------------------------------------------------------


def test_a_message_from_the_host_goes_only_to_guests_who_said_yes(
    session, guest, send_now, mailoutbox, host
):
    maybe, no_answer = GuestFactory(jam=session.jam), GuestFactory(jam=session.jam)
    send_now(invitations_send, jam=session.jam, guests=[guest, maybe, no_answer])
    RsvpFactory(guest=guest, session=session, answer="yes")
    RsvpFactory(guest=maybe, session=session, answer="maybe")
    mailoutbox.clear()

    announcement = send_now(
        announcement_send,
        jam=session.jam,
        subject="Bring a cushion",
        body="The floor is hard.\nSee you soon!",
        sent_by=host,
    )

    (message,) = mailoutbox
    assert message.to == [guest.email]
    assert "Bring a cushion" in message.subject
    assert "The floor is hard." in message.body
    assert "The floor is hard." in html_of(message)
    assert f"/i/{guest_link_token(guest)}/" in message.body
    assert message.attachments == []
    assert GuestMessage.objects.get(kind="announcement").announcement == announcement


def test_a_message_from_the_host_needs_a_subject_and_words(session, host):
    with pytest.raises(ValidationError) as error:
        announcement_send(jam=session.jam, subject="  ", body="", sent_by=host)

    assert set(error.value.message_dict) == {"subject", "body"}


# --- What the host sees --------------------------------------------------------------------


def _messages(jam, session, count):
    guests = GuestFactory.create_batch(count, jam=jam)
    GuestMessage.objects.bulk_create(
        GuestMessage(
            jam=jam,
            guest=guest,
            kind=MessageKind.REMINDER_WEEK if index % 2 else MessageKind.INVITATION,
            key=f"test:{index}",
            session=session,
            status=(MessageStatus.SENT, MessageStatus.QUEUED, MessageStatus.FAILED)[index % 3],
            sent_at=timezone.now() if index % 3 == 0 else None,
        )
        for index, guest in enumerate(guests)
    )


def test_message_log_counts_by_kind_session_and_status(session):
    _messages(session.jam, session, 6)

    log = message_log(jam=session.jam, sessions=[session])

    counts = {
        (row.kind, row.session_number): (row.sent, row.queued, row.failed) for row in log.rows
    }
    assert counts == {("invitation", 1): (1, 1, 1), ("reminder_week", 1): (1, 1, 1)}
    assert [row.kind_label for row in log.rows] == ["Invitation", "Reminder one week before"]
    assert len(log.failed) == 2
    assert [reminder.kind for reminder in log.scheduled] == ["reminder_week", "reminder_day"]
    assert log.scheduled[0].due_at.utcoffset() == dt.timedelta(hours=3)  # Nairobi's clock


@pytest.mark.parametrize("count", [5, 50])
def test_message_log_reads_the_same_number_of_queries_for_few_and_many(
    session, count, django_assert_num_queries
):
    _messages(session.jam, session, count)

    with django_assert_num_queries(2):
        log = message_log(jam=session.jam, sessions=[session])
        assert [failed.guest.name for failed in log.failed]


def _session_reads(queries) -> int:
    return sum('FROM "gatherings_session"' in query["sql"] for query in queries)


@pytest.mark.parametrize("count", [3, 9])
def test_delivering_invitations_reads_the_sessions_once_however_many_guests(session, count):
    guests = [
        GuestFactory(jam=session.jam, name=f"Guest {n}", email=f"g{n}@example.test")
        for n in range(count)
    ]
    invitations_send(jam=session.jam, guests=guests)  # recorded; delivered below
    ids = list(GuestMessage.objects.values_list("pk", flat=True))

    with CaptureQueriesContext(connection) as queries:
        assert deliver_messages(ids) == count

    assert _session_reads(queries.captured_queries) == 1
