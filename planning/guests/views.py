"""The guest list of a Jam: see it, add and paste guests, erase one.

Any member of the organising team may see the list and add guests; only the host may
erase a guest. Sending invitations and messages is ``sessions.messages.views``. With htmx
the forms swap ``#guests`` only; without JavaScript they post and come back to the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_safe

from planning.enums import Permission
from planning.guests.forms import GuestAddForm, GuestImportForm
from planning.guests.page import guests_changed, guests_page, guests_url
from planning.guests.selectors import guest_erase_what_goes, guest_get
from planning.guests.services import ImportResult, guest_create, guest_erase, guests_import
from planning.jams.selectors import jam_get
from planning.rules import can_erase_guest, refusal, require, require_permission


@login_required
@require_safe
def guest_list_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    return guests_page(request, jam)


@login_required
@require_http_methods(["GET", "POST"])
def guest_add_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.INVITE_GUESTS)
    if request.method == "GET":
        return redirect(guests_url(jam, "add"))
    form = GuestAddForm(request.POST)
    if form.is_valid():
        try:
            guest = guest_create(jam=jam, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("%(name)s is on the guest list.") % {"name": guest.name})
            return guests_changed(request, jam, f"guest-{guest.pk}")
    return guests_page(request, jam, add_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def guest_import_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.INVITE_GUESTS)
    if request.method == "GET":
        return redirect(guests_url(jam, "paste"))
    form = GuestImportForm(request.POST)
    if not form.is_valid():
        return guests_page(request, jam, import_form=form)
    try:
        result = guests_import(jam=jam, text=form.cleaned_data["lines"], added_by=request.user)
    except ValidationError as error:
        form.add_service_error(error)
        return guests_page(request, jam, import_form=form)
    added = len(result.added)
    messages.success(
        request,
        ngettext("%(count)d guest added to the list.", "%(count)d guests added to the list.", added)
        % {"count": added},
    )
    if not result.problems:
        return guests_changed(request, jam)
    return guests_page(request, jam, import_form=_problem_lines_form(result), import_result=result)


def _problem_lines_form(result: ImportResult) -> GuestImportForm:
    """The paste form again, holding only the lines that were not added, so they can be fixed."""
    form = GuestImportForm({"lines": "\n".join(problem.line for problem in result.problems)})
    form.is_valid()
    count = len(result.problems)
    form.add_error(
        "lines",
        ngettext(
            "%(count)d line was not added. It is back in the box: correct it and add it again.",
            "%(count)d lines were not added. They are back in the box: correct them and add them again.",
            count,
        )
        % {"count": count},
    )
    return form


@login_required
@require_http_methods(["GET", "POST"])
def guest_erase_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    require(can_erase_guest(request.user, jam), refusal(Permission.ERASE_GUESTS))
    guest = guest_get(jam=jam, pk=pk)
    if guest.is_erased:
        messages.info(request, _("This guest’s details were erased already."))
        return redirect(guests_url(jam))
    if request.method == "POST":
        name = guest.name
        guest_erase(guest=guest)
        messages.success(
            request,
            _(
                "The details of %(name)s are erased. Their answers stay in the counts, "
                "without a name."
            )
            % {"name": name},
        )
        return redirect(guests_url(jam))
    context = {"jam": jam, "guest": guest, "what_goes": guest_erase_what_goes(guest)}
    return render(request, "planning/guests/guest_confirm_erase.html", context)
