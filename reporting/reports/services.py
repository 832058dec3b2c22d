"""The host's report: pre-filled from what the app knows, saved as a draft, submitted.

Selectors read, services write. The page and the PDF call these; the review space
sets ``needs_more`` and ``accepted`` (``reporting.review``), the host resubmits here.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from planning.enums import Permission
from planning.guests.selectors import DiversitySummary, diversity_summary
from planning.models import Jam, sessions_going_ahead
from planning.rules import refusal
from reporting.reports.models import QUESTION_FIELDS, REVIEWABLE, Report, ReportStatus
from reporting.review.models import Review
from reporting.rules import can_submit_report, is_reviewer
from sessions.day.services import attendance_counts_for_jam, notes_text_for_jam
from sessions.feedback.services import FeedbackGroup, feedback_grouped_for_jam
from sessions.space.models import Vision

REQUIRED_TO_SUBMIT = (
    "name",
    "session_1_on",
    "outcomes",
    "space_value",
    "biggest_takeaway",
    "recommend",
)
EDITABLE_STATUSES = (ReportStatus.DRAFT, ReportStatus.NEEDS_MORE)
SUBMITTABLE_STATUSES = EDITABLE_STATUSES
OTHER_DATES_FORMAT = "j M Y"


class ReportConflict(Exception):
    """Someone else saved the report since this form was opened."""

    def __init__(self, current: Report):
        super().__init__(f"report {current.pk} is at version {current.version}")
        self.current = current


class ReportLocked(Exception):
    """The report is with CIVICUS (submitted) or accepted: the host cannot change it now."""

    def __init__(self, report: Report):
        super().__init__(f"report {report.pk} is {report.status}")
        self.report = report


class ReportIncomplete(Exception):
    """Answers needed before the report can be submitted are missing."""

    def __init__(self, missing: list[str]):
        super().__init__(", ".join(missing))
        self.missing = missing


# --- Pre-filling -------------------------------------------------------------------------


def _sessions_by_number(jam: Jam) -> list:
    """The sessions that went ahead, by number: a cancelled one is not reported on."""
    return sorted(sessions_going_ahead(jam.sessions.all()), key=lambda session: session.number)


def _average(value: float | None) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def profile_sentence(summary: DiversitySummary) -> str:
    """The anonymous profile counts as one plain sentence: counts only, never names."""
    if not summary.guests:
        return ""
    parts = [
        _("%(guests)s guests; %(answered)s shared details.")
        % {"guests": summary.guests, "answered": summary.answered}
    ]
    for profile_field in summary.fields:
        groups = [f"{group.label} {group.count}" for group in profile_field.groups]
        if profile_field.hidden:
            groups.append(_("other answers %(count)s") % {"count": profile_field.hidden})
        if groups:
            parts.append(f"{profile_field.label}: {', '.join(groups)}.")
    return " ".join(parts)


def report_prefill_values(jam: Jam, now: dt.datetime | None = None) -> dict:
    """What the app knows for the report's first draft: name, dates, attendance, profile."""
    sessions = _sessions_by_number(jam)
    dates = [session.local_start.date() for session in sessions]
    first_three = [*dates, None, None, None][:3]
    attendance = attendance_counts_for_jam(jam, now=now or timezone.now())
    return {
        "name": jam.name,
        "session_1_on": first_three[0],
        "session_2_on": first_three[1],
        "session_3_on": first_three[2],
        "other_dates": ", ".join(formats.date_format(day, OTHER_DATES_FORMAT) for day in dates[3:]),
        "average_attendance": _average(attendance.average),
        "participant_profile": profile_sentence(diversity_summary(jam=jam)),
    }


def report_get_or_prefill(jam: Jam, now: dt.datetime | None = None) -> Report:
    """The Jam's report; on the first visit, created pre-filled from what the app knows."""
    report = Report.objects.filter(jam=jam).first()
    if report is not None:
        return report
    with transaction.atomic():
        report, _created = Report.objects.get_or_create(
            jam=jam, defaults=report_prefill_values(jam, now)
        )
    return report


# --- Material for the outcomes -----------------------------------------------------------


@dataclass(frozen=True)
class OutcomesMaterial:
    """What the host may copy from for the outcomes: nothing here is put in their answer."""

    notes: str
    feedback: list[FeedbackGroup] = field(default_factory=list)
    vision: str = ""

    @property
    def is_empty(self) -> bool:
        return not (self.notes or self.vision or any(group.texts for group in self.feedback))


def vision_sentence(jam: Jam) -> str:
    vision = Vision.objects.filter(jam=jam).first()
    return vision.sentence if vision else ""


def outcomes_material(jam: Jam) -> OutcomesMaterial:
    """The notes, the feedback and the shared vision (three queries)."""
    return OutcomesMaterial(
        notes=notes_text_for_jam(jam),
        feedback=feedback_grouped_for_jam(jam),
        vision=vision_sentence(jam),
    )


def report_reviewable_get(*, jam: Jam) -> Report | None:
    """The Jam's report if CIVICUS reviewers see it (it was submitted at least once)."""
    return (
        Report.objects.filter(jam=jam, status__in=REVIEWABLE)
        .only("jam_id", "status", "submitted_at")
        .first()
    )


def report_reviews(report: Report) -> QuerySet[Review]:
    """The reviewers' decisions and comments on this report, newest first."""
    return report.reviews.order_by("-created_at", "-pk")


def report_is_editable(report: Report) -> bool:
    return report.status in EDITABLE_STATUSES


def report_for_reviewer_get(*, user, slug: str) -> Report | None:
    """A report a reviewer may read: any that was submitted at least once."""
    if not is_reviewer(user):
        return None
    return (
        Report.objects.select_related("jam__host")
        .filter(jam__slug=slug, status__in=REVIEWABLE)
        .first()
    )


# --- Writes ------------------------------------------------------------------------------


def report_save_draft(report: Report, data: dict, expected_version: int, actor) -> Report:
    """Save whatever answers are given, complete or not, unless someone saved since.

    ``data`` holds valid values only (the form's cleaned data); the fields it leaves
    out keep their saved values. Raises ``ReportConflict`` with the report as it now
    is when its version moved on, and ``ReportLocked`` once it is with CIVICUS.
    """
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if current.version != expected_version:
            raise ReportConflict(current)
        if not report_is_editable(current):
            raise ReportLocked(current)
        for name in QUESTION_FIELDS:
            if name in data:
                setattr(current, name, data[name])
        current.full_clean(exclude=["jam"], validate_unique=False, validate_constraints=False)
        current.version += 1
        current.updated_by = actor
        current.save()
    return current


def report_missing_answers(report: Report) -> list[str]:
    """The labels of the answers the report needs before it can be submitted."""
    missing = []
    for name in REQUIRED_TO_SUBMIT:
        value = getattr(report, name)
        if value is None or (isinstance(value, str) and not value.strip()):
            missing.append(name)
    return missing


def report_submit(report: Report, actor) -> Report:
    """Send the report to CIVICUS: the host only, from a draft or after a request for more."""
    if not can_submit_report(actor, report):
        raise PermissionDenied(refusal(Permission.SUBMIT_REPORT))
    with transaction.atomic():
        current = Report.objects.select_for_update().get(pk=report.pk)
        if current.status not in SUBMITTABLE_STATUSES:
            raise ReportLocked(current)
        missing = report_missing_answers(current)
        if missing:
            raise ReportIncomplete(missing)
        current.status = ReportStatus.SUBMITTED
        current.submitted_at = timezone.now()
        current.version += 1
        current.updated_by = actor
        current.save()
    return current


def report_add_notes(report: Report, expected_version: int, actor) -> Report:
    """Append the session notes to the host's outcomes answer (their text stays first)."""
    notes = notes_text_for_jam(report.jam).strip()
    if not notes:
        return report
    outcomes = f"{report.outcomes.rstrip()}\n\n{notes}" if report.outcomes.strip() else notes
    return report_save_draft(report, {"outcomes": outcomes}, expected_version, actor)
