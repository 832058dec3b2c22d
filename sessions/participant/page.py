"""What a guest sees on their own page, ``/i/<token>/``: selectors only (reads).

The page is read in a fixed number of queries whatever the number of sessions
and agenda items: the guest with their Jam and host (the token lookup), their
answers, the sessions, all the sessions' agenda items, and the housekeeping
rules. Nothing meant for the team only (facilitator notes, who leads, the
materials) is read at all.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import prefetch_related_objects
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jamsessions.timing import is_time_zone
from planning.enums import RsvpAnswer
from planning.guests.selectors import rsvp_answers, said_yes, sees_place
from planning.models import Guest, Jam, Place, Session
from sessions.agenda.models import AgendaItem
from sessions.agenda.timed import Agenda, agenda_timed
from sessions.space.models import HouseRule

# Only what participants may read of an agenda item: never the facilitator notes,
# who leads it or the materials.
PARTICIPANT_ITEM_FIELDS = (
    "session_id",
    "position",
    "duration_minutes",
    "title",
    "kind",
    "content",
    "objective",
    "practice",
)


def duration_text(minutes: int) -> str:
    """“2 hours”, “1 hour 30 minutes”, “45 minutes”."""
    hours, rest = divmod(minutes, 60)
    hours_text = ngettext("%(hours)d hour", "%(hours)d hours", hours) % {"hours": hours}
    minutes_text = ngettext("%(minutes)d minute", "%(minutes)d minutes", rest) % {"minutes": rest}
    if hours and rest:
        return _("%(hours)s %(minutes)s") % {"hours": hours_text, "minutes": minutes_text}
    return hours_text if hours else minutes_text


@dataclass(frozen=True)
class GuestSession:
    """One session as the guest sees it: its agenda, their answer, and their own clock."""

    session: Session
    agenda: Agenda
    answer: str
    """``yes``, ``maybe``, ``no``, or empty when they have not answered yet."""
    guest_zone: str
    """The zone the guest chose, when it shows a different time than the session's; else empty."""
    is_over: bool = False
    """Ended when the page was read (``Session.is_over_at``): shown among the past, no answer form."""

    @property
    def number(self) -> int:
        return self.session.number

    @property
    def is_cancelled(self) -> bool:
        """Called off: shown as cancelled, with nothing to answer or download."""
        return self.session.is_cancelled

    @property
    def said_yes(self) -> bool:
        return self.answer == RsvpAnswer.YES

    @property
    def shows_place(self) -> bool:
        """Whether the guest sees where this session happens: once they said yes to it."""
        return sees_place(self.answer)

    @property
    def place(self) -> Place | None:
        """The session's place (``Session.place``), only for a guest who sees it."""
        return self.session.place if self.shows_place else None

    @property
    def key(self) -> str:
        return self.session.key

    @property
    def duration(self) -> str:
        return duration_text(self.session.duration_minutes)

    @property
    def zone_abbreviation(self) -> str:
        return self.session.local_start.tzname() or ""

    @property
    def guest_start(self) -> dt.datetime | None:
        if not self.guest_zone:
            return None
        return self.session.starts_at.astimezone(zoneinfo.ZoneInfo(self.guest_zone))

    @property
    def guest_end(self) -> dt.datetime | None:
        if not self.guest_zone:
            return None
        return self.session.ends_at.astimezone(zoneinfo.ZoneInfo(self.guest_zone))

    @property
    def ends_another_day(self) -> bool:
        return self.session.local_end.date() != self.session.local_start.date()


@dataclass(frozen=True)
class ParticipantPage:
    guest: Guest
    jam: Jam
    sessions: list[GuestSession]
    rules: list[HouseRule]
    said_yes: bool
    """To at least one session: the place of each such session is on its card."""

    @property
    def going_ahead(self) -> list[GuestSession]:
        """The sessions that take place (``sessions_going_ahead``): what the page counts."""
        return [guest_session for guest_session in self.sessions if not guest_session.is_cancelled]

    @property
    def coming(self) -> list[GuestSession]:
        """The sessions still to come (or running), soonest first: what the page leads with."""
        return [guest_session for guest_session in self.sessions if not guest_session.is_over]

    @property
    def past(self) -> list[GuestSession]:
        """The sessions that have ended, in time order: after the coming ones."""
        return [guest_session for guest_session in self.sessions if guest_session.is_over]

    @property
    def places_shown(self) -> list[GuestSession]:
        """The sessions still to come whose place the guest sees: those they said yes to."""
        return [
            guest_session
            for guest_session in self.coming
            if guest_session.shows_place and not guest_session.is_cancelled
        ]

    @property
    def host_name(self) -> str:
        return self.jam.host.display_name

    def session(self, key: str) -> GuestSession:
        for guest_session in self.sessions:
            if guest_session.key == key:
                return guest_session
        raise Http404


def zone_differs(session: Session, zone_name: str) -> bool:
    """Whether a clock in ``zone_name`` reads differently from the session's own at its start."""
    if not zone_name or zone_name == session.timezone or not is_time_zone(zone_name):
        return False
    zone = zoneinfo.ZoneInfo(zone_name)
    return session.starts_at.astimezone(zone).utcoffset() != session.local_start.utcoffset()


def _items_by_session(sessions: list[Session]) -> dict[int, list[AgendaItem]]:
    items = (
        AgendaItem.objects.filter(session__in=[session.pk for session in sessions])
        .only(*PARTICIPANT_ITEM_FIELDS)
        .order_by("session_id", "position", "pk")
    )
    grouped: dict[int, list[AgendaItem]] = defaultdict(list)
    for item in items:
        grouped[item.session_id].append(item)
    return grouped


def _shown_to(guest: Guest, session: Session, now: dt.datetime) -> bool:
    """Whether the guest's page shows the session: one that goes ahead always; a cancelled
    one only while still to come, and only to a guest invited before it was cancelled
    (told of it, then told it is off). Nobody else ever heard of it."""
    if not session.is_cancelled:
        return True
    invited_at = guest.invited_at
    return (
        invited_at is not None and invited_at < session.cancelled_at and not session.is_over_at(now)
    )


def guest_sessions(*, guest: Guest, now: dt.datetime | None = None) -> list[Session]:
    """The sessions of the guest's Jam that their page shows (``_shown_to``), soonest first
    (one query)."""
    now = now or timezone.now()
    sessions = [
        session
        for session in Session.objects.filter(jam_id=guest.jam_id).order_by("starts_at", "number")
        if _shown_to(guest, session, now)
    ]
    for session in sessions:
        session.jam = guest.jam
    return sessions


class GuestSessionRemoved(Http404):
    """The key is not (any more) one of the guest's Jam's sessions: it was removed."""


class GuestSessionCancelled(GuestSessionRemoved):
    """The key names a cancelled session: nothing can be answered or taken away for it."""


def guest_session_get(*, guest: Guest, key: str) -> Session:
    """A session of the guest's own Jam that goes ahead, by its own key (one query).

    ``GuestSessionRemoved`` for a key that is not one of them (never another session),
    ``GuestSessionCancelled`` for a cancelled one.
    """
    session = Session.objects.filter(jam_id=guest.jam_id, key=key).first()
    if session is None:
        raise GuestSessionRemoved
    if session.is_cancelled:
        raise GuestSessionCancelled
    session.jam = guest.jam
    return session


def participant_page_get(*, guest: Guest) -> ParticipantPage:
    """Everything the guest's page shows, in four queries after the token lookup."""
    prefetch_related_objects([guest], "rsvps")
    answers = rsvp_answers(guest)
    now = timezone.now()
    sessions = guest_sessions(guest=guest, now=now)
    items = _items_by_session(sessions)
    rules = list(HouseRule.objects.filter(jam_id=guest.jam_id).in_order())
    return ParticipantPage(
        guest=guest,
        jam=guest.jam,
        sessions=[
            GuestSession(
                session=session,
                agenda=agenda_timed(session, items.get(session.pk, [])),
                answer=answers.get(session.pk, ""),
                guest_zone=guest.timezone if zone_differs(session, guest.timezone) else "",
                is_over=session.is_over_at(now),
            )
            for session in sessions
        ],
        rules=rules,
        said_yes=said_yes(guest),
    )
