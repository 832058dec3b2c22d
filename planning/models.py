"""Every model of planning, where Django looks for them; each lives in its feature package."""

from planning.guests.models import Announcement, Guest, GuestMessage, Rsvp
from planning.jams.models import (
    MAX_DURATION_MINUTES,
    MIN_DURATION_MINUTES,
    PUBLIC_CODE_ALPHABET,
    PUBLIC_CODE_LENGTH,
    SESSION_KEY_LENGTH,
    SLUG_SUFFIX_ALPHABET,
    Jam,
    JamQuerySet,
    Place,
    Session,
    SessionQuerySet,
    going_ahead_filter,
    jam_slug_for,
    public_code_new,
    session_key_new,
    sessions_going_ahead,
)
from planning.materials.models import Material
from planning.roadmap.models import Task, TaskQuerySet
from planning.team.models import TeamInvitation, TeamMember, role_label, token_digest

__all__ = [
    "MAX_DURATION_MINUTES",
    "MIN_DURATION_MINUTES",
    "PUBLIC_CODE_ALPHABET",
    "PUBLIC_CODE_LENGTH",
    "SESSION_KEY_LENGTH",
    "SLUG_SUFFIX_ALPHABET",
    "Announcement",
    "Guest",
    "GuestMessage",
    "Jam",
    "JamQuerySet",
    "Material",
    "Place",
    "Rsvp",
    "Session",
    "SessionQuerySet",
    "Task",
    "TaskQuerySet",
    "TeamInvitation",
    "TeamMember",
    "going_ahead_filter",
    "jam_slug_for",
    "public_code_new",
    "role_label",
    "session_key_new",
    "sessions_going_ahead",
    "token_digest",
]
