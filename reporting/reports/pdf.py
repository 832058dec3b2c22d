"""The host's report as a tagged PDF (PDF/UA-1), for the team and for reviewers.

``build_report_pdf`` takes a report and returns bytes; views only wrap them.
WeasyPrint renders ``templates/reporting/pdf/report.html`` with
``static/css/report-pdf.css`` and fetches nothing: links typed by the host stay text.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from jamsessions.i18n import site_language
from jamsessions.pdf import static_stylesheet, tagged_pdf
from reporting.reports.models import Report
from reporting.reports.questions import report_answers

TEMPLATE = "reporting/pdf/report.html"
STYLESHEET = "css/report-pdf.css"


def render_report_html(report: Report) -> str:
    with translation.override(site_language(report.jam.language)):
        context = {
            "report": report,
            "jam": report.jam,
            "answers": report_answers(report),
            "language": translation.get_language(),
            "direction": "rtl" if translation.get_language_bidi() else "ltr",
        }
        return render_to_string(TEMPLATE, context)


def build_report_pdf(report: Report) -> bytes:
    """The report's 14 questions and answers, and its status, as a tagged A4 PDF."""
    return tagged_pdf(render_report_html(report), [static_stylesheet(STYLESHEET)])
