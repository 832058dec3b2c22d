"""The reports as CSV, streamed, safe to open in a spreadsheet."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterable, Iterator
from decimal import Decimal

from django.db.models import (
    F,
)
from django.utils import timezone
from django.utils.translation import gettext as _

from jamsessions.downloads import spreadsheet_text
from reporting.reports.models import (
    QUESTION_FIELDS,
    Report,
)
from reporting.reports.questions import LABELS, score_anchors
from reporting.review.figures import figures_base
from reporting.review.queue import reviewable_reports


def csv_question_heading(name: str) -> str:
    """A question's column heading: the toolkit's wording, and for a score what 0 and 10 mean."""
    anchors = score_anchors(name)
    return f"{LABELS[name]} ({anchors})" if anchors else str(LABELS[name])


def csv_header() -> list[str]:
    questions = [csv_question_heading(name) for name in QUESTION_FIELDS]
    return [
        _("Jam"),
        _("Host"),
        _("Country"),
        _("Programme"),
        _("Status"),
        _("Submitted at"),
        *questions,
    ]


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).isoformat(timespec="minutes")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return spreadsheet_text(str(value))


def csv_row(report: Report) -> list[str]:
    jam = report.jam
    link = getattr(jam, "programme_link", None)
    return [
        _cell(jam.name),
        _cell(jam.host.display_name),
        _cell(jam.country.name if jam.country else ""),
        _cell(link.programme.name if link else ""),
        _cell(report.get_status_display()),
        _cell(report.submitted_at),
        *[_cell(getattr(report, name)) for name in QUESTION_FIELDS],
    ]


class _Echo:
    def write(self, value: str) -> str:
        return value


def reports_csv(reports: Iterable[Report]) -> Iterator[str]:
    """The reports as CSV lines (UTF-8 with a byte-order mark, so spreadsheets read accents).

    One row per report, one column per question in the toolkit's order after
    the Jam, host, country, programme, status and submission time. A generator,
    for a StreamingHttpResponse.
    """
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(csv_header())
    for report in reports:
        yield writer.writerow(csv_row(report))


def reports_for_export(filters: dict | None = None) -> Iterator[Report]:
    """The reviewable reports matching the figures' filters, read in chunks."""
    ids = figures_base(filters).values("pk")
    return (
        reviewable_reports()
        .filter(pk__in=ids)
        .order_by(F("submitted_at").asc(nulls_last=True), "pk")
        .iterator(chunk_size=500)
    )
