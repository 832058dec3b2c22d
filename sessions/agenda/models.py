"""A session's agenda: its items in order, and the agendas a team saves to use again."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jamsessions.ordering import InOrderQuerySet
from jamsessions.text import SingleLineCharField
from planning.models import Session


class ItemKind(models.TextChoices):
    ACTIVITY = "activity", _("Activity")
    BREAK = "break", _("Break")
    MEAL = "meal", _("Meal")


MAX_ITEM_MINUTES = 8 * 60


class AgendaItem(models.Model):
    """One part of a session's agenda. Its start time is worked out, never stored."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(default=0)
    duration_minutes = models.PositiveSmallIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(MAX_ITEM_MINUTES)]
    )
    title = SingleLineCharField(_("title"), max_length=200)
    kind = models.CharField(
        _("kind"), max_length=10, choices=ItemKind.choices, default=ItemKind.ACTIVITY
    )
    content = models.TextField(_("what happens"), max_length=4000, blank=True)
    objective = models.TextField(_("objective"), max_length=2000, blank=True)
    practice = models.TextField(_("sample practice"), max_length=2000, blank=True)
    lead = models.ForeignKey(
        "planning.TeamMember",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("led by"),
    )
    materials = models.CharField(_("materials"), max_length=500, blank=True)
    facilitator_notes = models.TextField(
        _("facilitator notes"),
        max_length=4000,
        blank=True,
        help_text=_("Only the team sees these, never participants."),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = InOrderQuerySet.as_manager()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=1)
                & models.Q(duration_minutes__lte=MAX_ITEM_MINUTES),
                name="agenda_item_duration_in_range",
            ),
        ]

    def __str__(self):
        return self.title


class AgendaTemplate(models.Model):
    """An agenda saved by a host to start later Jams from (the toolkit's own are fixtures)."""

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="agenda_templates"
    )
    name = SingleLineCharField(_("name"), max_length=120)
    description = models.CharField(_("description"), max_length=300, blank=True)
    items = models.JSONField(default=list)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("agenda template")
        verbose_name_plural = _("agenda templates")
        ordering = ["-created_at"]

    def __str__(self):
        return self.name
