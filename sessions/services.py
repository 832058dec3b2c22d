from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planning.models import Jam
from planning.roadmap import roadmap_add_session

from .models import Session


def session_create(
    *, jam: Jam, starts_at: dt.datetime, duration_minutes: int, timezone: str
) -> Session:
    with transaction.atomic():
        session = Session.objects.create(
            jam=jam,
            number=jam.sessions.count() + 1,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            timezone=timezone,
        )
        roadmap_add_session(session=session)
        sessions_renumber(jam=jam)
    session.refresh_from_db(fields=["number"])
    return session


def session_update(
    *, session: Session, starts_at: dt.datetime, duration_minutes: int, timezone: str
) -> Session:
    with transaction.atomic():
        session.starts_at = starts_at
        session.duration_minutes = duration_minutes
        session.timezone = timezone
        session.save(update_fields=["starts_at", "duration_minutes", "timezone", "updated_at"])
        sessions_renumber(jam=session.jam)
    session.refresh_from_db(fields=["number"])
    return session


def session_delete(*, session: Session) -> None:
    jam = session.jam
    with transaction.atomic():
        if Session.objects.select_for_update().filter(jam=jam).count() <= 1:
            raise ValidationError(_("A Jam needs at least one session. Change this one instead."))
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
