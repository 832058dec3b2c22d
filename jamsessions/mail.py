"""The one path every email to the team takes (guests' emails have their own outbox in
``sessions.messages``).

Messages are built in the request (or service) and recorded in the same transaction
(``jamsessions.outbox``); once it commits the background worker sends them, so a
rolled-back change never sends mail, a slow mail provider never slows a page, and a
provider error is retried, then shown, never lost.
"""

from __future__ import annotations

import datetime as dt
import re

from django.template import Context
from django.template.loader import get_template
from django_tasks import task

from jamsessions.outbox.delivery import team_email_record
from jamsessions.outbox.models import TeamEmail
from jamsessions.text import single_line

_SPACES = re.compile(r"[ \t]+")


def subject_line(text: str) -> str:
    """A rendered subject on one line. Non-breaking spaces (French typography) stay."""
    return _SPACES.sub(" ", single_line(text)).strip()


def render_text(template_name: str, context: dict) -> str:
    """A plain-text template (a subject, a text/plain part) rendered with the text as written.

    Nothing is HTML-escaped, whatever the template says: a guest reads “Jam d'été”
    and “snacks & drinks”, never ``&#x27;`` or ``&amp;``. HTML parts keep using
    ``render_to_string``, which escapes.
    """
    return get_template(template_name).template.render(Context(context, autoescape=False))


def render_subject(template_name: str, context: dict) -> str:
    """An email's subject from its template: as written, on one line."""
    return subject_line(render_text(template_name, context))


def email_send_later(
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str | None = None,
    link_expires_at: dt.datetime | None = None,
) -> TeamEmail:
    """Record the email now; the worker sends it once the caller's transaction commits.

    ``link_expires_at``: when the link it holds stops working, if it has one. Its text is
    erased once it is sent, and by then at the latest (``TEAM_EMAIL_TEXT_KEPT_SECONDS``).
    """
    return team_email_record(to=to, subject=subject, text=text, html=html, erase_at=link_expires_at)


@task()
def send_email_task(*, to: list[str], subject: str, text: str, html: str | None = None) -> None:
    """Kept for tasks enqueued by a web process that is older than the team emails' record:
    the email is recorded now, and sent like any other."""
    email_send_later(to=to, subject=subject, text=text, html=html)
