"""An email provider that fails on demand: django-anymail's test backend, with errors.

Set ``failures_left`` to how many sends should fail before it works again
(``ALWAYS`` for a provider that never recovers). Messages that go through land
in ``django.core.mail.outbox``, like the locmem backend's. Set ``silent_accepts``
to how many sends the provider takes (they land in the outbox) without its answer
ever arriving: the sender sees a read timeout, as anymail raises it.
"""

from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import AnymailAPIError, AnymailRequestsAPIError
from requests.exceptions import ReadTimeout

ALWAYS = -1
failures_left = 0
silent_accepts = 0


class AnymailReadTimeout(AnymailRequestsAPIError, ReadTimeout):
    """What anymail raises when the provider's answer times out (both kinds at once)."""


class EmailBackend(AnymailTestBackend):
    def post_to_esp(self, payload, message):
        global failures_left, silent_accepts
        if silent_accepts:
            silent_accepts -= 1
            super().post_to_esp(payload, message)
            raise AnymailReadTimeout("Error posting to https://api.example.test/send:")
        if failures_left:
            if failures_left > 0:
                failures_left -= 1
            # Providers often echo the recipient: it must not end up in the stored error.
            raise AnymailAPIError(
                "ESP API response 503: service unavailable for guest@example.test"
            )
        return super().post_to_esp(payload, message)
