"""Emails to guests: invitations, reminders, change and cancellation notices, host messages.

Every email to a guest is first a ``GuestMessage`` row, recorded in the caller's
transaction and unique per guest and ``key`` (what the message is about), so
the same message can never be recorded twice. Once the transaction commits, a
background task gets the rows' ids — nothing personal waits in the task table —
and delivers each row: it claims the row (queued → sending, committed on its
own, so only one worker ever has it), builds the email from what is stored now
(in the Jam's language), hands it to the project's email backend (django-anymail
in production) and marks it sent. A row already claimed, sent or gone is
skipped: a repeated task or a second worker never sends a message twice. A
provider error is retried with a growing pause, then shown to the host as
failed, never dropped.

Nothing is lost silently:

- A row whose task never came (the process died between commit and enqueue) or
  whose worker died mid-task stays queued; once it has waited ``WAITING_TOO_LONG``
  the next delivery run sends it (``messages_sweep``), and so does
  ``manage.py send_waiting_messages`` from a cron job. The host sees it waiting,
  with “try again”.
- A reminder whose task was lost (killed, or never enqueued) is recorded late by
  ``reminders_catch_up``, run with every delivery and by that command.
- A row left “sending” was handed to the mail service, but its success was never
  recorded (the worker died, the database refused the write, or the service's answer
  timed out): it may have gone out, so it is never sent again on its own. The host sees it as “may not have
  gone out” and decides, after checking with the guest, whether to send it again.

Reminders (the toolkit's “one week before” and “one day before”) are tasks
deferred to the right moment in the session's time zone. A reminder task knows
the start time it was scheduled for: if the session moved since, it does nothing
(the move scheduled new ones).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import re
import zoneinfo
from collections import OrderedDict
from collections.abc import Callable, Iterable
from contextlib import nullcontext
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, connection, transaction
from django.db.models import Count, Exists, IntegerField, Max, OuterRef, Prefetch, Q, QuerySet
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django_tasks import task
from requests.exceptions import ReadTimeout

from jamsessions.http import site_url
from jamsessions.i18n import site_language
from jamsessions.mail import render_subject, render_text
from planning.models import Session
from sessions.agenda import TimedItem, agenda_timed
from sessions.ics import (
    Attendee,
    guest_session_ics,
    partstat_for,
    session_cancel_ics,
    session_snapshot,
)
from sessions.models import AgendaItem, HouseRule
from sessions.pdf import build_agenda_pdf, render_agenda_html

from .enums import MessageKind, MessageStatus, RsvpAnswer
from .guests import guest_link_token, said_yes_to
from .models import Announcement, Guest, GuestMessage, Jam, Rsvp

logger = logging.getLogger("jamsessions.mail")

# Ids per delivery task: small enough for a task to finish in seconds, large enough
# that 5 000 reminders are 25 tasks, not 5 000.
DELIVERY_CHUNK = 200
# Agenda PDFs kept per worker process, by the HTML they are made from.
AGENDA_PDFS_KEPT = 32
# Minutes to wait before the 2nd, 3rd, 4th and 5th attempt.
RETRY_BACKOFF_MINUTES = (1, 5, 25, 125)
ERROR_MAX_LENGTH = 300
FAILED_SHOWN = 50
# A queued email due for this long has lost its delivery task; an email “sending” for this
# long will not hear back. A delivery task sends 100 emails in a few seconds.
WAITING_TOO_LONG = dt.timedelta(minutes=15)
# Emails left waiting that one delivery run sends, on top of its own.
SWEEP_MAX = DELIVERY_CHUNK
ANNOUNCEMENT_SUBJECT_MAX = Announcement._meta.get_field("subject").max_length
ANNOUNCEMENT_BODY_MAX = Announcement._meta.get_field("body").max_length

# Days before a session's local start, on its own wall clock.
REMINDER_DAYS_BEFORE = {MessageKind.REMINDER_WEEK: 7, MessageKind.REMINDER_DAY: 1}
SESSION_KINDS = (
    MessageKind.REMINDER_WEEK,
    MessageKind.REMINDER_DAY,
    MessageKind.UPDATE,
    MessageKind.SESSION_ADDED,
)

ICS_REQUEST_MIMETYPE = "text/calendar; method=REQUEST; charset=utf-8"
ICS_CANCEL_MIMETYPE = "text/calendar; method=CANCEL; charset=utf-8"

_EMAIL_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


# --- Keys ------------------------------------------------------------------------------


def _instant(value: dt.datetime) -> str:
    """An instant as text that is the same however it was read (always UTC)."""
    return value.astimezone(dt.UTC).isoformat()


def invitation_key(number: int) -> str:
    return f"invitation:{number}"


def reminder_key(kind: str, session: Session) -> str:
    """Names the start time too: a moved session gets new reminders, the old ones can't fire."""
    return f"{kind}:{session.pk}:{_instant(session.starts_at)}"


def update_key(session: Session) -> str:
    return f"update:{session.pk}:{session.sequence}"


def session_added_key(session: Session) -> str:
    return f"session_added:{session.uid}"


def cancellation_key(session: Session) -> str:
    return f"cancellation:{session.uid}"


def announcement_key(announcement: Announcement) -> str:
    return f"announcement:{announcement.pk}"


# --- Recording --------------------------------------------------------------------------


def _messages_record(
    *,
    jam: Jam,
    guests: Iterable[Guest],
    kind: str,
    key: Callable[[Guest], str] | str,
    session: Session | None = None,
    announcement: Announcement | None = None,
    payload: dict | None = None,
) -> int:
    """Record one queued message per guest (a key a guest already has is skipped).

    The delivery is enqueued once the caller's transaction commits. Returns how
    many new messages were recorded.
    """
    key_for = key if callable(key) else (lambda _guest: key)
    wanted = {guest.pk: key_for(guest) for guest in guests}
    if not wanted:
        return 0
    existing = set(
        GuestMessage.objects.filter(guest_id__in=wanted, key__in=set(wanted.values())).values_list(
            "guest_id", "key"
        )
    )
    new = [
        GuestMessage(
            jam=jam,
            guest_id=guest_id,
            kind=kind,
            key=message_key,
            session=session,
            announcement=announcement,
            payload=payload or {},
        )
        for guest_id, message_key in wanted.items()
        if (guest_id, message_key) not in existing
    ]
    if not new:
        return 0
    # Another request may record the same message meanwhile: that one is kept, not a crash.
    GuestMessage.objects.bulk_create(new, ignore_conflicts=True, batch_size=1000)
    ids = list(
        GuestMessage.objects.filter(
            guest_id__in=[message.guest_id for message in new],
            key__in={message.key for message in new},
            status=MessageStatus.QUEUED,
        ).values_list("pk", flat=True)
    )
    # robust: a failed enqueue must not undo what committed; the sweep sends those later.
    transaction.on_commit(partial(_deliveries_enqueue, ids), robust=True)
    return len(new)


def _deliveries_enqueue(message_ids: list[int]) -> None:
    for start in range(0, len(message_ids), DELIVERY_CHUNK):
        deliver_messages_task.enqueue(message_ids[start : start + DELIVERY_CHUNK])


def _said_no(session: Session):
    return Exists(Rsvp.objects.filter(guest=OuterRef("pk"), session=session, answer=RsvpAnswer.NO))


def _said_yes(session: Session):
    """In the database, what ``said_yes_to`` says: the guests who see the session's place."""
    return Exists(Rsvp.objects.filter(guest=OuterRef("pk"), session=session, answer=RsvpAnswer.YES))


def _reachable_guests(jam: Jam) -> QuerySet[Guest]:
    return Guest.objects.filter(jam=jam, erased_at__isnull=True).exclude(email="")


def session_recipients(*, session: Session) -> QuerySet[Guest]:
    """Who hears about a session: invited guests who did not say no to it."""
    return (
        _reachable_guests(session.jam)
        .filter(invited_at__isnull=False)
        .exclude(_said_no(session))
        .only("pk")
    )


def announcement_recipients(*, jam: Jam) -> QuerySet[Guest]:
    """Guests who said yes to at least one session."""
    said_yes_somewhere = Rsvp.objects.filter(guest=OuterRef("pk"), answer=RsvpAnswer.YES)
    return _reachable_guests(jam).filter(Exists(said_yes_somewhere)).only("pk")


# --- Services ---------------------------------------------------------------------------


def _invitation_numbers(guests: list[Guest]) -> dict[int, int]:
    """The highest invitation number each guest has had so far."""
    keys = GuestMessage.objects.filter(guest__in=guests, kind=MessageKind.INVITATION).values_list(
        "guest_id", "key"
    )
    highest: dict[int, int] = {}
    for guest_id, key in keys:
        number = int(key.rpartition(":")[2] or 0)
        highest[guest_id] = max(highest.get(guest_id, 0), number)
    return highest


def invitation_blocker(jam: Jam, *, now: dt.datetime | None = None) -> str:
    """Why no invitation can go out for the Jam now, in the host's words; "" when one can.

    An invitation tells guests when the sessions are and asks about those to come: with no
    session, or with every session over, it would have nothing to say.
    """
    sessions = jam.sessions.all()
    if not sessions:
        return _("Add a session first: the invitation tells guests when it is.")
    now = now or timezone.now()
    if all(session.is_over_at(now) for session in sessions):
        return _(
            "Every session of this Jam is over, so an invitation would have nothing to ask "
            "about. Add a new session first."
        )
    return ""


def invitations_send(*, jam: Jam, guests: Iterable[Guest], resend: bool = False) -> int:
    """Queue the invitation email for each guest (erased guests skipped).

    Without ``resend`` a guest already invited is skipped; with it, a new
    invitation is queued. Sets ``guest.invited_at``. Returns how many were queued:
    none while ``invitation_blocker`` says why not.
    """
    if invitation_blocker(jam):
        return 0
    guests = [
        guest
        for guest in guests
        if guest.jam_id == jam.pk
        and not guest.is_erased
        and guest.email
        and (resend or guest.invited_at is None)
    ]
    if not guests:
        return 0
    with transaction.atomic():
        first_invitations = not GuestMessage.objects.filter(
            jam=jam, kind=MessageKind.INVITATION
        ).exists()
        highest = _invitation_numbers(guests) if resend else {}
        keys = {
            guest.pk: invitation_key(
                1 if guest.invited_at is None else highest.get(guest.pk, 0) + 1
            )
            for guest in guests
        }
        now = timezone.now()
        Guest.objects.filter(pk__in=[guest.pk for guest in guests], invited_at__isnull=True).update(
            invited_at=now
        )
        for guest in guests:
            guest.invited_at = guest.invited_at or now
        queued = _messages_record(
            jam=jam, guests=guests, kind=MessageKind.INVITATION, key=lambda guest: keys[guest.pk]
        )
        if first_invitations:
            # Sessions planned before anyone was invited: make sure their reminders are on the
            # worker. A reminder scheduled twice is still sent once (its key is unique).
            for session in jam.sessions.all():
                reminders_schedule(session=session)
    return queued


def announcement_send(*, jam: Jam, subject: str, body: str, sent_by) -> Announcement:
    """Record a message from the host and queue it to every guest who said yes to a session."""
    subject, body = " ".join(subject.split()), body.strip()
    errors = {}
    if not subject:
        errors["subject"] = _("Write a subject.")
    elif len(subject) > ANNOUNCEMENT_SUBJECT_MAX:
        errors["subject"] = _("A subject can be at most %(max)s characters.") % {
            "max": ANNOUNCEMENT_SUBJECT_MAX
        }
    if not body:
        errors["body"] = _("Write the message.")
    elif len(body) > ANNOUNCEMENT_BODY_MAX:
        errors["body"] = _("A message can be at most %(max)s characters.") % {
            "max": ANNOUNCEMENT_BODY_MAX
        }
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        announcement = Announcement.objects.create(
            jam=jam, subject=subject, body=body, sent_by=sent_by
        )
        _messages_record(
            jam=jam,
            guests=announcement_recipients(jam=jam),
            kind=MessageKind.ANNOUNCEMENT,
            key=announcement_key(announcement),
            announcement=announcement,
        )
    return announcement


def _stuck(now: dt.datetime) -> Q:
    """Emails the host may send again: failed, waiting too long, or sending too long."""
    return (
        Q(status=MessageStatus.FAILED)
        | _waiting_too_long(now)
        | Q(status=MessageStatus.SENDING, sending_at__lte=now - WAITING_TOO_LONG)
    )


def message_retry(*, message: GuestMessage) -> GuestMessage:
    """The host's “try again”: queue an email that failed, waits too long or may not have gone out.

    An email that may not have gone out (“sending” for too long) is sent again only
    because the host asked, after being told the guest may get it twice.
    """
    now = timezone.now()
    with transaction.atomic():
        requeued = (
            GuestMessage.objects.filter(pk=message.pk)
            .filter(_stuck(now))
            .update(status=MessageStatus.QUEUED, next_attempt_at=now, sending_at=None)
        )
        if not requeued:
            raise ValidationError(
                _("This email is not waiting to be tried again."), code="not_stuck"
            )
        transaction.on_commit(partial(_deliveries_enqueue, [message.pk]), robust=True)
    message.status, message.next_attempt_at, message.sending_at = MessageStatus.QUEUED, now, None
    return message


class Change(StrEnum):
    """What a change notice is about, kept in its payload: the session's time, its place."""

    TIME = "time"
    PLACE = "place"


def _changes_of(payload: dict) -> set[str]:
    """What a recorded change notice is about; notices from before places were per
    session carry nothing and were about the time."""
    return set(payload.get("changes") or [Change.TIME])


def session_changed_notify(*, session: Session, changes: Iterable[str] = (Change.TIME,)) -> int:
    """A session's time or place changed: queue a change notice (new .ics, same UID, higher
    SEQUENCE), as ``Change`` values in ``changes``.

    Call it after ``session.sequence`` was raised and saved. A new time goes to every
    guest who may come; a new place only to the guests who said yes to the session,
    the only ones who see it. A notice not sent yet is replaced by this one, which then
    says what that one was about too. Reminders about the old time that are not sent
    yet are dropped, and the reminders are scheduled again for the new time.
    """
    if session.is_over:
        return 0  # what has already happened needs no notice, and can no longer be answered
    changes = set(changes)
    recipients = session_recipients(session=session)
    if Change.TIME not in changes:
        recipients = recipients.filter(_said_yes(session))
    with transaction.atomic():
        unsent = GuestMessage.objects.filter(
            session=session, status__in=[MessageStatus.QUEUED, MessageStatus.FAILED]
        )
        unsent.filter(kind__in=REMINDER_DAYS_BEFORE).exclude(
            key__endswith=f":{_instant(session.starts_at)}"
        ).delete()
        replaced = unsent.filter(kind=MessageKind.UPDATE).exclude(key=update_key(session))
        if Change.TIME not in changes:
            replaced = replaced.filter(guest__in=recipients)  # the others' stay theirs
        earlier: dict[int, set[str]] = {}
        for guest_id, payload in replaced.values_list("guest_id", "payload"):
            earlier.setdefault(guest_id, set()).update(_changes_of(payload))
        replaced.delete()
        by_changes: dict[tuple[str, ...], list[Guest]] = {}
        for guest in recipients:
            about = tuple(sorted(changes | earlier.get(guest.pk, set())))
            by_changes.setdefault(about, []).append(guest)
        queued = sum(
            _messages_record(
                jam=session.jam,
                guests=guests,
                kind=MessageKind.UPDATE,
                key=update_key(session),
                session=session,
                payload={"changes": list(about)},
            )
            for about, guests in by_changes.items()
        )
        if Change.TIME in changes:
            reminders_schedule(session=session)
    return queued


def session_added_notify(*, session: Session) -> int:
    """A session was added after invitations went out: tell the invited guests, with its .ics.

    Guests not invited yet hear of it with their invitation, which lists every session.
    Nobody hears of a session added once it is over (entered afterwards, for the record).
    """
    if session.is_over:
        return 0
    return _messages_record(
        jam=session.jam,
        guests=session_recipients(session=session),
        kind=MessageKind.SESSION_ADDED,
        key=session_added_key(session),
        session=session,
    )


def session_cancelled_notify(*, session: Session) -> int:
    """A session is being removed: queue the cancellation (METHOD:CANCEL, same UID).

    Call it before the session is deleted, in the same transaction: the notice
    keeps what calendars need in its payload. Reminders and change notices not
    sent yet are dropped.
    """
    payload = session_snapshot(session)
    with transaction.atomic():
        GuestMessage.objects.filter(
            session=session,
            kind__in=SESSION_KINDS,
            status__in=[MessageStatus.QUEUED, MessageStatus.FAILED],
        ).delete()
        if session.is_over:
            return 0  # it happened: nothing to take out of anyone's calendar
        return _messages_record(
            jam=session.jam,
            guests=session_recipients(session=session),
            kind=MessageKind.CANCELLATION,
            key=cancellation_key(session),
            session=session,
            payload=payload,
        )


# --- Reminders --------------------------------------------------------------------------


def reminder_moments(session: Session) -> list[tuple[str, dt.datetime]]:
    """When each reminder is due: the session's local start time, 7 days and 1 day earlier.

    Counted on the session's wall clock, so a reminder a week before an 18:00
    session goes out at 18:00 even when the clocks change in between.
    Returned in UTC.
    """
    zone = session.zone
    local_start = session.local_start.replace(tzinfo=None)
    return [
        (kind, (local_start - dt.timedelta(days=days)).replace(tzinfo=zone).astimezone(dt.UTC))
        for kind, days in REMINDER_DAYS_BEFORE.items()
    ]


def _defer_supported(task_) -> bool:
    return task_.get_backend().supports_defer


def reminders_schedule(*, session: Session) -> None:
    """Queue this session's week-before and day-before reminders on the worker.

    Only moments still ahead are queued: a session set up inside the week gets
    only its day-before reminder. Without a backend that can defer tasks (the
    test backend) nothing is queued.
    """
    if not _defer_supported(send_reminders_task):
        return
    now = timezone.now()
    starts_at = _instant(session.starts_at)
    for kind, moment in reminder_moments(session):
        if moment > now:
            # robust: a lost enqueue is caught up by ``reminders_catch_up``.
            transaction.on_commit(
                partial(_reminder_enqueue, session.pk, str(kind), starts_at, moment), robust=True
            )


def _reminder_enqueue(session_id: int, kind: str, starts_at: str, moment: dt.datetime) -> None:
    send_reminders_task.using(run_after=moment).enqueue(session_id, kind, starts_at)


def send_reminders(*, session_id: int, kind: str, starts_at: str) -> int:
    """Record and queue one reminder for a session, if it is still due. Returns how many.

    Nothing happens for a session that is gone, has moved since the reminder was
    scheduled, has started, or whose reminder moment has not come yet (a week
    reminder whose day reminder is already due is stale too). It goes to the
    guests invited by its moment: someone invited later had all of it in their
    invitation. Guests who have it already are skipped, so a late run (a catch-up)
    only adds what is missing.
    """
    session = Session.objects.select_related("jam").filter(pk=session_id).first()
    if session is None or _instant(session.starts_at) != starts_at:
        return 0
    now = timezone.now()
    moments = dict(reminder_moments(session))
    if kind not in moments or now >= session.starts_at:
        return 0
    if now < moments[kind]:
        # Run early (clocks differ between machines): try again at the right moment.
        if _defer_supported(send_reminders_task):
            transaction.on_commit(
                partial(_reminder_enqueue, session.pk, kind, starts_at, moments[kind])
            )
        return 0
    if kind == MessageKind.REMINDER_WEEK and now >= moments[MessageKind.REMINDER_DAY]:
        return 0
    with transaction.atomic():
        return _messages_record(
            jam=session.jam,
            guests=session_recipients(session=session).filter(invited_at__lte=moments[kind]),
            kind=kind,
            key=reminder_key(kind, session),
            session=session,
        )


@task()
def send_reminders_task(session_id: int, kind: str, starts_at: str) -> int:
    recorded = send_reminders(session_id=session_id, kind=kind, starts_at=starts_at)
    return recorded + reminders_catch_up(now=timezone.now())


def _current_reminder(session: Session, now: dt.datetime) -> tuple[str, dt.datetime] | None:
    """The reminder a session should have had by now, if any: the latest one that is due."""
    due = [(kind, moment) for kind, moment in reminder_moments(session) if moment <= now]
    return max(due, key=lambda pair: pair[1]) if due and now < session.starts_at else None


def reminders_catch_up(*, now: dt.datetime) -> int:
    """Record the reminders that are due but were never recorded. Returns how many.

    A reminder task that was never enqueued (the process died after its commit), or
    whose worker was killed, leaves its reminder unrecorded. Every reminder due for
    longer than ``WAITING_TOO_LONG`` (so its own task had its chance) is checked:
    one query per session starting within the week, and for a session that misses
    some, its reminder is recorded for the guests who miss it. A moment that passed
    before the session was set up or last changed is skipped: a session added or
    moved inside the week gets only the reminders still ahead of it.
    """
    horizon = now + dt.timedelta(days=max(REMINDER_DAYS_BEFORE.values()) + 1)
    checked_at = now - WAITING_TOO_LONG
    recorded = 0
    for session in Session.objects.filter(starts_at__gt=now, starts_at__lte=horizon):
        current = _current_reminder(session, checked_at)
        if current is None:
            continue
        kind, moment = current
        if moment < session.updated_at:
            continue  # set up or moved after that moment: that reminder was never owed
        has_it = GuestMessage.objects.filter(guest=OuterRef("pk"), key=reminder_key(kind, session))
        missing = (
            session_recipients(session=session)
            .filter(invited_at__lte=moment)
            .exclude(Exists(has_it))
            .exists()
        )
        if missing:
            logger.warning(
                "Reminder %s of session %s was not recorded at its moment: recording it now.",
                kind,
                session.pk,
            )
            recorded += send_reminders(
                session_id=session.pk, kind=kind, starts_at=_instant(session.starts_at)
            )
    return recorded


# --- Delivery ---------------------------------------------------------------------------


_agenda_pdfs: OrderedDict[str, bytes] = OrderedDict()


def agenda_pdf_for_guests(*, session: Session, show_location: bool) -> bytes:
    """The participants' agenda PDF, made once per worker process for as long as it is the same.

    WeasyPrint takes most of a second per PDF; its HTML takes milliseconds. The PDF
    is kept under a digest of that HTML, which holds everything the PDF shows
    (agenda, rules, times, place, language): any change makes a new PDF, and
    batch after batch of the same reminder reuses one.
    """
    html = render_agenda_html(session=session, show_location=show_location)
    key = hashlib.sha256(html.encode()).hexdigest()
    pdf = _agenda_pdfs.get(key)
    if pdf is None:
        pdf = build_agenda_pdf(session=session, show_location=show_location)
        _agenda_pdfs[key] = pdf
        while len(_agenda_pdfs) > AGENDA_PDFS_KEPT:
            _agenda_pdfs.popitem(last=False)
    else:
        _agenda_pdfs.move_to_end(key)
    return pdf


@dataclass
class _Batch:
    """What every email of one delivery batch shares: read and rendered once per batch."""

    sessions: dict[int, list[Session]] = field(default_factory=dict)
    items: dict[int, list[AgendaItem]] = field(default_factory=dict)
    agendas: dict[int, list[TimedItem]] = field(default_factory=dict)
    rules: dict[int, list[HouseRule]] = field(default_factory=dict)
    pdfs: dict[tuple[int, bool], bytes] = field(default_factory=dict)
    agenda_parts: dict[tuple[int, str], tuple[str, str]] = field(default_factory=dict)

    def jam_sessions(self, jam: Jam) -> list[Session]:
        if jam.pk not in self.sessions:
            sessions = list(jam.sessions.order_by("number"))
            for session in sessions:
                session.jam = jam
            self.sessions[jam.pk] = sessions
        return self.sessions[jam.pk]

    def agenda_items(self, session: Session) -> list[AgendaItem]:
        if session.pk not in self.items:
            self.items[session.pk] = list(session.agenda_items.order_by("position", "pk"))
        return self.items[session.pk]

    def agenda(self, session: Session) -> list[TimedItem]:
        if session.pk not in self.agendas:
            self.agendas[session.pk] = agenda_timed(session, self.agenda_items(session)).items
        return self.agendas[session.pk]

    def agenda_part(self, session: Session) -> tuple[str, str]:
        """The agenda as the emails show it, HTML and text, in the active language: the same
        for every guest, so rendered once per session and language."""
        key = (session.pk, translation.get_language())
        if key not in self.agenda_parts:
            context = {"items": self.agenda(session)}
            html = render_to_string("planning/email/guest_part_agenda.html", context)
            text = render_text("planning/email/guest_part_agenda.txt", context)
            self.agenda_parts[key] = (mark_safe(html.strip()), text.strip())  # noqa: S308
        return self.agenda_parts[key]

    def house_rule_list(self, jam: Jam) -> list[HouseRule]:
        if jam.pk not in self.rules:
            self.rules[jam.pk] = list(jam.house_rules.order_by("position", "pk"))
        return self.rules[jam.pk]

    def house_rules(self, jam: Jam) -> list[str]:
        return [rule.text for rule in self.house_rule_list(jam)]

    def pdf(self, session: Session, *, show_location: bool) -> bytes:
        """The participants' agenda PDF, with or without where (only for those who said yes):
        the same for everyone of each kind, so looked up at most twice per batch."""
        key = (session.pk, show_location)
        if key not in self.pdfs:
            self.pdfs[key] = agenda_pdf_for_guests(session=session, show_location=show_location)
        return self.pdfs[key]


def _due(now: dt.datetime) -> Q:
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)


def _waiting_too_long(now: dt.datetime) -> Q:
    """Queued and due for longer than ``WAITING_TOO_LONG``: its delivery task was lost."""
    since = now - WAITING_TOO_LONG
    return Q(status=MessageStatus.QUEUED) & (
        Q(next_attempt_at__isnull=True, created_at__lte=since) | Q(next_attempt_at__lte=since)
    )


def deliver_messages(message_ids: Iterable[int]) -> int:
    """Send each queued message that is due and not being sent elsewhere. Returns how many.

    Call it outside a transaction (as the worker does): each message's claim must
    commit before its email is handed over.
    """
    return _deliver(list(message_ids), _Batch())


@task()
def deliver_messages_task(message_ids: list[int]) -> int:
    """Deliver these messages, then heal: emails left waiting and reminders never recorded."""
    batch = _Batch()
    sent = _deliver(message_ids, batch)
    now = timezone.now()
    reminders_catch_up(now=now)
    return sent + messages_sweep(now=now, batch=batch)


def _waiting_ids(now: dt.datetime, limit: int | None = None) -> list[int]:
    """The ids of emails that waited too long for their task, oldest first."""
    ids = (
        GuestMessage.objects.filter(_waiting_too_long(now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    return list(ids[:limit])


def messages_sweep(*, now: dt.datetime, limit: int = SWEEP_MAX, batch: _Batch | None = None) -> int:
    """Send up to ``limit`` emails that have waited too long for their task. Returns how many.

    Any number of sweeps and delivery tasks may run at once: each email is claimed
    by exactly one of them.
    """
    waiting = _waiting_ids(now, limit)
    if not waiting:
        return 0
    logger.warning("Sending %s guest messages that waited too long for their task.", len(waiting))
    return _deliver(waiting, batch or _Batch())


def waiting_messages_send(*, now: dt.datetime) -> tuple[int, int]:
    """Catch up on reminders never recorded, then send every email left waiting too long.

    What ``manage.py send_waiting_messages`` does, from a cron job: it helps when no
    worker is running or every delivery task was lost. Safe alongside workers.
    Returns (reminders recorded, emails sent).
    """
    reminders = reminders_catch_up(now=now)
    waiting = _waiting_ids(now)
    batch, sent = _Batch(), 0
    for start in range(0, len(waiting), DELIVERY_CHUNK):
        sent += _deliver(waiting[start : start + DELIVERY_CHUNK], batch)
    return reminders, sent


def _messages_to_deliver(message_ids: list[int], now: dt.datetime) -> list[GuestMessage]:
    """The queued, due messages among these, with all an email needs: two queries."""
    found = (
        GuestMessage.objects.filter(pk__in=message_ids, status=MessageStatus.QUEUED)
        .filter(_due(now))
        .select_related("jam__host", "guest", "session", "announcement")
        .prefetch_related(Prefetch("guest__rsvps", queryset=Rsvp.objects.order_by("pk")))
    )
    by_id = {message.pk: message for message in found}
    return [by_id[message_id] for message_id in dict.fromkeys(message_ids) if message_id in by_id]


def _deliver(message_ids: list[int], batch: _Batch) -> int:
    sent = 0
    for message in _messages_to_deliver(message_ids, timezone.now()):
        sent += _deliver_one(message, batch)
    return sent


# The two writes made for every email, as plain SQL: through the ORM, building each
# UPDATE took longer than the database took to run it (0.3 ms here against 2 ms).
_TABLE = GuestMessage._meta.db_table
_CLAIM_SQL = (
    f"UPDATE {_TABLE} SET status = %s, sending_at = %s, attempts = attempts + 1 "  # noqa: S608
    "WHERE id = %s AND status = %s AND (next_attempt_at IS NULL OR next_attempt_at <= %s)"
)
_SENT_SQL = (
    f"UPDATE {_TABLE} SET status = %s, sent_at = %s, next_attempt_at = NULL, "  # noqa: S608
    "last_error = '', provider_id = %s WHERE id = %s AND status = %s"
)


def _own_commit():
    """Each write below commits on its own; inside a caller's transaction, a savepoint."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


def _claim(message: GuestMessage) -> bool:
    """Mark the message as being sent, if it still waits: one committed UPDATE.

    Two workers claiming the same row at once are serialised by the row's lock, and
    the second finds it no longer queued: whoever claims it is the only one to send it.
    """
    now = timezone.now()
    with _own_commit(), connection.cursor() as cursor:
        cursor.execute(
            _CLAIM_SQL, [MessageStatus.SENDING, now, message.pk, MessageStatus.QUEUED, now]
        )
        claimed = cursor.rowcount == 1
    if claimed:
        message.status, message.sending_at = MessageStatus.SENDING, now
        message.attempts += 1
    return bool(claimed)


def _deliver_one(message: GuestMessage, batch: _Batch) -> bool:
    if _is_moot(message):
        GuestMessage.objects.filter(pk=message.pk, status=MessageStatus.QUEUED).delete()
        if message.kind == MessageKind.INVITATION:
            _uninvited_mark(message.guest)
        return False
    if not _claim(message):  # sent, claimed by another worker, gone, or not due any more
        return False
    try:
        email = guest_email_build(message=message, batch=batch)
        email.send()
    except Exception as error:  # any failure is recorded
        if _may_have_gone_out(error):
            _unsure_record(message, error)
        else:
            _failure_record(message, error)  # and retried
        return False
    _sent_record(message, email)
    return True


def _may_have_gone_out(error: Exception) -> bool:
    """The request reached the mail service but its answer never came: it may have sent it."""
    return isinstance(error, ReadTimeout)


def _unsure_record(message: GuestMessage, error: Exception) -> None:
    """Keep it “sending”, with the error: the host decides whether to send it again."""
    message.last_error = _error_text(error)
    logger.warning(
        "Guest message %s (%s): no answer from the mail service, it may have gone out; "
        "left for the host to check: %s",
        message.pk,
        message.kind,
        type(error).__name__,
    )
    with _own_commit():
        GuestMessage.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
            last_error=message.last_error
        )


def _sent_record(message: GuestMessage, email: EmailMultiAlternatives) -> None:
    """The mail service took it. If this cannot be written, the row stays “sending”: shown
    to the host as “may not have gone out”, never sent again on its own."""
    values = [MessageStatus.SENT, timezone.now(), _provider_id(email)]
    try:
        with _own_commit(), connection.cursor() as cursor:
            cursor.execute(_SENT_SQL, [*values, message.pk, MessageStatus.SENDING])
    except DatabaseError:
        logger.exception(
            "Guest message %s (%s) was handed to the mail service but could not be marked "
            "sent: it stays “sending” for the host to check.",
            message.pk,
            message.kind,
        )


def _is_moot(message: GuestMessage) -> bool:
    """Nobody to send to any more, or nothing to send about (its session is gone, or it
    is a new place the guest no longer sees)."""
    guest = message.guest
    if guest.is_erased or not guest.email:
        return True
    if message.kind in SESSION_KINDS and message.session_id is None:
        return True
    if message.kind in SESSION_KINDS and message.session.is_over:
        return True  # a reminder or notice late for a session that has ended since
    if message.kind == MessageKind.INVITATION and invitation_blocker(message.jam):
        return True  # every session has ended (or gone) since it was queued
    return message.kind == MessageKind.UPDATE and not _update_news(message)


def _uninvited_mark(guest: Guest) -> None:
    """A guest whose only invitation was dropped unsent counts as not invited: the host can
    invite them again once there is a session to come."""
    if not GuestMessage.objects.filter(guest=guest, kind=MessageKind.INVITATION).exists():
        Guest.objects.filter(pk=guest.pk).update(invited_at=None)


def _update_news(message: GuestMessage) -> set[str]:
    """What a change notice tells its guest: a new time, and a new place only if they
    said yes to the session (who else sees it). Reads the prefetched answers."""
    news = _changes_of(message.payload)
    session = message.session
    if Change.PLACE in news and (session is None or not said_yes_to(message.guest, session)):
        news.discard(Change.PLACE)
    return news


def _provider_id(email: EmailMultiAlternatives) -> str:
    status = getattr(email, "anymail_status", None)
    message_id = getattr(status, "message_id", None)
    if message_id is None:
        return ""
    if isinstance(message_id, set):
        message_id = ",".join(sorted(str(part) for part in message_id))
    return str(message_id)[:200]


def _error_text(error: Exception) -> str:
    """The error's class and message, without any email address in it."""
    text = f"{type(error).__name__}: {error}"
    return _EMAIL_ADDRESS.sub("[address]", " ".join(text.split()))[:ERROR_MAX_LENGTH]


def _failure_record(message: GuestMessage, error: Exception) -> None:
    """The mail service refused it (or it could not be built): queue it again after a pause,
    or after ``MAX_ATTEMPTS`` attempts mark it failed for the host to see."""
    message.last_error = _error_text(error)
    message.sending_at = None
    if message.attempts >= GuestMessage.MAX_ATTEMPTS:
        message.status = MessageStatus.FAILED
        message.next_attempt_at = None
        logger.warning(
            "Guest message %s (%s) failed for good after %s attempts: %s",
            message.pk,
            message.kind,
            message.attempts,
            type(error).__name__,
        )
    else:
        pause = RETRY_BACKOFF_MINUTES[min(message.attempts - 1, len(RETRY_BACKOFF_MINUTES) - 1)]
        defer = _defer_supported(deliver_messages_task)
        message.status = MessageStatus.QUEUED
        message.next_attempt_at = timezone.now() + dt.timedelta(minutes=pause) if defer else None
        logger.warning(
            "Guest message %s (%s) failed (attempt %s), trying again in %s min: %s",
            message.pk,
            message.kind,
            message.attempts,
            pause if defer else 0,
            type(error).__name__,
        )
    with transaction.atomic():
        updated = GuestMessage.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
            status=message.status,
            next_attempt_at=message.next_attempt_at,
            last_error=message.last_error,
            sending_at=None,
        )
        if updated and message.status == MessageStatus.QUEUED:
            transaction.on_commit(
                partial(_retry_enqueue, message.pk, message.next_attempt_at), robust=True
            )


def _retry_enqueue(message_id: int, run_after: dt.datetime | None) -> None:
    task_ = deliver_messages_task
    if run_after is not None:
        task_ = task_.using(run_after=run_after)
    task_.enqueue([message_id])


# --- The emails -------------------------------------------------------------------------


@dataclass(frozen=True)
class SessionView:
    """A session as a guest's email shows it: when, in its zone (and theirs), and its agenda."""

    label: str
    starts_at: dt.datetime  # in the session's zone
    ends_at: dt.datetime
    zone: str
    zone_abbreviation: str
    guest_starts_at: dt.datetime | None  # in the guest's own zone, when it differs
    guest_zone: str
    agenda_html: str  # rendered once per batch (see ``_Batch.agenda_part``)
    agenda_text: str
    answer: str
    show_where: bool = False
    """Only for a guest who said yes to this session (``said_yes_to``): its venue and link."""
    venue: str = ""
    online_link: str = ""


def _session_view(
    session: Session, *, guest: Guest, answers: dict[int, str], agenda: tuple[str, str]
) -> SessionView:
    local_start = session.local_start
    guest_start = None
    if guest.timezone and guest.timezone != session.timezone:
        try:
            candidate = session.starts_at.astimezone(zoneinfo.ZoneInfo(guest.timezone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            candidate = None
        if candidate is not None and candidate.utcoffset() != local_start.utcoffset():
            guest_start = candidate
    answer = answers.get(session.pk, "")
    show_where = said_yes_to(guest, session)
    place = session.place
    return SessionView(
        label=session.label,
        starts_at=local_start,
        ends_at=session.local_end,
        zone=session.timezone,
        zone_abbreviation=local_start.tzname() or "",
        guest_starts_at=guest_start,
        guest_zone=guest.timezone,
        agenda_html=agenda[0],
        agenda_text=agenda[1],
        answer=str(RsvpAnswer(answer).label) if answer else "",
        show_where=show_where,
        venue=place.venue if show_where else "",
        online_link=place.online_link if show_where else "",
    )


def _cancelled_view(payload: dict) -> SessionView | None:
    """The cancelled session as it was, from the facts kept in the notice."""
    try:
        zone = zoneinfo.ZoneInfo(payload["timezone"])
        starts_utc = dt.datetime.fromisoformat(payload["starts_at"]).astimezone(dt.UTC)
        ends_utc = starts_utc + dt.timedelta(minutes=int(payload["duration_minutes"]))
    except (KeyError, TypeError, ValueError, zoneinfo.ZoneInfoNotFoundError):
        return None
    return SessionView(
        label=_("Session %(number)s") % {"number": payload.get("number", "")},
        starts_at=starts_utc.astimezone(zone),
        ends_at=ends_utc.astimezone(zone),
        zone=payload["timezone"],
        zone_abbreviation=starts_utc.astimezone(zone).tzname() or "",
        guest_starts_at=None,
        guest_zone="",
        agenda_html="",
        agenda_text="",
        answer="",
    )


def _personal_link(guest: Guest) -> str:
    return site_url(reverse("guest:page", kwargs={"token": guest_link_token(guest)}))


def _email_sessions(message: GuestMessage, batch: _Batch) -> list[Session]:
    """The sessions an email is about: those still to come for an invitation, else its own one.

    An invitation never asks about, attaches or offers a session that has ended by the time
    it is built (``Session.is_over_at``).
    """
    if message.kind == MessageKind.INVITATION:
        now = timezone.now()
        return [s for s in batch.jam_sessions(message.jam) if not s.is_over_at(now)]
    if message.kind in SESSION_KINDS and message.session is not None:
        message.session.jam = message.jam
        return [message.session]
    return []


def guest_email_context(
    *, message: GuestMessage, batch: _Batch | None = None, sessions: list[Session] | None = None
) -> dict:
    """Everything one guest's email shows, read now from the database.

    ``sessions``: those ``_email_sessions`` chose for it, when the caller already has them
    (the attachments must be about the very same sessions as the text).
    """
    batch = batch or _Batch()
    guest, jam = message.guest, message.jam
    answers = {rsvp.session_id: rsvp.answer for rsvp in guest.rsvps.all()}
    if sessions is None:
        sessions = _email_sessions(message, batch)
    views = [
        _session_view(session, guest=guest, answers=answers, agenda=batch.agenda_part(session))
        for session in sessions
    ]
    if message.kind == MessageKind.CANCELLATION:
        cancelled = _cancelled_view(message.payload)
        views = [cancelled] if cancelled else []
    news = _update_news(message) if message.kind == MessageKind.UPDATE else set()
    return {
        "kind": message.kind,
        "jam": jam,
        "host": jam.host,
        "guest": guest,
        "sessions": views,
        "rules": batch.house_rules(jam) if message.kind != MessageKind.CANCELLATION else [],
        "show_agenda": message.kind != MessageKind.CANCELLATION,
        # Each session's place is with it (``SessionView``); “where” says how to see the rest.
        "show_where": bool(views) and all(view.show_where for view in views),
        "new_time": Change.TIME in news,
        "new_place": Change.PLACE in news,
        "announcement": message.announcement,
        "link": _personal_link(guest),
    }


def _tidy_text(text: str) -> str:
    """Plain-text templates leave blank lines where tags were: at most one in a row."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy) + "\n"


def _attachments_add(
    email: EmailMultiAlternatives, message: GuestMessage, sessions: list[Session], batch: _Batch
) -> None:
    guest, jam = message.guest, message.jam
    if message.kind == MessageKind.CANCELLATION:
        attendee = Attendee(email=guest.email, name=guest.name, partstat=partstat_for(None))
        ics = session_cancel_ics(snapshot=message.payload, attendee=attendee)
        number = message.payload.get("number", "")
        email.attach(f"{jam.slug}-session-{number}-cancelled.ics", ics, ICS_CANCEL_MIMETYPE)
        return
    for session in sessions:
        email.attach(
            f"{jam.slug}-session-{session.number}-agenda.pdf",
            batch.pdf(session, show_location=said_yes_to(guest, session)),
            "application/pdf",
        )
        email.attach(
            f"{jam.slug}-session-{session.number}.ics",
            guest_session_ics(
                guest=guest,
                session=session,
                items=batch.agenda_items(session),
                rules=batch.house_rule_list(jam),
            ),
            ICS_REQUEST_MIMETYPE,
        )


def guest_email_build(
    *, message: GuestMessage, batch: _Batch | None = None
) -> EmailMultiAlternatives:
    """The email for one recorded message: text and HTML parts and its attachments."""
    batch = batch or _Batch()
    jam = message.jam
    with translation.override(site_language(jam.language)):
        sessions = _email_sessions(message, batch)
        context = guest_email_context(message=message, batch=batch, sessions=sessions)
        template = f"planning/email/guest_{message.kind}"
        subject = render_subject(f"{template}_subject.txt", context)
        text = _tidy_text(render_text(f"{template}.txt", context))
        html = render_to_string(f"{template}.html", context)
        email = EmailMultiAlternatives(
            subject=subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.guest.email],
            reply_to=[jam.host.email] if jam.host.email else None,
        )
        email.attach_alternative(html, "text/html")
        _attachments_add(email, message, sessions, batch)
    # Read by django-anymail (ignored by other backends): no personal data in either.
    email.tags = [str(message.kind)]
    email.metadata = {"guest_message": str(message.pk)}
    return email


# --- What the host sees -----------------------------------------------------------------


@dataclass(frozen=True)
class MessageLogRow:
    kind: str
    kind_label: str
    session_number: int | None
    sent: int
    queued: int
    failed: int
    last_sent_at: dt.datetime | None


@dataclass(frozen=True)
class ScheduledReminder:
    session: Session
    kind: str
    kind_label: str
    due_at: dt.datetime


@dataclass(frozen=True)
class MessageLog:
    rows: list[MessageLogRow]
    failed: list[GuestMessage]
    scheduled: list[ScheduledReminder]
    waiting: list[GuestMessage] = field(default_factory=list)
    """Queued for longer than ``WAITING_TOO_LONG``: their task was lost; “try again” sends now."""
    unsure: list[GuestMessage] = field(default_factory=list)
    """Handed to the mail service with no answer recorded: they may have gone out."""


KIND_ORDER = {kind: position for position, kind in enumerate(MessageKind.values)}


def _log_rows(jam: Jam) -> list[MessageLogRow]:
    aggregates = (
        GuestMessage.objects.filter(jam=jam)
        # A cancelled session is gone: its number is kept in the notice's payload.
        .annotate(
            number=Coalesce(
                "session__number", Cast(KeyTextTransform("number", "payload"), IntegerField())
            )
        )
        .values("kind", "number")
        .annotate(
            sent=Count("pk", filter=Q(status=MessageStatus.SENT)),
            queued=Count("pk", filter=Q(status__in=[MessageStatus.QUEUED, MessageStatus.SENDING])),
            failed=Count("pk", filter=Q(status=MessageStatus.FAILED)),
            last_sent_at=Max("sent_at"),
        )
        .order_by()
    )
    rows = [
        MessageLogRow(
            kind=row["kind"],
            kind_label=str(MessageKind(row["kind"]).label),
            session_number=row["number"],
            sent=row["sent"],
            queued=row["queued"],
            failed=row["failed"],
            last_sent_at=row["last_sent_at"],
        )
        for row in aggregates
    ]
    return sorted(rows, key=lambda row: (row.session_number or 0, KIND_ORDER.get(row.kind, 99)))


def reminders_scheduled(
    *, sessions: Iterable[Session], now: dt.datetime
) -> list[ScheduledReminder]:
    """The reminders still ahead for these sessions, soonest first."""
    scheduled = [
        ScheduledReminder(
            session=session,
            kind=kind,
            kind_label=str(MessageKind(kind).label),
            due_at=moment.astimezone(session.zone),
        )
        for session in sessions
        for kind, moment in reminder_moments(session)
        if moment > now and session.starts_at > now
    ]
    return sorted(scheduled, key=lambda reminder: reminder.due_at)


def message_log(*, jam: Jam, sessions: list[Session]) -> MessageLog:
    """What went out and when, what is stuck, what is scheduled: a fixed number of queries.

    Stuck is: failed for good, waiting too long for its task, or handed to the mail
    service with no answer recorded (it may have gone out).
    """
    now = timezone.now()
    stuck = list(
        GuestMessage.objects.filter(jam=jam)
        .filter(_stuck(now))
        .select_related("guest", "session")
        .order_by("-created_at", "-pk")[: FAILED_SHOWN * 3]
    )
    by_status = {status: [] for status in MessageStatus.values}
    for message in stuck:
        by_status[message.status].append(message)
    return MessageLog(
        rows=_log_rows(jam),
        failed=by_status[MessageStatus.FAILED][:FAILED_SHOWN],
        scheduled=reminders_scheduled(sessions=sessions, now=now),
        waiting=by_status[MessageStatus.QUEUED][:FAILED_SHOWN],
        unsure=by_status[MessageStatus.SENDING][:FAILED_SHOWN],
    )
