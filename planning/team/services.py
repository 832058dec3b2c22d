"""Writing the organising team: invitations (emailed, single use, expiring), roles, leaving."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jamsessions.accounts.models import email_normalise
from jamsessions.mail import email_send_later, render_subject, render_text
from planning.enums import Permission, TeamRole
from planning.models import (
    Jam,
    TeamInvitation,
    TeamMember,
    token_digest,
)
from planning.rules import LISTED_ROLES, is_host_member
from planning.team.selectors import (
    INVITABLE_ROLES,
    InvitationState,
    invitation_pending_for,
    invitation_state,
    team_has_email,
)

AbsoluteUri = Callable[[str], str]
"""Turns a path into a full link, like ``request.build_absolute_uri``."""


@dataclass(frozen=True)
class Email:
    subject: str
    text: str
    html: str


def _inviter_label(inviter) -> str:
    """Like “Ana (ana@example.org)”: the address lets the invited person check who it really is."""
    if inviter is None:
        return ""
    return f"{inviter.name} ({inviter.email})" if inviter.name else inviter.email


def invitation_email(*, invitation: TeamInvitation, join_url: str) -> Email:
    """The invitation, as plain text and HTML, in the language active now (the inviter's)."""
    context = {
        "invitation": invitation,
        "jam": invitation.jam,
        "inviter_label": _inviter_label(invitation.invited_by),
        "join_url": join_url,
        "valid_days": TeamInvitation.VALID_FOR.days,
    }
    return Email(
        subject=render_subject("planning/email/team_invitation_subject.txt", context),
        text=render_text("planning/email/team_invitation.txt", context),
        html=render_to_string("planning/email/team_invitation.html", context),
    )


def _invitation_send(*, invitation: TeamInvitation, token: str, absolute_uri: AbsoluteUri) -> None:
    """Record the email with its link (sent once the caller commits); the team page shows
    whether it went out. Its text, link and all, is erased once sent."""
    join_url = absolute_uri(reverse("team:join", kwargs={"token": token}))
    email = invitation_email(invitation=invitation, join_url=join_url)
    invitation.last_email = email_send_later(
        to=[invitation.email],
        subject=email.subject,
        text=email.text,
        html=email.html,
        link_expires_at=invitation.expires_at,
    )
    invitation.save(update_fields=["last_email"])


def _token_new() -> tuple[str, str]:
    """A fresh token for the email, and the digest that alone is stored."""
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


def _role_checked(role: str, custom_role: str) -> tuple[str, str]:
    if role not in dict(INVITABLE_ROLES):
        raise ValidationError(_("Choose one of the roles offered."), code="invalid_role")
    custom_role = custom_role.strip()
    if role != TeamRole.OTHER:
        return role, ""
    if not custom_role:
        raise ValidationError(_("Name the role."), code="custom_role_missing")
    return role, custom_role


def invitation_create(
    *,
    jam: Jam,
    invited_by,
    email: str,
    role: str,
    custom_role: str = "",
    absolute_uri: AbsoluteUri,
) -> TeamInvitation:
    """Invite someone by email to the team, with a role; the email leaves after commit."""
    email = email_normalise(email)
    role, custom_role = _role_checked(role, custom_role)
    now = timezone.now()
    if team_has_email(jam=jam, email=email):
        raise ValidationError(_("This person is already on the team."), code="already_member")
    if invitation_pending_for(jam=jam, email=email, now=now):
        raise ValidationError(_("This person is already invited."), code="already_invited")
    token, digest = _token_new()
    with transaction.atomic():
        # An earlier invitation to the same address can only have expired by now: this replaces it.
        TeamInvitation.objects.filter(
            jam=jam, email__iexact=email, accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        invitation = TeamInvitation.objects.create(
            jam=jam,
            email=email,
            role=role,
            custom_role=custom_role,
            token_digest=digest,
            invited_by=invited_by,
            expires_at=now + TeamInvitation.VALID_FOR,
        )
        _invitation_send(invitation=invitation, token=token, absolute_uri=absolute_uri)
    return invitation


def invitation_resend(
    *, invitation: TeamInvitation, actor, absolute_uri: AbsoluteUri
) -> TeamInvitation:
    """Send an open invitation again: a fresh link for 7 more days; the old link stops working."""
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise ValidationError(_("This invitation is no longer open."), code="not_open")
    token, digest = _token_new()
    with transaction.atomic():
        invitation.token_digest = digest
        invitation.expires_at = timezone.now() + TeamInvitation.VALID_FOR
        invitation.invited_by = actor
        invitation.save(update_fields=["token_digest", "expires_at", "invited_by"])
        _invitation_send(invitation=invitation, token=token, absolute_uri=absolute_uri)
    return invitation


def invitation_revoke(*, invitation: TeamInvitation) -> TeamInvitation:
    """Withdraw an open invitation: its link stops working."""
    if invitation.accepted_at is not None:
        raise ValidationError(_("This invitation has already been accepted."), code="accepted")
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at"])
    return invitation


def invitation_accept(*, invitation: TeamInvitation, user) -> TeamMember:
    """Join the team with the invitation's role; once only, in time, by the invited address."""
    now = timezone.now()
    with transaction.atomic():
        # Locked, so two clicks at once cannot both use it.
        locked = TeamInvitation.objects.select_for_update().get(pk=invitation.pk)
        state = invitation_state(locked, now=now)
        if state == InvitationState.EXPIRED:
            raise ValidationError(_("This invitation has expired."), code="expired")
        if state == InvitationState.ACCEPTED:
            raise ValidationError(_("This invitation has already been used."), code="accepted")
        if state == InvitationState.REVOKED:
            raise ValidationError(_("This invitation was withdrawn."), code="revoked")
        if email_normalise(user.email) != email_normalise(locked.email):
            raise ValidationError(
                _("This invitation was sent to another email address."), code="wrong_account"
            )
        member, _created = TeamMember.objects.get_or_create(
            jam_id=locked.jam_id,
            user=user,
            defaults={"role": locked.role, "custom_role": locked.custom_role},
        )
        locked.accepted_at = now
        locked.accepted_by = user
        locked.save(update_fields=["accepted_at", "accepted_by"])
        # Other links to the same address for this Jam have no use any more.
        TeamInvitation.objects.filter(
            jam_id=locked.jam_id,
            email__iexact=locked.email,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        ).update(revoked_at=now)
    invitation.accepted_at, invitation.accepted_by = locked.accepted_at, user
    return member


def member_role_update(*, member: TeamMember, role: str, custom_role: str = "") -> TeamMember:
    """A new role brings that role's permissions (a named role: its defaults, until chosen)."""
    if is_host_member(member):
        raise ValidationError(_("The host's role cannot be changed."), code="host")
    role, custom_role = _role_checked(role, custom_role)
    if role != member.role:
        member.permissions = None
    member.role, member.custom_role = role, custom_role
    member.save(update_fields=["role", "custom_role", "permissions"])
    return member


def permissions_update(
    *, jam: Jam, roles: dict[str, list[str]], members: dict[int, list[str]]
) -> None:
    """Save what each listed role may do on this Jam, and what each member with a role the
    host named may do (``planning.rules``: the host always may do everything)."""
    known = set(Permission.values)
    with transaction.atomic():
        jam.role_permissions = {
            role: sorted(set(chosen) & known)
            for role, chosen in roles.items()
            if role in LISTED_ROLES
        }
        jam.save(update_fields=["role_permissions", "updated_at"])
        for member in jam.team_members.filter(pk__in=members, role=TeamRole.OTHER):
            member.permissions = sorted(set(members[member.pk]) & known)
            member.save(update_fields=["permissions"])
    jam.__dict__.pop("_can_by_user", None)


def member_remove(*, member: TeamMember) -> None:
    """Take someone off the team; their tasks and materials stay, with nobody assigned."""
    if is_host_member(member):
        raise ValidationError(_("Nobody can remove the host from the team."), code="host")
    member.delete()


def member_leave(*, member: TeamMember) -> None:
    """Leave a team of one's own accord; the host cannot."""
    if is_host_member(member):
        raise ValidationError(_("The host cannot leave the team."), code="host")
    member.delete()
