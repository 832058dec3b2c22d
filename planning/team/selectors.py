"""Reading the organising team: its members, open invitations, and who a person is in it."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from django.db.models import (
    BooleanField,
    Case,
    ExpressionWrapper,
    IntegerField,
    Q,
    QuerySet,
    When,
)
from django.shortcuts import get_object_or_404

from jamsessions.accounts.models import email_normalise
from jamsessions.outbox.selectors import team_email_delivery
from planning.enums import Permission, TeamRole
from planning.models import (
    Jam,
    TeamInvitation,
    TeamMember,
    token_digest,
)
from planning.rules import LISTED_ROLES, member_permissions, role_permissions

# token_urlsafe(32) gives 43 characters; anything much longer is not one of ours.
TOKEN_MAX_LENGTH = 100


def team_member_get(*, jam: Jam, user) -> TeamMember | None:
    return TeamMember.objects.filter(jam=jam, user=user).first()


# Anyone may be invited with these; the host's role belongs to the host alone.
INVITABLE_ROLES = [(value, label) for value, label in TeamRole.choices if value != TeamRole.HOST]


class InvitationState(StrEnum):
    PENDING = "pending"
    EXPIRED = "expired"
    ACCEPTED = "accepted"
    REVOKED = "revoked"


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
        .select_related("invited_by", "last_email")
        .defer("last_email__text", "last_email__html")  # the link waiting to go is not read
        .annotate(is_expired=ExpressionWrapper(Q(expires_at__lte=now), output_field=BooleanField()))
        .order_by("-created_at", "-pk")
    )


def invitation_list_shown(*, jam: Jam, now) -> list[TeamInvitation]:
    """The open invitations as the team page lists them, each with ``delivery``: whether its
    latest email went out (``jamsessions.outbox.selectors.Delivery``), so the host can act."""
    invitations = list(invitation_list_open(jam=jam, now=now))
    for invitation in invitations:
        invitation.delivery = team_email_delivery(invitation.last_email, now=now)
    return invitations


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


@dataclass(frozen=True)
class PermissionColumn:
    """One column of "who may do what": a role, or one member whose role the host named."""

    role: str
    label: str
    granted: frozenset[str]
    member: TeamMember | None = None


@dataclass(frozen=True)
class PermissionRow:
    permission: str
    label: str
    allowed: tuple[bool, ...]


def permission_columns(*, jam: Jam, members: list[TeamMember]) -> list[PermissionColumn]:
    """The host, each listed role, then each member with a role the host named."""
    host = TeamRole.HOST
    columns = [PermissionColumn(host, host.label, role_permissions(jam, host))]
    columns += [
        PermissionColumn(role, role.label, role_permissions(jam, role)) for role in LISTED_ROLES
    ]
    columns += [
        PermissionColumn(
            member.role,
            f"{member.role_label} ({member.user.display_name})",
            member_permissions(member, jam),
            member,
        )
        for member in members
        if member.role == TeamRole.OTHER and member.user_id != jam.host_id
    ]
    return columns


def permission_rows(columns: list[PermissionColumn]) -> list[PermissionRow]:
    """Each permission in plain words, and which column may do it."""
    return [
        PermissionRow(value, label, tuple(value in column.granted for column in columns))
        for value, label in Permission.choices
    ]
