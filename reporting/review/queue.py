"""The review queue: submitted reports in order, a reviewer's decisions on them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Count,
    F,
    QuerySet,
)
from django.utils.translation import gettext as _

from reporting.reports.models import (
    REVIEWABLE,
    Report,
    ReportStatus,
    report_queue_order,
)
from reporting.review.models import Review


def reviewable_reports() -> QuerySet[Report]:
    # The stored search document is for the database only: never read into Python.
    return (
        Report.objects.filter(status__in=REVIEWABLE)
        .select_related("jam", "jam__host", "jam__programme_link__programme")
        .defer("search_vector")
    )


def review_queue(status: str | None = None, *, limit: int | None = None) -> QuerySet[Report]:
    """Submitted reports first (oldest first), then those needing more, then accepted.

    With a ``limit``, two queries: the first ``limit`` ids, read in order from the
    ``report_queue_order`` index, then those reports whole. Sorting every whole report
    (long answers and all) to show a hundred is what made the queue slow.
    """
    order = ("queue_order", F("submitted_at").asc(nulls_last=True), "pk")
    reports = reviewable_reports()
    if status:
        reports = reports.filter(status=status)
    if limit is not None:
        first = reports.annotate(queue_order=report_queue_order()).order_by(*order)
        ids = list(first.values_list("pk", flat=True)[:limit])
        reports = reviewable_reports().filter(pk__in=ids)
    return reports.annotate(queue_order=report_queue_order()).order_by(*order)


def review_queue_counts() -> dict[str, int]:
    """How many reports are in each reviewable status: one query."""
    counts = {status.value: 0 for status in REVIEWABLE}
    for row in (
        Report.objects.filter(status__in=REVIEWABLE).values("status").annotate(n=Count("pk"))
    ):
        counts[row["status"]] = row["n"]
    return counts


def review_report_get(pk: int) -> Report:
    """A report a reviewer may open (never a draft); Report.DoesNotExist otherwise."""
    return reviewable_reports().get(pk=pk)


def review_list(report: Report) -> QuerySet[Review]:
    return report.reviews.select_related("reviewer").order_by("-created_at", "-pk")


def review_decide(*, report: Report, reviewer, decision: str, comment: str = "") -> Review:
    """A reviewer's decision on a submitted report: ask for more (with a comment) or accept."""
    comment = (comment or "").strip()
    if decision not in Review.Decision.values:
        raise ValidationError(_("Choose to ask for more or to accept."), code="decision")
    if decision == Review.Decision.NEEDS_MORE and not comment:
        raise ValidationError(
            _("Tell the host what more you need: the comment is what they will read."),
            code="comment_required",
        )
    with transaction.atomic():
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if locked.status != ReportStatus.SUBMITTED:
            raise ValidationError(
                _("Only a submitted report can be decided on; this one is “%(status)s”.")
                % {"status": locked.get_status_display()},
                code="not_submitted",
            )
        review = Review.objects.create(
            report=locked, reviewer=reviewer, decision=decision, comment=comment
        )
        locked.status = decision
        locked.save(update_fields=["status", "updated_at"])
    report.status = locked.status
    return review
