"""The pages that make the actions here, and the pages that read or remove a whole Jam
across apps: creating a Jam, changing its details, downloading everything it holds,
deleting it (saying first what goes with it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from jamsessions.actions.export import jam_export_filenames, jam_export_zip
from jamsessions.actions.jams import jam_create, jam_update
from jamsessions.deletion import what_goes_with
from jamsessions.downloads import content_disposition
from planning.enums import Permission
from planning.jams.forms import JamDeleteForm, JamForm, SessionForm
from planning.jams.selectors import jam_get
from planning.jams.services import jam_delete
from planning.rules import can_delete_jam, can_export_jam, require, require_permission
from reporting.reports.services import report_reviewable_get


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
    context = {
        "jam": jam,
        "form": form,
        "forms": [form],
        "can_export": can_export_jam(request.user, jam),
        "can_delete": can_delete_jam(request.user, jam),
    }
    return render(request, "planning/jam_edit.html", context)


@login_required
@require_safe
def jam_export_view(request, slug):
    """Everything the Jam holds, as a ZIP to keep: the host's (``can_export_jam``)."""
    jam = jam_get(user=request.user, slug=slug)
    require(
        can_export_jam(request.user, jam), _("Only the host can download everything a Jam holds.")
    )
    response = HttpResponse(
        jam_export_zip(jam=jam, exported_by=request.user), content_type="application/zip"
    )
    response["Content-Disposition"] = content_disposition(
        *jam_export_filenames(jam), attachment=True
    )
    # Guests' details: never kept by a browser's or a proxy's cache.
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def jam_delete_view(request, slug):
    """Say what goes with the Jam, offer its export, and delete it once its name is typed."""
    jam = jam_get(user=request.user, slug=slug)
    require(can_delete_jam(request.user, jam), _("Only the host can delete a Jam."))
    form = JamDeleteForm(request.POST or None, jam=jam)
    if request.method == "POST" and form.is_valid():
        name = jam.name
        jam_delete(jam=jam)
        messages.success(request, _("“%(name)s” is deleted.") % {"name": name})
        return redirect("planning:jam_list")
    context = {
        "jam": jam,
        "form": form,
        "forms": [form],
        "what_goes": what_goes_with(jam),
        "report_with_civicus": report_reviewable_get(jam=jam),
        "can_export": can_export_jam(request.user, jam),
    }
    return render(request, "planning/jam_confirm_delete.html", context)
