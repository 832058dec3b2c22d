from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import MAX_DURATION_MINUTES, MIN_DURATION_MINUTES, Session
from .timing import NonexistentLocalTime, all_time_zones, aware_local, is_time_zone


def time_zone_choices() -> list[tuple[str, str]]:
    return [(name, name.replace("_", " ")) for name in all_time_zones()]


class SessionForm(forms.Form):
    """When a session happens: a date and start time on the clock of its time zone."""

    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(
        label=_("Start time"), widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
    )
    duration_minutes = forms.IntegerField(
        label=_("Length in minutes"),
        min_value=MIN_DURATION_MINUTES,
        max_value=MAX_DURATION_MINUTES,
        initial=120,
        help_text=_("From %(min)d minutes to %(max)d minutes (12 hours).")
        % {"min": MIN_DURATION_MINUTES, "max": MAX_DURATION_MINUTES},
        error_messages={
            "min_value": _("A session lasts at least %(limit_value)s minutes."),
            "max_value": _(
                "A session lasts at most %(limit_value)s minutes (12 hours). "
                "For longer Jams, add another session."
            ),
        },
    )
    timezone = forms.ChoiceField(
        label=_("Time zone"),
        choices=time_zone_choices,
        help_text=_("Times are shown to everyone on this zone’s clock."),
        error_messages={
            "invalid_choice": _("“%(value)s” is not a time zone we know. Pick one from the list.")
        },
    )

    def __init__(self, *args, instance: Session | None = None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            local = instance.local_start
            kwargs["initial"] = {
                "date": local.date(),
                "start_time": local.time().replace(second=0, microsecond=0),
                "duration_minutes": instance.duration_minutes,
                "timezone": instance.timezone,
            }
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned = super().clean()
        date, start_time, zone = (cleaned.get(k) for k in ("date", "start_time", "timezone"))
        if date is None or start_time is None or not zone or not is_time_zone(zone):
            return cleaned
        try:
            starts_at = aware_local(date, start_time, zone)
        except NonexistentLocalTime:
            self.add_error(
                "start_time",
                _(
                    "%(time)s does not exist in %(zone)s that day: the clocks jump forward. Choose another time."
                )
                % {"time": start_time.strftime("%H:%M"), "zone": zone},
            )
            return cleaned
        if self._moves_into_the_past(starts_at, zone):
            self.add_error(
                "date",
                _("This date has already passed in %(zone)s. Choose today or a later date.")
                % {"zone": zone},
            )
        cleaned["starts_at"] = starts_at
        return cleaned

    def _moves_into_the_past(self, starts_at: dt.datetime, zone: str) -> bool:
        # Compared in UTC: Python never calls a time in a repeated hour (clocks going
        # back) equal to a time in another zone, even at the same instant (PEP 495).
        unmoved = self.instance is not None and (
            self.instance.starts_at.astimezone(dt.UTC) == starts_at.astimezone(dt.UTC)
        )
        if unmoved:
            return False  # a session already held can be edited without moving it
        today = timezone.now().astimezone(starts_at.tzinfo).date()
        return starts_at.date() < today
