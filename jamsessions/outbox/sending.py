"""What every outbox shares (guests' emails in ``sessions.messages``, team emails here).

Each email is a row that goes queued → sending (committed before the mail service is
called) → sent; a refused one goes back to queued after a growing pause, then failed. A
row left “sending” may have gone out: it is never sent again on its own.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from contextlib import nullcontext

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from requests.exceptions import ReadTimeout


class EmailStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to be sent")
    # Handed to the mail service, no answer recorded yet: never sent again on its own.
    SENDING = "sending", _("Handed to the mail service")
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Could not be sent")


MAX_ATTEMPTS = 5


# Minutes to wait before the 2nd, 3rd, 4th and 5th attempt.
RETRY_BACKOFF_MINUTES = (1, 5, 25, 125)


ERROR_MAX_LENGTH = 300


_EMAIL_ADDRESS = re.compile(r"[^\s<>\"'(),;:]+@[^\s<>\"'(),;:]+")


def retry_pause_minutes(attempts: int) -> int:
    """The pause before the next attempt, after ``attempts`` attempts."""
    return RETRY_BACKOFF_MINUTES[min(attempts - 1, len(RETRY_BACKOFF_MINUTES) - 1)]


def waiting_too_long() -> dt.timedelta:
    """A queued email due for this long has lost its task (``EMAIL_WAITING_TOO_LONG_SECONDS``);
    one “sending” for this long will not hear back."""
    return dt.timedelta(seconds=settings.EMAIL_WAITING_TOO_LONG_SECONDS)


def due_filter(now: dt.datetime) -> Q:
    return Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)


def waiting_too_long_filter(now: dt.datetime) -> Q:
    """Queued and due for longer than ``waiting_too_long()``: its delivery task was lost."""
    since = now - waiting_too_long()
    return Q(status=EmailStatus.QUEUED) & (
        Q(next_attempt_at__isnull=True, created_at__lte=since) | Q(next_attempt_at__lte=since)
    )


def own_commit():
    """Each write of a delivery commits on its own; inside a caller's transaction, a savepoint."""
    return transaction.atomic() if connection.in_atomic_block else nullcontext()


def may_have_gone_out(error: Exception) -> bool:
    """The request reached the mail service but its answer never came: it may have sent it."""
    return isinstance(error, ReadTimeout)


def hand_over(
    email: EmailMessage,
    *,
    claim: Callable[[], bool],
    sent: Callable[[], None],
    unsure: Callable[[Exception], None],
    failed: Callable[[Exception], None],
) -> bool:
    """Claim the row, hand the built email to the mail service at once, record what came of
    it. Returns whether it went out.

    ``claim`` commits queued → sending and says whether this caller has it: nothing happens
    between it and the hand-over, so a worker dying holds at most the one email in flight.
    Then ``sent``; or ``unsure`` when the service's answer never came (it may have gone out:
    it stays “sending”); or ``failed`` for any other error (retried, or given up).
    """
    if not claim():  # sent, claimed by another worker, gone, or not due any more
        return False
    try:
        email.send()
    except Exception as error:  # any failure is recorded
        (unsure if may_have_gone_out(error) else failed)(error)
        return False
    sent()
    return True


def error_text(error: Exception) -> str:
    """The error's class and message, without any email address in it."""
    text = f"{type(error).__name__}: {error}"
    return _EMAIL_ADDRESS.sub("[address]", " ".join(text.split()))[:ERROR_MAX_LENGTH]


def provider_id(email: EmailMessage) -> str:
    """The mail service's id for a sent email (django-anymail's), or nothing."""
    status = getattr(email, "anymail_status", None)
    message_id = getattr(status, "message_id", None)
    if message_id is None:
        return ""
    if isinstance(message_id, set):
        message_id = ",".join(sorted(str(part) for part in message_id))
    return str(message_id)[:200]
