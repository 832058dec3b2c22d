"""The one path every email of the project takes.

Messages are built in the request (or service) and handed to the background
worker once the surrounding transaction commits, so a rolled-back change never
sends mail, and a slow mail provider never slows a page.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django_tasks import task

_LINE_BREAKS = re.compile(r"[ \t\r\n]+")


def subject_line(text: str) -> str:
    """A rendered subject on one line. Non-breaking spaces (French typography) stay."""
    return _LINE_BREAKS.sub(" ", text).strip()


@task()
def send_email_task(*, to: list[str], subject: str, text: str, html: str | None = None) -> None:
    message = EmailMultiAlternatives(
        subject=subject, body=text, from_email=settings.DEFAULT_FROM_EMAIL, to=to
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


def email_send_later(*, to: list[str], subject: str, text: str, html: str | None = None) -> None:
    transaction.on_commit(
        lambda: send_email_task.enqueue(to=to, subject=subject, text=text, html=html)
    )
