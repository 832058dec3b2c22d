"""The countdown roadmap: a Jam's steps, each due a number of days before (or after) a session."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jamsessions.text import SingleLineCharField
from planning.enums import (
    Anchor,
    Phase,
    TeamRole,
)
from planning.jams.models import Jam, Session
from planning.team.models import TeamMember


class TaskQuerySet(models.QuerySet):
    def for_member(self, user) -> TaskQuerySet:
        return self.filter(jam__in=Jam.objects.for_member(user))


class Task(models.Model):
    """One step on a Jam's roadmap: from the toolkit, or the team's own.

    The due date is not stored: it is worked out from the sessions (see
    ``planning.roadmap``), so it moves when a session moves. A date set by hand
    (``due_on_override``) stays put.
    """

    MAX_OFFSET_DAYS = 365

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="tasks")
    session = models.ForeignKey(
        Session,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="tasks",
        help_text=_("For steps repeated for each session."),
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    template_key = models.CharField(max_length=40, blank=True, editable=False)
    title = SingleLineCharField(_("task"), max_length=200)
    description = models.TextField(_("details"), max_length=2000, blank=True)
    anchor = models.CharField(
        max_length=20, choices=Anchor.choices, default=Anchor.FIRST_SESSION, editable=False
    )
    offset_days = models.SmallIntegerField(null=True, blank=True, editable=False)
    due_on_override = models.DateField(_("due date"), null=True, blank=True)
    assignee = models.ForeignKey(
        TeamMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tasks",
        verbose_name=_("assigned to"),
    )
    assignee_role = models.CharField(
        _("assigned to the role"), max_length=20, choices=TeamRole.choices, blank=True
    )
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    skipped = models.BooleanField(_("skipped"), default=False)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = _("task")
        verbose_name_plural = _("tasks")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["jam", "session", "template_key"],
                condition=~models.Q(template_key=""),
                nulls_distinct=False,
                name="task_from_template_once",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_done(self) -> bool:
        return self.done_at is not None
