"""Forms of the review space: programmes, hosts, moving a Jam, decisions, figures' filters."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from jamsessions.text import SingleLineField
from planning.enums import JamFormat
from reporting.programmes.models import Programme, ProgrammeHost
from reporting.programmes.services import email_normalise
from reporting.review.models import Review
from reporting.review.search import SEARCH_MAX_LENGTH


class ProgrammeForm(forms.Form):
    name = SingleLineField(
        label=_("Name"),
        max_length=Programme._meta.get_field("name").max_length,
        help_text=_("For example “Jam Sessions 2026”."),
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=Programme._meta.get_field("description").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ProgrammeHostForm(forms.Form):
    email = forms.EmailField(
        label=_("Host’s email address"),
        max_length=254,
        help_text=_("Their Jams that are in no programme yet join this one."),
    )

    def __init__(self, *args, programme: Programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.programme = programme

    def clean_email(self):
        email = email_normalise(self.cleaned_data["email"])
        if ProgrammeHost.objects.filter(programme=self.programme, email__iexact=email).exists():
            raise forms.ValidationError(_("This host is already in the programme."))
        return email


class JamMoveForm(forms.Form):
    """Move a Jam to another programme; one form's choices serve every row of the page."""

    programme = forms.ModelChoiceField(
        label=_("Move to"),
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label=_("No programme"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Read the programmes once: left lazy, each row's <select> would read them again.
        field = self.fields["programme"]
        field.choices = list(field.choices)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Your decision"), choices=Review.Decision.choices, widget=forms.RadioSelect
    )
    comment = forms.CharField(
        label=_("Comment to the host"),
        max_length=Review._meta.get_field("comment").max_length,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Needed when you ask for more: say what would make the report complete."),
    )

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("decision") == Review.Decision.NEEDS_MORE
            and not (cleaned.get("comment") or "").strip()
        ):
            self.add_error(
                "comment",
                _("Tell the host what more you need: the comment is what they will read."),
            )
        return cleaned


class FiguresFilterForm(forms.Form):
    """Filters for the figures and the export; every one optional."""

    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.order_by("name"),
        required=False,
        empty_label=_("All programmes"),
    )
    country = forms.ChoiceField(label=_("Country"), required=False)
    year = forms.TypedChoiceField(label=_("Year"), required=False, coerce=int, empty_value=None)
    format = forms.ChoiceField(
        label=_("Format"),
        required=False,
        choices=[("", _("All formats")), *JamFormat.choices],
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["country"].choices = [("", _("All countries")), *list(countries)]
        self.fields["year"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]

    def filters(self) -> dict:
        """The valid filters; an invalid one is left out (and shown as an error)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {key: value for key, value in self.cleaned_data.items() if value}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search the answers"),
        max_length=SEARCH_MAX_LENGTH,
        required=False,
        help_text=_("Words from the reports’ free-text answers. Use quotes for a phrase."),
        error_messages={
            "max_length": _(
                "Keep the search to %(limit_value)d characters or fewer: this one has "
                "%(show_value)d. A few words find more than a long sentence."
            )
        },
    )
