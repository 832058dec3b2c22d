from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.shortcuts import get_object_or_404

from .models import Session
from .timing import countdown_to


def session_get(*, user, slug: str, number: int) -> Session:
    """A session of a Jam this user hosts or organises; 404 for anyone else."""
    return get_object_or_404(
        Session.objects.for_member(user).select_related("jam"), jam__slug=slug, number=number
    )


def session_next(sessions: Iterable[Session], *, now: dt.datetime) -> Session | None:
    """The session to count down to: the next one from today on, else the last one held."""
    ordered = sorted(sessions, key=lambda session: session.starts_at)
    for session in ordered:
        if not countdown_to(session.starts_at, session.timezone, now).is_past:
            return session
    return ordered[-1] if ordered else None
