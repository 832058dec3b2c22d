"""The anonymous question box, ``/q/<code>/``: no account, no name, nothing that tells who.

The page holds a form to ask a question or leave a comment and, below it, the closing
feedback (``sessions.feedback``). The questions themselves are never shown here: they
are for the facilitator's screen. Posts are plain forms, so a phone with a weak
connection and no JavaScript can send one.
"""

from __future__ import annotations

import functools

from django import forms
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from jamsessions.i18n import participant_response
from sessions.box.models import Question
from sessions.box.questions import (
    BROWSER_WINDOW,
    BoxBusy,
    BoxClosed,
    box_qr_svg,
    box_session_get,
    box_window,
    browser_posts_add,
    browser_posts_allowed,
    question_ask,
)
from sessions.feedback.services import feedback_box_context

BOX_PAGE = "sessions/box/page.html"
# This browser's recent posts (times only), signed, kept by the browser itself.
POSTS_COOKIE = "box_posts"
POSTS_SALT = "sessions.box.views.posts"


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your question or comment"),
        help_text=gettext_lazy("Up to 500 characters."),
        max_length=Question.TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": gettext_lazy("Write your question or comment first."),
            "max_length": gettext_lazy(
                "Keep it to %(limit_value)d characters or fewer: it has %(show_value)d."
            ),
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "ask-%s")
        super().__init__(*args, **kwargs)
        self.fields["text"].widget.attrs["aria-describedby"] = "ask-text_helptext"


def _keep_private(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def box_code(view):
    """Find the session the link's code opens, or answer with a kind 404 page."""

    @functools.wraps(view)
    def wrapper(request, code, *args, **kwargs):
        try:
            session = box_session_get(code=code)
        except Http404:
            return _keep_private(render(request, "sessions/box/not_found.html", status=404))
        return _keep_private(
            participant_response(request, session.jam, view, session, *args, **kwargs)
        )

    return wrapper


def _closed_message(session, now) -> str:
    window = box_window(session)
    if now < window.opens_at:
        return _(
            "The question box opens an hour before the session starts: at %(time)s on %(day)s."
        ) % {
            "time": time_format(window.opens_at.astimezone(session.zone), "H:i"),
            "day": date_format(window.opens_at.astimezone(session.zone), "l j F"),
        }
    return _("The question box is closed: it stayed open until an hour after the session.")


def _render_box(request, session, *, form=None, error: str = "", status: int = 200):
    now = timezone.now()
    is_open = box_window(session).is_open(now)
    context = {
        **feedback_box_context(session=session, now=now, request=request),
        "jam": session.jam,
        "session": session,
        "question_form": form or QuestionForm(),
        "box_open": is_open,
        "closed_message": "" if is_open else _closed_message(session, now),
        "ask_error": error,
        "sent": request.GET.get("sent") == "1" and not error,
    }
    return render(request, BOX_PAGE, context, status=status)


@require_safe
@box_code
def box_page_view(request, session):
    return _render_box(request, session)


def _browser_posts(request) -> list[int]:
    value = request.get_signed_cookie(POSTS_COOKIE, default="", salt=POSTS_SALT)
    return [int(part) for part in value.split(",") if part.isdigit()]


def _busy(request, session, form) -> HttpResponse:
    response = _render_box(
        request,
        session,
        form=form,
        error=_(
            "Many questions are arriving just now. Please wait a minute and send it again: "
            "what you wrote is still here."
        ),
        status=429,
    )
    response["Retry-After"] = str(int(BROWSER_WINDOW.total_seconds()))
    return response


@require_http_methods(["GET", "POST"])
@box_code
def box_ask_view(request, session):
    """Take a question; only its text and time are kept, with the session it is for."""
    page = reverse("box:page", kwargs={"code": session.public_code})
    if request.method != "POST":
        return redirect(page)
    form = QuestionForm(request.POST)
    if not form.is_valid():
        return _render_box(request, session, form=form)
    now = timezone.now()
    posts = _browser_posts(request)
    if not browser_posts_allowed(posts, now):
        return _busy(request, session, form)
    try:
        question_ask(session=session, text=form.cleaned_data["text"], now=now)
    except BoxBusy:
        return _busy(request, session, form)
    except BoxClosed:
        return _render_box(
            request, session, form=form, error=_closed_message(session, now), status=403
        )
    response = redirect(f"{page}?sent=1#ask")
    response.set_signed_cookie(
        POSTS_COOKIE,
        ",".join(str(moment) for moment in browser_posts_add(posts, now)),
        salt=POSTS_SALT,
        max_age=int(BROWSER_WINDOW.total_seconds()),
        path="/q/",
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response


@require_safe
def box_qr_view(request, code):
    """The QR code of the box's link, as SVG; it never changes, so caches may keep it."""
    try:
        session = box_session_get(code=code)
    except Http404:
        return HttpResponse(status=404)
    response = HttpResponse(box_qr_svg(session), content_type="image/svg+xml")
    patch_cache_control(response, public=True, max_age=60 * 60 * 24)
    return response
