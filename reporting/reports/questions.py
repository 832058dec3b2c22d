"""The report's questions as people read them: their labels, help and kinds, and a
report's answers in that order. Read by the form, the pages, the PDF and the review.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from reporting.reports.models import QUESTION_FIELDS, Report

LONG_TEXT_FIELDS = (
    "participant_profile",
    "outcomes",
    "output_links",
    "biggest_takeaway",
    "share_reflections",
    "anything_else",
)


SCORE_FIELDS = ("space_value", "recommend")


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
