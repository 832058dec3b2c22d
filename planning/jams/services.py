"""Writing a Jam's own record. Creating one and changing its details reach other apps too:
those are ``jamsessions.actions.jams``, which call these.
"""

from __future__ import annotations

from django.db.models import (
    F,
)

from planning.enums import TeamRole
from planning.jams.models import JAM_FIELDS
from planning.models import (
    Jam,
    TeamMember,
    jam_slug_for,
)
from planning.roadmap.services import (
    FIRST_SESSION,
    roadmap_create,
    steps_answered,
)


def _answers(details: dict) -> set[str]:
    """What the new-Jam form was given: the fields with a value, and the first session."""
    given = {field for field in JAM_FIELDS if str(details.get(field) or "").strip()}
    return given | {FIRST_SESSION}


def _unused_slug(name: str) -> str:
    slug = jam_slug_for(name)
    while Jam.objects.filter(slug=slug).exists():
        slug = jam_slug_for(name)
    return slug


def jam_record(*, host, details: dict) -> Jam:
    """A new Jam with its host on the team and its roadmap (``jamsessions.actions.jam_create``
    makes the rest: its first session, its space, its programme).

    The roadmap's steps that what the host gave already answers (the objectives, the kind
    of Jam, where, the date…) start done, ticked by the host.
    """
    jam = Jam.objects.create(
        host=host,
        slug=_unused_slug(details["name"]),
        **{field: details[field] for field in JAM_FIELDS if field in details},
    )
    TeamMember.objects.create(jam=jam, user=host, role=TeamRole.HOST)
    roadmap_create(jam=jam, answered=steps_answered(_answers(details)), done_by=host)
    return jam


# What calendars show of a Jam: a change raises the SEQUENCE of the sessions it shows in.
CALENDAR_FIELDS = ("name", "venue", "online_link")


# The Jam's place: the place of every session without one of its own (``Session.place``).
# A change is news for the guests who said yes to those sessions: they get a change notice.
PLACE_FIELDS = ("venue", "online_link")


def jam_details_save(*, jam: Jam, details: dict) -> set[str]:
    """Save a Jam's details; the calendars of its sessions learn of a new name or place.

    Returns the fields that changed. Call it inside a transaction: the Jam's row is locked.
    """
    fields = [field for field in JAM_FIELDS if field in details]
    before = Jam.objects.select_for_update().get(pk=jam.pk)
    for field in fields:
        setattr(jam, field, details[field])
    jam.save(update_fields=[*fields, "updated_at"])
    changed = {field for field in fields if getattr(before, field) != getattr(jam, field)}
    if changed & set(CALENDAR_FIELDS):
        # The name is in every session's calendar event; the Jam's place only in those of
        # the sessions without a place of their own.
        name_changed = bool(changed & (set(CALENDAR_FIELDS) - set(PLACE_FIELDS)))
        sessions = jam.sessions.all() if name_changed else jam.sessions.at_jam_place()
        sessions.update(sequence=F("sequence") + 1)
    return changed


def jam_delete(*, jam: Jam) -> None:
    jam.delete()
