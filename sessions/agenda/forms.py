from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from jamsessions.text import SingleLineField
from sessions.agenda.models import MAX_ITEM_MINUTES, AgendaItem, ItemKind
from sessions.agenda.selectors import agenda_template_get
from sessions.agenda.toolkit import Activity, activity_get, saved_template_items, toolkit_template

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
