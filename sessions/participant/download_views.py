"""What a guest takes away from their page: a session's calendar file, its agenda PDF,
and everything kept about them (JSON).
"""

from __future__ import annotations

import json

from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from jamsessions.downloads import content_disposition
from planning.guests.selectors import said_yes_to
from sessions.agenda.pdf import PAPERS, agenda_pdf_filename, build_agenda_pdf
from sessions.calendar.ics import guest_session_ics, session_ics_filename
from sessions.participant.access import answers_removed_session, guest_link
from sessions.participant.export import guest_data_export
from sessions.participant.page import (
    guest_session_get,
)


@require_safe
@guest_link
def my_data_view(request, guest):
    """Everything the site keeps about the guest, as a JSON file to keep."""
    data = json.dumps(guest_data_export(guest=guest), ensure_ascii=False, indent=2)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = content_disposition(
        f"{guest.jam.slug}-my-data.json", attachment=True
    )
    return response


@require_safe
@guest_link
@answers_removed_session
def session_ics_view(request, guest, key):
    session = guest_session_get(guest=guest, key=key)
    response = HttpResponse(
        guest_session_ics(guest=guest, session=session), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = content_disposition(
        session_ics_filename(session), attachment=True
    )
    return response


@require_safe
@guest_link
@answers_removed_session
def agenda_pdf_view(request, guest, key):
    session = guest_session_get(guest=guest, key=key)
    paper = PAPERS.get(request.GET.get("paper", "").strip().lower())
    if paper is None:
        return HttpResponseBadRequest(
            _("Choose the paper size: paper=a4 or paper=letter."),
            content_type="text/plain; charset=utf-8",
        )
    # The session's place is in it only for a guest who said yes to this session.
    pdf = build_agenda_pdf(
        session=session,
        paper=paper,
        facilitator_copy=False,
        show_location=said_yes_to(guest, session),
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        *agenda_pdf_filename(session, facilitator_copy=False)
    )
    return response
