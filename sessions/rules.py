"""Who may do what with a Jam's sessions, as named predicates that views and services ask.

Whoever may see a Jam (its host and organising team: ``Jam.objects.for_member``; anyone
else gets 404 before any of these) may plan its sessions and run them on the day.
"""

from __future__ import annotations

from planning.models import Jam
from planning.rules import is_on_team


def can_change_sessions(user, jam: Jam) -> bool:
    """Adding, moving and removing sessions: the host and the team alike."""
    return is_on_team(user, jam)


def can_edit_agenda(user, jam: Jam) -> bool:
    """Adding, changing, reordering and removing agenda items, using and saving templates."""
    return is_on_team(user, jam)
