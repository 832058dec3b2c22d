"""Where a running session is: the item on now, and since when."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from planning.models import Session
from sessions.agenda.models import AgendaItem


class RunState(models.Model):
    """Where a session is on the day: shared by every device of the team, kept on the server.

    The time left in the current item is worked out from ``item_started_at`` (moved
    forward on resume by the length of the pause) and the item's minutes plus
    ``extra_minutes``; so a phone that loses its connection can keep counting alone.
    """

    session = models.OneToOneField(Session, on_delete=models.CASCADE, related_name="run_state")
    current_item = models.ForeignKey(
        AgendaItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(null=True, blank=True)
    item_started_at = models.DateTimeField(null=True, blank=True)
    paused_at = models.DateTimeField(null=True, blank=True)
    extra_minutes = models.PositiveSmallIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("run of the day")
        verbose_name_plural = _("runs of the day")

    def __str__(self):
        return f"{self.session} run"
