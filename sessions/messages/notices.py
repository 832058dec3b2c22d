"""What the host and the plan send guests: invitations, the host's messages, notices of a
session changed, added or cancelled, and sending a failed email again.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.enums import MessageKind, MessageStatus
from planning.guests.log import REMINDER_DAYS_BEFORE, stuck_filter
from planning.guests.selectors import invitation_blocker
from planning.models import Announcement, Guest, GuestMessage, Jam, Session
from sessions.calendar.ics import (
    session_snapshot,
)
from sessions.messages.record import (
    SESSION_KINDS,
    Change,
    announcement_key,
    announcement_recipients,
    cancellation_key,
    changes_of,
    deliveries_enqueue,
    instant_text,
    invitation_key,
    messages_record,
    said_yes_filter,
    session_added_key,
    session_recipients,
    update_key,
)
from sessions.messages.reminders import reminders_schedule

ANNOUNCEMENT_SUBJECT_MAX = Announcement._meta.get_field("subject").max_length


ANNOUNCEMENT_BODY_MAX = Announcement._meta.get_field("body").max_length


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
        queued = messages_record(
            jam=jam, guests=guests, kind=MessageKind.INVITATION, key=lambda guest: keys[guest.pk]
        )
        if first_invitations:
            # Sessions planned before anyone was invited: make sure their reminders are on the
            # worker. A reminder scheduled twice is still sent once (its key is unique).
            for session in jam.sessions.going_ahead():
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
        messages_record(
            jam=jam,
            guests=announcement_recipients(jam=jam),
            kind=MessageKind.ANNOUNCEMENT,
            key=announcement_key(announcement),
            announcement=announcement,
        )
    return announcement


def message_retry(*, message: GuestMessage) -> GuestMessage:
    """The host's “try again”: queue an email that failed, waits too long or may not have gone out.

    An email that may not have gone out (“sending” for too long) is sent again only
    because the host asked, after being told the guest may get it twice.
    """
    now = timezone.now()
    with transaction.atomic():
        requeued = (
            GuestMessage.objects.filter(pk=message.pk)
            .filter(stuck_filter(now))
            .update(status=MessageStatus.QUEUED, next_attempt_at=now, sending_at=None)
        )
        if not requeued:
            raise ValidationError(
                _("This email is not waiting to be tried again."), code="not_stuck"
            )
        transaction.on_commit(partial(deliveries_enqueue, [message.pk]), robust=True)
    message.status, message.next_attempt_at, message.sending_at = MessageStatus.QUEUED, now, None
    return message


def session_changed_notify(*, session: Session, changes: Iterable[str] = (Change.TIME,)) -> int:
    """A session's time or place changed: queue a change notice (new .ics, same UID, higher
    SEQUENCE), as ``Change`` values in ``changes``.

    Call it after ``session.sequence`` was raised and saved. A new time goes to every
    guest who may come; a new place only to the guests who said yes to the session,
    the only ones who see it. A notice not sent yet is replaced by this one, which then
    says what that one was about too. Reminders about the old time that are not sent
    yet are dropped, and the reminders are scheduled again for the new time.
    """
    if session.is_over or session.is_cancelled:
        # What has already happened needs no notice, and can no longer be answered; a
        # cancelled session's guests hear of its time and place if it is brought back.
        return 0
    changes = set(changes)
    recipients = session_recipients(session=session)
    if Change.TIME not in changes:
        recipients = recipients.filter(said_yes_filter(session))
    with transaction.atomic():
        unsent = GuestMessage.objects.filter(
            session=session, status__in=[MessageStatus.QUEUED, MessageStatus.FAILED]
        )
        unsent.filter(kind__in=REMINDER_DAYS_BEFORE).exclude(
            key__endswith=f":{instant_text(session.starts_at)}"
        ).delete()
        replaced = unsent.filter(kind=MessageKind.UPDATE).exclude(key=update_key(session))
        if Change.TIME not in changes:
            replaced = replaced.filter(guest__in=recipients)  # the others' stay theirs
        earlier: dict[int, set[str]] = {}
        for guest_id, payload in replaced.values_list("guest_id", "payload"):
            earlier.setdefault(guest_id, set()).update(changes_of(payload))
        replaced.delete()
        by_changes: dict[tuple[str, ...], list[Guest]] = {}
        for guest in recipients:
            about = tuple(sorted(changes | earlier.get(guest.pk, set())))
            by_changes.setdefault(about, []).append(guest)
        queued = sum(
            messages_record(
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
    return messages_record(
        jam=session.jam,
        guests=session_recipients(session=session),
        kind=MessageKind.SESSION_ADDED,
        key=session_added_key(session),
        session=session,
    )


def session_cancelled_notify(*, session: Session) -> int:
    """A session is being cancelled: queue the cancellation (METHOD:CANCEL, same UID, its
    SEQUENCE one higher) to every guest who may come. Returns how many.

    Call it before the session is saved as cancelled, in the same transaction: the notice
    keeps the session as guests knew it (its number, time and SEQUENCE) in its payload.
    Reminders and change notices not sent yet are dropped. A guest whose notice of the
    new session was not sent yet never heard of it: that notice is dropped, and they get
    no cancellation either.
    """
    payload = session_snapshot(session)
    with transaction.atomic():
        unsent = GuestMessage.objects.filter(
            session=session,
            kind__in=SESSION_KINDS,
            status__in=[MessageStatus.QUEUED, MessageStatus.FAILED],
        )
        never_told = list(
            unsent.filter(kind=MessageKind.SESSION_ADDED).values_list("guest_id", flat=True)
        )
        unsent.delete()
        if session.is_over:
            return 0  # it happened: nothing to take out of anyone's calendar
        return messages_record(
            jam=session.jam,
            guests=session_recipients(session=session).exclude(pk__in=never_told),
            kind=MessageKind.CANCELLATION,
            key=cancellation_key(session),
            session=session,
            payload=payload,
        )


def session_restored_notify(*, session: Session) -> int:
    """A cancelled session is back on: tell its guests, with its time, its agenda and a
    calendar file (same UID, higher SEQUENCE) that puts it back. Returns how many.

    Call it after the session was saved as going ahead, with its SEQUENCE raised. Its
    reminders are scheduled again. A guest whose cancellation was not sent yet never
    heard it was off: that cancellation is dropped, and they get nothing.
    """
    if session.is_over:
        return 0
    with transaction.atomic():
        unsent = GuestMessage.objects.filter(
            session=session,
            kind=MessageKind.CANCELLATION,
            status__in=[MessageStatus.QUEUED, MessageStatus.FAILED],
        )
        never_told = list(unsent.values_list("guest_id", flat=True))
        unsent.delete()
        queued = messages_record(
            jam=session.jam,
            guests=session_recipients(session=session).exclude(pk__in=never_told),
            kind=MessageKind.UPDATE,
            key=update_key(session),
            session=session,
            payload={"changes": [Change.RESTORED]},
        )
        reminders_schedule(session=session)
    return queued
