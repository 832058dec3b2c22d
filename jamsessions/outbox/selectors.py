"""Reading team emails: whether one went out, as the person who can act on it sees it."""

from __future__ import annotations

import datetime as dt
from enum import StrEnum

from jamsessions.outbox.models import TeamEmail
from jamsessions.outbox.sending import EmailStatus, waiting_too_long


class Delivery(StrEnum):
    SENT = "sent"
    SENDING = "sending"  # waiting for its first try, or being handed over now
    RETRYING = "retrying"  # the mail service refused it; tried again after a pause
    FAILED = "failed"  # refused every time, or its link expired first: never sent
    UNSURE = "unsure"  # handed over with no answer recorded: it may not have gone out


def team_email_delivery(email: TeamEmail | None, *, now: dt.datetime) -> Delivery | None:
    """Where this email is; None for an email never recorded (from before they were)."""
    if email is None:
        return None
    if email.status == EmailStatus.SENT:
        return Delivery.SENT
    if email.status == EmailStatus.FAILED:
        return Delivery.FAILED
    if email.status == EmailStatus.SENDING:
        late = email.sending_at is None or email.sending_at <= now - waiting_too_long()
        return Delivery.UNSURE if late or email.last_error else Delivery.SENDING
    return Delivery.RETRYING if email.attempts else Delivery.SENDING
