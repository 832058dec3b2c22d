"""Questions asked anonymously through a session's question box."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from planning.models import Session


def to_the_minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


def now_to_the_minute() -> dt.datetime:
    return to_the_minute(timezone.now())


class Question(models.Model):
    """An anonymous question or comment from the room: no name, no address, no token."""

    TEXT_MAX_LENGTH = 500

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="questions")
    text = models.CharField(_("question or comment"), max_length=TEXT_MAX_LENGTH)
    # To the minute only: a time to the microsecond could be matched against a web server's log.
    created_at = models.DateTimeField(default=now_to_the_minute, editable=False)
    answered_at = models.DateTimeField(null=True, blank=True)
    hidden_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["session", "created_at", "pk"]

    def __str__(self):
        return self.text[:60]
