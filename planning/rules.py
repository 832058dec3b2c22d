"""Who may do what in planning, as named predicates that views, services and templates ask.

A Jam's host and its organising team may see and change its plan (``Jam.objects.for_member``
finds only their Jams: anyone else gets 404). Some actions are the host's alone.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from planning.enums import TeamRole
from planning.models import Jam, TeamMember


def is_host(user, jam: Jam) -> bool:
    """Whether this user hosts the Jam."""
    return jam.is_host(user)


def is_on_team(user, jam: Jam) -> bool:
    """The Jam's host or a member of its team: those ``Jam.objects.for_member`` finds it for."""
    return is_host(user, jam) or Jam.objects.for_member(user).filter(pk=jam.pk).exists()


def is_host_member(member: TeamMember) -> bool:
    """Whether this member of the team is its host."""
    return member.role == TeamRole.HOST or member.user_id == member.jam.host_id


def can_delete_jam(user, jam: Jam) -> bool:
    return is_host(user, jam)


def can_export_jam(user, jam: Jam) -> bool:
    """Downloading everything the Jam holds, its guests' details and answers included."""
    return is_host(user, jam)


def can_manage_team(*, jam: Jam, user) -> bool:
    """Changing roles, removing members and handling invitations is the host's."""
    return is_host(user, jam)


def can_erase_guest(user, jam: Jam) -> bool:
    return is_host(user, jam)


def can_give_guest_new_link(user, jam: Jam) -> bool:
    return is_host(user, jam)


def can_write_to_guests(user, jam: Jam) -> bool:
    """Writing to everyone who said yes."""
    return is_host(user, jam)


def require(allowed: bool, message: str) -> None:
    """Refuse (403, with ``message``) when a predicate above said no."""
    if not allowed:
        raise PermissionDenied(message)
