"""Calendar files (RFC 5545): a session's invitation, its cancellation, and a Jam's feed.

Builders take model objects and return bytes; views and emails only wrap them.

- Every session keeps one UID for its whole life (``<session.uid>@jamsessions``),
  and ``session.sequence`` grows with every change calendars must hear about, so
  an update replaces the event instead of adding a second one.
- Start and end are UTC instants (``DTSTART:…Z``, ``DTEND:…Z``), as the database holds
  them, so no reader needs a zone's rules to place them. On the session's wall clock
  (``TZID=``) they are read wrong near a clock change: a time in the hour that happens
  twice is ambiguous (RFC 5545 takes the first, ical.js, Thunderbird's engine, the
  second), so a 150-minute session from 01:00 the night Berlin's clocks go back ended
  an hour early; ``DURATION`` after a local start is added on the wall clock by
  icalendar, vobject and ical.js alike (an hour off the other way); and the VTIMEZONE
  icalendar 7 generates puts every spring-forward an hour late, while ical.js skips
  the first onset of each observance it writes. The zone and the wall-clock times are
  in the description. tests/sessions/test_clock_changes.py reads every kind of file
  with icalendar, vobject and ical.js across clock changes.
- Everything a person reads in the file is in the Jam's language.
- Each session's own place (``Session.place``: its venue and link, or the Jam's) is its
  LOCATION and in its description. In an invitation only when the caller says so (a
  guest sees it once they said yes to that session); the team's feed always has it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from icalendar import Alarm, Calendar, Event, vCalAddress, vDuration, vText

from jamsessions.http import site_url
from jamsessions.i18n import site_language
from jamsessions.timing import clock_text
from planning.enums import RsvpAnswer
from planning.guests.selectors import sees_place
from planning.guests.tokens import guest_link_token
from planning.models import Guest, Jam, Session
from sessions.agenda.models import AgendaItem
from sessions.agenda.timed import agenda_timed
from sessions.space.models import HouseRule

PRODID = "-//Jam Sessions//EN"
UID_DOMAIN = "jamsessions"
ALARM_BEFORE = dt.timedelta(hours=1)
FEED_REFRESH = dt.timedelta(hours=6)

NEEDS_ACTION = "NEEDS-ACTION"
PARTSTATS = {
    RsvpAnswer.YES: "ACCEPTED",
    RsvpAnswer.MAYBE: "TENTATIVE",
    RsvpAnswer.NO: "DECLINED",
}


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str
    partstat: str  # "NEEDS-ACTION" | "ACCEPTED" | "TENTATIVE" | "DECLINED"


def partstat_for(answer: str | None) -> str:
    """A guest's answer as an iCalendar participation status; no answer yet needs action."""
    return PARTSTATS.get(answer, NEEDS_ACTION) if answer else NEEDS_ACTION


def session_uid(session: Session) -> str:
    """The session's calendar UID: the same in every file for its whole life."""
    return calendar_uid(str(session.uid))


def calendar_uid(uid: str) -> str:
    """``<session uid>@jamsessions``, from the session's UUID (a suffixed one is kept as is)."""
    return uid if "@" in uid else f"{uid}@{UID_DOMAIN}"


# --- Shared pieces ---------------------------------------------------------------------


@dataclass(frozen=True)
class _When:
    """The facts of a session a calendar needs, from a live session or a snapshot."""

    uid: str
    sequence: int
    starts_at: dt.datetime  # aware
    duration_minutes: int
    timezone: str
    number: int

    @property
    def utc_start(self) -> dt.datetime:
        return self.starts_at.astimezone(dt.UTC)

    @property
    def utc_end(self) -> dt.datetime:
        # Counted on the absolute clock: right across a clock change.
        return self.utc_start + dt.timedelta(minutes=self.duration_minutes)


def _when(session: Session) -> _When:
    return _When(
        uid=session_uid(session),
        sequence=session.sequence,
        starts_at=session.starts_at,
        duration_minutes=session.duration_minutes,
        timezone=session.timezone,
        number=session.number,
    )


def _summary(jam_name: str) -> str:
    """The event's title: the Jam's name, and nothing a renumbering changes.

    Not “Session n”: sessions are numbered in time order, so adding, moving or removing
    one gives others a new number, and calendars holding the event would never hear of it.
    """
    return jam_name


def _organizer(*, email: str, name: str) -> vCalAddress:
    return vCalAddress.new(email, cn=name or email)


def _attendee(attendee: Attendee) -> vCalAddress:
    return vCalAddress.new(
        attendee.email,
        cn=attendee.name or attendee.email,
        role="REQ-PARTICIPANT",
        partstat=attendee.partstat,
        rsvp=True,
    )


def _alarm(summary: str) -> Alarm:
    alarm = Alarm()
    alarm.add("action", "DISPLAY")
    alarm.add("trigger", -ALARM_BEFORE)
    alarm.add("description", _("In one hour: %(summary)s") % {"summary": summary})
    return alarm


def _event(
    *,
    when: _When,
    summary: str,
    organizer: vCalAddress,
    status: str,
    attendee: Attendee | None = None,
    description: str = "",
    location: str = "",
    url: str = "",
    last_modified: dt.datetime | None = None,
    alarm: bool = True,
) -> Event:
    event = Event()
    event.add("uid", when.uid)
    event.add("sequence", when.sequence)
    event.add("dtstamp", timezone.now().astimezone(dt.UTC))
    # In UTC, never on the zone's wall clock: see the module's docstring.
    event.add("dtstart", when.utc_start)
    event.add("dtend", when.utc_end)
    event.add("summary", summary)
    if description:
        event.add("description", description)
    if location:
        event.add("location", location)
    if url:
        event.add("url", url)
    event.add("organizer", organizer)
    if attendee is not None:
        event.add("attendee", _attendee(attendee))
    event.add("status", status)
    if last_modified is not None:
        event.add("last-modified", last_modified.astimezone(dt.UTC))
    if alarm:
        event.add_component(_alarm(summary))
    return event


def _calendar(*, method: str, events: Sequence[Event]) -> bytes:
    """The VCALENDAR around the events. Its times are all in UTC: no VTIMEZONE is needed."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("method", method)
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def _location(session: Session) -> str:
    """Where the session happens: the venue and/or the online link, on one line."""
    return session.place.line


def _host_name(jam: Jam) -> str:
    return jam.host.display_name


# --- The words -------------------------------------------------------------------------


def session_when_text(session: Session) -> str:
    """“Monday 30 March 2026, 18:00–20:00 (Europe/Madrid)” in the active language.

    A time the clocks make ambiguous carries its zone's name: “01:00–02:30 (CET)”.
    """
    start, end = session.local_start, session.local_end
    day = formats.date_format(start, "l j F Y")
    if end.date() != start.date():
        end_text = f"{formats.date_format(end, 'l j F Y')} {clock_text(end, start)}"
    else:
        end_text = clock_text(end, start)
    return _("%(day)s, %(start)s–%(end)s (%(zone)s)") % {
        "day": day,
        "start": clock_text(start),
        "end": end_text,
        "zone": session.timezone,
    }


def session_description(
    session: Session,
    url: str = "",
    *,
    items: Sequence[AgendaItem] | None = None,
    rules: Sequence[HouseRule] | None = None,
    show_location: bool = False,
) -> str:
    """The event's text: when, where (with ``show_location``), the agenda with times,
    the housekeeping rules, the link.

    Only what participants may read: never facilitator notes, leads or materials.
    Give ``items`` and ``rules`` when they are already loaded (the feed does);
    otherwise they are read here (two queries). Written in the Jam's language.
    """
    if items is None:
        items = list(session.agenda_items.in_order())
    if rules is None:
        rules = list(session.jam.house_rules.in_order())
    with translation.override(site_language(session.jam.language)):
        return _description_text(
            session, url, items=items, rules=rules, show_location=show_location
        )


def _description_text(
    session: Session,
    url: str,
    *,
    items: Sequence[AgendaItem],
    rules: Sequence[HouseRule],
    show_location: bool = False,
) -> str:
    lines = [session_when_text(session)]
    lines += [change.text for change in session.clock_changes]
    place = session.place if show_location else None
    if place:
        if place.venue:
            lines.append(f"{_('Where:')} {place.venue}")
        if place.online_link:
            lines.append(f"{_('Link to join:')} {place.online_link}")
    agenda = agenda_timed(session, items)
    if agenda.items:
        lines += ["", _("Agenda")]
        start_date = session.local_start.date()
        for timed in agenda.items:
            day = (
                f" ({formats.date_format(timed.starts_at, 'D j M')})"
                if timed.starts_at.date() != start_date
                else ""
            )
            lines.append(f"{timed.start_clock}–{timed.end_clock}{day}  {timed.item.title}")
    if rules:
        lines += ["", _("How we hold this space together")]
        lines += [f"- {rule.text}" for rule in rules]
    if url:
        lines += ["", url]
    return "\n".join(lines)


# --- Invitations -------------------------------------------------------------------------


def session_invite_ics(
    *,
    session: Session,
    attendee: Attendee | None,
    show_location: bool,
    url: str = "",
    description: str = "",
) -> bytes:
    """The session as a meeting request (METHOD:REQUEST) for one attendee, or none.

    A later change of time or place is the same file with a higher SEQUENCE:
    calendars replace the event they already have (same UID).
    """
    jam = session.jam
    with translation.override(site_language(jam.language)):
        event = _event(
            when=_when(session),
            summary=_summary(jam.name),
            organizer=_organizer(email=jam.host.email, name=_host_name(jam)),
            status="CONFIRMED",
            attendee=attendee,
            description=description,
            location=_location(session) if show_location else "",
            url=url,
            last_modified=session.updated_at,
        )
    return _calendar(method="REQUEST", events=[event])


def guest_session_ics(
    *,
    guest: Guest,
    session: Session,
    items: Sequence[AgendaItem] | None = None,
    rules: Sequence[HouseRule] | None = None,
) -> bytes:
    """The invitation a guest downloads or receives: their answer as PARTSTAT.

    The session's place (venue and online link) is in it only once the guest said yes
    to this session. Reads the guest's answers once (none when ``rsvps`` is prefetched),
    and the agenda and rules (two queries) unless ``items`` (in agenda order)
    and ``rules`` are given, as a batch of emails can do once for all guests.
    ``session.jam.host`` is used: load it with ``select_related("jam__host")``.
    """
    rsvps = list(guest.rsvps.all())
    answer = next((rsvp.answer for rsvp in rsvps if rsvp.session_id == session.pk), None)
    attendee = (
        Attendee(email=guest.email, name=guest.name, partstat=partstat_for(answer))
        if guest.email
        else None
    )
    url = site_url(reverse("guest:page", kwargs={"token": guest_link_token(guest)}))
    show_location = sees_place(answer)
    return session_invite_ics(
        session=session,
        attendee=attendee,
        show_location=show_location,
        url=url,
        description=session_description(
            session, url, items=items, rules=rules, show_location=show_location
        ),
    )


# --- Cancellation ------------------------------------------------------------------------


def session_snapshot(session: Session) -> dict:
    """What a cancellation needs once the session is gone; JSON-serialisable.

    ``uid`` is the session's UUID (the calendar UID is made from it); the
    sequence is already one higher than the session's: the cancel is a change.
    """
    jam = session.jam
    return {
        "uid": str(session.uid),
        "sequence": session.sequence + 1,
        "starts_at": session.starts_at.astimezone(dt.UTC).isoformat(),
        "duration_minutes": session.duration_minutes,
        "timezone": session.timezone,
        "number": session.number,
        "jam_name": jam.name,
        "language": jam.language,
        "host_email": jam.host.email,
        "host_name": _host_name(jam),
    }


def session_cancel_ics(*, snapshot: dict, attendee: Attendee | None) -> bytes:
    """The cancellation (METHOD:CANCEL) of a session, with the UID calendars already know."""
    when = _When(
        uid=calendar_uid(str(snapshot["uid"])),
        sequence=int(snapshot["sequence"]),
        starts_at=dt.datetime.fromisoformat(snapshot["starts_at"]),
        duration_minutes=int(snapshot["duration_minutes"]),
        timezone=snapshot["timezone"],
        number=int(snapshot["number"]),
    )
    with translation.override(site_language(snapshot.get("language", ""))):
        event = _event(
            when=when,
            summary=_summary(snapshot["jam_name"]),
            organizer=_organizer(email=snapshot["host_email"], name=snapshot.get("host_name", "")),
            status="CANCELLED",
            attendee=attendee,
            alarm=False,
        )
    return _calendar(method="CANCEL", events=[event])


# --- The Jam's feed ----------------------------------------------------------------------


def jam_feed_ics(
    *, jam: Jam, sessions: Sequence[Session], rules: Sequence[HouseRule] | None = None
) -> bytes:
    """All the Jam's sessions as a calendar to subscribe to (METHOD:PUBLISH), for the team.

    Same UIDs and SEQUENCEs as the invitations, no attendees, the place included.
    Sessions should come with ``agenda_items`` prefetched and ``rules`` given,
    or each session's agenda is read on its own.
    """
    if rules is None:
        rules = list(jam.house_rules.in_order())
    with translation.override(site_language(jam.language)):
        organizer = _organizer(email=jam.host.email, name=_host_name(jam))
        events = [
            _event(
                when=_when(session),
                summary=_summary(jam.name),
                organizer=organizer,
                status="CONFIRMED",
                description=session_description(
                    session,
                    site_url(session.get_absolute_url()),
                    items=_ordered_items(session),
                    rules=rules,
                    show_location=True,
                ),
                location=_location(session),
                url=site_url(session.get_absolute_url()),
                last_modified=session.updated_at,
            )
            for session in sessions
        ]
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("method", "PUBLISH")
        # TEXT values, escaped by the library like SUMMARY (it would take NAME and
        # X-WR-CALNAME as unknown and write a line break in them as it is).
        calendar.add("name", vText(jam.name))
        calendar.add("x-wr-calname", vText(jam.name))
        calendar.add("refresh-interval", FEED_REFRESH, parameters={"VALUE": "DURATION"})
        calendar.add("x-published-ttl", vDuration(FEED_REFRESH))
    for event in events:
        calendar.add_component(event)
    return calendar.to_ical()


def _ordered_items(session: Session) -> list[AgendaItem]:
    """The session's agenda items in order, from the prefetch when there is one."""
    return sorted(session.agenda_items.all(), key=lambda item: (item.position, item.pk))


def session_ics_filename(session: Session) -> str:
    """``<jam-slug>-session-1.ics``: ASCII, safe in a header."""
    return f"{session.jam.slug}-session-{session.number}.ics"
