"""Materials and tools the team gathers for a Jam."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from jamsessions.text import SingleLineCharField
from planning.jams.models import Jam
from planning.team.models import TeamMember


class Material(models.Model):
    """Something needed on the day, who brings it, and whether it is ready."""

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="materials")
    name = SingleLineCharField(_("what"), max_length=120)
    suggestion_key = models.CharField(max_length=40, blank=True, editable=False)
    brought_by = models.ForeignKey(
        TeamMember,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="materials",
        verbose_name=_("who brings it"),
    )
    note = models.CharField(
        _("note"),
        max_length=200,
        blank=True,
        help_text=_("How many, where from, or who outside the team brings it."),
    )
    ready = models.BooleanField(_("ready"), default=False)
    position = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("material")
        verbose_name_plural = _("materials and tools")
        ordering = ["position", "pk"]

    def __str__(self):
        return self.name
