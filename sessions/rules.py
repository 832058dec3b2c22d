"""Who may do what with a Jam's sessions, as named predicates that views, services and
templates ask.

Whoever may see a Jam (its host and organising team: ``Jam.objects.for_member``; anyone
else gets 404 before any of these) may see its sessions, agendas, attendance and notes.
What they may change follows their role (``planning.rules.ROLE_DEFAULTS``).
"""

from __future__ import annotations

from planning.enums import Permission
from planning.models import Jam
from planning.rules import may


def can_change_sessions(user, jam: Jam) -> bool:
    """Adding sessions and changing their times and places (guests are told)."""
    return may(user, jam, Permission.SCHEDULE_SESSIONS)


def can_cancel_sessions(user, jam: Jam) -> bool:
    """Cancelling a coming session (its guests are told; its records stay), bringing a
    cancelled one back, and deleting one added by mistake."""
    return may(user, jam, Permission.CANCEL_SESSIONS)


def can_edit_agenda(user, jam: Jam) -> bool:
    """Adding, changing, reordering and removing agenda items, using and saving templates."""
    return may(user, jam, Permission.PLAN_AGENDA)


def can_prepare_space(user, jam: Jam) -> bool:
    """House rules, accessibility and the vision."""
    return may(user, jam, Permission.PREPARE_SPACE)


def can_run_sessions(user, jam: Jam) -> bool:
    """The timer on the day and the question box."""
    return may(user, jam, Permission.RUN_SESSIONS)


def can_take_notes(user, jam: Jam) -> bool:
    return may(user, jam, Permission.TAKE_NOTES)


def can_take_attendance(user, jam: Jam) -> bool:
    return may(user, jam, Permission.TAKE_ATTENDANCE)
