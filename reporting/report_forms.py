"""The report's form: the toolkit's 14 questions, every one optional in a draft."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, URLValidator
from django.utils.translation import gettext_lazy as _

from jamsessions.text import SingleLineField
from reporting.models import LONG_TEXT_MAX, QUESTION_FIELDS, SCORE_MAX, SCORE_MIN, Report

LONG_TEXT_FIELDS = (
    "participant_profile",
    "outcomes",
    "output_links",
    "biggest_takeaway",
    "share_reflections",
    "anything_else",
)
SCORE_FIELDS = ("space_value", "recommend")
SCORE_CHOICES = [(str(score), str(score)) for score in range(SCORE_MIN, SCORE_MAX + 1)]
LINK_SHOWN_CHARS = 80

# The toolkit's own wording, numbered as in the toolkit.
LABELS = {
    "name": _("Name of your Jam Session"),
    "session_1_on": _("Date of the 1st Jam Session"),
    "session_2_on": _("Date of the 2nd Jam Session"),
    "session_3_on": _("Date of the 3rd Jam Session"),
    "other_dates": _("Dates of other Jam Sessions"),
    "average_attendance": _("How many people attended each Jam Session (on average)?"),
    "participant_profile": _("How would you describe the profile of the participants?"),
    "outcomes": _("In your own words, how would you summarise the outcomes of the Jam Sessions?"),
    "output_links": _(
        "Add links to broader descriptions of the collective vision your group created."
    ),
    "space_value": _(
        "From 0 to 10, how valuable would you say was the space for you and your network "
        "to connect and strengthen bonds?"
    ),
    "biggest_takeaway": _(
        "What is your biggest takeaway from this experience as an organiser or host of a "
        "Jam Session?"
    ),
    "recommend": _(
        "After this experience, how likely would you recommend hosting a Jam Session to "
        "someone in your network, from 0 to 10?"
    ),
    "share_reflections": _(
        "How would you like to share your reflections and learnings with your community or "
        "others, to inspire them to run Jam Sessions of their own?"
    ),
    "anything_else": _("Anything else you would like to share?"),
}
HELP = {
    "other_dates": _("For example: 12 Mar 2027, 19 Mar 2027."),
    "average_attendance": _("A number, such as 12 or 11.5."),
    "output_links": _(
        "Notes, summaries, reports, pictures, videos: one link per line, each starting "
        "with https:// or http://."
    ),
    "space_value": _(
        "0: not useful at all. 10: very useful, new collaborations sparked, or old "
        "collaborations were renewed."
    ),
    "biggest_takeaway": _("What did you learn, what surprised you, what did you like?"),
    "recommend": _("0: I would not recommend it. 10: I would definitely recommend it."),
}
OPTIONAL = ("session_3_on", "other_dates", "share_reflections")
DATE_FIELDS = ("session_1_on", "session_2_on", "session_3_on")


def score_anchors(name: str) -> str:
    """What 0 and 10 mean for a score question; empty for any other question."""
    return str(HELP[name]) if name in SCORE_FIELDS else ""


def report_answers(report: Report) -> list[dict]:
    """The 14 questions in the toolkit's wording, numbered, with the report's answers.

    The one source of the questions' wording for every reader of a report: the
    host's PDF, the reviewer's page and the CSV. The two scores come with their
    anchors (what 0 and 10 mean). No queries.
    """
    answers = []
    for number, name in enumerate(QUESTION_FIELDS, start=1):
        value = getattr(report, name)
        answers.append(
            {
                "number": number,
                "name": name,
                "question": LABELS[name],
                "help": score_anchors(name),
                "value": value,
                "is_score": name in SCORE_FIELDS,
                "is_date": name in DATE_FIELDS,
                "is_links": name == "output_links",
                "links": [line for line in (value or "").splitlines() if line.strip()]
                if name == "output_links"
                else [],
            }
        )
    return answers


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
