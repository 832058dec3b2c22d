"""Adding, changing and removing a Jam's sessions: each renumbers the others in time order
(their keys never change), moves the roadmap, reschedules reminders and tells the guests.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planning.models import Jam, Session
from planning.roadmap.services import roadmap_add_session
from sessions.messages.notices import (
    session_added_notify,
    session_cancelled_notify,
    session_changed_notify,
)
from sessions.messages.record import Change
from sessions.messages.reminders import reminders_schedule


def session_create(
    *,
    jam: Jam,
    starts_at: dt.datetime,
    duration_minutes: int,
    timezone: str,
    venue: str = "",
    online_link: str = "",
) -> Session:
    """Add a session; with no venue and no link of its own it is at the Jam's place."""
    with transaction.atomic():
        session = Session.objects.create(
            jam=jam,
            number=jam.sessions.count() + 1,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            timezone=timezone,
            venue=venue,
            online_link=online_link,
        )
        roadmap_add_session(session=session)
        sessions_renumber(jam=jam)
        session.refresh_from_db(fields=["number"])
        reminders_schedule(session=session)
        session_added_notify(session=session)
    return session


CALENDAR_FIELDS = ("starts_at", "duration_minutes", "timezone")


PLACE_FIELDS = ("venue", "online_link")


def session_update(
    *,
    session: Session,
    starts_at: dt.datetime,
    duration_minutes: int,
    timezone: str,
    venue: str | None = None,
    online_link: str | None = None,
) -> Session:
    """Change a session's time and place (a place left ``None`` stays as it is).

    A new time reaches every guest who may come, a new place the guests who said yes
    to the session (only they see it): a change notice and a calendar update with a
    higher SEQUENCE. The place compared is where the session happens
    (``Session.place``): writing out the Jam's place as the session's own is no news.
    """
    with transaction.atomic():
        before = Session.objects.select_for_update().get(pk=session.pk)
        before.jam = session.jam
        session.starts_at = starts_at
        session.duration_minutes = duration_minutes
        session.timezone = timezone
        if venue is not None:
            session.venue = venue
        if online_link is not None:
            session.online_link = online_link
        changes = set()
        if any(getattr(before, name) != getattr(session, name) for name in CALENDAR_FIELDS):
            changes.add(Change.TIME)
        if before.place != session.place:
            changes.add(Change.PLACE)
        session.sequence = before.sequence + 1 if changes else before.sequence
        session.save(update_fields=[*CALENDAR_FIELDS, *PLACE_FIELDS, "sequence", "updated_at"])
        sessions_renumber(jam=session.jam)
        if changes:
            session_changed_notify(session=session, changes=changes)
    session.refresh_from_db(fields=["number"])
    return session


def session_delete(*, session: Session) -> None:
    jam = session.jam
    with transaction.atomic():
        if Session.objects.select_for_update().filter(jam=jam).count() <= 1:
            raise ValidationError(_("A Jam needs at least one session. Change this one instead."))
        session_cancelled_notify(session=session)
        session.delete()
        sessions_renumber(jam=jam)


def sessions_renumber(*, jam: Jam) -> None:
    """Number a Jam's sessions 1, 2, 3… in the order they happen."""
    ordered = list(
        jam.sessions.order_by("starts_at", "created_at", "pk").values_list("pk", "number")
    )
    changed = [
        (pk, position) for position, (pk, number) in enumerate(ordered, 1) if number != position
    ]
    if not changed:
        return
    # The unique (jam, number) constraint is deferred to the commit, so numbers may swap.
    with transaction.atomic():
        for pk, position in changed:
            Session.objects.filter(pk=pk).update(number=position)
