"""One guest's email, built from what is stored now, in the Jam's language: its text and
HTML, the agenda, and the calendar file and agenda PDF of each session it is about.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo
from collections import OrderedDict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from jamsessions.http import site_url
from jamsessions.i18n import site_language
from jamsessions.mail import render_subject, render_text
from planning.enums import MessageKind, RsvpAnswer
from planning.guests.selectors import said_yes_to
from planning.guests.tokens import guest_link_token
from planning.models import Guest, GuestMessage, Jam, Session
from sessions.agenda.models import AgendaItem
from sessions.agenda.pdf import build_agenda_pdf, render_agenda_html
from sessions.agenda.timed import TimedItem, agenda_timed
from sessions.calendar.ics import (
    Attendee,
    guest_session_ics,
    partstat_for,
    session_cancel_ics,
    session_ics_filename,
)
from sessions.messages.record import SESSION_KINDS, Change, update_news
from sessions.space.models import HouseRule

# Agenda PDFs kept per worker process, by the HTML they are made from.
AGENDA_PDFS_KEPT = 32


ICS_REQUEST_MIMETYPE = "text/calendar; method=REQUEST; charset=utf-8"


ICS_CANCEL_MIMETYPE = "text/calendar; method=CANCEL; charset=utf-8"


_agenda_pdfs: OrderedDict[str, bytes] = OrderedDict()


def agenda_pdf_for_guests(*, session: Session, show_location: bool) -> bytes:
    """The participants' agenda PDF, made once per worker process for as long as it is the same.

    WeasyPrint takes most of a second per PDF; its HTML takes milliseconds. The PDF
    is kept under a digest of that HTML, which holds everything the PDF shows
    (agenda, rules, times, place, language): any change makes a new PDF, and
    batch after batch of the same reminder reuses one.
    """
    html = render_agenda_html(session=session, show_location=show_location)
    key = hashlib.sha256(html.encode()).hexdigest()
    pdf = _agenda_pdfs.get(key)
    if pdf is None:
        pdf = build_agenda_pdf(session=session, show_location=show_location)
        _agenda_pdfs[key] = pdf
        while len(_agenda_pdfs) > AGENDA_PDFS_KEPT:
            _agenda_pdfs.popitem(last=False)
    else:
        _agenda_pdfs.move_to_end(key)
    return pdf


@dataclass
class EmailBatch:
    """What every email of one delivery batch shares: read and rendered once per batch."""

    sessions: dict[int, list[Session]] = field(default_factory=dict)
    items: dict[int, list[AgendaItem]] = field(default_factory=dict)
    agendas: dict[int, list[TimedItem]] = field(default_factory=dict)
    rules: dict[int, list[HouseRule]] = field(default_factory=dict)
    pdfs: dict[tuple[int, bool], bytes] = field(default_factory=dict)
    agenda_parts: dict[tuple[int, str], tuple[str, str]] = field(default_factory=dict)

    def jam_sessions(self, jam: Jam) -> list[Session]:
        if jam.pk not in self.sessions:
            sessions = list(jam.sessions.going_ahead().order_by("number"))
            for session in sessions:
                session.jam = jam
            self.sessions[jam.pk] = sessions
        return self.sessions[jam.pk]

    def agenda_items(self, session: Session) -> list[AgendaItem]:
        if session.pk not in self.items:
            self.items[session.pk] = list(session.agenda_items.in_order())
        return self.items[session.pk]

    def agenda(self, session: Session) -> list[TimedItem]:
        if session.pk not in self.agendas:
            self.agendas[session.pk] = agenda_timed(session, self.agenda_items(session)).items
        return self.agendas[session.pk]

    def agenda_part(self, session: Session) -> tuple[str, str]:
        """The agenda as the emails show it, HTML and text, in the active language: the same
        for every guest, so rendered once per session and language."""
        key = (session.pk, translation.get_language())
        if key not in self.agenda_parts:
            context = {"items": self.agenda(session)}
            html = render_to_string("planning/email/guest_part_agenda.html", context)
            text = render_text("planning/email/guest_part_agenda.txt", context)
            self.agenda_parts[key] = (mark_safe(html.strip()), text.strip())  # noqa: S308
        return self.agenda_parts[key]

    def house_rule_list(self, jam: Jam) -> list[HouseRule]:
        if jam.pk not in self.rules:
            self.rules[jam.pk] = list(jam.house_rules.in_order())
        return self.rules[jam.pk]

    def house_rules(self, jam: Jam) -> list[str]:
        return [rule.text for rule in self.house_rule_list(jam)]

    def pdf(self, session: Session, *, show_location: bool) -> bytes:
        """The participants' agenda PDF, with or without where (only for those who said yes):
        the same for everyone of each kind, so looked up at most twice per batch."""
        key = (session.pk, show_location)
        if key not in self.pdfs:
            self.pdfs[key] = agenda_pdf_for_guests(session=session, show_location=show_location)
        return self.pdfs[key]


@dataclass(frozen=True)
class SessionView:
    """A session as a guest's email shows it: when, in its zone (and theirs), and its agenda."""

    label: str
    starts_at: dt.datetime  # in the session's zone
    ends_at: dt.datetime
    zone: str
    zone_abbreviation: str
    guest_starts_at: dt.datetime | None  # in the guest's own zone, when it differs
    guest_zone: str
    agenda_html: str  # rendered once per batch (see ``EmailBatch.agenda_part``)
    agenda_text: str
    answer: str
    show_where: bool = False
    """Only for a guest who said yes to this session (``said_yes_to``): its venue and link."""
    venue: str = ""
    online_link: str = ""


def _session_view(
    session: Session, *, guest: Guest, answers: dict[int, str], agenda: tuple[str, str]
) -> SessionView:
    local_start = session.local_start
    guest_start = None
    if guest.timezone and guest.timezone != session.timezone:
        try:
            candidate = session.starts_at.astimezone(zoneinfo.ZoneInfo(guest.timezone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            candidate = None
        if candidate is not None and candidate.utcoffset() != local_start.utcoffset():
            guest_start = candidate
    answer = answers.get(session.pk, "")
    show_where = said_yes_to(guest, session)
    place = session.place
    return SessionView(
        label=session.label,
        starts_at=local_start,
        ends_at=session.local_end,
        zone=session.timezone,
        zone_abbreviation=local_start.tzname() or "",
        guest_starts_at=guest_start,
        guest_zone=guest.timezone,
        agenda_html=agenda[0],
        agenda_text=agenda[1],
        answer=str(RsvpAnswer(answer).label) if answer else "",
        show_where=show_where,
        venue=place.venue if show_where else "",
        online_link=place.online_link if show_where else "",
    )


def _cancelled_view(payload: dict) -> SessionView | None:
    """The cancelled session as it was, from the facts kept in the notice."""
    try:
        zone = zoneinfo.ZoneInfo(payload["timezone"])
        starts_utc = dt.datetime.fromisoformat(payload["starts_at"]).astimezone(dt.UTC)
        ends_utc = starts_utc + dt.timedelta(minutes=int(payload["duration_minutes"]))
    except (KeyError, TypeError, ValueError, zoneinfo.ZoneInfoNotFoundError):
        return None
    return SessionView(
        label=_("Session %(number)s") % {"number": payload.get("number", "")},
        starts_at=starts_utc.astimezone(zone),
        ends_at=ends_utc.astimezone(zone),
        zone=payload["timezone"],
        zone_abbreviation=starts_utc.astimezone(zone).tzname() or "",
        guest_starts_at=None,
        guest_zone="",
        agenda_html="",
        agenda_text="",
        answer="",
    )


def _personal_link(guest: Guest) -> str:
    return site_url(reverse("guest:page", kwargs={"token": guest_link_token(guest)}))


def email_sessions(message: GuestMessage, batch: EmailBatch) -> list[Session]:
    """The sessions an email is about: those still to come for an invitation, else its own one.

    An invitation never asks about, attaches or offers a session that has ended by the time
    it is built (``Session.is_over_at``).
    """
    if message.kind == MessageKind.INVITATION:
        now = timezone.now()
        return [s for s in batch.jam_sessions(message.jam) if not s.is_over_at(now)]
    if message.kind in SESSION_KINDS and message.session is not None:
        message.session.jam = message.jam
        return [message.session]
    return []


def guest_email_context(
    *, message: GuestMessage, batch: EmailBatch | None = None, sessions: list[Session] | None = None
) -> dict:
    """Everything one guest's email shows, read now from the database.

    ``sessions``: those ``email_sessions`` chose for it, when the caller already has them
    (the attachments must be about the very same sessions as the text).
    """
    batch = batch or EmailBatch()
    guest, jam = message.guest, message.jam
    answers = {rsvp.session_id: rsvp.answer for rsvp in guest.rsvps.all()}
    if sessions is None:
        sessions = email_sessions(message, batch)
    views = [
        _session_view(session, guest=guest, answers=answers, agenda=batch.agenda_part(session))
        for session in sessions
    ]
    if message.kind == MessageKind.CANCELLATION:
        cancelled = _cancelled_view(message.payload)
        views = [cancelled] if cancelled else []
    news = update_news(message) if message.kind == MessageKind.UPDATE else set()
    return {
        "kind": message.kind,
        "jam": jam,
        "host": jam.host,
        "guest": guest,
        "sessions": views,
        "rules": batch.house_rules(jam) if message.kind != MessageKind.CANCELLATION else [],
        "show_agenda": message.kind != MessageKind.CANCELLATION,
        # Each session's place is with it (``SessionView``); “where” says how to see the rest.
        "show_where": bool(views) and all(view.show_where for view in views),
        "new_time": Change.TIME in news,
        "new_place": Change.PLACE in news,
        "back_on": Change.RESTORED in news,
        "announcement": message.announcement,
        "link": _personal_link(guest),
    }


def _tidy_text(text: str) -> str:
    """Plain-text templates leave blank lines where tags were: at most one in a row."""
    lines = [line.rstrip() for line in text.strip().splitlines()]
    tidy: list[str] = []
    for line in lines:
        if line or (tidy and tidy[-1]):
            tidy.append(line)
    return "\n".join(tidy) + "\n"


def _attachments_add(
    email: EmailMultiAlternatives, message: GuestMessage, sessions: list[Session], batch: EmailBatch
) -> None:
    guest, jam = message.guest, message.jam
    if message.kind == MessageKind.CANCELLATION:
        attendee = Attendee(email=guest.email, name=guest.name, partstat=partstat_for(None))
        ics = session_cancel_ics(snapshot=message.payload, attendee=attendee)
        number = message.payload.get("number", "")
        email.attach(f"{jam.slug}-session-{number}-cancelled.ics", ics, ICS_CANCEL_MIMETYPE)
        return
    for session in sessions:
        email.attach(
            f"{jam.slug}-session-{session.number}-agenda.pdf",
            batch.pdf(session, show_location=said_yes_to(guest, session)),
            "application/pdf",
        )
        email.attach(
            session_ics_filename(session),
            guest_session_ics(
                guest=guest,
                session=session,
                items=batch.agenda_items(session),
                rules=batch.house_rule_list(jam),
            ),
            ICS_REQUEST_MIMETYPE,
        )


def guest_email_build(
    *, message: GuestMessage, batch: EmailBatch | None = None
) -> EmailMultiAlternatives:
    """The email for one recorded message: text and HTML parts and its attachments."""
    batch = batch or EmailBatch()
    jam = message.jam
    with translation.override(site_language(jam.language)):
        sessions = email_sessions(message, batch)
        context = guest_email_context(message=message, batch=batch, sessions=sessions)
        template = f"planning/email/guest_{message.kind}"
        subject = render_subject(f"{template}_subject.txt", context)
        text = _tidy_text(render_text(f"{template}.txt", context))
        html = render_to_string(f"{template}.html", context)
        email = EmailMultiAlternatives(
            subject=subject,
            body=text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[message.guest.email],
            reply_to=[jam.host.email] if jam.host.email else None,
        )
        email.attach_alternative(html, "text/html")
        _attachments_add(email, message, sessions, batch)
    # Read by django-anymail (ignored by other backends): no personal data in either.
    email.tags = [str(message.kind)]
    email.metadata = {"guest_message": str(message.pk)}
    return email
