"""What the host sees of the emails to guests: each one's state, the reminders to come,
and the rules both sides share (when reminders go out, when a wait is too long).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, Max, Q
from django.db.models.fields.json import KeyTextTransform
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from jamsessions.outbox.sending import waiting_too_long, waiting_too_long_filter
from planning.enums import MessageKind, MessageStatus
from planning.models import GuestMessage, Jam, Session

FAILED_SHOWN = 50


# Days before a session's local start, on its own wall clock.
REMINDER_DAYS_BEFORE = {MessageKind.REMINDER_WEEK: 7, MessageKind.REMINDER_DAY: 1}


def stuck_filter(now: dt.datetime) -> Q:
    """Emails the host may send again: failed, waiting too long, or sending too long."""
    return (
        Q(status=MessageStatus.FAILED)
        | waiting_too_long_filter(now)
        | Q(status=MessageStatus.SENDING, sending_at__lte=now - waiting_too_long())
    )


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
    """Queued for longer than ``waiting_too_long()``: their task was lost; “try again” sends now."""
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
        .filter(stuck_filter(now))
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
