"""Programmes: the cohorts of hosts CIVICUS staff follow together, and their Jams."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from jamsessions.text import SingleLineCharField
from planning.models import Jam


class Programme(models.Model):
    """A cohort of hosts CIVICUS staff follow together, e.g. “Jam Sessions 2026”."""

    name = SingleLineCharField(_("name"), max_length=120, unique=True)
    description = models.TextField(_("description"), max_length=2000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-created_at", "name"]

    def __str__(self):
        return self.name


class ProgrammeHost(models.Model):
    """A host added to a programme by email; linked to their account once it exists."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="hosts")
    email = models.EmailField(_("email address"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="programme_memberships",
    )
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("host in a programme")
        verbose_name_plural = _("hosts in programmes")
        ordering = ["programme", "email"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "email"], name="programme_host_once"),
        ]

    def __str__(self):
        return f"{self.email} in {self.programme}"


class ProgrammeJam(models.Model):
    """The programme a Jam belongs to: at most one."""

    jam = models.OneToOneField(Jam, on_delete=models.CASCADE, related_name="programme_link")
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="jam_links")
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("Jam in a programme")
        verbose_name_plural = _("Jams in programmes")

    def __str__(self):
        return f"{self.jam} in {self.programme}"
