from __future__ import annotations

import datetime as dt

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamsessions.text import SingleLineField

from .agenda import Activity, activity_get, saved_template_items, toolkit_template
from .models import (
    MAX_DURATION_MINUTES,
    MAX_ITEM_MINUTES,
    MIN_DURATION_MINUTES,
    AgendaItem,
    ItemKind,
    Session,
)
from .selectors import agenda_template_get
from .timing import NonexistentLocalTime, all_time_zones, aware_local, is_time_zone
from .zones import session_default_zone


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
            # A new session: never the first zone of the list (see sessions.zones).
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


# --- Agenda ---------------------------------------------------------------------------

SHORT_TEXT_ROWS = 3


class AgendaItemForm(forms.ModelForm):
    """Add or change one item of an agenda; whoever leads it is on this Jam's team."""

    duration_minutes = forms.IntegerField(
        label=_("Minutes"),
        min_value=1,
        max_value=MAX_ITEM_MINUTES,
        help_text=_("How long it takes, in whole minutes: from 1 to %(max)d (8 hours).")
        % {"max": MAX_ITEM_MINUTES},
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "input-short"}),
        error_messages={
            "required": _("Say how many minutes it takes, like 15."),
            "invalid": _("Give the length in whole minutes, like 15."),
            "min_value": _("An item takes at least 1 minute."),
            "max_value": _(
                "An item takes at most %(limit_value)s minutes (8 hours). "
                "Split a longer part into several items."
            ),
        },
    )

    class Meta:
        model = AgendaItem
        fields = [
            "title",
            "duration_minutes",
            "kind",
            "lead",
            "content",
            "objective",
            "practice",
            "materials",
            "facilitator_notes",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "content": forms.Textarea(attrs={"rows": SHORT_TEXT_ROWS}),
            "objective": forms.Textarea(attrs={"rows": SHORT_TEXT_ROWS}),
            "practice": forms.Textarea(attrs={"rows": SHORT_TEXT_ROWS}),
            "facilitator_notes": forms.Textarea(attrs={"rows": SHORT_TEXT_ROWS}),
        }
        labels = {
            "title": _("Title"),
            "kind": _("Kind"),
            "content": _("What happens"),
            "objective": _("Objective"),
            "practice": _("Sample practice"),
            "lead": _("Led by"),
            "materials": _("Materials"),
            "facilitator_notes": _("Facilitator notes"),
        }
        help_texts = {
            "practice": _("A way to do it, like a game, a question or a meditation."),
            "materials": _("What to have ready, like a ball, paper or a playlist."),
            "facilitator_notes": _("Only the team sees these, never participants."),
        }
        error_messages = {
            "title": {
                "required": _("Give the item a title, like “Tea break”."),
                "max_length": _("Keep the title to %(limit_value)d characters or fewer."),
            },
            "lead": {"invalid_choice": _("Choose someone on this Jam’s team.")},
            "kind": {"invalid_choice": _("Choose activity, break or meal.")},
        }

    def __init__(self, *args, jam, **kwargs):
        super().__init__(*args, **kwargs)
        self._jam = jam
        self.fields["lead"].queryset = jam.team_members.select_related("user").order_by("pk")
        self.fields["lead"].label_from_instance = lambda member: (
            f"{member.user.display_name} ({member.role_label})"
        )
        self.fields["lead"].empty_label = _("Nobody yet")

    def clean_title(self):
        title = self.cleaned_data["title"].strip()
        if not title:
            raise forms.ValidationError(_("Give the item a title, like “Tea break”."))
        return title

    def clean(self):
        cleaned = super().clean()
        for name, value in cleaned.items():
            if isinstance(value, str):
                cleaned[name] = value.strip()
        return cleaned

    @property
    def details(self) -> dict:
        """The item's fields, for the services."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AgendaItemEditForm(AgendaItemForm):
    """The edit form carries the version it was opened at, so a later save by someone
    else is noticed instead of overwritten."""

    version = forms.IntegerField(
        widget=forms.HiddenInput,
        min_value=1,
        error_messages={
            "required": _("This form is out of date. Open the item again to change it."),
            "invalid": _("This form is out of date. Open the item again to change it."),
            "min_value": _("This form is out of date. Open the item again to change it."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version

    def clean(self):
        cleaned = super().clean()
        # A hidden field has nothing to link to from the error summary: say it for the form.
        for message in self.errors.pop("version", []):
            self.add_error(None, message)
        return cleaned

    def differences(self, current: AgendaItem) -> list[dict]:
        """The fields where what was typed here differs from what is saved now."""
        rows = []
        for name in self.Meta.fields:
            mine = self.cleaned_data.get(name)
            saved = getattr(current, name)
            if name == "lead":
                if (mine.pk if mine else None) == current.lead_id:
                    continue
                mine, saved = self._lead_label(mine), self._lead_label(saved)
            elif name == "kind":
                if mine == saved:
                    continue
                mine, saved = ItemKind(mine).label, ItemKind(saved).label
            elif mine == saved:
                continue
            rows.append({"label": self.fields[name].label, "mine": mine, "saved": saved})
        return rows

    def _lead_label(self, member) -> str:
        return self.fields["lead"].label_from_instance(member) if member else ""

    def with_version(self, version: int) -> AgendaItemEditForm:
        """The same typed text, now based on the version saved meanwhile."""
        data = self.data.copy()
        data["version"] = str(version)
        form = type(self)(data, jam=self._jam, instance=self.instance, auto_id=self.auto_id)
        form.is_valid()
        return form


class ActivityAddForm(forms.Form):
    activity = forms.CharField(
        error_messages={"required": _("Choose an activity from the library.")}
    )

    def clean_activity(self) -> Activity:
        activity = activity_get(self.cleaned_data["activity"])
        if activity is None:
            raise forms.ValidationError(
                _("We do not know that activity. Choose one from the library.")
            )
        return activity


class TemplateApplyForm(forms.Form):
    """A toolkit template ("toolkit:<key>") or one's own ("mine:<id>"), and for a plan of
    several sessions, which of its sessions to use."""

    template = forms.CharField(error_messages={"required": _("Choose a template from the list.")})
    part = forms.IntegerField(required=False, min_value=1, max_value=99)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean(self):
        cleaned = super().clean()
        if "template" not in cleaned:
            return cleaned  # its own error says what is missing
        part = cleaned.get("part") or 1
        if "part" in self.errors:  # not a number: answered below, in plain words
            del self.errors["part"]
            part = 0
        source, _sep, key = cleaned["template"].partition(":")
        if source == "toolkit" and (template := toolkit_template(key)) is not None:
            count = len(template.sessions)
            if count == 1:
                part = 1  # nothing to choose
            if not 1 <= part <= count:
                raise forms.ValidationError(
                    _("“%(name)s” has %(count)d sessions: choose one from 1 to %(count)d.")
                    % {"name": template.name, "count": count}
                )
            cleaned["name"] = template.name
            cleaned["items"] = template.sessions[part - 1]
            return cleaned
        if source == "mine" and key.isdigit():
            saved = agenda_template_get(user=self.user, pk=int(key))
            if saved is not None:
                cleaned["name"] = saved.name
                cleaned["items"] = saved_template_items(saved.items)
                return cleaned
        raise forms.ValidationError(_("We do not know that template. Choose one from the list."))


class TemplateSaveForm(forms.Form):
    name = SingleLineField(
        label=_("Name of the template"),
        max_length=120,
        help_text=_("Only you see your templates, and can start any later Jam from them."),
        error_messages={
            "required": _("Give the template a name, like “Healing evening”."),
            "max_length": _("Keep the name to %(limit_value)d characters or fewer."),
        },
    )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        if not name:
            raise forms.ValidationError(_("Give the template a name, like “Healing evening”."))
        return name
