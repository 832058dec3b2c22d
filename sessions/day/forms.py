"""Forms of the day's attendance and notes pages (sessions/day_views.py)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sessions.day.services import walk_in_name_clean


class AttendanceMarkForm(forms.Form):
    came = forms.TypedChoiceField(
        choices=[("1", _("Came")), ("0", _("Did not come"))],
        coerce=lambda value: value == "1",
        error_messages={"required": _("Choose whether this guest came.")},
    )


class WalkInForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"),
        help_text=_("Only a first name is kept: no surname, email address or phone number."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
        error_messages={"required": _("Write the first name of the person who came.")},
    )

    def clean_first_name(self) -> str:
        return walk_in_name_clean(self.cleaned_data["first_name"])


class NoteForm(forms.Form):
    """A note as typed; its length is checked by ``note_save``, which keeps the text."""

    item = forms.IntegerField(min_value=1)
    version = forms.IntegerField(min_value=0, required=False)
    text = forms.CharField(required=False, strip=False)
