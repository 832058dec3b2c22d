"""Adding a session, changing its date, time or place, and removing it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from planning.enums import Permission
from planning.jams.forms import SessionWithPlaceForm
from planning.jams.selectors import jam_get
from planning.rules import refusal, require
from sessions.rules import can_cancel_sessions, can_change_sessions
from sessions.schedule.removed import answers_removed_session
from sessions.schedule.selectors import session_get
from sessions.schedule.services import session_create, session_delete, session_update


def _session_fields(form: SessionWithPlaceForm) -> dict:
    data = form.cleaned_data
    return {
        "starts_at": data["starts_at"],
        "duration_minutes": data["duration_minutes"],
        "timezone": data["timezone"],
        "venue": data["venue"],
        "online_link": data["online_link"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def session_create_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    require(can_change_sessions(request.user, jam), refusal(Permission.SCHEDULE_SESSIONS))
    last = max(jam.sessions.all(), key=lambda session: session.starts_at, default=None)
    initial = {"timezone": last.timezone, "duration_minutes": last.duration_minutes} if last else {}
    form = SessionWithPlaceForm(request.POST or None, initial=initial, jam=jam)
    if request.method == "POST" and form.is_valid():
        session = session_create(jam=jam, **_session_fields(form))
        messages.success(request, _("%(session)s is added.") % {"session": session.label})
        return redirect(jam)
    return render(
        request, "sessions/session_form.html", {"jam": jam, "form": form, "forms": [form]}
    )


@login_required
@require_http_methods(["GET", "POST"])
@answers_removed_session
def session_edit_view(request, slug, key):
    session = session_get(user=request.user, slug=slug, key=key)
    require(can_change_sessions(request.user, session.jam), refusal(Permission.SCHEDULE_SESSIONS))
    form = SessionWithPlaceForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        session = session_update(session=session, **_session_fields(form))
        messages.success(request, _("The session’s time and place are saved."))
        return redirect(session.jam)
    context = {"jam": session.jam, "session": session, "form": form, "forms": [form]}
    return render(request, "sessions/session_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@answers_removed_session
def session_delete_view(request, slug, key):
    session = session_get(user=request.user, slug=slug, key=key)
    require(can_cancel_sessions(request.user, session.jam), refusal(Permission.CANCEL_SESSIONS))
    error = None
    if request.method == "POST":
        try:
            session_delete(session=session)
        except ValidationError as exc:
            error = exc.messages[0]
        else:
            messages.success(request, _("The session is removed."))
            return redirect(session.jam)
    context = {"jam": session.jam, "session": session, "error": error}
    return render(request, "sessions/session_confirm_delete.html", context)
