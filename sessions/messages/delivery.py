"""Delivering recorded emails, each exactly once, and nothing lost silently.

The task builds the email (``build``), claims its row (queued → sending, committed on its
own, so only one worker ever has it), hands it to the email backend (django-anymail in
production) at once and marks it sent. A row already claimed, sent or gone is skipped: a
repeated task or a second worker never sends a message twice. A provider error is
retried with a growing pause, then shown to the host as failed, never dropped.

- A row whose worker died mid-task stays queued, and its task is taken up again by
  another worker (``jamsessions.worker``). A row whose task never came (the process died
  between commit and enqueue) is sent by the worker's periodic heal (``heal_receiver``)
  once it has waited ``waiting_too_long()``, and by any delivery run, and by
  ``manage.py send_waiting_messages``. The host sees it waiting, with “try again”.
- A row left “sending” was handed to the mail service, but its success was never
  recorded (the worker died in that instant, the database refused the write, or the
  service's answer timed out): it may have gone out, so it is never sent again on its
  own. The host sees it as “may not have gone out” and decides, after checking with the
  guest. The email is built before the claim, so that instant is only the hand-over.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from functools import partial

from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, connection, transaction
from django.db.models import Prefetch
from django.utils import timezone

from jamsessions.outbox.sending import (
    due_filter,
    error_text,
    hand_over,
    own_commit,
    provider_id,
    retry_pause_minutes,
    waiting_too_long_filter,
)
from planning.enums import MessageKind, MessageStatus
from planning.models import Guest, GuestMessage, Rsvp
from sessions.messages.build import EmailBatch, email_sessions, guest_email_build
from sessions.messages.record import DELIVERY_CHUNK, SESSION_KINDS, update_news
from sessions.messages.reminders import defer_supported, reminders_catch_up
from sessions.messages.tasks import deliver_messages_task

logger = logging.getLogger("jamsessions.mail")


# Emails left waiting that one delivery run sends, on top of its own.
SWEEP_MAX = DELIVERY_CHUNK


def deliver_messages(message_ids: Iterable[int]) -> int:
    """Send each queued message that is due and not being sent elsewhere. Returns how many.

    Call it outside a transaction (as the worker does): each message's claim must
    commit before its email is handed over.
    """
    return deliver_ids(list(message_ids), EmailBatch())


def _waiting_ids(now: dt.datetime, limit: int | None = None) -> list[int]:
    """The ids of emails that waited too long for their task, oldest first."""
    ids = (
        GuestMessage.objects.filter(waiting_too_long_filter(now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)
    )
    return list(ids[:limit])


def messages_sweep(
    *, now: dt.datetime, limit: int = SWEEP_MAX, batch: EmailBatch | None = None
) -> int:
    """Send up to ``limit`` emails that have waited too long for their task. Returns how many.

    Any number of sweeps and delivery tasks may run at once: each email is claimed
    by exactly one of them.
    """
    waiting = _waiting_ids(now, limit)
    if not waiting:
        return 0
    logger.warning("Sending %s guest messages that waited too long for their task.", len(waiting))
    return deliver_ids(waiting, batch or EmailBatch())


def waiting_messages_send(*, now: dt.datetime) -> tuple[int, int]:
    """Catch up on reminders never recorded, then send every email left waiting too long.

    What ``manage.py send_waiting_messages`` does, from a cron job: it helps when no
    worker is running or every delivery task was lost. Safe alongside workers.
    Returns (reminders recorded, emails sent).
    """
    reminders = reminders_catch_up(now=now)
    waiting = _waiting_ids(now)
    batch, sent = EmailBatch(), 0
    for start in range(0, len(waiting), DELIVERY_CHUNK):
        sent += deliver_ids(waiting[start : start + DELIVERY_CHUNK], batch)
    return reminders, sent


def _messages_to_deliver(message_ids: list[int], now: dt.datetime) -> list[GuestMessage]:
    """The queued, due messages among these, with all an email needs: two queries."""
    found = (
        GuestMessage.objects.filter(pk__in=message_ids, status=MessageStatus.QUEUED)
        .filter(due_filter(now))
        .select_related("jam__host", "guest", "session", "announcement")
        .prefetch_related(Prefetch("guest__rsvps", queryset=Rsvp.objects.order_by("pk")))
    )
    by_id = {message.pk: message for message in found}
    return [by_id[message_id] for message_id in dict.fromkeys(message_ids) if message_id in by_id]


def deliver_ids(message_ids: list[int], batch: EmailBatch) -> int:
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


def _claim(message: GuestMessage) -> bool:
    """Mark the message as being sent, if it still waits: one committed UPDATE.

    Two workers claiming the same row at once are serialised by the row's lock, and
    the second finds it no longer queued: whoever claims it is the only one to send it.
    """
    now = timezone.now()
    with own_commit(), connection.cursor() as cursor:
        cursor.execute(
            _CLAIM_SQL, [MessageStatus.SENDING, now, message.pk, MessageStatus.QUEUED, now]
        )
        claimed = cursor.rowcount == 1
    if claimed:
        message.status, message.sending_at = MessageStatus.SENDING, now
        message.attempts += 1
    return bool(claimed)


def _deliver_one(message: GuestMessage, batch: EmailBatch) -> bool:
    if _is_moot(message, batch):
        GuestMessage.objects.filter(pk=message.pk, status=MessageStatus.QUEUED).delete()
        if message.kind == MessageKind.INVITATION:
            _uninvited_mark(message.guest)
        return False
    try:
        # Built before the claim: between the claim and the hand-over, nothing else happens.
        email = guest_email_build(message=message, batch=batch)
    except Exception as error:  # a message that cannot be built is recorded as failed
        if _claim(message):
            _failure_record(message, error)
        return False
    return hand_over(
        email,
        claim=partial(_claim, message),
        sent=partial(_sent_record, message, email),
        unsure=partial(_unsure_record, message),
        failed=partial(_failure_record, message),  # and retried
    )


def _unsure_record(message: GuestMessage, error: Exception) -> None:
    """Keep it “sending”, with the error: the host decides whether to send it again."""
    message.last_error = error_text(error)
    logger.warning(
        "Guest message %s (%s): no answer from the mail service, it may have gone out; "
        "left for the host to check: %s",
        message.pk,
        message.kind,
        type(error).__name__,
    )
    with own_commit():
        GuestMessage.objects.filter(pk=message.pk, status=MessageStatus.SENDING).update(
            last_error=message.last_error
        )


def _sent_record(message: GuestMessage, email: EmailMultiAlternatives) -> None:
    """The mail service took it. If this cannot be written, the row stays “sending”: shown
    to the host as “may not have gone out”, never sent again on its own."""
    values = [MessageStatus.SENT, timezone.now(), provider_id(email)]
    try:
        with own_commit(), connection.cursor() as cursor:
            cursor.execute(_SENT_SQL, [*values, message.pk, MessageStatus.SENDING])
    except DatabaseError:
        logger.exception(
            "Guest message %s (%s) was handed to the mail service but could not be marked "
            "sent: it stays “sending” for the host to check.",
            message.pk,
            message.kind,
        )


def _is_moot(message: GuestMessage, batch: EmailBatch) -> bool:
    """Nobody to send to any more, or nothing to send about (its session is gone, or it
    is a new place the guest no longer sees)."""
    guest = message.guest
    if guest.is_erased or not guest.email:
        return True
    if message.kind in SESSION_KINDS and message.session_id is None:
        return True
    if message.kind in SESSION_KINDS and message.session.is_over:
        return True  # a reminder or notice late for a session that has ended since
    if message.kind == MessageKind.INVITATION and not email_sessions(message, batch):
        return True  # every session has ended (or gone) since it was queued
    return message.kind == MessageKind.UPDATE and not update_news(message)


def _uninvited_mark(guest: Guest) -> None:
    """A guest whose only invitation was dropped unsent counts as not invited: the host can
    invite them again once there is a session to come."""
    if not GuestMessage.objects.filter(guest=guest, kind=MessageKind.INVITATION).exists():
        Guest.objects.filter(pk=guest.pk).update(invited_at=None)


def _failure_record(message: GuestMessage, error: Exception) -> None:
    """The mail service refused it (or it could not be built): queue it again after a pause,
    or after ``MAX_ATTEMPTS`` attempts mark it failed for the host to see."""
    message.last_error = error_text(error)
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
        pause = retry_pause_minutes(message.attempts)
        defer = defer_supported(deliver_messages_task)
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


def deliver_and_heal(message_ids: list[int]) -> int:
    """Deliver these messages, then heal: emails left waiting and reminders never recorded.

    What the delivery task does. Returns how many emails went out.
    """
    batch = EmailBatch()
    sent = deliver_ids(message_ids, batch)
    now = timezone.now()
    reminders_catch_up(now=now)
    return sent + messages_sweep(now=now, batch=batch)


def heal_receiver(sender, *, now: dt.datetime, **kwargs) -> int:
    """What the worker's periodic heal asks of guests' emails (``jamsessions.worker.heal``):
    reminders never recorded, then emails left waiting. Returns how many emails went out."""
    reminders_catch_up(now=now)
    return messages_sweep(now=now)
