"""Limits on signing in and on account emails, none of which tells who has an account.

Signing in: django-axes counts failed passwords in PostgreSQL. ``AXES_FAILURE_LIMIT`` failures
for one address from one place pause that address there; ``SIGN_IN_PLACE_FAILURE_LIMIT``
failures from one place, whatever the addresses, pause signing in with a password from there,
so one place cannot try one password on many addresses. Each pause lasts until
``AXES_COOLOFF_TIME`` has passed without a new try. Failures are counted for any address typed,
with or without an account.

Account emails (a password reset, a sign-in link, signing up): at most
``ACCOUNT_EMAILS_PER_ADDRESS`` for one address and ``ACCOUNT_EMAILS_PER_PLACE`` from one place
in ``ACCOUNT_EMAILS_WINDOW_MINUTES``, counted by the project's flood caps
(``jamsessions.pace``). Requests are counted, not emails sent: an address with no account
reaches the limit, and reads the same message, as one with an account.

A place is ``jamsessions.http.client_place``: the client's address, believed from a proxy only
when ``FORWARDED_ALLOW_IPS`` names it.
"""

from __future__ import annotations

import datetime as dt
import math

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jamsessions.accounts.models import email_normalise
from jamsessions.pace import Cap, CapReached, frees_at, pace_key, pace_take

# --- Signing in ---------------------------------------------------------------------------


def _failures(request, **where) -> list[tuple[dt.datetime, int]]:
    """The failures still counted for ``where``: when each row stops counting, and how many."""
    cool_off = get_cool_off(request)
    rows = AccessAttempt.objects.filter(attempt_time__gte=get_cool_off_threshold(request), **where)
    return [
        (attempt_time + cool_off, failures)
        for attempt_time, failures in rows.values_list("attempt_time", "failures_since_start")
    ]


def _place_failures(request) -> list[tuple[dt.datetime, int]]:
    return _failures(request, ip_address=request.axes_ip_address)


class SignInLimits(AxesDatabaseHandler):
    """django-axes' database handler, with a second limit: failures from one place.

    Axes compares one count with one limit (``AXES_FAILURE_LIMIT``), per address and place.
    A place whose failures, over every address, reached ``SIGN_IN_PLACE_FAILURE_LIMIT``
    counts as having reached that limit for any address; the maintainers' advice for two
    limits is such a handler (jazzband/django-axes#661).
    """

    def get_failures(self, request, credentials: dict | None = None) -> int:
        failures = super().get_failures(request, credentials)
        place = sum(count for _, count in _place_failures(request))
        if place >= settings.SIGN_IN_PLACE_FAILURE_LIMIT:
            return max(failures, get_failure_limit(request, credentials))
        return failures


def _minutes_until(moment: dt.datetime | None, now: dt.datetime) -> int:
    if moment is None:
        return 1
    return max(1, math.ceil((moment - now).total_seconds() / 60))


def sign_in_paused(request, original_response=None, credentials: dict | None = None):
    """The page for a paused sign-in (``AXES_LOCKOUT_CALLABLE``): what happened, and when to
    try again."""
    now = timezone.now()
    username = get_client_username(request, credentials) or ""
    place_frees_at = frees_at(_place_failures(request), settings.SIGN_IN_PLACE_FAILURE_LIMIT)
    if place_frees_at is not None:
        context = {"reason": "place", "minutes": _minutes_until(place_frees_at, now)}
    else:
        address = _failures(request, ip_address=request.axes_ip_address, username=username)
        address_frees_at = frees_at(address, get_failure_limit(request, credentials))
        context = {"reason": "address", "minutes": _minutes_until(address_frees_at, now)}
    context["email"] = username
    context["pause_minutes"] = round(get_cool_off(request).total_seconds() / 60)
    return render(request, "accounts/locked_out.html", context, status=429)


# --- Account emails -----------------------------------------------------------------------


class EmailsPaused(Exception):
    """No more account emails for this address, or from this place, for now."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _caps() -> tuple[Cap, Cap]:
    window = dt.timedelta(minutes=settings.ACCOUNT_EMAILS_WINDOW_MINUTES)
    return (
        Cap("account-emails-address", settings.ACCOUNT_EMAILS_PER_ADDRESS, window),
        Cap("account-emails-place", settings.ACCOUNT_EMAILS_PER_PLACE, window),
    )


def account_email_take(*, email: str, place: str | None, now: dt.datetime | None = None) -> None:
    """Count one account email asked for this address from this place, or refuse it.

    Raises ``EmailsPaused`` with the message to show; it is the same whether or not the
    address has an account, for nothing here looks at accounts.
    """
    now = now or timezone.now()
    per_address, per_place = _caps()
    try:
        pace_take(
            (per_address, pace_key(email_normalise(email))),
            (per_place, pace_key(place or "unknown")),
            now=now,
        )
    except CapReached as reached:
        minutes = _minutes_until(reached.frees_at, now)
        wait = ngettext(
            "Please ask again in %(minutes)d minute.",
            "Please ask again in %(minutes)d minutes.",
            minutes,
        ) % {"minutes": minutes}
        if reached.cap == per_address:
            said = _(
                "Emails for this address have been asked for several times in a short while, "
                "so we are not sending more for now, to keep its inbox from being flooded."
            )
        else:
            said = _(
                "Many emails have been asked for from your network in a short while, so we "
                "are not sending more from here for now."
            )
        raise EmailsPaused(f"{said} {wait}") from reached
