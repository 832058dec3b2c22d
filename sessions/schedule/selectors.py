"""Finding a session by its key, for someone on its Jam's team; a removed one says so."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from planning.models import Jam, Session
from planning.rules import permissions_of


class SessionRemoved(Http404):
    """The address names a session the Jam no longer has: it was removed since the page
    that asked was made. Still a 404 wherever it is not answered (``sessions.schedule.removed``)."""

    def __init__(self, jam: Jam):
        super().__init__("This session was removed.")
        self.jam = jam


def session_get(*, user, slug: str, key: str) -> Session:
    """A session of a Jam this user hosts or organises, by its own key (one query).

    404 when the Jam is not one of theirs; ``SessionRemoved`` when it is but has no
    session with that key (any more). Never another session of the Jam.
    """
    session = (
        Session.objects.for_member(user)
        .select_related("jam")
        .filter(jam__slug=slug, key=key)
        .first()
    )
    if session is None:
        jam = get_object_or_404(Jam.objects.for_member(user), slug=slug)
        raise SessionRemoved(jam)
    session.jam.can = permissions_of(user, session.jam)
    return session
