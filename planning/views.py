from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from sessions.forms import SessionForm

from .forms import JamForm
from .selectors import jam_countdown, jam_get, jam_list
from .services import jam_create, jam_delete, jam_update


@login_required
def jam_list_view(request):
    now = timezone.now()
    jams = [(jam, jam_countdown(jam, now=now)) for jam in jam_list(user=request.user)]
    return render(request, "planning/jam_list.html", {"jams": jams})


@login_required
@require_http_methods(["GET", "POST"])
def jam_create_view(request):
    jam_form = JamForm(request.POST or None)
    session_form = SessionForm(request.POST or None, prefix="session")
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
def jam_detail_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    context = {
        "jam": jam,
        "next": jam_countdown(jam, now=timezone.now()),
        "sessions": list(jam.sessions.all()),
        "is_host": jam.is_host(request.user),
    }
    return render(request, "planning/jam_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def jam_edit_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    form = JamForm(request.POST or None, instance=jam)
    if request.method == "POST" and form.is_valid():
        jam_update(jam=jam, details=form.cleaned_data)
        messages.success(request, _("Your changes are saved."))
        return redirect(jam)
    return render(request, "planning/jam_edit.html", {"jam": jam, "form": form, "forms": [form]})


@login_required
@require_http_methods(["GET", "POST"])
def jam_delete_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    if not jam.is_host(request.user):
        raise PermissionDenied(_("Only the host can delete a Jam."))
    if request.method == "POST":
        name = jam.name
        jam_delete(jam=jam)
        messages.success(request, _("“%(name)s” is deleted.") % {"name": name})
        return redirect("planning:jam_list")
    return render(request, "planning/jam_confirm_delete.html", {"jam": jam})
