from __future__ import annotations

import datetime as dt
import uuid
import zoneinfo

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from planning.models import Jam

MIN_DURATION_MINUTES = 10
MAX_DURATION_MINUTES = 12 * 60


class SessionQuerySet(models.QuerySet):
    def for_member(self, user) -> SessionQuerySet:
        return self.filter(jam__in=Jam.objects.for_member(user))


class Session(models.Model):
    """One dated gathering of a Jam (session 1, 2, 3…), in its own time zone."""

    jam = models.ForeignKey(Jam, on_delete=models.CASCADE, related_name="sessions")
    number = models.PositiveSmallIntegerField(_("number"))
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    starts_at = models.DateTimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"),
        validators=[
            MinValueValidator(MIN_DURATION_MINUTES),
            MaxValueValidator(MAX_DURATION_MINUTES),
        ],
    )
    timezone = models.CharField(_("time zone"), max_length=64)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["jam", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["jam", "number"],
                name="session_number_unique_per_jam",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gte=MIN_DURATION_MINUTES)
                & models.Q(duration_minutes__lte=MAX_DURATION_MINUTES),
                name="session_duration_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.jam} — {self.label}"

    def get_absolute_url(self) -> str:
        return reverse(
            "sessions:session_detail", kwargs={"slug": self.jam.slug, "number": self.number}
        )

    @property
    def label(self) -> str:
        return _("Session %(number)s") % {"number": self.number}

    @property
    def zone(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def ends_at(self) -> dt.datetime:
        return self.starts_at + dt.timedelta(minutes=self.duration_minutes)

    @property
    def local_start(self) -> dt.datetime:
        return self.starts_at.astimezone(self.zone)

    @property
    def local_end(self) -> dt.datetime:
        return self.ends_at.astimezone(self.zone)
