from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from planning.selectors import jam_get

from .forms import SessionForm
from .selectors import session_get
from .services import session_create, session_delete, session_update


def _session_fields(form: SessionForm) -> dict:
    data = form.cleaned_data
    return {
        "starts_at": data["starts_at"],
        "duration_minutes": data["duration_minutes"],
        "timezone": data["timezone"],
    }


@login_required
def session_detail_view(request, slug, number):
    session = session_get(user=request.user, slug=slug, number=number)
    return render(request, "sessions/session_detail.html", {"session": session, "jam": session.jam})


@login_required
@require_http_methods(["GET", "POST"])
def session_create_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    last = max(jam.sessions.all(), key=lambda session: session.starts_at, default=None)
    initial = {"timezone": last.timezone, "duration_minutes": last.duration_minutes} if last else {}
    form = SessionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        session = session_create(jam=jam, **_session_fields(form))
        messages.success(request, _("%(session)s is added.") % {"session": session.label})
        return redirect(jam)
    return render(
        request, "sessions/session_form.html", {"jam": jam, "form": form, "forms": [form]}
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit_view(request, slug, number):
    session = session_get(user=request.user, slug=slug, number=number)
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        session = session_update(session=session, **_session_fields(form))
        messages.success(request, _("The session’s time is saved."))
        return redirect(session.jam)
    context = {"jam": session.jam, "session": session, "form": form, "forms": [form]}
    return render(request, "sessions/session_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def session_delete_view(request, slug, number):
    session = session_get(user=request.user, slug=slug, number=number)
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
