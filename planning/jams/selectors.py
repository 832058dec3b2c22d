"""Reading Jams: the ones a person may see (404 for any other), and what each counts down to."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import (
    Prefetch,
    QuerySet,
)
from django.shortcuts import get_object_or_404

from jamsessions.timing import (
    Countdown,
    countdown_to,
)
from planning.models import (
    Jam,
    Session,
    sessions_going_ahead,
)
from planning.rules import permissions_of


def _with_sessions(queryset: QuerySet[Jam]) -> QuerySet[Jam]:
    return queryset.select_related("host").prefetch_related(
        Prefetch("sessions", queryset=Session.objects.order_by("starts_at"))
    )


def jam_list(*, user) -> QuerySet[Jam]:
    """The Jams this user hosts or helps organise, with their sessions, in two queries."""
    return _with_sessions(Jam.objects.for_member(user))


def jam_get(*, user, slug: str) -> Jam:
    """A Jam this user hosts or organises; 404 for anyone else.

    ``jam.can`` says what this user may do on it (``planning.rules.permissions_of``).
    """
    jam = get_object_or_404(_with_sessions(Jam.objects.for_member(user)), slug=slug)
    jam.can = permissions_of(user, jam)
    return jam


@dataclass(frozen=True)
class JamCountdown:
    session: Session
    countdown: Countdown


def jam_countdown(jam: Jam, *, now: dt.datetime) -> JamCountdown | None:
    """The countdown to the Jam's next session (or since its last), from prefetched sessions."""
    session = session_next(jam.sessions.all(), now=now)
    if session is None:
        return None
    return JamCountdown(
        session=session, countdown=countdown_to(session.starts_at, session.timezone, now)
    )


def session_next(sessions: Iterable[Session], *, now: dt.datetime) -> Session | None:
    """The session to count down to: the next one from today on, else the last one held.
    Cancelled sessions are not counted down to (``sessions_going_ahead``)."""
    ordered = sorted(sessions_going_ahead(sessions), key=lambda session: session.starts_at)
    for session in ordered:
        if not countdown_to(session.starts_at, session.timezone, now).is_past:
            return session
    return ordered[-1] if ordered else None
