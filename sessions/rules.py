"""Who may do what with a Jam's sessions, as named predicates that views and services ask.

Whoever may see a Jam (its host and organising team: ``Jam.objects.for_member``; anyone
else gets 404 before any of these) may plan its sessions and run them on the day; calling
one off is the host's. Templates ask them too (``sessions.templatetags.session_rules``).
"""

from __future__ import annotations

from planning.models import Jam
from planning.rules import is_host, is_on_team


def can_change_sessions(user, jam: Jam) -> bool:
    """Adding and moving sessions: the host and the team alike."""
    return is_on_team(user, jam)


def can_cancel_sessions(user, jam: Jam) -> bool:
    """Cancelling a coming session (its guests are told), bringing a cancelled one back,
    and deleting one added by mistake: the host's."""
    return is_host(user, jam)


def can_edit_agenda(user, jam: Jam) -> bool:
    """Adding, changing, reordering and removing agenda items, using and saving templates."""
    return is_on_team(user, jam)
