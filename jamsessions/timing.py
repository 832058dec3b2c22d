"""Dates and times of sessions, always in the session's own time zone."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from dataclasses import dataclass
from functools import cache

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


class NonexistentLocalTime(ValueError):
    """The wall-clock time is skipped in that zone (clocks go forward that night)."""


@cache
def all_time_zones() -> tuple[str, ...]:
    return tuple(sorted(zoneinfo.available_timezones() - {"localtime", "Factory"}))


def is_time_zone(name: str) -> bool:
    return name in all_time_zones()


def aware_local(date: dt.date, time: dt.time, zone_name: str) -> dt.datetime:
    """The aware datetime for a wall-clock date and time in a zone.

    Raises NonexistentLocalTime for a time that clocks skip. For a time that happens
    twice (clocks go back), the first one is taken.
    """
    zone = zoneinfo.ZoneInfo(zone_name)
    local = dt.datetime.combine(date, time).replace(tzinfo=zone, fold=0)
    round_trip = local.astimezone(dt.UTC).astimezone(zone)
    if round_trip.replace(tzinfo=None) != local.replace(tzinfo=None):
        raise NonexistentLocalTime(local)
    return local


@dataclass(frozen=True)
class Countdown:
    days: int  # positive: days to go; zero: today; negative: days ago

    @property
    def text(self) -> str:
        if self.days == 0:
            return _("today")
        if self.days == 1:
            return _("tomorrow")
        if self.days == -1:
            return _("yesterday")
        if self.days > 0:
            return ngettext("%(days)d day to go", "%(days)d days to go", self.days) % {
                "days": self.days
            }
        return ngettext("%(days)d day ago", "%(days)d days ago", -self.days) % {"days": -self.days}

    @property
    def is_past(self) -> bool:
        return self.days < 0


def countdown_to(starts_at: dt.datetime, zone_name: str, now: dt.datetime) -> Countdown:
    """Whole calendar days from today to the start, both read in the session's zone."""
    zone = zoneinfo.ZoneInfo(zone_name)
    start_day = starts_at.astimezone(zone).date()
    today = now.astimezone(zone).date()
    return Countdown(days=(start_day - today).days)


# --- Clock changes ---------------------------------------------------------------------
#
# Times are counted on the absolute clock (UTC) and only shown on the zone's wall clock.
# Across a change that wall clock jumps: forward (a 45-minute item reads 01:45–03:30) or
# back (the hour 02:00–03:00 happens twice in Berlin, 23:00–00:00 in Santiago). So a time
# shown alone could mislead; these say when the clocks change, and mark the times that
# need their zone's name to be read right.

# Clock changes are months apart: a span is looked at in steps this long, and a step whose
# two ends are on different offsets holds exactly one change.
_CHANGE_SCAN_STEP = dt.timedelta(hours=1)


@dataclass(frozen=True)
class ClockChange:
    """A moment when a zone's clocks go forward or back."""

    at: dt.datetime  # the instant, in UTC
    before: dt.timedelta  # the zone's offset from UTC until then…
    after: dt.timedelta  # …and from then on

    @property
    def forward(self) -> bool:
        return self.after > self.before

    @property
    def minutes(self) -> int:
        return abs(int((self.after - self.before).total_seconds())) // 60

    @property
    def wall_time(self) -> dt.datetime:
        """What the clocks read as they change (naive), on the old offset: 02:00 when
        Berlin's go forward to 03:00, 03:00 when they go back to 02:00."""
        return (self.at + self.before).replace(tzinfo=None)

    @property
    def text(self) -> str:
        """“Clocks go back one hour at 03:00 during this session.”, in the active language."""
        values = {"time": f"{self.wall_time:%H:%M}", "minutes": self.minutes}
        if self.minutes == 60:
            if self.forward:
                return _("Clocks go forward one hour at %(time)s during this session.") % values
            return _("Clocks go back one hour at %(time)s during this session.") % values
        if self.forward:
            return (
                ngettext(
                    "Clocks go forward %(minutes)d minute at %(time)s during this session.",
                    "Clocks go forward %(minutes)d minutes at %(time)s during this session.",
                    self.minutes,
                )
                % values
            )
        return (
            ngettext(
                "Clocks go back %(minutes)d minute at %(time)s during this session.",
                "Clocks go back %(minutes)d minutes at %(time)s during this session.",
                self.minutes,
            )
            % values
        )


def clock_changes(
    zone: zoneinfo.ZoneInfo | str, start: dt.datetime, end: dt.datetime
) -> tuple[ClockChange, ...]:
    """The zone's clock changes after ``start`` and up to ``end`` (aware instants): the
    ones something running from ``start`` to ``end`` lives through. To the second, from
    the tz database; none on almost every day."""
    if isinstance(zone, str):
        zone = zoneinfo.ZoneInfo(zone)

    def offset(moment: dt.datetime) -> dt.timedelta:
        return moment.astimezone(zone).utcoffset()

    second = dt.timedelta(seconds=1)
    changes = []
    cursor, end = start.astimezone(dt.UTC), end.astimezone(dt.UTC)
    while cursor < end:
        step_end = min(cursor + _CHANGE_SCAN_STEP, end)
        before, after = offset(cursor), offset(step_end)
        if before != after:
            # The first second on the new offset: `low` is always on the old one, `high` on the new.
            low, high = cursor, step_end
            while high - low > second:
                middle = low + ((high - low) // second // 2) * second
                if offset(middle) == before:
                    low = middle
                else:
                    high = middle
            changes.append(ClockChange(at=high, before=before, after=after))
        cursor = step_end
    return tuple(changes)


def is_repeated_time(moment: dt.datetime) -> bool:
    """Whether the moment's wall-clock time happens twice in its zone: on the night the
    clocks go back, “02:30” in Berlin alone does not say which of the two it is."""
    other = moment.replace(fold=1 - moment.fold)
    if other.utcoffset() == moment.utcoffset():
        return False
    # A time the clocks skip has two offsets too, but no instant reads it: not repeated.
    round_trip = other.astimezone(dt.UTC).astimezone(moment.tzinfo)
    return round_trip.replace(tzinfo=None) == moment.replace(tzinfo=None)


def zone_label(moment: dt.datetime) -> str:
    """The zone's name for the moment's offset, “CEST”; or, where the zone has none (the tz
    database writes “-03” for Santiago), the offset: “UTC−3”, “UTC+5:30”."""
    name = moment.tzname() or ""
    if name.isalpha():
        return name
    seconds = int(moment.utcoffset().total_seconds())
    hours, rest = divmod(abs(seconds), 3600)
    minutes = f":{rest // 60:02d}" if rest // 60 else ""
    return f"UTC{'−' if seconds < 0 else '+'}{hours}{minutes}"


def clock_text(moment: dt.datetime, since: dt.datetime | None = None) -> str:
    """The moment's time on its own zone's clock, “18:30”; with the zone's name for the
    offset, “02:30 (CET)”, wherever the time alone could be read wrong: in an hour the
    clocks repeat, or, given ``since`` (the session's start), once the clocks have
    changed since then. So times across a change read right and in order."""
    text = f"{moment:%H:%M}"
    changed = (
        since is not None and since.astimezone(moment.tzinfo).utcoffset() != moment.utcoffset()
    )
    if changed or is_repeated_time(moment):
        return f"{text} ({zone_label(moment)})"
    return text
