"""Creating a Jam and changing its details: planning, the sessions app and reporting together."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from planning.jams.services import PLACE_FIELDS, jam_details_save, jam_record
from planning.models import Jam
from reporting.programmes.services import programme_attach_new_jam
from sessions.messages.notices import session_changed_notify
from sessions.messages.record import Change
from sessions.schedule.services import session_create
from sessions.space.services import accessibility_checks_sync, house_rules_create_defaults


def jam_create(
    *,
    host,
    details: dict,
    starts_at: dt.datetime,
    duration_minutes: int,
    timezone: str,
) -> Jam:
    """Create a Jam with its first session, all or nothing: its team and roadmap (planning),
    its house rules, accessibility checklist and first session (sessions), and its place
    in the host's programme (reporting)."""
    with transaction.atomic():
        jam = jam_record(host=host, details=details)
        house_rules_create_defaults(jam=jam)
        accessibility_checks_sync(jam=jam)
        session_create(
            jam=jam, starts_at=starts_at, duration_minutes=duration_minutes, timezone=timezone
        )
        programme_attach_new_jam(jam)
    return jam


def jam_update(*, jam: Jam, details: dict) -> Jam:
    """Change a Jam's details; a change of place reaches the guests as a calendar update."""
    with transaction.atomic():
        changed = jam_details_save(jam=jam, details=details)
        accessibility_checks_sync(jam=jam)
        if changed & set(PLACE_FIELDS):
            for session in jam.sessions.at_jam_place().select_related("jam"):
                session_changed_notify(session=session, changes={Change.PLACE})
    return jam
