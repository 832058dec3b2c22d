"""Personal tokens never reach a log line.

A guest's link (``/i/<token>/``), a Jam's calendar feed (``/calendar/<token>.ics``), a
session's question box (``/q/<code>/``), a team invitation (``/team/join/<token>/``), an
emailed sign-in link and a password reset each stand for a person, or open what is theirs:
in a log, next to an address, they would let anyone who reads it act as that person. Every
log line the app writes, and every line of gunicorn's access log, has them masked.
"""

from __future__ import annotations

import logging
import re

MASK = "…"
# A path segment (or two, for a password reset) that is itself the secret.
_SECRET_PATHS = re.compile(
    r"(?P<lead>/(?:i|q|team/join|accounts/login/link)/|/calendar/)"
    r"(?P<secret>[^/?#\s\"]+?)(?P<tail>\.ics)?(?=[/?#\s\"]|$)"
    r"|(?P<reset>/accounts/password/reset/)(?!sent/)(?P<pair>[^/?#\s\"]+/[^/?#\s\"]+)"
)
# A secret in a query string: django-sesame's sign-in token, or any ``token=``.
_SECRET_QUERY = re.compile(r"(?P<lead>(?:^|[?&])(?:sesame|token)=)[^&#\s\"]+")


def _path_masked(match: re.Match) -> str:
    if match.group("reset"):
        return f"{match.group('reset')}{MASK}/{MASK}"
    return f"{match.group('lead')}{MASK}{match.group('tail') or ''}"


def mask_tokens(text: str) -> str:
    """``text`` with every personal token in an address replaced by ``…``."""
    if not text:
        return text
    text = _SECRET_PATHS.sub(_path_masked, text)
    return _SECRET_QUERY.sub(lambda match: f"{match.group('lead')}{MASK}", text)


class TokenMaskFilter(logging.Filter):
    """A logging filter: the record's message, its arguments filled in, with tokens masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_tokens(message)
        if masked != message:
            record.msg, record.args = masked, None
        return True


try:  # gunicorn is a production dependency; development serves with runserver.
    from gunicorn.glogging import Logger as _GunicornLogger
except ImportError:  # pragma: no cover - gunicorn is in every lock
    _GunicornLogger = None

if _GunicornLogger is not None:

    class GunicornLogger(_GunicornLogger):
        """gunicorn's access log with tokens masked in every value a format can name: the
        request line, path, query, referrer, headers and environ
        (``--logger-class jamsessions.logmask.GunicornLogger``)."""

        def atoms(self, resp, req, environ, request_time):
            atoms = super().atoms(resp, req, environ, request_time)
            return {
                name: mask_tokens(value) if isinstance(value, str) else value
                for name, value in atoms.items()
            }
