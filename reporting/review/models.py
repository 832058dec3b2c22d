"""A reviewer's decision on a submitted report."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from reporting.reports.models import Report


class Review(models.Model):
    """A reviewer's decision on a submitted report, with a comment to the host."""

    class Decision(models.TextChoices):
        NEEDS_MORE = "needs_more", _("Ask for more")
        ACCEPTED = "accepted", _("Accept")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    decision = models.CharField(_("decision"), max_length=12, choices=Decision.choices)
    comment = models.TextField(_("comment to the host"), max_length=4000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return f"{self.get_decision_display()} — {self.report}"
