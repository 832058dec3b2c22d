"""Who may do what in planning, as named predicates that views, services and templates ask.

A Jam's host and its organising team may see and change its plan (``Jam.objects.for_member``
finds only their Jams: anyone else gets 404). Some actions are the host's alone.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from planning.enums import TeamRole
from planning.models import (
    Jam,
    TeamMember,
)


def can_manage_team(*, jam: Jam, user) -> bool:
    """Changing roles, removing members and handling invitations is the host's."""
    return jam.is_host(user)


def is_host_member(member: TeamMember) -> bool:
    return member.role == TeamRole.HOST or member.user_id == member.jam.host_id


def is_host(user, jam) -> bool:
    """Whether this user hosts the Jam."""
    return jam.is_host(user)


def host_required(user, jam, message: str) -> None:
    """Refuse (403, with ``message``) anyone but the host."""
    if not is_host(user, jam):
        raise PermissionDenied(message)
