"""The host's journal: dated entries answering the toolkit's prompts."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from planning.models import Jam
from reporting.reports.models import LONG_TEXT_MAX


class JournalEntry(models.Model):
    """A dated page of the host's (or team's) journal, with the toolkit's prompts."""

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="journal_entries")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_on = models.DateField(_("date"))
    to_do_today = models.TextField(
        _("What do I need to do today?"), max_length=LONG_TEXT_MAX, blank=True
    )
    learned_yesterday = models.TextField(
        _("What did I learn from the day before?"), max_length=LONG_TEXT_MAX, blank=True
    )
    surprised = models.TextField(_("What surprised me?"), max_length=LONG_TEXT_MAX, blank=True)
    why = models.TextField(
        _("What made it happen: the factors behind the surprise or the outcome?"),
        max_length=LONG_TEXT_MAX,
        blank=True,
    )
    missing = models.TextField(_("What and who was missing?"), max_length=LONG_TEXT_MAX, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("journal entry")
        verbose_name_plural = _("journal entries")
        ordering = ["jam", "-written_on", "-pk"]

    def __str__(self):
        return f"{self.jam} — {self.written_on}"
