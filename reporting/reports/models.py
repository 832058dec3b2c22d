"""The host's report: the toolkit's fourteen questions, as a draft, then submitted and reviewed."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector, SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from jamsessions.text import SingleLineCharField
from planning.models import Jam

SCORE_MIN = 0


SCORE_MAX = 10


LONG_TEXT_MAX = 10000


# The report's 14 questions (Report fields), in the toolkit's order.
QUESTION_FIELDS = (
    "name",
    "session_1_on",
    "session_2_on",
    "session_3_on",
    "other_dates",
    "average_attendance",
    "participant_profile",
    "outcomes",
    "output_links",
    "space_value",
    "biggest_takeaway",
    "recommend",
    "share_reflections",
    "anything_else",
)


# The free-text answers reviewers search across (PostgreSQL full-text search).
SEARCHABLE_FIELDS = (
    "participant_profile",
    "outcomes",
    "biggest_takeaway",
    "share_reflections",
    "anything_else",
)


def report_search_vector() -> SearchVector:
    """The search document of a report's free-text answers ('simple': no language's stemming).

    Stored in ``Report.search_vector``, which the database keeps up to date on every
    write (bulk ones too): searches read it and its GIN index instead of working it
    out again for each report.
    """
    return SearchVector(*SEARCHABLE_FIELDS, config="simple")


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    NEEDS_MORE = "needs_more", _("Needs more")
    ACCEPTED = "accepted", _("Accepted")


# Reports a reviewer sees: a draft is the host's own until it is submitted.
REVIEWABLE = (ReportStatus.SUBMITTED, ReportStatus.NEEDS_MORE, ReportStatus.ACCEPTED)


def report_queue_order() -> models.Case:
    """The review queue's order of statuses: submitted, then needing more, then accepted.

    One expression for the queue's ORDER BY and for its index, so the index is used.
    """
    return models.Case(
        models.When(status=ReportStatus.SUBMITTED, then=models.Value(0)),
        models.When(status=ReportStatus.NEEDS_MORE, then=models.Value(1)),
        default=models.Value(2),
        output_field=models.IntegerField(),
    )


def _score_field(label, help_text):
    return models.PositiveSmallIntegerField(
        label,
        null=True,
        blank=True,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
        help_text=help_text,
    )


class Report(models.Model):
    """The host's answers to the toolkit's 14 report questions, one report per Jam.

    Pre-filled from what the app knows, all editable, saved as a draft at any
    time; submitted by the host; reopened when a reviewer asks for more.
    """

    jam = models.OneToOneField(Jam, on_delete=models.CASCADE, related_name="report")
    # 1–5: the name and the dates.
    name = SingleLineCharField(_("Name of your Jam Session"), max_length=200, blank=True)
    session_1_on = models.DateField(_("Date of the 1st Jam Session"), null=True, blank=True)
    session_2_on = models.DateField(_("Date of the 2nd Jam Session"), null=True, blank=True)
    session_3_on = models.DateField(
        _("Date of the 3rd Jam Session (optional)"), null=True, blank=True
    )
    other_dates = models.CharField(
        _("Dates of other Jam Sessions (optional)"), max_length=500, blank=True
    )
    # 6–9: who came and what came of it.
    average_attendance = models.DecimalField(
        _("How many people attended each Jam Session (on average)?"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    participant_profile = models.TextField(
        _("How would you describe the profile of the participants?"),
        max_length=LONG_TEXT_MAX,
        blank=True,
    )
    outcomes = models.TextField(
        _("In your own words, how would you summarise the outcomes of the Jam Sessions?"),
        max_length=LONG_TEXT_MAX,
        blank=True,
    )
    output_links = models.TextField(
        _("Links to broader descriptions of the collective vision your group created"),
        max_length=LONG_TEXT_MAX,
        blank=True,
        help_text=_("Notes, summaries, reports, pictures, videos: one link per line."),
    )
    # 10–14: the value, the takeaway, the recommendation, sharing, anything else.
    space_value = _score_field(
        _("From 0 to 10, how valuable was the space for you and your network to connect?"),
        _("0: not useful at all. 10: very useful, new collaborations sparked or old ones renewed."),
    )
    biggest_takeaway = models.TextField(
        _("What is your biggest takeaway from this experience as a host?"),
        max_length=LONG_TEXT_MAX,
        blank=True,
    )
    recommend = _score_field(
        _("From 0 to 10, how likely would you recommend hosting a Jam Session?"),
        _("0: would not recommend it. 10: would definitely recommend it."),
    )
    share_reflections = models.TextField(
        _("How would you like to share your reflections with others? (optional)"),
        max_length=LONG_TEXT_MAX,
        blank=True,
    )
    anything_else = models.TextField(
        _("Anything else you would like to share?"), max_length=LONG_TEXT_MAX, blank=True
    )

    status = models.CharField(
        _("status"), max_length=12, choices=ReportStatus.choices, default=ReportStatus.DRAFT
    )
    version = models.PositiveIntegerField(default=1)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    search_vector = models.GeneratedField(
        expression=report_search_vector(),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ["-submitted_at", "-updated_at"]
        indexes = [
            GinIndex(fields=["search_vector"], name="report_search_vector"),
            models.Index(fields=["status", "submitted_at"], name="report_queue"),
            # The whole queue, first page first, read straight from the index (no sort).
            models.Index(
                report_queue_order(),
                models.F("submitted_at").asc(nulls_last=True),
                models.F("id"),
                name="report_queue_order",
                condition=models.Q(
                    status__in=[
                        ReportStatus.SUBMITTED,
                        ReportStatus.NEEDS_MORE,
                        ReportStatus.ACCEPTED,
                    ]
                ),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(space_value__isnull=True)
                | models.Q(space_value__gte=SCORE_MIN, space_value__lte=SCORE_MAX),
                name="report_space_value_0_to_10",
            ),
            models.CheckConstraint(
                condition=models.Q(recommend__isnull=True)
                | models.Q(recommend__gte=SCORE_MIN, recommend__lte=SCORE_MAX),
                name="report_recommend_0_to_10",
            ),
        ]

    def __str__(self):
        return self.name or str(self.jam)
