"""A Jam's organising team: who is on it, who is invited, and what the host changes.

Selectors read (``team_list``, ``invitation_list_open`` …); services write
(``invitation_create``, ``invitation_accept`` …) and are the only code that
changes a team. Every team email goes through ``jamsessions.mail.email_send_later``,
so it leaves from a background task once the transaction commits.

Who may do what:

- any team member may see the team and invite people;
- only the host may change roles, remove members and resend or withdraw invitations;
- nobody may remove the host or change the host's role; members may leave.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Case, ExpressionWrapper, IntegerField, Q, QuerySet, When
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jamsessions.accounts.models import email_normalise
from jamsessions.mail import email_send_later, render_subject, render_text

from .enums import TeamRole
from .models import Jam, TeamInvitation, TeamMember, token_digest

# Anyone may be invited with these; the host's role belongs to the host alone.
INVITABLE_ROLES = [(value, label) for value, label in TeamRole.choices if value != TeamRole.HOST]

# token_urlsafe(32) gives 43 characters; anything much longer is not one of ours.
TOKEN_MAX_LENGTH = 100

AbsoluteUri = Callable[[str], str]
"""Turns a path into a full link, like ``request.build_absolute_uri``."""


class InvitationState(StrEnum):
    PENDING = "pending"
    EXPIRED = "expired"
    ACCEPTED = "accepted"
    REVOKED = "revoked"


# --- Predicates ----------------------------------------------------------------


def can_manage_team(*, jam: Jam, user) -> bool:
    """Changing roles, removing members and handling invitations is the host's."""
    return jam.is_host(user)


def is_host_member(member: TeamMember) -> bool:
    return member.role == TeamRole.HOST or member.user_id == member.jam.host_id


def email_masked(email: str) -> str:
    """Enough of an address to recognise it, not enough to learn it: a••••@example.org."""
    local, _at, domain = email.partition("@")
    return f"{local[:1]}••••@{domain}"


def invitation_state(invitation: TeamInvitation, *, now) -> InvitationState:
    if invitation.accepted_at is not None:
        return InvitationState.ACCEPTED
    if invitation.revoked_at is not None:
        return InvitationState.REVOKED
    if now >= invitation.expires_at:
        return InvitationState.EXPIRED
    return InvitationState.PENDING


# --- Selectors ------------------------------------------------------------------


def team_list(*, jam: Jam) -> QuerySet[TeamMember]:
    """The team with their accounts, host first, then in the order they joined: one query."""
    return (
        TeamMember.objects.filter(jam=jam)
        .select_related("user")
        .annotate(
            host_first=Case(
                When(user_id=jam.host_id, then=0), default=1, output_field=IntegerField()
            )
        )
        .order_by("host_first", "joined_at", "pk")
    )


def invitation_list_open(*, jam: Jam, now) -> QuerySet[TeamInvitation]:
    """Invitations neither accepted nor withdrawn, newest first, each marked ``is_expired``."""
    return (
        TeamInvitation.objects.filter(jam=jam, accepted_at__isnull=True, revoked_at__isnull=True)
        .select_related("invited_by")
        .annotate(is_expired=ExpressionWrapper(Q(expires_at__lte=now), output_field=BooleanField()))
        .order_by("-created_at", "-pk")
    )


def invitation_get_open(*, jam: Jam, pk: int) -> TeamInvitation:
    """An invitation of this Jam still open to resend or withdraw; 404 otherwise."""
    invitation = get_object_or_404(
        TeamInvitation.objects.filter(accepted_at__isnull=True, revoked_at__isnull=True),
        jam=jam,
        pk=pk,
    )
    invitation.jam = jam
    return invitation


def invitation_get_by_token(*, token: str) -> TeamInvitation | None:
    """The invitation an emailed link stands for, found by the token's digest; None if unknown."""
    if not token or len(token) > TOKEN_MAX_LENGTH:
        return None
    return (
        TeamInvitation.objects.select_related("jam", "jam__host", "invited_by")
        .filter(token_digest=token_digest(token))
        .first()
    )


def member_get(*, jam: Jam, pk: int) -> TeamMember:
    """A member of this Jam's team; 404 for an id from anywhere else."""
    member = get_object_or_404(TeamMember.objects.select_related("user"), jam=jam, pk=pk)
    member.jam = jam
    return member


def membership_get(*, jam: Jam, user) -> TeamMember | None:
    if not user.is_authenticated:
        return None
    member = TeamMember.objects.filter(jam=jam, user=user).select_related("user").first()
    if member is not None:
        member.jam = jam
    return member


def team_has_email(*, jam: Jam, email: str) -> bool:
    email = email_normalise(email)
    return (
        jam.host.email.lower() == email
        or TeamMember.objects.filter(jam=jam, user__email__iexact=email).exists()
    )


def invitation_pending_for(*, jam: Jam, email: str, now) -> TeamInvitation | None:
    return TeamInvitation.objects.filter(
        jam=jam,
        email__iexact=email_normalise(email),
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=now,
    ).first()


# --- The invitation email ---------------------------------------------------------


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
    join_url = absolute_uri(reverse("team:join", kwargs={"token": token}))
    email = invitation_email(invitation=invitation, join_url=join_url)
    email_send_later(to=[invitation.email], subject=email.subject, text=email.text, html=email.html)


def _token_new() -> tuple[str, str]:
    """A fresh token for the email, and the digest that alone is stored."""
    token = secrets.token_urlsafe(32)
    return token, token_digest(token)


# --- Services ----------------------------------------------------------------------


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
    if is_host_member(member):
        raise ValidationError(_("The host's role cannot be changed."), code="host")
    member.role, member.custom_role = _role_checked(role, custom_role)
    member.save(update_fields=["role", "custom_role"])
    return member


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
