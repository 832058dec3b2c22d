"""The pages that make the actions here: creating a Jam, changing its details."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from jamsessions.actions.jams import jam_create, jam_update
from planning.enums import Permission
from planning.jams.forms import JamForm, SessionForm
from planning.jams.selectors import jam_get
from planning.rules import require_permission


@login_required
@require_http_methods(["GET", "POST"])
def jam_create_view(request):
    jam_form = JamForm(request.POST or None)
    session_form = SessionForm(request.POST or None, prefix="session", host=request.user)
    if request.method == "POST" and jam_form.is_valid() & session_form.is_valid():
        jam = jam_create(
            host=request.user,
            details=jam_form.cleaned_data,
            starts_at=session_form.cleaned_data["starts_at"],
            duration_minutes=session_form.cleaned_data["duration_minutes"],
            timezone=session_form.cleaned_data["timezone"],
        )
        messages.success(request, _("Your Jam “%(name)s” is created.") % {"name": jam.name})
        return redirect(jam)
    return render(
        request,
        "planning/jam_form.html",
        {"jam_form": jam_form, "session_form": session_form, "forms": [jam_form, session_form]},
    )


@login_required
@require_http_methods(["GET", "POST"])
def jam_edit_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.CHANGE_JAM)
    form = JamForm(request.POST or None, instance=jam)
    if request.method == "POST" and form.is_valid():
        jam_update(jam=jam, details=form.cleaned_data)
        messages.success(request, _("Your changes are saved."))
        return redirect(jam)
    return render(request, "planning/jam_edit.html", {"jam": jam, "form": form, "forms": [form]})
