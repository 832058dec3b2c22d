"""Who may do what with a Jam's sessions, as named predicates that views and services ask.

Whoever may see a Jam (its host and organising team: ``Jam.objects.for_member``; anyone
else gets 404 before any of these) may plan its sessions and run them on the day.
"""

from __future__ import annotations

from planning.models import Jam, TeamMember
from planning.rules import is_host


def can_change_sessions(user, jam: Jam) -> bool:
    """Adding, moving and removing sessions: the host and the team alike."""
    return is_host(user, jam) or TeamMember.objects.filter(jam=jam, user=user).exists()
