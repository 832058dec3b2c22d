"""What the day records: who came (attendance), and the team's notes on each item."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jamsessions.text import SingleLineCharField
from planning.models import Session
from sessions.agenda.models import AgendaItem


class Attendance(models.Model):
    """Someone who came: a guest from the list, or a walk-in known by first name only."""

    WALK_IN_NAME_MAX_LENGTH = 40

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendances")
    guest = models.ForeignKey(
        "planning.Guest",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="attendances",
    )
    walk_in_name = SingleLineCharField(
        _("first name"), max_length=WALK_IN_NAME_MAX_LENGTH, blank=True
    )
    marked_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        ordering = ["session", "marked_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "guest"],
                condition=models.Q(guest__isnull=False),
                name="attendance_once_per_guest",
            ),
            models.CheckConstraint(
                condition=models.Q(guest__isnull=False) | ~models.Q(walk_in_name=""),
                name="attendance_guest_or_walk_in",
            ),
        ]

    def __str__(self):
        return self.walk_in_name or f"guest {self.guest_id}"


class ItemNote(models.Model):
    """The note taker's notes on one agenda item, written as the session runs."""

    TEXT_MAX_LENGTH = 20000

    item = models.OneToOneField(AgendaItem, on_delete=models.CASCADE, related_name="note")
    text = models.TextField(_("notes"), max_length=TEXT_MAX_LENGTH, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")

    def __str__(self):
        return self.text[:60]
