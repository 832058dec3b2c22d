"""The day itself: who came (attendance) and what was said (the note taker's notes).

Selectors read (``attendance_sheet``, ``attendance_counts``, ``attendance_counts_for_jam``,
``notes_for_session``, ``notes_text_for_jam``); services write (``attendance_mark``,
``walk_in_add``, ``walk_in_remove``, ``note_save``).

Attendance keeps the least: a guest from the list is ticked, someone who came without
an invitation is known by a first name only. Notes are saved as they are typed, from
more than one phone at once: a save made on an out-of-date note never loses either text.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.enums import RsvpAnswer
from planning.models import Guest, Jam, Rsvp, Session
from sessions.agenda.models import AgendaItem
from sessions.agenda.timed import TimedItem, agenda_timed
from sessions.day.models import Attendance, ItemNote

# --- Attendance -----------------------------------------------------------------------

WALK_IN_MAX_WORDS = 3
# A run of digits this long is a phone number, not part of a first name.
_PHONE_LIKE = re.compile(r"\d{5,}")


@dataclass(frozen=True)
class AttendanceCounts:
    guests_came: int
    walk_ins: int

    @property
    def total(self) -> int:
        return self.guests_came + self.walk_ins


@dataclass(frozen=True)
class AttendanceRow:
    """A guest on the attendance sheet, with what they answered and whether they came."""

    guest: Guest
    answer: str  # an RsvpAnswer value, or "" when the guest never answered
    came: bool

    @property
    def said_no(self) -> bool:
        return self.answer == RsvpAnswer.NO


@dataclass(frozen=True)
class AttendanceSheet:
    expected: list[AttendanceRow]
    """Guests who said yes or maybe, or did not answer: those to look out for."""
    said_no: list[AttendanceRow]
    walk_ins: list[Attendance]
    counts: AttendanceCounts


def _guests_with_answer(session: Session):
    answer = Rsvp.objects.filter(guest=OuterRef("pk"), session=session).values("answer")[:1]
    return (
        Guest.objects.filter(jam_id=session.jam_id, erased_at__isnull=True)
        .annotate(answer=Subquery(answer))
        .only("pk", "name", "email", "jam_id")
        .order_by("name", "email", "pk")
    )


def attendance_sheet(session: Session) -> AttendanceSheet:
    """The guests to tick (those not saying no first), the walk-ins and the counts: two queries.

    The counts include guests erased since they came: erasing keeps the anonymous tally.
    """
    guests = list(_guests_with_answer(session))
    marks = list(
        Attendance.objects.filter(session=session)
        .only("pk", "session_id", "guest_id", "walk_in_name", "marked_at")
        .order_by("marked_at", "pk")
    )
    came = {mark.guest_id for mark in marks if mark.guest_id is not None}
    walk_ins = [mark for mark in marks if mark.guest_id is None]
    rows = [AttendanceRow(guest=g, answer=g.answer or "", came=g.pk in came) for g in guests]
    return AttendanceSheet(
        expected=[row for row in rows if not row.said_no],
        said_no=[row for row in rows if row.said_no],
        walk_ins=walk_ins,
        counts=AttendanceCounts(guests_came=len(came), walk_ins=len(walk_ins)),
    )


def attendance_row(session: Session, guest: Guest) -> AttendanceRow:
    """One guest's line on the sheet, as it is now."""
    answer = (
        Rsvp.objects.filter(guest=guest, session=session).values_list("answer", flat=True).first()
    )
    came = session.attendances.filter(guest=guest).exists()
    return AttendanceRow(guest=guest, answer=answer or "", came=came)


def attendance_counts(session: Session) -> AttendanceCounts:
    """How many came: guests from the list and walk-ins (one query)."""
    counts = session.attendances.aggregate(
        guests=Count("pk", filter=Q(guest__isnull=False)),
        walk_ins=Count("pk", filter=Q(guest__isnull=True)),
    )
    return AttendanceCounts(guests_came=counts["guests"], walk_ins=counts["walk_ins"])


@dataclass(frozen=True)
class SessionAttendance:
    session: Session
    counts: AttendanceCounts
    held: bool
    """The session has started and someone's attendance is recorded."""


@dataclass(frozen=True)
class JamAttendance:
    sessions: list[SessionAttendance]

    @property
    def held(self) -> list[SessionAttendance]:
        return [row for row in self.sessions if row.held]

    @property
    def average(self) -> float | None:
        """The average number of people per session held; None before any was held."""
        held = self.held
        if not held:
            return None
        return sum(row.counts.total for row in held) / len(held)


def attendance_counts_for_jam(jam: Jam, *, now: dt.datetime | None = None) -> JamAttendance:
    """Who came to each of the Jam's sessions, and the average over those held (one query).

    A session counts as held once it has started and its attendance is recorded: one
    that started but where nobody ticked anyone is left out of the average rather than
    counted as nobody coming.
    """
    now = now or timezone.now()
    sessions = (
        jam.sessions.going_ahead()
        .annotate(
            guests_came=Count("attendances", filter=Q(attendances__guest__isnull=False)),
            walk_ins=Count("attendances", filter=Q(attendances__guest__isnull=True)),
        )
        .order_by("starts_at", "number")
    )
    rows = []
    for session in sessions:
        counts = AttendanceCounts(guests_came=session.guests_came, walk_ins=session.walk_ins)
        held = session.starts_at <= now and counts.total > 0
        rows.append(SessionAttendance(session=session, counts=counts, held=held))
    return JamAttendance(sessions=rows)


def attendance_mark(session: Session, guest: Guest, came: bool) -> bool:
    """Tick (or untick) a guest from the Jam's list as having come; returns ``came``."""
    if guest.jam_id != session.jam_id or guest.is_erased:
        raise ValidationError(_("This guest is not on this Jam’s guest list."))
    if came:
        with transaction.atomic():
            Attendance.objects.get_or_create(session=session, guest=guest)
    else:
        Attendance.objects.filter(session=session, guest=guest).delete()
    return came


def walk_in_name_clean(raw: str) -> str:
    """A walk-in's first name, tidied; anything more than a first name is refused."""
    name = " ".join(str(raw or "").split())
    if not name:
        raise ValidationError(_("Write the first name of the person who came."))
    only_first_name = _(
        "Only a first name is kept for someone who came without an invitation: "
        "leave out surnames, email addresses and phone numbers."
    )
    if "@" in name or _PHONE_LIKE.search(name) or len(name.split()) > WALK_IN_MAX_WORDS:
        raise ValidationError(only_first_name)
    if len(name) > Attendance.WALK_IN_NAME_MAX_LENGTH:
        raise ValidationError(
            _("A first name here can be at most %(max)d characters long.")
            % {"max": Attendance.WALK_IN_NAME_MAX_LENGTH}
        )
    return name


def walk_in_add(session: Session, first_name: str) -> Attendance:
    """Count someone who came without an invitation, by first name only."""
    return Attendance.objects.create(session=session, walk_in_name=walk_in_name_clean(first_name))


def walk_in_remove(session: Session, pk: int) -> Attendance | None:
    """Take a walk-in off the session's count; None when they were already removed."""
    walk_in = session.attendances.filter(pk=pk, guest__isnull=True).first()
    if walk_in is not None:
        walk_in.delete()
    return walk_in


# --- Notes ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ItemNotes:
    """An agenda item, its planned time, and the note taker's notes on it."""

    timed: TimedItem
    note: ItemNote | None

    @property
    def item(self) -> AgendaItem:
        return self.timed.item

    @property
    def text(self) -> str:
        return self.note.text if self.note else ""

    @property
    def version(self) -> int:
        """The note's version; 0 while nobody has written one."""
        return self.note.version if self.note else 0


def _note_of(item: AgendaItem) -> ItemNote | None:
    try:
        return item.note
    except ItemNote.DoesNotExist:
        return None


def notes_for_session(session: Session) -> list[ItemNotes]:
    """Each agenda item, timed, with its note: one query whatever the agenda's length."""
    items = session.agenda_items.select_related("note__updated_by").in_order()
    agenda = agenda_timed(session, list(items))
    return [ItemNotes(timed=timed, note=_note_of(timed.item)) for timed in agenda.items]


@dataclass(frozen=True)
class NoteSaved:
    note: ItemNote
    merged: bool
    """Someone else saved this note meanwhile: their text comes first, the incoming below."""


def _merge(server: str, incoming: str, *, actor, at: dt.datetime) -> str | None:
    """The two texts as one, with nothing lost; None when the incoming text adds nothing."""
    if incoming in server:
        return None
    if incoming.startswith(server):
        return incoming  # written on top of what is saved: it already holds both
    divider = _("— also written at %(time)s by %(name)s —") % {
        "time": at.strftime("%H:%M"),
        "name": getattr(actor, "display_name", "") or _("someone"),
    }
    return f"{server.rstrip()}\n\n{divider}\n{incoming}"


def _check_length(text: str, *, merged: bool) -> None:
    limit = ItemNote.TEXT_MAX_LENGTH
    if len(text) <= limit:
        return
    if merged:
        message = _(
            "Someone else saved notes on this item meanwhile, and with yours the note "
            "would be %(length)d characters long; it can be at most %(max)d. Shorten your "
            "text: it is kept here, not saved yet."
        )
    else:
        message = _(
            "Notes on one item can be at most %(max)d characters long; these are %(length)d. "
            "Shorten them: your text is kept here, not saved yet."
        )
    raise ValidationError(message % {"max": limit, "length": len(text)}, code="too_long")


def note_save(item: AgendaItem, text: str, expected_version: int, actor) -> NoteSaved:
    """Save the notes on an item as typed; a save from an out-of-date page merges.

    ``expected_version`` is the version the text was written on (0 for a first note).
    When someone saved since, the saved text stays and the incoming text is added under
    a line saying who wrote it and when: nothing typed is lost, and ``merged`` says so.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    _check_length(text, merged=False)
    with transaction.atomic():
        # The item's row is the lock: two first notes on one item queue instead of clashing.
        AgendaItem.objects.select_for_update().filter(pk=item.pk).first()
        note = ItemNote.objects.filter(item=item).first()
        if note is None:
            note = ItemNote(item=item, version=0, text="")
        merged = False
        if note.version != expected_version:
            at = timezone.now().astimezone(item.session.zone)
            combined = _merge(note.text, text, actor=actor, at=at)
            if combined is None:
                return NoteSaved(note=note, merged=False)
            merged = combined != text
            text = combined
            _check_length(text, merged=merged)
        if note.text == text:
            return NoteSaved(note=note, merged=False)  # nothing new: no version spent
        note.text = text
        note.version += 1
        note.updated_by = actor
        note.save()
    return NoteSaved(note=note, merged=merged)


def notes_text_for_jam(jam: Jam) -> str:
    """All the notes of a Jam as plain text, by session and agenda item (one query).

    Material for the report's outcomes: items without notes are left out.
    """
    notes = (
        ItemNote.objects.filter(item__session__jam=jam)
        .exclude(text="")
        .select_related("item__session")
        .order_by("item__session__starts_at", "item__session__number", "item__position", "item__pk")
    )
    parts: list[str] = []
    session_id = None
    for note in notes:
        session = note.item.session
        if session.pk != session_id:
            session_id = session.pk
            heading = f"{session.label} · {session.local_start:%Y-%m-%d}"
            parts.append(f"{heading}\n{'=' * len(heading)}\n")
        title = note.item.title
        parts.append(f"{title}\n{'-' * len(title)}\n{note.text.strip()}\n")
    return "\n".join(parts)
