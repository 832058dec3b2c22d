"""The guest list of a Jam: add and paste guests, send invitations, see answers and emails.

Any member of the organising team may see the list, add guests and send
invitations; only the host may erase a guest or write to everyone who said
yes. With htmx the forms swap ``#guests`` only; without JavaScript they post
and come back to the page.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from .enums import MessageStatus
from .guest_forms import AnnouncementForm, GuestAddForm, GuestImportForm
from .guest_messages import (
    announcement_send,
    invitation_blocker,
    invitations_send,
    message_log,
    message_retry,
)
from .guest_table import (
    ONE_GROUP_NOTES,
    guest_table,
    message_log_view,
    sessions_in_order,
)
from .guests import (
    GUESTS_SUGGESTED_MAX,
    GUESTS_SUGGESTED_MIN,
    ImportResult,
    diversity_summary,
    guest_create,
    guest_erase,
    guest_get,
    guest_link_revoke,
    guests_import,
)
from .models import Guest, GuestMessage, Jam
from .selectors import jam_get

GUESTS_PAGE = "planning/guests/guest_list.html"


def _guests_url(jam: Jam, anchor: str = "") -> str:
    url = reverse("planning:guests", kwargs={"slug": jam.slug})
    return f"{url}#{anchor}" if anchor else url


def _guests_page(
    request,
    jam: Jam,
    *,
    add_form: GuestAddForm | None = None,
    import_form: GuestImportForm | None = None,
    import_result: ImportResult | None = None,
    announcement_form: AnnouncementForm | None = None,
):
    """The guest list, or with htmx its ``#guests`` part; forms with errors are shown as given."""
    is_host = jam.is_host(request.user)
    sessions = sessions_in_order(jam)
    table = guest_table(jam=jam, sessions=sessions)
    log = message_log(jam=jam, sessions=sessions)
    summary = diversity_summary(jam=jam)
    add_form = add_form or GuestAddForm()
    import_form = import_form or GuestImportForm()
    if is_host:
        announcement_form = announcement_form or AnnouncementForm()
    context = {
        "jam": jam,
        "is_host": is_host,
        "table": table,
        "invitation_blocker": invitation_blocker(jam),
        "log": message_log_view(log, sessions=sessions, guests=[row.guest for row in table.rows]),
        "diversity": summary,
        "one_group_notes": [ONE_GROUP_NOTES[item.name] for item in summary.one_group_fields],
        "suggested_min": GUESTS_SUGGESTED_MIN,
        "suggested_max": GUESTS_SUGGESTED_MAX,
        "add_form": add_form,
        "import_form": import_form,
        "import_problems": import_result.problems if import_result else [],
        "announcement_form": announcement_form,
        "forms": [form for form in (add_form, import_form, announcement_form) if form],
    }
    template = GUESTS_PAGE + ("#guests" if request.htmx else "")
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _guests_changed(request, jam: Jam, anchor: str = ""):
    """After a change: with htmx the fresh ``#guests`` (messages included), else back to the page."""
    if request.htmx:
        return _guests_page(request, jam)
    return redirect(_guests_url(jam, anchor))


def _host_only(request, jam: Jam, message: str) -> None:
    if not jam.is_host(request.user):
        raise PermissionDenied(message)


def _guest_to_invite(jam: Jam, pk: int) -> Guest:
    guest = guest_get(jam=jam, pk=pk)
    if guest.is_erased:
        raise PermissionDenied(_("This guest’s details are erased: nothing can be sent to them."))
    return guest


@login_required
def guest_list_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    return _guests_page(request, jam)


@login_required
@require_http_methods(["GET", "POST"])
def guest_add_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    if request.method == "GET":
        return redirect(_guests_url(jam, "add"))
    form = GuestAddForm(request.POST)
    if form.is_valid():
        try:
            guest = guest_create(jam=jam, added_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            messages.success(request, _("%(name)s is on the guest list.") % {"name": guest.name})
            return _guests_changed(request, jam, f"guest-{guest.pk}")
    return _guests_page(request, jam, add_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def guest_import_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    if request.method == "GET":
        return redirect(_guests_url(jam, "paste"))
    form = GuestImportForm(request.POST)
    if not form.is_valid():
        return _guests_page(request, jam, import_form=form)
    try:
        result = guests_import(jam=jam, text=form.cleaned_data["lines"], added_by=request.user)
    except ValidationError as error:
        form.add_service_error(error)
        return _guests_page(request, jam, import_form=form)
    added = len(result.added)
    messages.success(
        request,
        ngettext("%(count)d guest added to the list.", "%(count)d guests added to the list.", added)
        % {"count": added},
    )
    if not result.problems:
        return _guests_changed(request, jam)
    return _guests_page(request, jam, import_form=_problem_lines_form(result), import_result=result)


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
@require_POST
def guest_invitations_send_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    if blocker := invitation_blocker(jam):
        messages.error(request, blocker)
        return _guests_changed(request, jam)
    guests = Guest.objects.filter(jam=jam, erased_at__isnull=True, invited_at__isnull=True)
    count = invitations_send(jam=jam, guests=list(guests))
    if count:
        messages.success(
            request,
            ngettext(
                "We are sending %(count)d invitation.",
                "We are sending %(count)d invitations.",
                count,
            )
            % {"count": count},
        )
    else:
        messages.info(request, _("Everyone on the list has an invitation already."))
    return _guests_changed(request, jam)


@login_required
@require_POST
def guest_resend_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    guest = _guest_to_invite(jam, pk)
    if blocker := invitation_blocker(jam):
        messages.error(request, blocker)
        return _guests_changed(request, jam)
    invitations_send(jam=jam, guests=[guest], resend=True)
    messages.success(
        request, _("We are sending the invitation to %(name)s again.") % {"name": guest.name}
    )
    return _guests_changed(request, jam, f"guest-{guest.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def guest_erase_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    _host_only(request, jam, _("Only the host can erase a guest’s details."))
    guest = guest_get(jam=jam, pk=pk)
    if guest.is_erased:
        messages.info(request, _("This guest’s details were erased already."))
        return redirect(_guests_url(jam))
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
        return redirect(_guests_url(jam))
    return render(request, "planning/guests/guest_confirm_erase.html", {"jam": jam, "guest": guest})


@login_required
@require_http_methods(["GET", "POST"])
def guest_new_link_view(request, slug, pk):
    """Replace a guest's personal link, say when it was forwarded or a phone was lost."""
    jam = jam_get(user=request.user, slug=slug)
    _host_only(request, jam, _("Only the host can give a guest a new link."))
    guest = _guest_to_invite(jam, pk)
    if request.method == "GET":
        context = {"jam": jam, "guest": guest, "can_send": not invitation_blocker(jam)}
        return render(request, "planning/guests/guest_confirm_new_link.html", context)
    guest_link_revoke(guest=guest)
    if guest.invited_at and not invitation_blocker(jam):
        invitations_send(jam=jam, guests=[guest], resend=True)
        message = _("The old link of %(name)s no longer works. We are emailing them the new one.")
    else:
        message = _(
            "The old link of %(name)s no longer works. The invitation will carry the new one."
        )
    messages.success(request, message % {"name": guest.name})
    return redirect(_guests_url(jam, f"guest-{guest.pk}"))


@login_required
@require_POST
def guest_message_retry_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    message = get_object_or_404(GuestMessage.objects.select_related("guest"), jam=jam, pk=pk)
    may_have_gone_out = message.status == MessageStatus.SENDING
    try:
        message_retry(message=message)
    except ValidationError as error:  # not stuck, or sent or retried a moment ago
        messages.info(request, error.messages[0])
    else:
        if may_have_gone_out:
            text = _("We are sending the email to %(name)s again.")
        else:
            text = _("We are trying again to send the email to %(name)s.")
        messages.success(request, text % {"name": message.guest.name})
    return _guests_changed(request, jam, "emails")


@login_required
@require_http_methods(["GET", "POST"])
def guest_announcement_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    if request.method == "GET":
        return redirect(_guests_url(jam, "announcement"))
    _host_only(request, jam, _("Only the host can write to everyone who said yes."))
    form = AnnouncementForm(request.POST)
    if form.is_valid():
        try:
            announcement = announcement_send(jam=jam, sent_by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_service_error(error)
        else:
            count = announcement.messages.count()
            messages.success(
                request,
                ngettext(
                    "Your message is on its way to %(count)d guest.",
                    "Your message is on its way to %(count)d guests.",
                    count,
                )
                % {"count": count},
            )
            return _guests_changed(request, jam, "announcement")
    return _guests_page(request, jam, announcement_form=form)
