"""Adding a session, changing its date, time or place, cancelling it (and bringing it back),
and deleting one added by mistake."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from planning.enums import Permission
from planning.jams.forms import SessionWithPlaceForm
from planning.jams.selectors import jam_get
from planning.models import Session
from planning.rules import refusal, require
from sessions.messages.record import session_recipients
from sessions.rules import can_cancel_sessions, can_change_sessions
from sessions.schedule.removed import PLAN_ANCHOR, answers_removed_session
from sessions.schedule.selectors import session_get, session_records
from sessions.schedule.services import (
    last_session_text,
    restore_blocker,
    session_cancel,
    session_cancel_blocker,
    session_create,
    session_delete,
    session_delete_blocker,
    session_restore,
    session_update,
)


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


def _session_to_cancel(request, slug: str, key: str) -> Session:
    """The session, for whoever may call sessions off (``can_cancel_sessions``); 403 else."""
    session = session_get(user=request.user, slug=slug, key=key)
    require(can_cancel_sessions(request.user, session.jam), refusal(Permission.CANCEL_SESSIONS))
    return session


def _confirm_page(request, session: Session, *, error: str = "") -> HttpResponse:
    """What cancelling, deleting or bringing back the session does, before it is done.

    A cancelled session is offered to be brought back. A coming one is cancelled, or,
    when it was added by mistake (``session_delete_blocker`` has nothing against it),
    simply deleted; the page says why when neither can be done.
    """
    now = timezone.now()
    if session.is_cancelled:
        action = "restore"
        blocker = restore_blocker(session, now=now)
    else:
        blocker = session_cancel_blocker(session, now=now)
        if not blocker and session.jam.sessions.going_ahead().count() <= 1:
            blocker = last_session_text()
        deletable = not blocker and not session_delete_blocker(session, now=now)
        action = "delete" if deletable else "cancel"
    context = {
        "jam": session.jam,
        "session": session,
        "action": action,
        "blocker": blocker,
        "error": error,
        "records": session_records(session),
        "told": 0 if blocker else session_recipients(session=session).count(),
    }
    return render(request, "sessions/session_confirm_cancel.html", context)


def _confirmed(request, slug: str, key: str, act: Callable[[Session], str]) -> HttpResponse:
    """The page that says what happens (GET); on POST, ``act`` (one service, returning what
    to tell the user) and back to the plan, or this page again saying why not."""
    session = _session_to_cancel(request, slug, key)
    if request.method == "POST":
        try:
            done = act(session)
        except ValidationError as exc:
            return _confirm_page(request, session, error=exc.messages[0])
        messages.success(request, done)
        return redirect(f"{session.jam.get_absolute_url()}#{PLAN_ANCHOR}")
    return _confirm_page(request, session)


@login_required
@require_http_methods(["GET", "POST"])
@answers_removed_session
def session_cancel_view(request, slug, key):
    """Call a coming session off: guests are told, what it holds is kept."""

    def cancel(session: Session) -> str:
        return _cancelled_text(session, session_cancel(session=session, actor=request.user))

    return _confirmed(request, slug, key, cancel)


def _when(session: Session) -> str:
    """When the session was planned, on its own clock: “Monday 1 February 2027, 18:00”."""
    return date_format(session.local_start, "l j F Y, H:i")


def _cancelled_text(session: Session, told: int) -> str:
    when = {"when": _when(session), "count": told}
    if not told:
        return _("The session of %(when)s is cancelled. No guest had to be told.") % when
    return (
        ngettext(
            "The session of %(when)s is cancelled: we are telling %(count)d guest.",
            "The session of %(when)s is cancelled: we are telling %(count)d guests.",
            told,
        )
        % when
    )


def _restored(session: Session) -> str:
    told = session_restore(session=session)
    if not told:
        return _("%(session)s is back on.") % {"session": session.label}
    return ngettext(
        "%(session)s is back on: we are telling %(count)d guest.",
        "%(session)s is back on: we are telling %(count)d guests.",
        told,
    ) % {"session": session.label, "count": told}


@login_required
@require_http_methods(["GET", "POST"])
@answers_removed_session
def session_restore_view(request, slug, key):
    """Bring a cancelled session back while it is still to come: its guests are told."""
    return _confirmed(request, slug, key, _restored)


def _deleted(session: Session) -> str:
    session_delete(session=session)
    return _("The session is deleted.")


@login_required
@require_http_methods(["GET", "POST"])
@answers_removed_session
def session_delete_view(request, slug, key):
    """Delete a session added by mistake (``session_delete``); any other is cancelled."""
    return _confirmed(request, slug, key, _deleted)
