"""What the guest list page shows, read in a fixed number of queries whatever the list's size.

Selectors only: the guests with their answers per session and their invitation
state, the totals per session, and what went out by email, with times in the
zone of the session they are about.
"""

from __future__ import annotations

import datetime as dt
import enum
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jamsessions.outbox.sending import waiting_too_long
from planning.enums import MessageKind, MessageStatus, RsvpAnswer
from planning.guests.log import MessageLog
from planning.guests.selectors import (
    GUESTS_SUGGESTED_MAX,
    GUESTS_SUGGESTED_MIN,
    guest_list,
    rsvp_answers,
)
from planning.models import Guest, GuestMessage, Jam, Session, sessions_going_ahead

ANSWER_SHORT = {
    RsvpAnswer.YES: _("Yes"),
    RsvpAnswer.MAYBE: _("Maybe"),
    RsvpAnswer.NO: _("No"),
    "": _("No answer"),
}

ONE_GROUP_NOTES = {
    "gender": _("Everyone who answered gave the same gender."),
    "age_range": _("Everyone who answered is in the same age range."),
    "movement": _("Everyone who answered is part of the same movement."),
}


class InvitationState(enum.StrEnum):
    NOT_INVITED = "not_invited"
    SENDING = "sending"
    UNSURE = "unsure"
    """Handed to the mail service long ago with no answer recorded: it may not have gone out."""
    INVITED = "invited"
    FAILED = "failed"
    ERASED = "erased"


@dataclass(frozen=True)
class Invitation:
    state: InvitationState
    at: dt.datetime | None = None


@dataclass(frozen=True)
class Answer:
    session_number: int
    value: str
    label: str


@dataclass(frozen=True)
class GuestRow:
    guest: Guest
    invitation: Invitation
    answers: list[Answer]
    needs: str
    """What the team may read of the guest's needs on their row: nothing when the guest
    shared them without their name (the row then looks like that of a guest with no needs)."""

    @property
    def said_yes(self) -> bool:
        return any(answer.value == RsvpAnswer.YES for answer in self.answers)


@dataclass
class SessionTotals:
    session: Session
    yes: int = 0
    maybe: int = 0
    no: int = 0
    unanswered: int = 0

    def add(self, value: str) -> None:
        attribute = value if value in RsvpAnswer.values else "unanswered"
        setattr(self, attribute, getattr(self, attribute) + 1)


@dataclass(frozen=True)
class GuestTable:
    sessions: list[Session]
    rows: list[GuestRow]
    totals: list[SessionTotals]

    @property
    def count(self) -> int:
        """Guests on the list; erased ones are not counted."""
        return sum(1 for row in self.rows if not row.guest.is_erased)

    @property
    def not_invited(self) -> int:
        return sum(1 for row in self.rows if row.invitation.state == InvitationState.NOT_INVITED)

    @property
    def saying_yes(self) -> int:
        return sum(1 for row in self.rows if row.said_yes and not row.guest.is_erased)

    @property
    def too_few(self) -> bool:
        return 0 < self.count < GUESTS_SUGGESTED_MIN

    @property
    def too_many(self) -> bool:
        return self.count > GUESTS_SUGGESTED_MAX


def sessions_in_order(jam: Jam) -> list[Session]:
    """The Jam's sessions that go ahead, by number, from the prefetched ``sessions`` when
    present: a cancelled one has no column (its answers are kept with it)."""
    return sorted(sessions_going_ahead(jam.sessions.all()), key=lambda session: session.number)


def invitation_states(*, jam: Jam, now: dt.datetime | None = None) -> dict[int, Invitation]:
    """Each guest's invitation as the latest invitation email says: one query."""
    now = now or timezone.now()
    latest: dict[int, tuple] = {}
    rows = (
        GuestMessage.objects.filter(jam=jam, kind=MessageKind.INVITATION)
        .order_by("created_at", "pk")
        .values_list("guest_id", "status", "sent_at", "sending_at")
    )
    first_sent: dict[int, dt.datetime] = {}
    for guest_id, status, sent_at, sending_at in rows:
        latest[guest_id] = (status, sent_at, sending_at)
        if status == MessageStatus.SENT and guest_id not in first_sent:
            first_sent[guest_id] = sent_at
    states = {}
    for guest_id, (status, sent_at, sending_at) in latest.items():
        if status == MessageStatus.SENT:
            states[guest_id] = Invitation(InvitationState.INVITED, sent_at)
        elif status == MessageStatus.FAILED:
            states[guest_id] = Invitation(InvitationState.FAILED)
        elif status == MessageStatus.SENDING and sending_at <= now - waiting_too_long():
            states[guest_id] = Invitation(InvitationState.UNSURE)
        elif guest_id in first_sent:  # sent before, being sent again
            states[guest_id] = Invitation(InvitationState.INVITED, first_sent[guest_id])
        else:
            states[guest_id] = Invitation(InvitationState.SENDING)
    return states


def _invitation_of(guest: Guest, states: dict[int, Invitation]) -> Invitation:
    if guest.is_erased:
        return Invitation(InvitationState.ERASED)
    if guest.pk in states:
        return states[guest.pk]
    if guest.invited_at:
        return Invitation(InvitationState.SENDING)
    return Invitation(InvitationState.NOT_INVITED)


def guest_table(*, jam: Jam, sessions: list[Session]) -> GuestTable:
    """The guest list with answers per session and totals: three queries."""
    states = invitation_states(jam=jam)
    totals = [SessionTotals(session) for session in sessions]
    rows = []
    for guest in guest_list(jam=jam):
        given = rsvp_answers(guest)
        answers = []
        for session, total in zip(sessions, totals, strict=True):
            value = given.get(session.pk, "")
            answers.append(Answer(session.number, value, str(ANSWER_SHORT.get(value, value))))
            if value or not guest.is_erased:
                total.add(value)
        needs = "" if guest.needs_anonymous else guest.needs
        rows.append(GuestRow(guest, _invitation_of(guest, states), answers, needs))
    return GuestTable(sessions=sessions, rows=rows, totals=totals)


# --- What went out --------------------------------------------------------------------


@dataclass(frozen=True)
class ZonedTime:
    at: dt.datetime
    zone: str


def in_zone(moment: dt.datetime | None, zone: str) -> ZonedTime | None:
    if moment is None:
        return None
    return ZonedTime(moment.astimezone(ZoneInfo(zone)), zone)


@dataclass(frozen=True)
class LogRow:
    kind_label: str
    session_number: int | None
    sent: int
    queued: int
    failed: int
    last_sent: ZonedTime | None


@dataclass(frozen=True)
class FailedEmail:
    """An email the host may send again: failed, waiting too long, or that may not have gone out."""

    message: GuestMessage
    guest_name: str
    kind_label: str
    session_number: int | None


@dataclass(frozen=True)
class Scheduled:
    session: Session
    kind_label: str
    due: ZonedTime


@dataclass(frozen=True)
class MessageLogView:
    rows: list[LogRow] = field(default_factory=list)
    failed: list[FailedEmail] = field(default_factory=list)
    scheduled: list[Scheduled] = field(default_factory=list)
    waiting: list[FailedEmail] = field(default_factory=list)
    unsure: list[FailedEmail] = field(default_factory=list)

    @property
    def is_empty(self) -> bool:
        return not (self.rows or self.failed or self.scheduled or self.waiting or self.unsure)


def message_log_view(
    log: MessageLog, *, sessions: list[Session], guests: list[Guest]
) -> MessageLogView:
    """The log as the page shows it: times in the session's zone (UTC when about no session),
    guests and sessions found in what the page already read, so no query is made here."""
    zones = {session.number: session.timezone for session in sessions}
    numbers = {session.pk: session.number for session in sessions}
    names = {guest.pk: guest.name or str(_("Erased guest")) for guest in guests}
    kind_labels = dict(MessageKind.choices)
    rows = [
        LogRow(
            kind_label=row.kind_label,
            session_number=row.session_number,
            sent=row.sent,
            queued=row.queued,
            failed=row.failed,
            last_sent=in_zone(row.last_sent_at, zones.get(row.session_number, "UTC")),
        )
        for row in log.rows
    ]

    def stuck(messages: list[GuestMessage]) -> list[FailedEmail]:
        return [
            FailedEmail(
                message=message,
                guest_name=names.get(message.guest_id, ""),
                kind_label=str(kind_labels.get(message.kind, message.kind)),
                session_number=numbers.get(message.session_id),
            )
            for message in messages
        ]

    scheduled = [
        Scheduled(
            session=item.session,
            kind_label=item.kind_label,
            due=in_zone(item.due_at, item.session.timezone),
        )
        for item in log.scheduled
    ]
    return MessageLogView(
        rows=rows,
        failed=stuck(log.failed),
        scheduled=scheduled,
        waiting=stuck(log.waiting),
        unsure=stuck(log.unsure),
    )
