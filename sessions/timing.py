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
