"""Small helpers for views."""

from django.conf import settings
from django.utils.http import url_has_allowed_host_and_scheme


def site_url(path: str) -> str:
    """A full link to a path of this site, for emails and calendar files made without a request."""
    return f"{settings.SITE_URL}{path}"


def safe_next(request, default: str) -> str:
    """The `next` address from the request when it stays on this site, else the default."""
    target = request.POST.get("next") or request.GET.get("next")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default
