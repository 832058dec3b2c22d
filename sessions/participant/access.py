"""How the guest's pages are reached: a personal link stands for the guest (``guest_link``),
every answer is private and never stored by a cache, and an unknown link says so plainly.
"""

from __future__ import annotations

import functools

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control

from jamsessions.i18n import participant_response
from planning.guests.tokens import guest_get_by_token, guest_link_token
from planning.models import Guest
from sessions.participant.page import (
    GuestSessionCancelled,
    GuestSessionRemoved,
)
from sessions.schedule.removed import session_cancelled_text, session_removed_response


def _keep_private(response: HttpResponse) -> HttpResponse:
    """The token is in the address: no cache keeps the page, no link leaks it onwards.

    ``strict-origin`` sends only the site's origin, never the address with the token, to
    anyone. Not ``no-referrer``: with it browsers send ``Origin: null`` with a form's POST,
    and Django's CSRF check refuses that.
    """
    patch_cache_control(response, private=True, no_store=True)
    response["Referrer-Policy"] = "strict-origin"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _not_found(request) -> HttpResponse:
    return render(request, "sessions/participant/not_found.html", status=404)


def guest_link(view):
    """Find the guest the link's token stands for, or answer with a kind 404 page.

    The page speaks the Jam's language unless the guest chose another in the footer.
    """

    @functools.wraps(view)
    def wrapper(request, token, *args, **kwargs):
        try:
            guest = guest_get_by_token(token=token)
            response = participant_response(request, guest.jam, view, guest, *args, **kwargs)
        except (Guest.DoesNotExist, Http404):
            response = _not_found(request)
        return _keep_private(response)

    return wrapper


def page_url(guest: Guest, anchor: str = "") -> str:
    url = reverse("guest:page", kwargs={"token": guest_link_token(guest)})
    return f"{url}#{anchor}" if anchor else url


def answers_removed_session(view):
    """A form or link for a session removed (or cancelled) since the page was made: say so,
    with the page.

    Inside ``guest_link``, so the message is in the page's language.
    """

    @functools.wraps(view)
    def wrapper(request, guest, *args, **kwargs):
        try:
            return view(request, guest, *args, **kwargs)
        except GuestSessionCancelled:
            url = page_url(guest, "sessions")
            return session_removed_response(request, url, message=session_cancelled_text())
        except GuestSessionRemoved:
            return session_removed_response(request, page_url(guest, "sessions"))

    return wrapper
