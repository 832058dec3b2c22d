"""A guest's own data, as they can download it from their page (SPEC §5: exported and erased).

Everything the site keeps about the person: what the team entered, what they told
us, their answers, whether they were marked present, and the emails we sent
them. The anonymous question box and feedback are not theirs to download: nothing
links them to anyone.
"""

from __future__ import annotations

from django.utils import timezone

from jamsessions.downloads import iso_time
from planning.models import Guest
from sessions.day.models import Attendance

EXPORT_VERSION = 1


def _session(session) -> dict:
    return {
        "number": session.number,
        "label": session.label,
        "starts_at": iso_time(session.starts_at),
        "time_zone": session.timezone,
    }


def _profile(guest: Guest) -> dict:
    return {
        "consented_at": iso_time(guest.profile_consented_at),
        "pronouns": guest.pronouns,
        "gender": guest.get_gender_display() if guest.gender else "",
        "age_range": guest.get_age_range_display() if guest.age_range else "",
        "movement": guest.get_movement_display() if guest.movement else "",
    }


def _answers(guest: Guest) -> list[dict]:
    rsvps = guest.rsvps.select_related("session").order_by("session__number")
    return [
        {
            "session": _session(rsvp.session),
            "answer": rsvp.get_answer_display(),
            "answered_at": iso_time(rsvp.answered_at),
        }
        for rsvp in rsvps
    ]


def _attended(guest: Guest) -> list[dict]:
    marks = Attendance.objects.filter(guest=guest).select_related("session")
    return [_session(mark.session) for mark in marks.order_by("session__number")]


def _emails(guest: Guest) -> list[dict]:
    messages = guest.messages.select_related("session").order_by("created_at", "pk")
    return [
        {
            "kind": message.get_kind_display(),
            "session": message.session.number if message.session else None,
            "status": message.get_status_display(),
            "recorded_at": iso_time(message.created_at),
        }
        for message in messages
    ]


def guest_data_export(*, guest: Guest) -> dict:
    """All the site keeps about one guest, ready for ``json.dumps``."""
    jam = guest.jam
    return {
        "format": "jam-sessions-guest-data",
        "version": EXPORT_VERSION,
        "exported_at": iso_time(timezone.now()),
        "jam": {"name": jam.name, "host": jam.host.display_name},
        "you": {
            "name": guest.name,
            "email": guest.email,
            "added_at": iso_time(guest.added_at),
            "invited_at": iso_time(guest.invited_at),
            "time_zone": guest.timezone,
            "needs": guest.needs,
            "needs_shown_without_name": guest.needs_anonymous,
            "profile": _profile(guest),
        },
        "answers": _answers(guest),
        "marked_present": _attended(guest),
        "emails": _emails(guest),
    }
