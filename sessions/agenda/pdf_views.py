"""The agenda PDF for the team: the participants' version and the facilitators' (with notes)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from jamsessions.downloads import content_disposition
from sessions.agenda.pdf import PAPERS, agenda_pdf_filename, build_agenda_pdf
from sessions.schedule.removed import answers_removed_session
from sessions.schedule.selectors import session_get


def _agenda_pdf(request, slug: str, key: str, *, facilitator_copy: bool) -> HttpResponse:
    session = session_get(user=request.user, slug=slug, key=key)
    paper = PAPERS.get(request.GET.get("paper", "").strip().lower())
    if paper is None:
        return HttpResponseBadRequest(
            _("Choose the paper size: paper=a4 or paper=letter."),
            content_type="text/plain; charset=utf-8",
        )
    pdf = build_agenda_pdf(session=session, paper=paper, facilitator_copy=facilitator_copy)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition(
        *agenda_pdf_filename(session, facilitator_copy=facilitator_copy)
    )
    # Facilitator notes and the host's address: never kept by a shared cache.
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_safe
@answers_removed_session
def agenda_pdf_view(request, slug, key):
    return _agenda_pdf(request, slug, key, facilitator_copy=False)


@login_required
@require_safe
@answers_removed_session
def agenda_pdf_facilitator_view(request, slug, key):
    return _agenda_pdf(request, slug, key, facilitator_copy=True)
