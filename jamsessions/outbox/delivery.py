"""Team emails: recorded by the request, sent once by the worker, retried, shown, erased.

``team_email_record`` keeps the email in the caller's transaction; once it commits, its
id goes to the worker (``tasks.deliver_team_email_task``). The worker builds the email
from the row, claims it (queued → sending, committed on its own) and hands it over:
a second worker, or the same task run again, finds it claimed and sends nothing. A
provider error is retried after 1, 5, 25 and 125 minutes, then the email is failed:
staff see it in the admin, and a team invitation's host on the team page. An email
whose task was lost goes out with the worker's next heal (``team_emails_heal``).

The text may hold a live link (a sign-in link, a password reset, an invitation): it is
erased as soon as the email no longer waits, and nothing of it is ever logged.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import DatabaseError, transaction
from django.db.models import F
from django.utils import timezone

from jamsessions.outbox.models import TeamEmail
from jamsessions.outbox.sending import (
    EmailStatus,
    due_filter,
    error_text,
    hand_over,
    own_commit,
    provider_id,
    retry_pause_minutes,
    waiting_too_long,
    waiting_too_long_filter,
)
from jamsessions.outbox.tasks import deliver_team_email_task

logger = logging.getLogger("jamsessions.mail")


# Team emails left waiting that one heal sends.
SWEEP_MAX = 200


EXPIRED = "Expired before it could be sent: its link no longer works."


def _erased(now: dt.datetime) -> dict:
    return {"text": "", "html": "", "erased_at": now}


def team_email_record(
    *,
    to: Iterable[str],
    subject: str,
    text: str,
    html: str | None = None,
    erase_at: dt.datetime | None = None,
) -> TeamEmail:
    """Record a team email; the worker is told once the caller's transaction commits.

    ``erase_at``: when the link it holds stops working, if it has one; by then it is
    either sent or given up (``TEAM_EMAIL_TEXT_KEPT_SECONDS`` after now, unless sooner).
    """
    now = timezone.now()
    kept = now + dt.timedelta(seconds=settings.TEAM_EMAIL_TEXT_KEPT_SECONDS)
    email = TeamEmail.objects.create(
        to=list(to),
        subject=subject,
        text=text,
        html=html or "",
        erase_at=min(erase_at, kept) if erase_at else kept,
    )
    # robust: a failed enqueue must not undo what committed; the worker's heal sends it later.
    transaction.on_commit(partial(_enqueue, email.pk), robust=True)
    return email


def _enqueue(email_id: int, run_after: dt.datetime | None = None) -> None:
    task_ = deliver_team_email_task
    if run_after is not None:
        task_ = task_.using(run_after=run_after)
    task_.enqueue(email_id)


def _message(email: TeamEmail) -> EmailMultiAlternatives:
    message = EmailMultiAlternatives(
        subject=email.subject, body=email.text, from_email=settings.DEFAULT_FROM_EMAIL, to=email.to
    )
    if email.html:
        message.attach_alternative(email.html, "text/html")
    # Read by django-anymail (ignored by other backends): nothing personal in either.
    message.tags = ["team"]
    message.metadata = {"team_email": str(email.pk)}
    return message


def team_email_deliver(email_id: int) -> bool:
    """Send this team email if it still waits and is due. Returns whether it went out.

    Call it outside a transaction (as the worker does): the claim must commit before the
    email is handed over.
    """
    now = timezone.now()
    email = TeamEmail.objects.filter(pk=email_id, status=EmailStatus.QUEUED, erased_at=None)
    email = email.filter(due_filter(now)).first()
    if email is None:  # sent, being sent, given up, gone, or not due yet
        return False
    if email.erase_at <= now:
        _expire([email.pk], now)
        return False
    message = _message(email)
    return hand_over(
        message,
        claim=partial(_claim, email, now),
        sent=partial(_sent_record, email, message),
        unsure=partial(_unsure_record, email),
        failed=partial(_failure_record, email),
    )


def _claim(email: TeamEmail, now: dt.datetime) -> bool:
    """queued → sending, in one committed UPDATE: whoever claims it is the only one to send it."""
    with own_commit():
        claimed = (
            TeamEmail.objects.filter(pk=email.pk, status=EmailStatus.QUEUED)
            .filter(due_filter(now))
            .update(status=EmailStatus.SENDING, sending_at=now, attempts=F("attempts") + 1)
        )
    if claimed:
        email.status, email.sending_at, email.attempts = (
            EmailStatus.SENDING,
            now,
            email.attempts + 1,
        )
    return bool(claimed)


def _sent_record(email: TeamEmail, message: EmailMultiAlternatives) -> None:
    """The mail service took it: sent, and its text erased in the same write. If that write
    fails, the row stays “sending” (never sent again on its own) and a heal erases its text."""
    now = timezone.now()
    try:
        with own_commit():
            TeamEmail.objects.filter(pk=email.pk, status=EmailStatus.SENDING).update(
                status=EmailStatus.SENT,
                sent_at=now,
                next_attempt_at=None,
                last_error="",
                provider_id=provider_id(message),
                **_erased(now),
            )
    except DatabaseError:
        logger.exception(
            "Team email %s was handed to the mail service but could not be marked sent: "
            "it stays “sending” for staff to check.",
            email.pk,
        )


def _unsure_record(email: TeamEmail, error: Exception) -> None:
    """No answer from the mail service: it may have gone out. Kept “sending”, with the error,
    never sent again on its own; its text goes."""
    logger.warning(
        "Team email %s: no answer from the mail service, it may have gone out; "
        "left for staff to check: %s",
        email.pk,
        type(error).__name__,
    )
    with own_commit():
        TeamEmail.objects.filter(pk=email.pk, status=EmailStatus.SENDING).update(
            last_error=error_text(error), **_erased(timezone.now())
        )


def _failure_record(email: TeamEmail, error: Exception) -> None:
    """Refused: queued again after a pause, or after ``MAX_ATTEMPTS`` failed, its text erased."""
    now = timezone.now()
    values = {"last_error": error_text(error), "sending_at": None, "next_attempt_at": None}
    if email.attempts >= TeamEmail.MAX_ATTEMPTS:
        values.update(status=EmailStatus.FAILED, **_erased(now))
        logger.warning(
            "Team email %s failed for good after %s attempts: %s",
            email.pk,
            email.attempts,
            type(error).__name__,
        )
    else:
        pause = retry_pause_minutes(email.attempts)
        defer = deliver_team_email_task.get_backend().supports_defer
        if defer:
            values["next_attempt_at"] = now + dt.timedelta(minutes=pause)
        values["status"] = EmailStatus.QUEUED
        logger.warning(
            "Team email %s failed (attempt %s), trying again in %s min: %s",
            email.pk,
            email.attempts,
            pause if defer else 0,
            type(error).__name__,
        )
    with transaction.atomic():
        updated = TeamEmail.objects.filter(pk=email.pk, status=EmailStatus.SENDING).update(**values)
        if updated and values["status"] == EmailStatus.QUEUED:
            transaction.on_commit(
                partial(_enqueue, email.pk, values["next_attempt_at"]), robust=True
            )


def _expire(ids: list[int], now: dt.datetime) -> int:
    """Given up while waiting: its link no longer works, so it is never sent."""
    return TeamEmail.objects.filter(pk__in=ids, status=EmailStatus.QUEUED).update(
        status=EmailStatus.FAILED, last_error=EXPIRED, next_attempt_at=None, **_erased(now)
    )


def team_emails_heal(*, now: dt.datetime) -> int:
    """Send team emails whose task was lost, erase texts no longer needed, forget old rows.

    Run by the worker every ``WORKER_HEAL_SECONDS`` (``jamsessions.worker``), and by
    ``manage.py send_waiting_messages``. Returns how many emails went out.
    """
    waiting = list(
        TeamEmail.objects.filter(waiting_too_long_filter(now))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:SWEEP_MAX]
    )
    if waiting:
        logger.warning("Sending %s team emails that waited too long for their task.", len(waiting))
    sent = sum(team_email_deliver(email_id) for email_id in waiting)
    expired = TeamEmail.objects.filter(status=EmailStatus.QUEUED, erase_at__lte=now)
    _expire(list(expired.values_list("pk", flat=True)), now)
    # Handed over long ago with no answer recorded (its worker died): never sent again.
    TeamEmail.objects.filter(
        status=EmailStatus.SENDING, sending_at__lte=now - waiting_too_long(), erased_at=None
    ).update(**_erased(now))
    old = now - dt.timedelta(days=settings.TEAM_EMAILS_KEPT_DAYS)
    TeamEmail.objects.filter(created_at__lt=old).delete()
    return sent


def heal_receiver(sender, *, now: dt.datetime, **kwargs) -> int:
    """What the worker's heal asks of team emails (``jamsessions.worker.heal``)."""
    return team_emails_heal(now=now)
