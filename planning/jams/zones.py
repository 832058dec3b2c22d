"""Which time zone a session's form starts on, so the host rarely has to look for theirs.

Python's ``zoneinfo`` knows zones but not which country each is in. The time zone
database says so itself in ``zone.tab`` (one country a row, its zones in the order the
database keeps: the most populous first where that makes sense): read from the same
places ``zoneinfo`` reads zones from, the system's zone files or the ``tzdata`` package.

Without JavaScript the form starts on what the server knows: the zone of the Jam's
sessions, else of its country, else of the host's previous Jam, else UTC. A zone that is
only a guess about the host (the last two) is marked for ``static/js/browser-zone.js``,
which puts the device's own zone in its place while the host has not chosen one; the main
zone of a country with several gives way to the device's zone when it is one of them.
"""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

from jamsessions.timing import is_time_zone
from planning.models import Session

FALLBACK_ZONE = "UTC"
# The tables of the time zone database that name the zones of each country: the first
# has one country a row, the second groups countries that share a zone.
COUNTRY_TABLES = ("zone.tab", "zone1970.tab")
# Countries whose first zone in the database is not where most of their people live (it
# lists zones east to west, or by the order they were added): their most populous zone.
MAIN_ZONES = {
    "AU": "Australia/Sydney",  # not Lord Howe Island
    "BR": "America/Sao_Paulo",  # not Fernando de Noronha
    "CA": "America/Toronto",  # not Newfoundland
    "FM": "Pacific/Pohnpei",  # the capital's island, not Chuuk
    "RU": "Europe/Moscow",  # not Kaliningrad
    "UA": "Europe/Kyiv",  # not Simferopol
    "UZ": "Asia/Tashkent",  # not Samarkand
}


class ZoneSource:
    SESSION = "session"  # the Jam's own sessions
    COUNTRY = "country"  # the Jam's country
    PREVIOUS_JAM = "previous_jam"  # the host's previous Jam
    FALLBACK = "fallback"  # nothing known: UTC

    # Guesses about where the host is: the device's own zone is a better one.
    GUESSES = frozenset({PREVIOUS_JAM, FALLBACK})


@dataclass(frozen=True)
class ZoneDefault:
    zone: str
    source: str
    # The zones the device's own may replace it with: those of a country with several
    # (a host in Perth planning an Australian Jam); empty when it is the only one.
    alternatives: tuple[str, ...] = ()

    @property
    def is_guess(self) -> bool:
        return self.source in ZoneSource.GUESSES


def _table_text(name: str) -> str | None:
    for directory in zoneinfo.TZPATH:
        path = Path(directory) / name
        if path.is_file():
            return path.read_text(encoding="utf-8")
    try:
        return resources.files("tzdata").joinpath("zoneinfo", name).read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError):
        return None


def _rows(text: str):
    for line in text.splitlines():
        if line.startswith("#") or not line.strip():
            continue
        columns = line.split("\t")
        if len(columns) >= 3:
            yield columns[0].split(","), columns[2].strip()


@cache
def country_zones() -> dict[str, tuple[str, ...]]:
    """Each country's zones, by ISO 3166 code: its main zone first, then the database's order."""
    zones: dict[str, list[str]] = {}
    for name in COUNTRY_TABLES:
        text = _table_text(name)
        if text is None:
            continue
        found: dict[str, list[str]] = {}
        for countries, zone in _rows(text):
            if not is_time_zone(zone):
                continue  # only zones the form offers
            for country in countries:
                found.setdefault(country.upper(), []).append(zone)
        for country, listed in found.items():
            zones.setdefault(country, listed)  # a later table only for countries not yet known
    for code, main in MAIN_ZONES.items():
        if main in zones.get(code, ()):
            zones[code].remove(main)
            zones[code].insert(0, main)
    return {code: tuple(listed) for code, listed in zones.items()}


def _country_code(country) -> str:
    return str(getattr(country, "code", country) or "").upper()


def country_time_zones(country) -> tuple[str, ...]:
    """A country's zones (a code or a django-countries Country), its main zone first."""
    return country_zones().get(_country_code(country), ())


def country_time_zone(country) -> str | None:
    """A country's main zone: where most of its people live."""
    zones = country_time_zones(country)
    return zones[0] if zones else None


def _latest_zone(sessions) -> str | None:
    latest = max(sessions, key=lambda session: session.starts_at, default=None)
    return latest.timezone if latest is not None else None


def _previous_jam_zone(host) -> str | None:
    if host is None or not host.is_authenticated:
        return None
    return (
        Session.objects.filter(jam__host=host)
        .order_by("-jam__created_at", "-jam__pk", "-starts_at")
        .values_list("timezone", flat=True)
        .first()
    )


def session_default_zone(*, jam=None, host=None) -> ZoneDefault:
    """Where a new session's time zone starts: never just the first zone of the list."""
    if jam is not None:
        # Prefetched by the selectors that find a Jam: no query of its own then.
        zone = _latest_zone(jam.sessions.all())
        if zone and is_time_zone(zone):
            return ZoneDefault(zone, ZoneSource.SESSION)
        zones = country_time_zones(jam.country)
        if zones:
            alternatives = zones if len(zones) > 1 else ()
            return ZoneDefault(zones[0], ZoneSource.COUNTRY, alternatives)
        host = host if host is not None else jam.host
    zone = _previous_jam_zone(host)
    if zone and is_time_zone(zone):
        return ZoneDefault(zone, ZoneSource.PREVIOUS_JAM)
    return ZoneDefault(FALLBACK_ZONE, ZoneSource.FALLBACK)
