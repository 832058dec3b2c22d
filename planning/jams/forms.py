"""A Jam's details, and when and where a session happens (its date, time, zone and place);
and the host's typed confirmation before a Jam is deleted.

The session forms serve adding and changing sessions (``sessions.schedule``) and the
first session of a new Jam.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamsessions.timing import (
    NonexistentLocalTime,
    all_time_zones,
    aware_local,
    is_time_zone,
)
from planning.jams.models import JAM_FIELDS
from planning.jams.zones import session_default_zone
from planning.models import (
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
    Jam,
    Session,
)

LONG_TEXT_ROWS = 3


class JamForm(forms.ModelForm):
    # A link typed without a scheme is taken as https://, the only sensible guess today.
    online_link = Jam._meta.get_field("online_link").formfield(assume_scheme="https")

    class Meta:
        model = Jam
        fields = list(JAM_FIELDS)
        widgets = {
            "objectives": forms.Textarea(attrs={"rows": LONG_TEXT_ROWS}),
            "who_to_invite": forms.Textarea(attrs={"rows": LONG_TEXT_ROWS}),
            "support_needed": forms.Textarea(attrs={"rows": LONG_TEXT_ROWS}),
            "kind": forms.RadioSelect,
            "format": forms.RadioSelect,
        }

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = value.strip()
        return cleaned


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

    def __init__(self, *args, instance: Session | None = None, jam=None, host=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(instance)
        super().__init__(*args, **kwargs)
        if not self.is_bound and "timezone" not in self.initial:
            # A new session: never the first zone of the list (see planning.jams.zones).
            default = session_default_zone(jam=jam, host=host)
            self.initial = {**self.initial, "timezone": default.zone}
            if default.is_guess or default.alternatives:
                # Only a guess about the host, or one of several zones of the country:
                # browser-zone.js offers the device's own zone (one of those listed, if any).
                attrs = self.fields["timezone"].widget.attrs
                attrs["data-browser-zone"] = " ".join(default.alternatives)

    def initial_from(self, instance: Session) -> dict:
        """What the form shows for a session that exists: its time on its own clock."""
        local = instance.local_start
        return {
            "date": local.date(),
            "start_time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": instance.duration_minutes,
            "timezone": instance.timezone,
        }

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


class SessionWithPlaceForm(SessionForm):
    """The add and change session pages: when, and where if not at the Jam's place.

    Both place fields empty means the Jam's place (``Session.place``). The new-Jam page
    uses ``SessionForm`` alone: there the Jam's own place is asked for.
    """

    venue = Session._meta.get_field("venue").formfield(
        label=_("Where this session happens"),
        error_messages={
            "max_length": _("Keep the place to %(limit_value)d characters or fewer."),
        },
    )
    # A link typed without a scheme is taken as https://, as for the Jam's link.
    online_link = Session._meta.get_field("online_link").formfield(
        label=_("Link to join this session online"),
        assume_scheme="https",
        error_messages={
            "invalid": _(
                "This is not a link we can use. Give the whole address, "
                "like https://meet.example.org/our-jam."
            ),
            "max_length": _("Keep the link to %(limit_value)d characters or fewer."),
        },
    )

    def initial_from(self, instance: Session) -> dict:
        return {
            **super().initial_from(instance),
            "venue": instance.venue,
            "online_link": instance.online_link,
        }


def name_as_typed(text: str) -> str:
    """A name as it is compared when typed to confirm: spaces at the ends and runs of
    spaces do not count, nor capitals, nor how a phone's keyboard composed an accent."""
    return " ".join(unicodedata.normalize("NFKC", text).split()).casefold()


class JamDeleteForm(forms.Form):
    """The host types the Jam's name before it is deleted: a slip of the finger on a phone
    never deletes a Jam. Compared as ``name_as_typed``: a different name is refused."""

    name = forms.CharField(
        label=_("To delete it, type the Jam’s name"),
        max_length=500,
        error_messages={"required": _("Type the Jam’s name to delete it.")},
    )

    def __init__(self, *args, jam: Jam, **kwargs):
        super().__init__(*args, **kwargs)
        self.jam = jam
        self.fields["name"].help_text = _("Type “%(name)s”. This cannot be undone.") % {
            "name": jam.name
        }
        self.fields["name"].widget.attrs.update(autocomplete="off", spellcheck="false")

    def clean_name(self) -> str:
        typed = self.cleaned_data["name"]
        if name_as_typed(typed) != name_as_typed(self.jam.name):
            raise forms.ValidationError(
                _("That is not the name of this Jam. Type “%(name)s” to delete it."),
                code="name_mismatch",
                params={"name": self.jam.name},
            )
        return typed
