"""Which language a page or an email speaks.

The team's pages follow the visitor's browser or their choice in the footer. What
participants receive (their page, the question box, emails) speaks the Jam's
language, unless the visitor chose another one in the footer. A Jam held in a
language the site is not translated into gets the site's default.
"""

from __future__ import annotations

from contextlib import contextmanager

from django.conf import settings
from django.utils import translation


def site_language(code: str) -> str:
    """The site's translation nearest to a language code: ``pt-br`` → the current one, ``fr-ca`` → ``fr``."""
    try:
        return translation.get_supported_language_variant(code)
    except LookupError:
        return translation.get_language() or settings.LANGUAGE_CODE


def visitor_chose_language(request) -> bool:
    return settings.LANGUAGE_COOKIE_NAME in request.COOKIES


@contextmanager
def jam_language(request, jam):
    """Speak the Jam's language to a participant for the length of the block."""
    if visitor_chose_language(request):
        yield
        return
    with translation.override(site_language(jam.language)):
        request.LANGUAGE_CODE = translation.get_language()
        yield


def participant_response(request, jam, view, *args, **kwargs):
    """Call ``view`` in the Jam's language and say so in the response's headers."""
    with jam_language(request, jam):
        response = view(request, *args, **kwargs)
        response.headers["Content-Language"] = translation.get_language()
    return response
