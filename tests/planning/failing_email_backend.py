"""An email provider that fails on demand: django-anymail's test backend, with errors.

Set ``failures_left`` to how many sends should fail before it works again
(``ALWAYS`` for a provider that never recovers). Messages that go through land
in ``django.core.mail.outbox``, like the locmem backend's.
"""

from anymail.backends.test import EmailBackend as AnymailTestBackend
from anymail.exceptions import AnymailAPIError

ALWAYS = -1
failures_left = 0


class EmailBackend(AnymailTestBackend):
    def post_to_esp(self, payload, message):
        global failures_left
        if failures_left:
            if failures_left > 0:
                failures_left -= 1
            # Providers often echo the recipient: it must not end up in the stored error.
            raise AnymailAPIError(
                "ESP API response 503: service unavailable for guest@example.test"
            )
        return super().post_to_esp(payload, message)
