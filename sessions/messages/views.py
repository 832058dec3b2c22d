"""What the team sends guests from the guest list: invitations (again, or with a new link),
a message to everyone who said yes, and an email that failed, sent again.

Any member of the organising team may send invitations; only the host may give a guest a
new link or write to everyone who said yes. Each view answers as the guest list does
(``planning.guests.page``).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from planning.enums import MessageStatus, Permission
from planning.guests.forms import AnnouncementForm
from planning.guests.page import guests_changed, guests_page, guests_url
from planning.guests.selectors import guest_get_to_invite, invitation_blocker
from planning.guests.services import guest_link_revoke
from planning.jams.selectors import jam_get
from planning.models import Guest, GuestMessage
from planning.rules import (
    can_give_guest_new_link,
    can_write_to_guests,
    refusal,
    require,
    require_permission,
)
from sessions.messages.notices import announcement_send, invitations_send, message_retry


@login_required
@require_POST
def invitations_send_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.INVITE_GUESTS)
    if blocker := invitation_blocker(jam):
        messages.error(request, blocker)
        return guests_changed(request, jam)
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
    return guests_changed(request, jam)


@login_required
@require_POST
def invitation_resend_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.INVITE_GUESTS)
    guest = guest_get_to_invite(jam=jam, pk=pk)
    if blocker := invitation_blocker(jam):
        messages.error(request, blocker)
        return guests_changed(request, jam)
    invitations_send(jam=jam, guests=[guest], resend=True)
    messages.success(
        request, _("We are sending the invitation to %(name)s again.") % {"name": guest.name}
    )
    return guests_changed(request, jam, f"guest-{guest.pk}")


@login_required
@require_http_methods(["GET", "POST"])
def guest_new_link_view(request, slug, pk):
    """Replace a guest's personal link, say when it was forwarded or a phone was lost."""
    jam = jam_get(user=request.user, slug=slug)
    require(can_give_guest_new_link(request.user, jam), refusal(Permission.ERASE_GUESTS))
    guest = guest_get_to_invite(jam=jam, pk=pk)
    if request.method == "GET":
        context = {"jam": jam, "guest": guest, "can_send": not invitation_blocker(jam)}
        return render(request, "sessions/messages/guest_confirm_new_link.html", context)
    guest_link_revoke(guest=guest)
    if guest.invited_at and not invitation_blocker(jam):
        invitations_send(jam=jam, guests=[guest], resend=True)
        message = _("The old link of %(name)s no longer works. We are emailing them the new one.")
    else:
        message = _(
            "The old link of %(name)s no longer works. The invitation will carry the new one."
        )
    messages.success(request, message % {"name": guest.name})
    return redirect(guests_url(jam, f"guest-{guest.pk}"))


@login_required
@require_POST
def message_retry_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.INVITE_GUESTS)
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
    return guests_changed(request, jam, "emails")


@login_required
@require_http_methods(["GET", "POST"])
def announcement_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    if request.method == "GET":
        return redirect(guests_url(jam, "announcement"))
    require(can_write_to_guests(request.user, jam), refusal(Permission.WRITE_TO_GUESTS))
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
            return guests_changed(request, jam, "announcement")
    return guests_page(request, jam, announcement_form=form)
