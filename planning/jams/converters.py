"""``<session:key>`` in addresses: a session's own key (``Session.key``), never its number.

Registered once, when the app is ready (``PlanningConfig.ready``), for ``sessions.urls``
and ``sessions.participant.urls``.
"""

from django.urls import register_converter

from planning.models import PUBLIC_CODE_ALPHABET, SESSION_KEY_LENGTH


class SessionKeyConverter:
    regex = f"[{PUBLIC_CODE_ALPHABET}]{{{SESSION_KEY_LENGTH}}}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(SessionKeyConverter, "session")
