"""Reporting's part of a Jam's export (``jamsessions.actions.export`` gathers the parts):
the host's report with its answers, in the toolkit's wording, and what CIVICUS said of
it; the journal; the programme the Jam is in. Plain dicts, ready for JSON, in a fixed
number of queries however long the journal.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from jamsessions.downloads import iso_time
from planning.models import Jam
from reporting.journal.models import JournalEntry
from reporting.journal.services import PROMPTS, journal_entry_list
from reporting.programmes.models import ProgrammeJam
from reporting.reports.models import Report
from reporting.reports.questions import report_answers
from reporting.reports.services import report_reviews


def _value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return value


def _report(jam: Jam) -> dict | None:
    report = Report.objects.filter(jam=jam).defer("search_vector").first()
    if report is None:
        return None
    return {
        "status": report.status,
        "status_name": str(report.get_status_display()),
        "submitted_at": iso_time(report.submitted_at),
        "created_at": iso_time(report.created_at),
        "updated_at": iso_time(report.updated_at),
        "answers": [
            {
                "number": answer["number"],
                "question": str(answer["question"]),
                "field": answer["name"],
                "answer": _value(answer["value"]),
            }
            for answer in report_answers(report)
        ],
        "reviews": [
            {
                "decision": review.decision,
                "decision_name": str(review.get_decision_display()),
                "comment_to_the_host": review.comment,
                "at": iso_time(review.created_at),
            }
            for review in report_reviews(report)
        ],
    }


def _journal(jam: Jam) -> list[dict]:
    return [
        {
            "written_on": entry.written_on.isoformat(),
            "author": entry.author.display_name if entry.author else None,
            "answers": [
                {
                    "prompt": name,
                    "question": str(JournalEntry._meta.get_field(name).verbose_name),
                    "text": getattr(entry, name),
                }
                for name, _heading in PROMPTS
            ],
            "created_at": iso_time(entry.created_at),
            "updated_at": iso_time(entry.updated_at),
        }
        for entry in journal_entry_list(jam=jam).reverse()
    ]


def jam_reporting_export(*, jam: Jam) -> dict:
    """The report, the journal and the programme of the Jam."""
    link = ProgrammeJam.objects.filter(jam=jam).select_related("programme").first()
    return {
        "report": _report(jam),
        "journal": _journal(jam),
        "programme": link.programme.name if link else None,
    }
