"""Adding, changing, cancelling (and bringing back) a Jam's sessions: each renumbers the
others in time order (their keys never change), moves the roadmap, reschedules reminders
and tells the guests. Nothing recorded is lost: a session is deleted only when it was
added by mistake (still to come, holding nothing, known to no guest).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, ExpressionWrapper
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.models import Jam, Session, going_ahead_filter
from planning.roadmap.services import roadmap_add_session
from sessions.messages.notices import (
    session_added_notify,
    session_cancelled_notify,
    session_changed_notify,
    session_restored_notify,
)
from sessions.messages.record import Change
from sessions.messages.reminders import reminders_schedule
from sessions.schedule.selectors import session_known_to_guests, session_records


def session_create(
    *,
    jam: Jam,
    starts_at: dt.datetime,
    duration_minutes: int,
    timezone: str,
    venue: str = "",
    online_link: str = "",
) -> Session:
    """Add a session; with no venue and no link of its own it is at the Jam's place."""
    with transaction.atomic():
        session = Session.objects.create(
            jam=jam,
            number=jam.sessions.count() + 1,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            timezone=timezone,
            venue=venue,
            online_link=online_link,
        )
        roadmap_add_session(session=session)
        sessions_renumber(jam=jam)
        session.refresh_from_db(fields=["number"])
        reminders_schedule(session=session)
        session_added_notify(session=session)
    return session


CALENDAR_FIELDS = ("starts_at", "duration_minutes", "timezone")


PLACE_FIELDS = ("venue", "online_link")


def session_update(
    *,
    session: Session,
    starts_at: dt.datetime,
    duration_minutes: int,
    timezone: str,
    venue: str | None = None,
    online_link: str | None = None,
) -> Session:
    """Change a session's time and place (a place left ``None`` stays as it is).

    A new time reaches every guest who may come, a new place the guests who said yes
    to the session (only they see it): a change notice and a calendar update with a
    higher SEQUENCE. The place compared is where the session happens
    (``Session.place``): writing out the Jam's place as the session's own is no news.
    """
    with transaction.atomic():
        before = Session.objects.select_for_update().get(pk=session.pk)
        before.jam = session.jam
        session.starts_at = starts_at
        session.duration_minutes = duration_minutes
        session.timezone = timezone
        if venue is not None:
            session.venue = venue
        if online_link is not None:
            session.online_link = online_link
        changes = set()
        if any(getattr(before, name) != getattr(session, name) for name in CALENDAR_FIELDS):
            changes.add(Change.TIME)
        if before.place != session.place:
            changes.add(Change.PLACE)
        session.sequence = before.sequence + 1 if changes else before.sequence
        session.save(update_fields=[*CALENDAR_FIELDS, *PLACE_FIELDS, "sequence", "updated_at"])
        sessions_renumber(jam=session.jam)
        if changes:
            session_changed_notify(session=session, changes=changes)
    session.refresh_from_db(fields=["number"])
    return session


def _locked(session: Session) -> tuple[Session | None, bool]:
    """The session as stored now (None once removed), and whether it is the Jam's last
    session going ahead. The Jam's sessions are held until the transaction ends: two
    requests cancelling or deleting at once wait for each other, so a Jam never loses its
    last session."""
    sessions = list(Session.objects.select_for_update().filter(jam=session.jam).order_by("pk"))
    current = next((row for row in sessions if row.pk == session.pk), None)
    if current is None:
        return None, False
    current.jam = session.jam
    others_ahead = any(not row.is_cancelled for row in sessions if row.pk != current.pk)
    return current, not current.is_cancelled and not others_ahead


def _cancelled_set(session: Session, *, at: dt.datetime | None, by=None) -> None:
    """Save the session as cancelled (``at``) or going ahead (None): a change calendars
    hear of (SEQUENCE raised); the sessions are numbered again. ``session`` shows it."""
    session.sequence += 1
    session.cancelled_at, session.cancelled_by = at, by
    session.save(update_fields=["sequence", "cancelled_at", "cancelled_by", "updated_at"])
    sessions_renumber(jam=session.jam)
    session.refresh_from_db(fields=["number"])


def last_session_text() -> str:
    return _(
        "A Jam needs at least one session that goes ahead. Change this one instead, "
        "or add another session first."
    )


def session_cancel_blocker(session: Session, *, now: dt.datetime | None = None) -> str:
    """Why the session cannot be cancelled, in the team's words; "" when it can.

    Only a session still to come is cancelled: one that has begun is part of what
    happened. (That it is not the Jam's last session going ahead is checked on saving.)
    """
    if session.is_cancelled:
        return _("This session is cancelled already.")
    if session.has_started_at(now or timezone.now()):
        return _(
            "This session has already begun, so it is part of what happened: "
            "it can no longer be cancelled."
        )
    return ""


def session_delete_blocker(session: Session, *, now: dt.datetime | None = None) -> str:
    """Why the session cannot be deleted, in the team's words; "" when it can.

    Nothing recorded is lost: only a session still to come that holds nothing
    (``session_records``) and that no guest may know of (``session_known_to_guests``) is
    deleted, say one added by mistake. Any other coming session is cancelled instead,
    and one that has begun stays.
    """
    if session.has_started_at(now or timezone.now()):
        return _(
            "This session has already begun, so it is part of the Jam’s record: "
            "it cannot be deleted."
        )
    records = session_records(session)
    if records:
        return _(
            "This session holds %(records)s, which deleting it would lose. Cancel it "
            "instead: its guests are told and everything it holds is kept."
        ) % {"records": ", ".join(records)}
    if session_known_to_guests(session):
        return _(
            "Guests may already know of this session. Cancel it instead, so that they are "
            "told and it leaves their calendars."
        )
    return ""


def restore_blocker(session: Session, *, now: dt.datetime | None = None) -> str:
    """Why the session cannot be brought back, in the team's words; "" when it can."""
    if not session.is_cancelled:
        return _("This session is not cancelled.")
    if session.has_started_at(now or timezone.now()):
        return _("This session’s time has come and gone: it can no longer be brought back.")
    return ""


def session_cancel(*, session: Session, actor) -> int:
    """Call a coming session off: its guests are told (the cancellation email, and a
    calendar CANCEL with a higher SEQUENCE), everything it holds is kept, and it no longer
    counts (``planning.jams.models.going_ahead_filter``); the others are numbered again.

    Returns how many guests are told. Raises ``ValidationError`` when it cannot be
    cancelled (``session_cancel_blocker``), or is the Jam's last session going ahead.
    Whoever asks must pass ``sessions.rules.can_cancel_sessions``.
    """
    with transaction.atomic():
        current, last = _locked(session)
        if current is None:
            raise ValidationError(_("This session was removed."))
        if blocker := session_cancel_blocker(current):
            raise ValidationError(blocker)
        if last:
            raise ValidationError(last_session_text())
        told = session_cancelled_notify(session=current)
        _cancelled_set(current, at=timezone.now(), by=actor)
    _copy_state(current, session)
    return told


def session_restore(*, session: Session) -> int:
    """Bring a cancelled session back while it is still to come: it counts again, its
    guests are told it is back on (with a calendar file, SEQUENCE raised) and its
    reminders are scheduled again. Returns how many guests are told.

    Its records were kept, so guests' answers stand as they were. Raises
    ``ValidationError`` when it is not cancelled, or has begun since.
    """
    with transaction.atomic():
        current, _last = _locked(session)
        if current is None:
            raise ValidationError(_("This session was removed."))
        if blocker := restore_blocker(current):
            raise ValidationError(blocker)
        _cancelled_set(current, at=None)
        told = session_restored_notify(session=current)
    _copy_state(current, session)
    return told


def _copy_state(source: Session, target: Session) -> None:
    """The caller's object shows what was saved."""
    for name in ("number", "sequence", "cancelled_at", "cancelled_by_id"):
        setattr(target, name, getattr(source, name))


def session_delete(*, session: Session) -> None:
    """Delete a session added by mistake: only one still to come that holds nothing and
    that no guest may know of (``session_delete_blocker``); any other is cancelled
    (``session_cancel``). Raises ``ValidationError`` saying why not, whoever asks.
    """
    with transaction.atomic():
        current, last = _locked(session)
        if current is None:
            return  # removed a moment ago: nothing left to do
        if blocker := session_delete_blocker(current):
            raise ValidationError(blocker)
        if last:
            raise ValidationError(last_session_text())
        current.delete()
        sessions_renumber(jam=session.jam)


def sessions_renumber(*, jam: Jam) -> None:
    """Number a Jam's sessions 1, 2, 3… in the order they happen: those that go ahead
    first, so guests never see a gap; cancelled ones after them (a number never shown)."""
    ordered = list(
        jam.sessions.alias(
            off=ExpressionWrapper(~going_ahead_filter(), output_field=BooleanField())
        )
        .order_by("off", "starts_at", "created_at", "pk")
        .values_list("pk", "number")
    )
    changed = [
        (pk, position) for position, (pk, number) in enumerate(ordered, 1) if number != position
    ]
    if not changed:
        return
    # The unique (jam, number) constraint is deferred to the commit, so numbers may swap.
    with transaction.atomic():
        for pk, position in changed:
            Session.objects.filter(pk=pk).update(number=position)
