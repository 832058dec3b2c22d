"""Giving closing feedback from the question box, and the team reading it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template import TemplateDoesNotExist
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from jamsessions.i18n import participant_response
from planning.models import Session
from sessions.feedback.services import (
    FeedbackBox,
    feedback_already_text,
    feedback_box,
    feedback_box_submit,
    feedback_given,
    feedback_grouped,
    feedback_remember_given,
    feedback_thanks_text,
    feedback_window_status,
)
from sessions.schedule.removed import answers_removed_session
from sessions.schedule.selectors import session_get

BOX = "sessions/feedback/_box.html"


PUBLIC_PAGE = "sessions/feedback/give.html"


TEAM_PAGE = "sessions/feedback/feedback_list.html"


def _session_by_code(code: str) -> Session | None:
    return Session.objects.going_ahead().select_related("jam").filter(public_code=code).first()


def _box_not_found(request) -> HttpResponse:
    """The question box's own kind 404 page, or Django's while it is not there."""
    try:
        return render(request, "sessions/box/not_found.html", status=404)
    except TemplateDoesNotExist:
        raise Http404 from None


def _box_page_url(session: Session) -> str:
    return reverse("box:page", kwargs={"code": session.public_code}) + "#feedback"


def _private(response: HttpResponse) -> HttpResponse:
    """What someone wrote, or that they wrote, stays in their browser's hands only."""
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _public_box(request, session: Session) -> FeedbackBox:
    return feedback_box(
        session,
        now=timezone.now(),
        url=reverse("feedback:give", kwargs={"code": session.public_code}),
        data=request.POST if request.method == "POST" else None,
        given=feedback_given(request, session),
    )


@require_http_methods(["GET", "POST"])
@vary_on_headers("HX-Request")
def feedback_give_view(request, code):
    """Take the anonymous feedback; a GET shows the form on a page of its own."""
    session = _session_by_code(code)
    if session is None:
        return _private(_box_not_found(request))
    return _private(participant_response(request, session.jam, _feedback_give, session))


def _feedback_give(request, session: Session) -> HttpResponse:
    now = timezone.now()
    box = _public_box(request, session)
    if request.method == "POST":
        box = feedback_box_submit(box, now=now)
    if request.method == "POST" and not request.htmx and (box.thanks or box.given):
        if box.thanks:
            messages.success(request, feedback_thanks_text())
        else:
            messages.info(request, feedback_already_text())
        response = redirect(_box_page_url(session))
    else:
        context = {"feedback": box, "session": session, "jam": session.jam}
        response = render(request, BOX if request.htmx else PUBLIC_PAGE, context)
    if box.thanks:
        feedback_remember_given(response, session, now)
    return response


@login_required
@require_safe
@answers_removed_session
def feedback_list_view(request, slug, key):
    """What participants wrote, per prompt, newest first; only for the Jam's team."""
    session = session_get(user=request.user, slug=slug, key=key)
    groups = feedback_grouped(session)
    context = {
        "jam": session.jam,
        "session": session,
        "groups": groups,
        "total": sum(group.count for group in groups),
        "window_status": feedback_window_status(session, timezone.now()),
    }
    return render(request, TEAM_PAGE, context)
