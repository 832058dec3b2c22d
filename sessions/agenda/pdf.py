"""The agenda as a PDF: HTML from a template, made into a tagged PDF by WeasyPrint, A4 or
Letter, with or without where the session happens.
"""

from __future__ import annotations

from functools import cache

from django.template.loader import render_to_string
from django.utils import translation
from weasyprint import CSS

from jamsessions.downloads import download_names
from jamsessions.i18n import site_language
from jamsessions.pdf import static_stylesheet, tagged_pdf
from planning.models import Session
from sessions.agenda.timed import agenda_timed

PAPER_SIZES = {"A4": "A4", "Letter": "letter"}


TEMPLATE = "sessions/pdf/agenda.html"


STYLESHEET = "css/agenda-pdf.css"


@cache
def _page_size(paper: str) -> CSS:
    return CSS(string=f"@page {{ size: {PAPER_SIZES[paper]}; }}")


def agenda_pdf_context(*, session: Session, facilitator_copy: bool, show_location: bool) -> dict:
    """Everything the PDF shows, read in three queries (items, rules, host)."""
    jam = session.jam
    items = list(session.agenda_items.select_related("lead__user").in_order())
    agenda = agenda_timed(session, items)
    start_date = session.local_start.date()
    return {
        "jam": jam,
        "host": jam.host,
        "session": session,
        "agenda": agenda,
        "timed_items": [(timed, timed.starts_at.date() != start_date) for timed in agenda.items],
        "rules": list(jam.house_rules.in_order()),
        "facilitator_copy": facilitator_copy,
        "show_location": show_location,
        "place": session.place,
        "zone_abbreviation": session.local_start.tzname() or "",
    }


def render_agenda_html(
    *, session: Session, facilitator_copy: bool = False, show_location: bool = True
) -> str:
    """The agenda as HTML for WeasyPrint, its own words in the PDF's language."""
    context = agenda_pdf_context(
        session=session, facilitator_copy=facilitator_copy, show_location=show_location
    )
    with translation.override(site_language(session.jam.language)):
        context["language"] = translation.get_language()
        context["direction"] = "rtl" if translation.get_language_bidi() else "ltr"
        return render_to_string(TEMPLATE, context)


def build_agenda_pdf(
    *,
    session: Session,
    paper: str = "A4",
    facilitator_copy: bool = False,
    show_location: bool = True,
) -> bytes:
    """The session's agenda as a tagged PDF on A4 or Letter paper.

    Facilitator notes, who leads each part and the materials are only in the
    facilitator copy. A guest who has not said yes to the session gets it with
    ``show_location`` off: its place (``Session.place``) goes only to people who said yes.
    """
    if paper not in PAPER_SIZES:
        raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not {paper!r}")
    html = render_agenda_html(
        session=session, facilitator_copy=facilitator_copy, show_location=show_location
    )
    return tagged_pdf(html, [static_stylesheet(STYLESHEET), _page_size(paper)])


PAPERS = {"": "A4", "a4": "A4", "letter": "Letter"}


def agenda_pdf_filename(session: Session, *, facilitator_copy: bool) -> tuple[str, str]:
    """The file's name in ASCII, and in UTF-8 for names in other scripts."""
    suffix = f"session-{session.number}-agenda{'-facilitator-copy' if facilitator_copy else ''}.pdf"
    return download_names(session.jam.name, suffix)
