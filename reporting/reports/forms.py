"""The report form: each question as a field, with its checks."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from jamsessions.text import SingleLineField
from reporting.reports.models import LONG_TEXT_MAX, QUESTION_FIELDS, SCORE_MAX, SCORE_MIN, Report
from reporting.reports.questions import HELP, LABELS, OPTIONAL, SCORE_FIELDS

SCORE_CHOICES = [(str(score), str(score)) for score in range(SCORE_MIN, SCORE_MAX + 1)]


LINK_SHOWN_CHARS = 80


DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _long_text_field() -> forms.CharField:
    # No max_length: it would put maxlength on the box, and a browser cuts a long paste
    # short without a word. The limit is checked here and explained instead.
    return forms.CharField(
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[
            MaxLengthValidator(
                LONG_TEXT_MAX,
                message=_(
                    "Keep this answer to %(limit_value)s characters or fewer: it has "
                    "%(show_value)s. Your text is still here; shorten it and save again."
                ),
            )
        ],
    )


def _score_field() -> forms.TypedChoiceField:
    return forms.TypedChoiceField(
        required=False,
        choices=SCORE_CHOICES,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Choose a whole number from 0 to 10. “%(value)s” is not one.")
        },
    )


def link_lines_check(text: str) -> str:
    """Each line a web address starting with http:// or https://; blank lines dropped."""
    is_url = URLValidator(schemes=["http", "https"])
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    problems = []
    for number, line in enumerate(lines, start=1):
        try:
            is_url(line)
        except ValidationError:
            shown = line if len(line) <= LINK_SHOWN_CHARS else line[:LINK_SHOWN_CHARS] + "…"
            problems.append(
                ValidationError(
                    _(
                        "Line %(number)s, “%(line)s”, is not a web address. Put one link "
                        "per line, starting with https:// or http://."
                    ),
                    code="invalid_link",
                    params={"number": number, "line": shown},
                )
            )
    if problems:
        raise ValidationError(problems)
    return "\n".join(lines)


class ReportForm(forms.Form):
    """All 14 answers; blank is fine in a draft. What is invalid is named, never dropped."""

    name = SingleLineField(required=False, max_length=200)
    session_1_on = forms.DateField(required=False, widget=DATE_WIDGET)
    session_2_on = forms.DateField(required=False, widget=DATE_WIDGET)
    session_3_on = forms.DateField(required=False, widget=DATE_WIDGET)
    other_dates = forms.CharField(required=False, max_length=500)
    average_attendance = forms.DecimalField(
        required=False,
        min_value=0,
        max_digits=6,
        decimal_places=1,
        widget=forms.NumberInput(attrs={"step": "0.1", "inputmode": "decimal"}),
        error_messages={"invalid": _("Give a number of people, such as 12 or 11.5.")},
    )
    participant_profile = _long_text_field()
    outcomes = _long_text_field()
    output_links = _long_text_field()
    space_value = _score_field()
    biggest_takeaway = _long_text_field()
    recommend = _score_field()
    share_reflections = _long_text_field()
    anything_else = _long_text_field()
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in QUESTION_FIELDS:
            field = self.fields[name]
            field.label = LABELS[name]
            field.help_text = HELP.get(name, "")
            field.optional_question = name in OPTIONAL

    @classmethod
    def for_report(cls, report: Report, **kwargs) -> ReportForm:
        initial = {name: getattr(report, name) for name in QUESTION_FIELDS}
        for name in SCORE_FIELDS:
            initial[name] = "" if initial[name] is None else str(initial[name])
        initial["version"] = report.version
        return cls(initial=initial, **kwargs)

    def clean_output_links(self) -> str:
        return link_lines_check(self.cleaned_data["output_links"])

    @property
    def valid_answers(self) -> dict:
        """The answers that passed their checks: safe to save even when others did not."""
        cleaned = getattr(self, "cleaned_data", {})
        return {name: cleaned[name] for name in QUESTION_FIELDS if name in cleaned}

    @property
    def expected_version(self) -> int:
        version = getattr(self, "cleaned_data", {}).get("version")
        return -1 if version is None else version

    def with_version(self, version: int) -> ReportForm:
        """The same typed answers, bound again against the report's current version."""
        data = self.data.copy()
        data["version"] = str(version)
        form = type(self)(data)
        form.is_valid()
        return form

    def question_fields(self):
        """The 14 bound fields with their numbers, in the toolkit's order."""
        return [(number, self[name]) for number, name in enumerate(QUESTION_FIELDS, start=1)]
