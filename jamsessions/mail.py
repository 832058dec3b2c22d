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
from django.template import Context
from django.template.loader import get_template
from django_tasks import task

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
