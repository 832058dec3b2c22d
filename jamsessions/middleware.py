"""Headers every response carries, and pages with personal data kept out of every cache.

- ``Permissions-Policy``: the app asks for no camera, microphone, location, payment or
  other powerful feature, so no page (nor anything injected into one) may use them.
- ``Cross-Origin-Resource-Policy: same-origin``: no other site may embed our pages,
  files or images (a guest's calendar file or PDF included).
- ``Cache-Control: private, no-store`` on every response to a signed-in person that has
  not chosen its own: their Jams, guest lists, notes and reviews are never kept by a
  browser's back-forward store, a proxy or a shared computer's disk. (Guests' pages at
  ``/i/…`` set it themselves: they have no account.)
"""

from __future__ import annotations

from django.utils.cache import patch_cache_control
from django.utils.functional import empty

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
)


class PrivacyHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if _signed_in(request) and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response


def _signed_in(request) -> bool:
    """Whether the page was made for a signed-in person: only asked of a user the page
    already looked up, so no page pays a query for it."""
    user = getattr(request, "user", None)
    wrapped = getattr(user, "_wrapped", user)
    return wrapped is not None and wrapped is not empty and wrapped.is_authenticated
