"""Every model of reporting, where Django looks for them; each lives in its feature package."""

from reporting.journal.models import JournalEntry
from reporting.programmes.models import Programme, ProgrammeHost, ProgrammeJam
from reporting.reports.models import (
    LONG_TEXT_MAX,
    QUESTION_FIELDS,
    SCORE_MAX,
    SCORE_MIN,
    SEARCHABLE_FIELDS,
    Report,
    ReportStatus,
    report_queue_order,
    report_search_vector,
)
from reporting.review.models import Review

__all__ = [
    "LONG_TEXT_MAX",
    "QUESTION_FIELDS",
    "SCORE_MAX",
    "SCORE_MIN",
    "SEARCHABLE_FIELDS",
    "JournalEntry",
    "Programme",
    "ProgrammeHost",
    "ProgrammeJam",
    "Report",
    "ReportStatus",
    "Review",
    "report_queue_order",
    "report_search_vector",
]
