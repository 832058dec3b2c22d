"""Running the day: where the session is (which item, since when), shared by the whole team.

The state lives in one ``RunState`` row per session. Every change goes through
``run_change``: it locks the row, refuses a change made on an out-of-date view
(``RunStale``: two devices pressing "Next" at once move the session on once) and bumps
``version``. ``run_view`` reads it back with the times worked out: the countdown of the
current item and how far ahead or behind plan the session runs.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from planning.models import Session
from sessions.agenda.selectors import agenda_get
from sessions.agenda.timed import Agenda, TimedItem
from sessions.run.models import RunState

EXTEND_MINUTES = 5
EXTRA_MINUTES_MAX = 60
# A run started further than this from the session's start is timed from its own start.
REHEARSAL_GAP = dt.timedelta(hours=3)

RUN_ACTIONS = ("start", "pause", "resume", "next", "back", "extend", "finish")


class RunStale(Exception):
    """The change was asked for on a view of the run that someone has changed since."""

    def __init__(self, current: RunState):
        super().__init__(f"run of session {current.session_id} is at version {current.version}")
        self.current = current


# --- Reads ---------------------------------------------------------------------------


def run_state_get(*, session: Session) -> RunState:
    """The session's run state, made (not started) the first time it is asked for."""
    state, _created = RunState.objects.get_or_create(session=session)
    return state


@dataclass(frozen=True)
class RunView:
    """The run of a session as the team sees it at one instant."""

    session: Session
    agenda: Agenda
    state: RunState
    now: dt.datetime
    current_index: int | None  # index in agenda.items, None before the start or at the end

    @property
    def version(self) -> int:
        return self.state.version

    @property
    def started(self) -> bool:
        return self.state.started_at is not None

    @property
    def finished(self) -> bool:
        return self.state.finished_at is not None

    @property
    def running(self) -> bool:
        return self.started and not self.finished

    @property
    def paused(self) -> bool:
        return self.running and self.state.paused_at is not None

    @property
    def current(self) -> TimedItem | None:
        return None if self.current_index is None else self.agenda.items[self.current_index]

    @property
    def next(self) -> TimedItem | None:
        """The item after the current one; before the start, the first one."""
        if self.finished:
            return None
        index = 0 if self.current_index is None else self.current_index + 1
        return self.agenda.items[index] if index < len(self.agenda.items) else None

    @property
    def is_last(self) -> bool:
        return self.current is not None and self.next is None

    @property
    def is_first(self) -> bool:
        return self.current_index == 0

    @property
    def item_minutes(self) -> int:
        """The current item's minutes as planned, plus any added on the day."""
        if self.current is None:
            return 0
        return self.current.item.duration_minutes + self.state.extra_minutes

    @property
    def item_seconds(self) -> int:
        return self.item_minutes * 60

    @property
    def _clock(self) -> dt.datetime:
        """The instant the countdown stands at: the pause stops it."""
        return self.state.paused_at if self.paused else self.now

    @property
    def seconds_left(self) -> int:
        """Time left in the current item; below zero when it runs over."""
        if self.current is None or self.state.item_started_at is None:
            return 0
        spent = (self._clock - self.state.item_started_at).total_seconds()
        return int(self.item_seconds - spent)

    @property
    def over(self) -> bool:
        return self.current is not None and self.seconds_left < 0

    @property
    def clock(self) -> str:
        """The countdown as mm:ss (how long over, when the item runs over)."""
        seconds = abs(self.seconds_left)
        return f"{seconds // 60:02d}:{seconds % 60:02d}"

    @property
    def position(self) -> int:
        """The current item's number in the agenda, from 1."""
        return 0 if self.current_index is None else self.current_index + 1

    @property
    def item_ends_at(self) -> dt.datetime | None:
        """When the current item ends if nothing changes (the pause moves it on)."""
        if self.current is None:
            return None
        return self.now + dt.timedelta(seconds=self.seconds_left)

    @property
    def rest_seconds(self) -> int:
        """The planned length of the items after the current one."""
        if not self.running:
            return 0
        start = 0 if self.current_index is None else self.current_index + 1
        return sum(timed.item.duration_minutes for timed in self.agenda.items[start:]) * 60

    @property
    def planned_start(self) -> dt.datetime:
        """The session's start; or, for a run started hours away from it (a rehearsal, a
        day moved at short notice), the moment the run started: “behind” then means the
        pace, not the date."""
        started = self.state.started_at
        if started is not None and abs(started - self.session.starts_at) > REHEARSAL_GAP:
            return started
        return self.session.starts_at

    @property
    def planned_end(self) -> dt.datetime:
        """The planned start plus every item's minutes: when the agenda meant to end."""
        return self.planned_start + dt.timedelta(minutes=self.agenda.total_minutes)

    @property
    def projected_end(self) -> dt.datetime:
        """When the agenda will end at this pace: what is left of this item, then the rest."""
        if self.finished:
            return self.state.finished_at
        if not self.started:
            begin = max(self.now, self.session.starts_at)
            return begin + dt.timedelta(minutes=self.agenda.total_minutes)
        left = max(self.seconds_left, 0) + self.rest_seconds
        return self.now + dt.timedelta(seconds=left)

    @property
    def drift_seconds(self) -> int:
        """Positive: the session runs behind plan; negative: ahead."""
        return int((self.projected_end - self.planned_end).total_seconds())

    @property
    def drift_minutes(self) -> int:
        """The drift rounded to whole minutes (half a minute either way is on time)."""
        seconds = self.drift_seconds
        minutes = (abs(seconds) + 30) // 60
        return minutes if seconds >= 0 else -minutes

    @property
    def drift_abs_minutes(self) -> int:
        return abs(self.drift_minutes)


def _current_index(agenda: Agenda, state: RunState) -> int | None:
    if state.current_item_id is None or state.finished_at is not None:
        return None
    ids = [timed.item.pk for timed in agenda.items]
    return ids.index(state.current_item_id) if state.current_item_id in ids else None


def run_view(*, session: Session, now: dt.datetime) -> RunView:
    """Where the session is, timed: two queries (the state and the agenda)."""
    state = run_state_get(session=session)
    agenda = agenda_get(session=session)
    return RunView(
        session=session,
        agenda=agenda,
        state=state,
        now=now,
        current_index=_current_index(agenda, state),
    )


def _iso(moment: dt.datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _ms(moment: dt.datetime | None) -> int | None:
    """Milliseconds since 1970, as a script's ``Date.now()`` counts."""
    return round(moment.timestamp() * 1000) if moment else None


def run_state_data(view: RunView) -> dict:
    """What the page's script needs to count on alone, as JSON-ready data."""
    current, upcoming = view.current, view.next
    item_started_at = view.state.item_started_at if current else None
    paused_at = view.state.paused_at if view.paused else None
    return {
        "version": view.version,
        "now": _iso(view.now),
        "now_ms": _ms(view.now),
        "item_started_ms": _ms(item_started_at),
        "paused_ms": _ms(paused_at),
        "planned_end_ms": _ms(view.planned_end),
        "started": view.started,
        "finished": view.finished,
        "paused": view.paused,
        "item_started_at": _iso(item_started_at),
        "paused_at": _iso(paused_at),
        "item_seconds": view.item_seconds,
        "seconds_left": view.seconds_left,
        "rest_seconds": view.rest_seconds,
        "planned_end": _iso(view.planned_end),
        "drift_seconds": view.drift_seconds,
        "current": {"id": current.item.pk, "title": current.item.title} if current else None,
        "next": {"id": upcoming.item.pk, "title": upcoming.item.title} if upcoming else None,
    }


# --- Writes --------------------------------------------------------------------------


def _go_to(state: RunState, item_id: int, now: dt.datetime) -> None:
    """Make an item the current one from now; a paused run stays paused."""
    state.current_item_id = item_id
    state.item_started_at = now
    state.extra_minutes = 0
    state.finished_at = None
    if state.paused_at is not None:
        state.paused_at = now


def _start(state: RunState, ids: list[int], now: dt.datetime) -> None:
    if not ids:
        raise ValidationError(_("The agenda is empty: add its items first."))
    if state.started_at is not None and state.finished_at is None:
        if state.current_item_id not in ids:
            _go_to(state, ids[0], now)  # its item left the agenda: pick the run up again
        return  # already running: pressing Start again changes nothing
    state.started_at = now
    state.paused_at = None
    _go_to(state, ids[0], now)


def _require_running(state: RunState) -> None:
    if state.started_at is None:
        raise ValidationError(_("The session has not started yet."))
    if state.finished_at is not None:
        raise ValidationError(_("The session is finished."))


def _pause(state: RunState, ids: list[int], now: dt.datetime) -> None:
    _require_running(state)
    if state.paused_at is None:
        state.paused_at = now


def _resume(state: RunState, ids: list[int], now: dt.datetime) -> None:
    _require_running(state)
    if state.paused_at is not None:
        if state.item_started_at is not None:
            state.item_started_at += now - state.paused_at
        state.paused_at = None


def _position(state: RunState, ids: list[int]) -> int:
    """The current item's place; -1 when it was removed from the agenda meanwhile."""
    return ids.index(state.current_item_id) if state.current_item_id in ids else -1


def _next(state: RunState, ids: list[int], now: dt.datetime) -> None:
    _require_running(state)
    index = _position(state, ids) + 1
    if index < len(ids):
        _go_to(state, ids[index], now)
    else:
        _finish(state, ids, now)


def _back(state: RunState, ids: list[int], now: dt.datetime) -> None:
    if state.started_at is None:
        raise ValidationError(_("The session has not started yet."))
    if not ids:
        raise ValidationError(_("The agenda is empty."))
    if state.finished_at is not None:
        state.paused_at = None
        _go_to(state, ids[-1], now)  # finished by mistake: back to the last item
        return
    index = _position(state, ids)
    if index <= 0:
        raise ValidationError(_("This is the first item: there is nothing before it."))
    _go_to(state, ids[index - 1], now)


def _extend(state: RunState, ids: list[int], now: dt.datetime) -> None:
    _require_running(state)
    if state.extra_minutes + EXTEND_MINUTES > EXTRA_MINUTES_MAX:
        raise ValidationError(
            _("This item already has %(minutes)d extra minutes: move on when you can.")
            % {"minutes": state.extra_minutes}
        )
    state.extra_minutes += EXTEND_MINUTES


def _finish(state: RunState, ids: list[int], now: dt.datetime) -> None:
    _require_running(state)
    state.finished_at = now
    state.paused_at = None


def run_item_leave(*, item_id: int, session: Session, now: dt.datetime) -> None:
    """Before the current item is deleted, move a run in progress to the item after it
    (or, for the last one, the one before), so the run never stands on nothing."""
    state = (
        RunState.objects.select_for_update()
        .filter(session=session, current_item_id=item_id, finished_at__isnull=True)
        .first()
    )
    if state is None:
        return
    ids = session.agenda_items.ids_in_order()
    index = ids.index(item_id)
    others = ids[index + 1 :] + ids[:index][::-1]
    if others:
        _go_to(state, others[0], now)
    else:
        _finish(state, ids, now)
    state.version += 1
    state.save()


CHANGES: dict[str, Callable[[RunState, list[int], dt.datetime], None]] = {
    "start": _start,
    "pause": _pause,
    "resume": _resume,
    "next": _next,
    "back": _back,
    "extend": _extend,
    "finish": _finish,
}


def run_change(
    *, session: Session, action: str, now: dt.datetime, expected_version: int | None = None
) -> RunState:
    """Move the run on: one of ``RUN_ACTIONS``; a new version when something changed.

    With ``expected_version`` (the version the device showed when the button was
    pressed), a run changed meanwhile raises ``RunStale`` instead of moving twice.
    A change that makes no sense now (Back on the first item) raises ValidationError.
    """
    change = CHANGES[action]
    with transaction.atomic():
        run_state_get(session=session)
        state = RunState.objects.select_for_update().get(session=session)
        if expected_version is not None and state.version != expected_version:
            raise RunStale(state)
        before = _snapshot(state)
        change(state, session.agenda_items.ids_in_order(), now)
        if _snapshot(state) != before:
            state.version += 1
            state.save()
    return state


def _snapshot(state: RunState) -> tuple:
    return (
        state.current_item_id,
        state.started_at,
        state.item_started_at,
        state.paused_at,
        state.extra_minutes,
        state.finished_at,
    )
