"""The agenda PDFs, for the Jam's team only: the participants' copy and the facilitator copy."""

from urllib.parse import quote

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.cache import patch_cache_control
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from planning.models import Session
from sessions.pdf import build_agenda_pdf
from sessions.removed import answers_removed_session
from sessions.selectors import session_get

PAPERS = {"": "A4", "a4": "A4", "letter": "Letter"}


def agenda_pdf_filename(session: Session, *, facilitator_copy: bool) -> tuple[str, str]:
    """The file's name in ASCII, and in UTF-8 for names in other scripts."""
    suffix = f"session-{session.number}-agenda{'-facilitator-copy' if facilitator_copy else ''}.pdf"
    ascii_name = slugify(session.jam.name)[:60].strip("-") or "jam"
    unicode_name = slugify(session.jam.name, allow_unicode=True)[:60].strip("-") or ascii_name
    return f"{ascii_name}-{suffix}", f"{unicode_name}-{suffix}"


def content_disposition(ascii_name: str, unicode_name: str) -> str:
    header = f'inline; filename="{ascii_name}"'
    if unicode_name != ascii_name:
        header += f"; filename*=UTF-8''{quote(unicode_name, safe='')}"
    return header


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
