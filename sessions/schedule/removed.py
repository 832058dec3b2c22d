"""What a page open for a session gets back once that session was removed.

Addresses name a session by its key, so a form from an old page acts on the session
it showed, or, when that session is gone, on none: the answer says so in plain words
and shows the current plan (the Jam's page for the team, the guest's own page for a
guest). Never a 500, never another session.
"""

from __future__ import annotations

import functools
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django_htmx.http import HttpResponseClientRedirect, HttpResponseClientRefresh

from sessions.schedule.selectors import SessionRemoved

# Where the Jam's page lists its sessions.
PLAN_ANCHOR = "sessions-title"


def session_removed_text() -> str:
    return _("This session was removed; here is the current plan.")


def session_cancelled_text() -> str:
    return _("This session is cancelled; here is the current plan.")


def htmx_go_to(request, url: str) -> HttpResponse:
    """Have htmx show the page at ``url`` in full: a new page, or this one again.

    Going to an anchor of the page already open would only scroll it (the browser does
    not load it again): then the page is reloaded instead.
    """
    current = urlsplit(request.htmx.current_url or "").path
    if current == urlsplit(url).path:
        return HttpResponseClientRefresh()
    return HttpResponseClientRedirect(url)


def session_removed_response(request, url: str, *, message: str = "") -> HttpResponse:
    """The message and the page at ``url``: a redirect, htmx's own redirect, or JSON.

    A script asking for JSON (the notes page saving as one types, the run-of-show
    asking for the state) gets the message and the address with ``410 Gone``, and
    keeps what was typed; nothing waits for a later page.
    """
    message = message or session_removed_text()
    if "application/json" in request.headers.get("Accept", ""):
        response = JsonResponse(
            {"ok": False, "removed": True, "message": message, "url": url}, status=410
        )
    else:
        messages.warning(request, message)
        response = htmx_go_to(request, url) if request.htmx else redirect(url)
    patch_vary_headers(response, ["Accept", "HX-Request"])
    return response


def answers_removed_session(view):
    """Answer a team request that names a removed session of a Jam the user may see.

    Someone who may not see the Jam still gets a 404 (``session_get``).
    """

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except SessionRemoved as removed:
            url = f"{removed.jam.get_absolute_url()}#{PLAN_ANCHOR}"
            return session_removed_response(request, url)

    return wrapper
