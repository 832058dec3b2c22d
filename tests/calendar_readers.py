"""The project's calendar files read back by independent readers, as calendar programs do.

Each reader gives every VEVENT's UID, start and end as UTC instants:

- ``icalendar``, the library that writes the files;
- ``vobject``, a second Python parser (its zones come from dateutil);
- ``ics`` (ics.py), a third, with its own grammar (TatSu) and arrow for times;
- ``ical.js``, Mozilla's engine in Thunderbird, run with Node.js from tests/calendar_js
  (``npm ci`` there first; ``calendar_js_missing()`` says why it cannot run).

An end given as ``DURATION`` is added to the start the way each library does it.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
from collections.abc import Callable
from dataclasses import dataclass

import ics
import vobject
from icalendar import Calendar

from tests.processes import PROJECT_DIR, node

CALENDAR_JS = PROJECT_DIR / "tests" / "calendar_js"
CALENDAR_JS_READER = CALENDAR_JS / "read.mjs"


@dataclass(frozen=True)
class Read:
    uid: str
    start: dt.datetime  # aware, in UTC
    end: dt.datetime

    @property
    def minutes(self) -> float:
        return (self.end - self.start).total_seconds() / 60


def _utc(moment, reader: str) -> dt.datetime:
    # A floating (naive) time would be read on the machine's clock: never in our files.
    assert isinstance(moment, dt.datetime) and moment.tzinfo is not None, (reader, moment)
    return moment.astimezone(dt.UTC)


def read_icalendar(data: bytes) -> list[Read]:
    return [
        Read(
            uid=str(event["UID"]),
            start=_utc(event.start, "icalendar"),
            end=_utc(event.end, "icalendar"),
        )
        for event in Calendar.from_ical(data).walk("VEVENT")
    ]


def read_vobject(data: bytes) -> list[Read]:
    calendar = vobject.readOne(data.decode("utf-8"))
    reads = []
    for event in getattr(calendar, "vevent_list", []):
        start = event.dtstart.value
        end = event.dtend.value if hasattr(event, "dtend") else start + event.duration.value
        reads.append(
            Read(uid=event.uid.value, start=_utc(start, "vobject"), end=_utc(end, "vobject"))
        )
    return reads


def read_ics(data: bytes) -> list[Read]:
    return [
        Read(
            uid=event.uid,
            start=_utc(event.begin.datetime, "ics"),
            end=_utc(event.end.datetime, "ics"),
        )
        for event in ics.Calendar(data.decode("utf-8")).events
    ]


def calendar_js_missing() -> str:
    """Why ical.js cannot run here, or "" when it can."""
    if shutil.which("node") is None:
        return "Node.js (`node`) is not installed: the ical.js reader is skipped."
    if not (CALENDAR_JS / "node_modules" / "ical.js").is_dir():
        return (
            "tests/calendar_js/node_modules is missing: run `npm ci` in tests/calendar_js "
            "to read the calendar files with ical.js."
        )
    return ""


def read_icaljs(data: bytes) -> list[Read]:
    """Through tests/calendar_js/read.mjs: the file's own VTIMEZONE blocks are ical.js's
    only zones (it knows none but UTC otherwise)."""
    result = node(str(CALENDAR_JS_READER), stdin=data)
    assert result.returncode == 0, result.stderr.decode()
    events = json.loads(result.stdout)
    for event in events:
        assert (
            event["duration_seconds"]
            == (
                dt.datetime.fromisoformat(event["end"]) - dt.datetime.fromisoformat(event["start"])
            ).total_seconds()
        )
    return [
        Read(
            uid=event["uid"],
            start=dt.datetime.fromisoformat(event["start"]),
            end=dt.datetime.fromisoformat(event["end"]),
        )
        for event in events
    ]


READERS: dict[str, Callable[[bytes], list[Read]]] = {
    "icalendar": read_icalendar,
    "vobject": read_vobject,
    "ics": read_ics,
    "ical.js": read_icaljs,
}
