"""Calendar files: a session's invitation for the team, and a Jam's subscribable feed."""

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_safe

from jamsessions.downloads import content_disposition
from planning.guests.tokens import jam_get_by_feed_token
from sessions.agenda.models import AgendaItem
from sessions.calendar.ics import (
    Attendee,
    jam_feed_ics,
    session_description,
    session_ics_filename,
    session_invite_ics,
)
from sessions.schedule.removed import answers_removed_session
from sessions.schedule.selectors import session_get

CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _calendar_response(ics: bytes, *, filename: str, disposition: str) -> HttpResponse:
    response = HttpResponse(ics, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = content_disposition(
        filename, attachment=disposition == "attachment"
    )
    # The place and the people: never kept by a shared cache.
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex"
    return response


@login_required
@require_safe
@answers_removed_session
def session_invite_ics_view(request, slug, key):
    """The session as a meeting request for the team member asking, place included."""
    session = session_get(user=request.user, slug=slug, key=key)
    url = request.build_absolute_uri(session.get_absolute_url())
    user = request.user
    ics = session_invite_ics(
        session=session,
        attendee=Attendee(email=user.email, name=user.display_name, partstat="ACCEPTED"),
        show_location=True,
        url=url,
        description=session_description(session, url, show_location=True),
    )
    return _calendar_response(ics, filename=session_ics_filename(session), disposition="attachment")


@require_safe
def jam_feed_view(request, token):
    """All the Jam's sessions that go ahead, for calendar apps to subscribe to: no sign-in,
    the token is the key. A cancelled session leaves the feed, so it leaves the calendars.

    Four queries whatever the number of sessions: the Jam, its sessions, their
    agenda items, its housekeeping rules.
    """
    jam = jam_get_by_feed_token(token=token)
    sessions = list(
        jam.sessions.going_ahead()
        .order_by("starts_at", "number")
        .prefetch_related(Prefetch("agenda_items", queryset=AgendaItem.objects.in_order()))
    )
    rules = list(jam.house_rules.in_order())
    ics = jam_feed_ics(jam=jam, sessions=sessions, rules=rules)
    return _calendar_response(ics, filename=f"{jam.slug}.ics", disposition="inline")
