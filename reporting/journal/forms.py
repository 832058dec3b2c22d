from django import forms
from django.utils.translation import gettext_lazy as _

from reporting.journal.models import JournalEntry
from reporting.journal.services import PROMPT_FIELDS
from reporting.reports.models import LONG_TEXT_MAX

TOO_LONG = _(
    "Keep this under %(limit_value)s characters: it has %(show_value)s. "
    "Copy the rest somewhere safe, then shorten it."
)


class JournalEntryForm(forms.ModelForm):
    """One dated page of the journal; at least one prompt answered."""

    class Meta:
        model = JournalEntry
        fields = ["written_on", *PROMPT_FIELDS]
        widgets = {
            "written_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{name: forms.Textarea(attrs={"rows": 4}) for name in PROMPT_FIELDS},
        }
        error_messages = {
            "written_on": {
                "required": _("Enter the date of this entry, like 2026-03-14."),
                "invalid": _("Enter the date as a day, month and year, like 2026-03-14."),
            },
            **{name: {"max_length": TOO_LONG} for name in PROMPT_FIELDS},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["written_on"].input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d.%m.%Y"]
        for name in PROMPT_FIELDS:
            field = self.fields[name]
            field.max_length = LONG_TEXT_MAX
            # Never cut off what someone pastes: the server says it is too long instead.
            field.widget.attrs.pop("maxlength", None)

    def clean(self):
        cleaned = super().clean()
        answered = any((cleaned.get(name) or "").strip() for name in PROMPT_FIELDS)
        # A prompt refused as too long was answered: that error is the one to show.
        refused = any(name in self.errors for name in PROMPT_FIELDS)
        if not answered and not refused:
            raise forms.ValidationError(
                _("Write something for at least one of the prompts."), code="empty"
            )
        return cleaned

    def answers(self) -> dict:
        return {name: self.cleaned_data[name] for name in PROMPT_FIELDS}
