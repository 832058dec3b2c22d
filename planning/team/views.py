"""The team page of a Jam and the page an invitation link opens.

Views parse, check who may, call one service from ``planning.team`` and render.
With htmx the team page's forms swap ``#team`` only; without JavaScript they
post and come back to the page.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from jamsessions.accounts.models import email_normalise
from jamsessions.deletion import what_goes_with
from planning.enums import Permission
from planning.jams.selectors import jam_get
from planning.models import Jam, TeamMember
from planning.rules import (
    HOST_ONLY,
    can_choose_permissions,
    can_manage_team,
    is_host_member,
    refusal,
    require,
    require_permission,
)
from planning.team.forms import InvitationForm, MemberRoleForm, PermissionsForm
from planning.team.selectors import (
    InvitationState,
    email_masked,
    invitation_get_by_token,
    invitation_get_open,
    invitation_list_shown,
    invitation_state,
    member_get,
    membership_get,
    permission_columns,
    permission_rows,
    team_list,
)
from planning.team.services import (
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
    member_leave,
    member_remove,
    member_role_update,
    permissions_update,
)


@dataclass(frozen=True)
class TeamRow:
    member: TeamMember
    is_host: bool
    is_me: bool
    role_form: MemberRoleForm | None


def _team_url(jam: Jam) -> str:
    return reverse("planning:team", kwargs={"slug": jam.slug})


def _team_page(
    request,
    jam: Jam,
    *,
    invite_form: InvitationForm | None = None,
    role_form: MemberRoleForm | None = None,
    permissions_form: PermissionsForm | None = None,
):
    """The team page, or with htmx its ``#team`` part; forms with errors are shown as given."""
    manages = can_manage_team(jam=jam, user=request.user)
    members = list(team_list(jam=jam))
    columns = permission_columns(jam=jam, members=members)
    if permissions_form is None and can_choose_permissions(request.user, jam):
        permissions_form = PermissionsForm(columns=columns)
    rows = []
    for member in members:
        is_host = member.user_id == jam.host_id
        form = None
        if manages and not is_host:
            form = role_form if role_form and role_form.member.pk == member.pk else None
            form = form or MemberRoleForm(member=member)
        rows.append(TeamRow(member, is_host, member.user_id == request.user.pk, form))
    invite_form = invite_form or InvitationForm(jam=jam)
    context = {
        "jam": jam,
        "rows": rows,
        "invitations": invitation_list_shown(jam=jam, now=timezone.now()),
        "invite_form": invite_form,
        "forms": [form for form in (invite_form, role_form) if form is not None],
        "manages": manages,
        "columns": columns,
        "permission_rows": permission_rows(columns),
        "host_only": HOST_ONLY,
        "permissions_form": permissions_form,
        "can_leave": any(row.is_me and not row.is_host for row in rows),
    }
    template = "planning/team.html" + ("#team" if request.htmx else "")
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def _team_changed(request, jam: Jam):
    """After a change: with htmx the fresh ``#team`` (messages included), else back to the page."""
    if request.htmx:
        return _team_page(request, jam)
    return redirect(_team_url(jam))


@login_required
@require_safe
def team_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    return _team_page(request, jam)


@login_required
@require_POST
def team_invite_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.MANAGE_TEAM)
    form = InvitationForm(request.POST, jam=jam)
    if form.is_valid():
        try:
            invitation = invitation_create(
                jam=jam,
                invited_by=request.user,
                email=form.cleaned_data["email"],
                role=form.cleaned_data["role"],
                custom_role=form.cleaned_data["custom_role"],
                absolute_uri=request.build_absolute_uri,
            )
        except ValidationError as error:
            form.add_error("email", error)
        else:
            messages.success(
                request,
                _("We are sending the invitation to %(email)s.") % {"email": invitation.email},
            )
            return _team_changed(request, jam)
    return _team_page(request, jam, invite_form=form)


@login_required
@require_POST
def team_member_role_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    require(can_manage_team(jam=jam, user=request.user), refusal(Permission.MANAGE_TEAM))
    member = member_get(jam=jam, pk=pk)
    if is_host_member(member):
        raise PermissionDenied(_("The host's role cannot be changed."))
    if member.user_id == request.user.pk:
        raise PermissionDenied(_("Only the host can change your role."))
    form = MemberRoleForm(request.POST, member=member)
    if form.is_valid():
        member = member_role_update(
            member=member,
            role=form.cleaned_data["role"],
            custom_role=form.cleaned_data["custom_role"],
        )
        messages.success(
            request,
            _("%(name)s is now %(role)s.")
            % {"name": member.user.display_name, "role": member.role_label},
        )
        return _team_changed(request, jam)
    return _team_page(request, jam, role_form=form)


@login_required
@require_POST
def team_permissions_view(request, slug):
    """The host chooses what each role may do."""
    jam = jam_get(user=request.user, slug=slug)
    require(
        can_choose_permissions(request.user, jam),
        _("Only the host chooses what each role may do."),
    )
    columns = permission_columns(jam=jam, members=list(team_list(jam=jam)))
    form = PermissionsForm(request.POST, columns=columns)
    if form.is_valid():
        roles, members = form.chosen()
        permissions_update(jam=jam, roles=roles, members=members)
        messages.success(request, _("Who may do what is saved."))
        return _team_changed(request, jam)
    return _team_page(request, jam, permissions_form=form)


@login_required
@require_http_methods(["GET", "POST"])
def team_member_remove_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    require(can_manage_team(jam=jam, user=request.user), refusal(Permission.MANAGE_TEAM))
    member = member_get(jam=jam, pk=pk)
    if is_host_member(member):
        raise PermissionDenied(_("Nobody can remove the host from the team."))
    if request.method == "POST":
        member_remove(member=member)
        messages.success(
            request, _("%(name)s is no longer on the team.") % {"name": member.user.display_name}
        )
        return redirect(_team_url(jam))
    context = {"jam": jam, "member": member, "what_goes": what_goes_with(member)}
    return render(request, "planning/team_member_confirm_remove.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def team_leave_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    member = membership_get(jam=jam, user=request.user)
    if member is None or is_host_member(member):
        raise PermissionDenied(
            _("As the host you cannot leave the team. You can delete the Jam instead.")
        )
    if request.method == "POST":
        member_leave(member=member)
        messages.success(request, _("You have left the team of “%(name)s”.") % {"name": jam.name})
        return redirect("planning:jam_list")
    context = {"jam": jam, "member": member, "what_goes": what_goes_with(member)}
    return render(request, "planning/team_confirm_leave.html", context)


@login_required
@require_POST
def team_invitation_resend_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    require(can_manage_team(jam=jam, user=request.user), refusal(Permission.MANAGE_TEAM))
    invitation = invitation_get_open(jam=jam, pk=pk)
    invitation_resend(
        invitation=invitation, actor=request.user, absolute_uri=request.build_absolute_uri
    )
    messages.success(
        request,
        _("We are sending %(email)s a new link. The earlier one no longer works.")
        % {"email": invitation.email},
    )
    return _team_changed(request, jam)


@login_required
@require_POST
def team_invitation_revoke_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    require(can_manage_team(jam=jam, user=request.user), refusal(Permission.MANAGE_TEAM))
    invitation = invitation_get_open(jam=jam, pk=pk)
    invitation_revoke(invitation=invitation)
    messages.success(
        request,
        _("The invitation to %(email)s is withdrawn. Its link no longer works.")
        % {"email": invitation.email},
    )
    return _team_changed(request, jam)


# --- The link in the invitation email ---------------------------------------------


def _with_next(url_name: str, next_path: str) -> str:
    return f"{reverse(url_name)}?{urlencode({'next': next_path})}"


@never_cache
@require_http_methods(["GET", "POST"])
def team_join_view(request, token):
    """Where an invitation link leads: explain, then join with the invited account."""
    invitation = invitation_get_by_token(token=token)
    if invitation is None:
        return render(request, "planning/team_join_invalid.html", {"reason": "unknown"}, status=404)
    jam = invitation.jam
    state = invitation_state(invitation, now=timezone.now())
    if state != InvitationState.PENDING:
        if membership_get(jam=jam, user=request.user) is not None:
            messages.info(request, _("You are on the team of this Jam."))
            return redirect(jam)
        context = {"reason": state.value, "invitation": invitation}
        return render(request, "planning/team_join_invalid.html", context, status=410)

    here = request.get_full_path()
    context = {
        "invitation": invitation,
        "jam": jam,
        "masked_email": email_masked(invitation.email),
        "sign_in_url": _with_next("accounts:login", here),
        "sign_up_url": _with_next("accounts:sign_up", here),
        "here": here,
    }
    if not request.user.is_authenticated:
        if request.method == "POST":
            return redirect(context["sign_in_url"])
        return render(request, "planning/team_join.html", context)
    if email_normalise(request.user.email) != email_normalise(invitation.email):
        status = 403 if request.method == "POST" else 200
        return render(
            request, "planning/team_join.html", {**context, "wrong_account": True}, status=status
        )
    if request.method == "POST":
        try:
            member = invitation_accept(invitation=invitation, user=request.user)
        except ValidationError as error:
            # Another tab used or lost it a moment ago.
            context = {"reason": error.code, "invitation": invitation}
            return render(request, "planning/team_join_invalid.html", context, status=410)
        messages.success(
            request,
            _("Welcome to the team of “%(name)s”. Your role: %(role)s.")
            % {"name": jam.name, "role": member.role_label},
        )
        return redirect(jam)
    return render(request, "planning/team_join.html", {**context, "confirm": True})
