"""Recording emails to guests: each is first a ``GuestMessage`` row, unique per guest and key.

The key names what the message is about, so the same message is never recorded twice.
Once the caller's transaction commits, the rows' ids go to the delivery task
(``tasks.deliver_messages_task``): nothing personal waits in the task table.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from enum import StrEnum
from functools import partial

from django.db import transaction
from django.db.models import Exists, OuterRef, QuerySet

from planning.enums import MessageKind, MessageStatus, RsvpAnswer
from planning.guests.selectors import said_yes_to
from planning.models import (
    Announcement,
    Guest,
    GuestMessage,
    Jam,
    Rsvp,
    Session,
    going_ahead_filter,
)
from sessions.messages.tasks import deliver_messages_task

# Ids per delivery task: small enough for a task to finish in seconds, large enough
# that 5 000 reminders are 25 tasks, not 5 000.
DELIVERY_CHUNK = 200


SESSION_KINDS = (
    MessageKind.REMINDER_WEEK,
    MessageKind.REMINDER_DAY,
    MessageKind.UPDATE,
    MessageKind.SESSION_ADDED,
)


def instant_text(value: dt.datetime) -> str:
    """An instant as text that is the same however it was read (always UTC)."""
    return value.astimezone(dt.UTC).isoformat()


def invitation_key(number: int) -> str:
    return f"invitation:{number}"


def reminder_key(kind: str, session: Session) -> str:
    """Names the start time too: a moved session gets new reminders, the old ones can't fire."""
    return f"{kind}:{session.pk}:{instant_text(session.starts_at)}"


def update_key(session: Session) -> str:
    return f"update:{session.pk}:{session.sequence}"


def session_added_key(session: Session) -> str:
    return f"session_added:{session.uid}"


def cancellation_key(session: Session) -> str:
    """Names the SEQUENCE its calendar file carries (``session_snapshot``: one above the
    session's before it is cancelled): a session cancelled, brought back and cancelled
    again is a new notice."""
    return f"cancellation:{session.uid}:{session.sequence + 1}"


def announcement_key(announcement: Announcement) -> str:
    return f"announcement:{announcement.pk}"


def messages_record(
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
    transaction.on_commit(partial(deliveries_enqueue, ids), robust=True)
    return len(new)


def deliveries_enqueue(message_ids: list[int]) -> None:
    for start in range(0, len(message_ids), DELIVERY_CHUNK):
        deliver_messages_task.enqueue(message_ids[start : start + DELIVERY_CHUNK])


def _said_no(session: Session):
    return Exists(Rsvp.objects.filter(guest=OuterRef("pk"), session=session, answer=RsvpAnswer.NO))


def said_yes_filter(session: Session):
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
    """Guests who said yes to at least one session that goes ahead."""
    said_yes_somewhere = Rsvp.objects.filter(
        going_ahead_filter("session__"), guest=OuterRef("pk"), answer=RsvpAnswer.YES
    )
    return _reachable_guests(jam).filter(Exists(said_yes_somewhere)).only("pk")


class Change(StrEnum):
    """What a change notice is about, kept in its payload: the session's time, its place,
    or that a cancelled session is back on (``RESTORED``, with its time and place)."""

    TIME = "time"
    PLACE = "place"
    RESTORED = "restored"


def changes_of(payload: dict) -> set[str]:
    """What a recorded change notice is about; notices from before places were per
    session carry nothing and were about the time."""
    return set(payload.get("changes") or [Change.TIME])


def update_news(message: GuestMessage) -> set[str]:
    """What a change notice tells its guest: a new time, and a new place only if they
    said yes to the session (who else sees it). Reads the prefetched answers."""
    news = changes_of(message.payload)
    session = message.session
    if Change.PLACE in news and (session is None or not said_yes_to(message.guest, session)):
        news.discard(Change.PLACE)
    return news
