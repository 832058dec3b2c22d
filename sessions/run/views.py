"""The run-of-show, ``/jams/<slug>/sessions/<key>/run/``: the team's screen on the day.

One page; htmx swaps its ``#run-now`` part after each button and polls its
``#run-questions`` part; ``static/js/run.js`` counts down in the browser from
``run_state`` and keeps counting when the connection drops. Without JavaScript the
buttons are plain forms that come back to the page.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers

from planning.enums import Permission
from planning.rules import require_permission
from sessions.box.questions import (
    MARKS,
    box_link,
    question_board,
    question_get,
    question_mark,
    question_mark_message,
)
from sessions.run.services import RunStale, RunView, run_change, run_state_data, run_view
from sessions.schedule.removed import answers_removed_session
from sessions.schedule.selectors import session_get

RUN_PAGE = "sessions/run/page.html"
# How often the page asks the server what changed, in seconds (tests may make it shorter).
POLL_SECONDS = 5


def _int(value, default: int = 0) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        return default


def _run_context(session, **extra) -> dict:
    view = run_view(session=session, now=timezone.now())
    return {
        "jam": session.jam,
        "session": session,
        "run": view,
        "run_data": json.dumps(run_state_data(view)),
        "poll_seconds": POLL_SECONDS,
        **extra,
    }


def _questions_context(
    session, *, show_hidden: bool = False, seen: int | None = None, **extra
) -> dict:
    """The questions part; ``seen``: the newest question the screen showed, to count new ones."""
    board = question_board(session=session)
    return {
        "jam": session.jam,
        "session": session,
        "board": board,
        "show_hidden": show_hidden,
        "new_count": 0 if seen is None else board.new_since(seen),
        "poll_seconds": POLL_SECONDS,
        **extra,
    }


def _page_url(session, anchor: str = "") -> str:
    url = reverse("sessions:run", kwargs={"slug": session.jam.slug, "key": session.key})
    return f"{url}#{anchor}" if anchor else url


@login_required
@vary_on_headers("HX-Request")
@require_safe
@answers_removed_session
def run_page_view(request, slug, key):
    """The whole run-of-show; only its ``#run-now`` part when the script asks for it."""
    session = session_get(user=request.user, slug=slug, key=key)
    if request.htmx and request.htmx.target == "run-now":
        response = render(request, f"{RUN_PAGE}#run-now", _run_context(session))
    else:
        link = box_link(session)
        context = {
            **_questions_context(session, show_hidden=request.GET.get("hidden") == "1"),
            **_run_context(session),
            "box_link": link,
            "box_link_text": link.split("://", 1)[-1],
        }
        response = render(request, RUN_PAGE, context)
    add_never_cache_headers(response)
    return response


@login_required
@require_safe
@answers_removed_session
def run_state_view(request, slug, key):
    """The run as JSON for the page's script, with the server's clock to set its own by."""
    session = session_get(user=request.user, slug=slug, key=key)
    response = JsonResponse(run_state_data(run_view(session=session, now=timezone.now())))
    add_never_cache_headers(response)
    return response


def _done_message(view: RunView, action: str) -> str:
    title = view.current.item.title if view.current else ""
    if view.finished:
        return _("The session is finished.")
    return {
        "start": _("Started: now “%(title)s”."),
        "pause": _("Paused. The clock of “%(title)s” stands still."),
        "resume": _("Running again: “%(title)s”."),
        "next": _("Now: “%(title)s”."),
        "back": _("Back to “%(title)s”."),
        "extend": _("Five more minutes for “%(title)s”."),
    }.get(action, "") % {"title": title}


def _run_changed(request, session, *, action: str = "", message: str = "", error: str = ""):
    """Answer a button: the new ``#run-now`` and the status line for htmx, else the page."""
    if request.htmx:
        context = _run_context(session, oob=True)
        if action and not message and not error:
            message = _done_message(context["run"], action)
        context.update(notice=message, notice_error=error)
        response = render(request, f"{RUN_PAGE}#run-changed", context)
        add_never_cache_headers(response)
        return response
    if error:
        messages.error(request, error)
    else:
        view = run_view(session=session, now=timezone.now())
        messages.success(request, message or _done_message(view, action))
    return redirect(_page_url(session, "run-now"))


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@answers_removed_session
def run_action_view(request, slug, key, action):
    """Start, pause, resume, next, back, +5 minutes or finish, from any device of the team."""
    session = session_get(user=request.user, slug=slug, key=key)
    if request.method != "POST":
        return redirect(_page_url(session, "run-now"))
    require_permission(request.user, session.jam, Permission.RUN_SESSIONS)
    version = request.POST.get("version")
    try:
        run_change(
            session=session,
            action=action,
            now=timezone.now(),
            expected_version=_int(version, -1) if version is not None else None,
        )
    except RunStale:
        return _run_changed(
            request,
            session,
            error=_(
                "Someone else moved the session on a moment ago, so nothing more was done. "
                "This is where it is now."
            ),
        )
    except ValidationError as error:
        return _run_changed(request, session, error=error.messages[0])
    return _run_changed(request, session, action=action)


# --- Questions on the facilitator's screen ----------------------------------------------


@login_required
@vary_on_headers("HX-Request")
@require_safe
@answers_removed_session
def run_questions_view(request, slug, key):
    """The questions part, polled by htmx; nothing (204) when it has not changed."""
    session = session_get(user=request.user, slug=slug, key=key)
    show_hidden = request.GET.get("hidden") == "1"
    if not request.htmx:
        anchor = "run-questions"
        return redirect(f"{_page_url(session)}{'?hidden=1' if show_hidden else ''}#{anchor}")
    seen = request.GET.get("seen", "")
    context = _questions_context(
        session, show_hidden=show_hidden, seen=int(seen) if seen.isdigit() else None, oob=True
    )
    if request.GET.get("v") == context["board"].fingerprint:
        response = HttpResponse(status=204)
    else:
        response = render(request, f"{RUN_PAGE}#run-questions-changed", context)
    add_never_cache_headers(response)
    return response


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@answers_removed_session
def run_question_view(request, slug, key, pk):
    """Mark a question answered or not, hide it from the screen or show it again."""
    session = session_get(user=request.user, slug=slug, key=key)
    show_hidden = request.POST.get("hidden") == "1"
    if request.method != "POST":
        return redirect(_page_url(session, "run-questions"))
    require_permission(request.user, session.jam, Permission.RUN_SESSIONS)
    question = question_get(session=session, pk=pk)
    mark = request.POST.get("mark", "")
    if question is None:
        message = _("That question is no longer there.")
    elif mark not in MARKS:
        message = _("Choose what to do with the question.")
    else:
        question_mark(question=question, mark=mark, now=timezone.now())
        message = question_mark_message(question=question, mark=mark)
    if request.htmx:
        context = _questions_context(session, show_hidden=show_hidden, oob=True, notice=message)
        response = render(request, f"{RUN_PAGE}#run-questions-changed", context)
        add_never_cache_headers(response)
        return response
    messages.success(request, message)
    query = "?hidden=1" if show_hidden else ""
    return redirect(f"{_page_url(session)}{query}#run-questions")
