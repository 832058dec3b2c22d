"""Planning's part of a Jam's export (``jamsessions.actions.export`` gathers the parts):
the Jam's details, its sessions, team, roadmap, materials, and its guests with their
answers, what they shared and the emails sent to them. Plain dicts, ready for JSON.

Never a link that opens anything: not a guest's personal link nor its key, not the
calendar feed's, not a team invitation's. The export is a file that travels. A fixed
number of queries, however many guests, tasks or emails the Jam has.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch

from jamsessions.downloads import iso_time
from planning.enums import Phase
from planning.models import (
    Announcement,
    Guest,
    GuestMessage,
    Jam,
    Rsvp,
    Session,
    Task,
    TeamInvitation,
    role_label,
)
from planning.roadmap.dates import SessionDates, dated_tasks
from planning.team.selectors import team_list


def _name(user) -> str | None:
    return user.display_name if user is not None else None


def _jam(jam: Jam) -> dict:
    return {
        "name": jam.name,
        "local_name": jam.local_name,
        "objectives": jam.objectives,
        "kind": jam.kind,
        "format": jam.format,
        "country": jam.country.code if jam.country else "",
        "language": jam.language,
        "venue": jam.venue,
        "online_link": jam.online_link,
        "who_to_invite": jam.who_to_invite,
        "support_needed": jam.support_needed,
        "host": {"name": jam.host.display_name, "email": jam.host.email},
        "created_at": iso_time(jam.created_at),
        "updated_at": iso_time(jam.updated_at),
    }


def session_ref(session: Session) -> dict:
    """How every part of the export names a session: its key, which never changes, and
    its number in time order (a label)."""
    return {"key": session.key, "number": session.number}


def _session(session: Session) -> dict:
    return {
        **session_ref(session),
        "label": str(session.label),
        "starts_at": iso_time(session.local_start),
        "ends_at": iso_time(session.local_end),
        "time_zone": session.timezone,
        "duration_minutes": session.duration_minutes,
        "own_place": session.has_own_place,
        "venue": session.place.venue,
        "online_link": session.place.online_link,
        # Sessions called off but kept, where the schedule records it.
        "cancelled_at": iso_time(getattr(session, "cancelled_at", None)),
        "created_at": iso_time(session.created_at),
        "updated_at": iso_time(session.updated_at),
    }


def _team(jam: Jam) -> list[dict]:
    return [
        {
            "name": member.user.display_name,
            "email": member.user.email,
            "role": member.role,
            "role_name": str(member.role_label),
            "joined_at": iso_time(member.joined_at),
        }
        for member in team_list(jam=jam)
    ]


def _team_invitations(jam: Jam) -> list[dict]:
    invitations = (
        TeamInvitation.objects.filter(jam=jam)
        .select_related("invited_by")
        .order_by("created_at", "pk")
    )
    return [
        {
            "email": invitation.email,
            "role": invitation.role,
            "role_name": str(invitation.role_label),
            "invited_by": _name(invitation.invited_by),
            "invited_at": iso_time(invitation.created_at),
            "expires_at": iso_time(invitation.expires_at),
            "accepted_at": iso_time(invitation.accepted_at),
            "revoked_at": iso_time(invitation.revoked_at),
        }
        for invitation in invitations
    ]


def _roadmap(jam: Jam, sessions: list[Session], now: dt.datetime) -> list[dict]:
    tasks = Task.objects.filter(jam=jam).select_related("assignee__user", "done_by")
    by_id = {session.pk: session for session in sessions}
    phases = list(Phase.values)

    def in_order(item) -> tuple:  # as the roadmap page shows them: phase by phase
        session = by_id.get(item.task.session_id)
        number = session.number if session else 0
        return (phases.index(item.task.phase), number, item.task.position, item.task.pk)

    rows = []
    for item in sorted(dated_tasks(tasks, SessionDates.of(sessions, now=now)), key=in_order):
        task = item.task
        session = by_id.get(task.session_id)
        rows.append(
            {
                "title": task.title,
                "details": task.description,
                "phase": task.phase,
                "phase_name": str(task.get_phase_display()),
                "session": session_ref(session) if session else None,
                "due_on": item.due_on.isoformat() if item.due_on else None,
                "state": item.state,
                "assigned_to": _name(task.assignee.user) if task.assignee else None,
                "assigned_to_role": role_label(task.assignee_role, "")
                if task.assignee_role
                else "",
                "done_at": iso_time(task.done_at),
                "done_by": _name(task.done_by),
                "skipped": task.skipped,
            }
        )
    return rows


def _materials(jam: Jam) -> list[dict]:
    materials = jam.materials.select_related("brought_by__user").order_by("position", "pk")
    return [
        {
            "name": material.name,
            "note": material.note,
            "ready": material.ready,
            "brought_by": _name(material.brought_by.user) if material.brought_by else None,
        }
        for material in materials
    ]


def _guests_with_their_records(jam: Jam):
    return (
        Guest.objects.filter(jam=jam)
        .select_related("added_by")
        .prefetch_related(
            Prefetch("rsvps", queryset=Rsvp.objects.order_by("session_id")),
            Prefetch("messages", queryset=GuestMessage.objects.order_by("created_at", "pk")),
        )
        .order_by("name", "pk")
    )


def _guest(guest: Guest, sessions: dict[int, Session]) -> dict:
    return {
        "id": guest.pk,
        "name": guest.name,
        "email": guest.email,
        "added_at": iso_time(guest.added_at),
        "added_by": _name(guest.added_by),
        "invited_at": iso_time(guest.invited_at),
        "erased_at": iso_time(guest.erased_at),
        "time_zone": guest.timezone,
        "needs": guest.needs,
        "needs_shown_without_name": guest.needs_anonymous,
        "profile": {
            "consented_at": iso_time(guest.profile_consented_at),
            "pronouns": guest.pronouns,
            "gender": guest.gender,
            "age_range": guest.age_range,
            "movement": guest.movement,
        },
        "answers": [
            {
                "session": session_ref(sessions[rsvp.session_id]),
                "answer": rsvp.answer,
                "answered_at": iso_time(rsvp.answered_at),
            }
            for rsvp in guest.rsvps.all()
        ],
        "emails": [
            {
                "kind": message.kind,
                "session": session_ref(sessions[message.session_id])
                if message.session_id in sessions
                else None,
                "message_to_guests": message.announcement_id,
                "status": message.status,
                "recorded_at": iso_time(message.created_at),
                "sent_at": iso_time(message.sent_at),
            }
            for message in guest.messages.all()
        ],
    }


def _messages_to_guests(jam: Jam) -> list[dict]:
    announcements = (
        Announcement.objects.filter(jam=jam)
        .select_related("sent_by")
        .annotate(recipients=Count("messages"))
        .order_by("created_at", "pk")
    )
    return [
        {
            "id": announcement.pk,
            "subject": announcement.subject,
            "message": announcement.body,
            "sent_by": _name(announcement.sent_by),
            "sent_at": iso_time(announcement.created_at),
            "guests": announcement.recipients,
        }
        for announcement in announcements
    ]


def jam_planning_export(*, jam: Jam, now: dt.datetime) -> dict:
    """The Jam and its plan, its guests and what was sent to them."""
    sessions = sorted(jam.sessions.all(), key=lambda session: session.number)
    by_id = {session.pk: session for session in sessions}
    return {
        "jam": _jam(jam),
        "sessions": [_session(session) for session in sessions],
        "team": _team(jam),
        "team_invitations": _team_invitations(jam),
        "roadmap": _roadmap(jam, sessions, now),
        "materials": _materials(jam),
        "guests": [_guest(guest, by_id) for guest in _guests_with_their_records(jam)],
        "messages_to_guests": _messages_to_guests(jam),
    }
