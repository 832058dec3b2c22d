"""Small helpers for views."""

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def site_url(path: str) -> str:
    """A full link to a path of this site, for emails and calendar files made without a request."""
    return f"{settings.SITE_URL}{path}"


def safe_next(request, default: str) -> str:
    """The `next` address from the request when it is a path on this site, else the default.

    Only a path ("/jams/…") is followed: any other word ("-1", "2026-02-30") would be
    taken for the name of a page by ``redirect`` and fail, and a line break or another
    control character cannot be in the Location header.
    """
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        target.startswith("/")
        and target.isprintable()
        and url_has_allowed_host_and_scheme(
            target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return target
    return default
