"""Reminders (the toolkit's “one week before” and “one day before”): tasks deferred to the
right moment in the session's time zone.

A reminder task knows the start time it was scheduled for: if the session moved since,
it does nothing (the move scheduled new ones). A reminder whose task was lost is
recorded late by ``reminders_catch_up``, run with every delivery and by
``manage.py send_waiting_messages``.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from jamsessions.outbox.sending import waiting_too_long
from planning.enums import MessageKind
from planning.guests.log import REMINDER_DAYS_BEFORE, reminder_moments
from planning.models import GuestMessage, Session
from sessions.messages.record import instant_text, messages_record, reminder_key, session_recipients
from sessions.messages.tasks import send_reminders_task

logger = logging.getLogger("jamsessions.mail")


def defer_supported(task_) -> bool:
    return task_.get_backend().supports_defer


def reminders_schedule(*, session: Session) -> None:
    """Queue this session's week-before and day-before reminders on the worker.

    Only moments still ahead are queued: a session set up inside the week gets
    only its day-before reminder. Without a backend that can defer tasks (the
    test backend) nothing is queued.
    """
    if not defer_supported(send_reminders_task):
        return
    now = timezone.now()
    starts_at = instant_text(session.starts_at)
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

    Nothing happens for a session that is gone or cancelled, has moved since the reminder was
    scheduled, has started, or whose reminder moment has not come yet (a week
    reminder whose day reminder is already due is stale too). It goes to the
    guests invited by its moment: someone invited later had all of it in their
    invitation. Guests who have it already are skipped, so a late run (a catch-up)
    only adds what is missing.
    """
    session = Session.objects.select_related("jam").filter(pk=session_id).first()
    if session is None or session.is_cancelled or instant_text(session.starts_at) != starts_at:
        return 0
    now = timezone.now()
    moments = dict(reminder_moments(session))
    if kind not in moments or now >= session.starts_at:
        return 0
    if now < moments[kind]:
        # Run early (clocks differ between machines): try again at the right moment.
        if defer_supported(send_reminders_task):
            transaction.on_commit(
                partial(_reminder_enqueue, session.pk, kind, starts_at, moments[kind])
            )
        return 0
    if kind == MessageKind.REMINDER_WEEK and now >= moments[MessageKind.REMINDER_DAY]:
        return 0
    with transaction.atomic():
        return messages_record(
            jam=session.jam,
            guests=session_recipients(session=session).filter(invited_at__lte=moments[kind]),
            kind=kind,
            key=reminder_key(kind, session),
            session=session,
        )


def _current_reminder(session: Session, now: dt.datetime) -> tuple[str, dt.datetime] | None:
    """The reminder a session should have had by now, if any: the latest one that is due."""
    due = [(kind, moment) for kind, moment in reminder_moments(session) if moment <= now]
    return max(due, key=lambda pair: pair[1]) if due and now < session.starts_at else None


def reminders_catch_up(*, now: dt.datetime) -> int:
    """Record the reminders that are due but were never recorded. Returns how many.

    A reminder task that was never enqueued (the process died after its commit), or
    whose worker was killed, leaves its reminder unrecorded. Every reminder due for
    longer than ``waiting_too_long()`` (so its own task had its chance) is checked:
    one query per session starting within the week, and for a session that misses
    some, its reminder is recorded for the guests who miss it. A moment that passed
    before the session was set up or last changed is skipped: a session added or
    moved inside the week gets only the reminders still ahead of it.
    """
    horizon = now + dt.timedelta(days=max(REMINDER_DAYS_BEFORE.values()) + 1)
    checked_at = now - waiting_too_long()
    recorded = 0
    for session in Session.objects.going_ahead().filter(starts_at__gt=now, starts_at__lte=horizon):
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
                session_id=session.pk, kind=kind, starts_at=instant_text(session.starts_at)
            )
    return recorded


def reminders_send_and_catch_up(*, session_id: int, kind: str, starts_at: str) -> int:
    """What the reminder task does: this reminder, then any lost since. Returns how many."""
    recorded = send_reminders(session_id=session_id, kind=kind, starts_at=starts_at)
    return recorded + reminders_catch_up(now=timezone.now())
