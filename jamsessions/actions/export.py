"""Everything a Jam holds, in one download for its host: a ZIP with the whole Jam as JSON
(complete, for machines and for keeping) and the parts people open in a spreadsheet as
CSV (guests, sessions, agendas), with a short note saying which file holds what.

Each app gives its own part (``planning.export``, ``sessions.export``,
``reporting.export``), read from its own tables; this module only puts them together
and writes the files, so the CSVs say exactly what the JSON says. No link that opens
anything is in it (a guest's personal link, the calendar feed, the question box). The
number of queries is the same for a Jam of three guests as for one of three hundred.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import zipfile
from collections import Counter

from django.utils import timezone
from django.utils.translation import gettext as _

from jamsessions.downloads import download_names, iso_time, spreadsheet_text
from planning.enums import AgeRange, GenderIdentity, Movement, RsvpAnswer
from planning.export import jam_planning_export
from planning.models import Jam
from reporting.export import jam_reporting_export
from sessions.agenda.models import ItemKind
from sessions.export import jam_sessions_export

EXPORT_FORMAT = "jam-sessions-jam-export"


EXPORT_VERSION = 1


def jam_export(*, jam: Jam, exported_by, now: dt.datetime | None = None) -> dict:
    """The whole Jam as plain data, ready for ``json.dumps``.

    ``jam`` comes with its sessions prefetched (``planning.jams.selectors.jam_get``).
    """
    now = now or timezone.now()
    planning = jam_planning_export(jam=jam, now=now)
    sessions = sorted(jam.sessions.all(), key=lambda session: session.number)
    return {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "exported_at": iso_time(now),
        "exported_by": exported_by.display_name,
        **planning,
        **jam_sessions_export(jam=jam, sessions=sessions),
        **jam_reporting_export(jam=jam),
    }


# --- The CSVs: what the JSON says, for a spreadsheet ---------------------------------------


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("yes") if value else ""
    return spreadsheet_text(str(value))


def _csv(header: list[str], rows: list[list]) -> str:
    """CSV text with a byte-order mark, so spreadsheets read accents."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows([_cell(value) for value in row] for row in rows)
    return "\ufeff" + out.getvalue()


def _clock(moment: str | None) -> str:
    """“2027-03-14 18:00” from a moment in the JSON, on the clock it was written in."""
    return dt.datetime.fromisoformat(moment).strftime("%Y-%m-%d %H:%M") if moment else ""


def _day(moment: str | None) -> str:
    """The day of a recorded moment, on the site's clock."""
    if not moment:
        return ""
    return timezone.localtime(dt.datetime.fromisoformat(moment)).date().isoformat()


def _label(choices, value: str) -> str:
    return str(choices(value).label) if value else ""


def _session_heading(session: dict) -> str:
    return _("Session %(number)s (%(date)s)") % {
        "number": session["number"],
        "date": session["starts_at"][:10],
    }


def guests_csv(data: dict) -> str:
    sessions = data["sessions"]
    header = [
        _("Name"),
        _("Email address"),
        _("Added"),
        _("Invited"),
        *[_session_heading(session) for session in sessions],
        _("What they need to take part"),
        _("Needs shown without their name"),
        _("Pronouns"),
        _("Gender"),
        _("Age"),
        _("Movement"),
        _("Time zone"),
        _("Details erased"),
    ]
    rows = []
    for guest in data["guests"]:
        answers = {answer["session"]["key"]: answer["answer"] for answer in guest["answers"]}
        profile = guest["profile"]
        rows.append(
            [
                guest["name"],
                guest["email"],
                _day(guest["added_at"]),
                _day(guest["invited_at"]),
                *[_label(RsvpAnswer, answers.get(session["key"], "")) for session in sessions],
                guest["needs"],
                guest["needs_shown_without_name"],
                profile["pronouns"],
                _label(GenderIdentity, profile["gender"]),
                _label(AgeRange, profile["age_range"]),
                _label(Movement, profile["movement"]),
                guest["time_zone"],
                _day(guest["erased_at"]),
            ]
        )
    return _csv(header, rows)


def sessions_csv(data: dict) -> str:
    header = [
        _("Session"),
        _("Starts"),
        _("Ends"),
        _("Time zone"),
        _("Minutes"),
        _("Where"),
        _("Online link"),
        _("Cancelled"),
        _("Said yes"),
        _("Maybe"),
        _("Said no"),
        _("Came"),
    ]
    answers = Counter(
        (answer["session"]["key"], answer["answer"])
        for guest in data["guests"]
        for answer in guest["answers"]
    )
    came = Counter(mark["session"]["key"] for mark in data["attendance"])
    rows = [
        [
            session["label"],
            _clock(session["starts_at"]),
            _clock(session["ends_at"]),
            session["time_zone"],
            session["duration_minutes"],
            session["venue"],
            session["online_link"],
            _day(session["cancelled_at"]),
            *[answers[(session["key"], answer)] for answer in RsvpAnswer.values],
            came[session["key"]],
        ]
        for session in data["sessions"]
    ]
    return _csv(header, rows)


def agenda_csv(data: dict) -> str:
    header = [
        _("Session"),
        _("Item"),
        _("Starts"),
        _("Ends"),
        _("Minutes"),
        _("Title"),
        _("Kind"),
        _("Led by"),
        _("What happens"),
        _("Objective"),
        _("Sample practice"),
        _("Materials"),
        _("Facilitator notes"),
        _("Notes on the day"),
    ]
    labels = {session["key"]: session["label"] for session in data["sessions"]}
    rows = [
        [
            labels[agenda["session"]["key"]],
            item["position"],
            _clock(item["starts_at"]),
            _clock(item["ends_at"]),
            item["duration_minutes"],
            item["title"],
            _label(ItemKind, item["kind"]),
            item["led_by"],
            item["what_happens"],
            item["objective"],
            item["sample_practice"],
            item["materials"],
            item["facilitator_notes"],
            item["notes_on_the_day"],
        ]
        for agenda in data["agendas"]
        for item in agenda["items"]
    ]
    return _csv(header, rows)


def _readme(data: dict) -> str:
    return "\n\n".join(
        [
            _("Everything “%(name)s” holds, as it was on %(date)s.")
            % {"name": data["jam"]["name"], "date": data["exported_at"][:10]},
            _(
                "jam.json: the whole Jam, for keeping or for another program: its details, "
                "sessions, agendas with the notes taken on the day, team, roadmap, "
                "materials, guests with their answers and what they shared, the messages "
                "sent to them, attendance, the question box, the feedback, the journal and "
                "the report with CIVICUS's comments. Times carry their offset from UTC."
            ),
            _("guests.csv: the guest list, with each guest's answer for each session."),
            _("sessions.csv: the sessions, on their own clocks, with how many said yes and came."),
            _("agenda.csv: every agenda item of every session, in order."),
            _(
                "It holds your guests' personal details: keep it somewhere safe, share it "
                "with nobody they did not agree to, and delete it when you no longer need it."
            ),
        ]
    )


def jam_export_zip(*, jam: Jam, exported_by, now: dt.datetime | None = None) -> bytes:
    """The download: ``jam.json``, ``guests.csv``, ``sessions.csv``, ``agenda.csv`` and a
    ``README.txt`` saying which holds what, in one ZIP."""
    data = jam_export(jam=jam, exported_by=exported_by, now=now)
    files = {
        "README.txt": _readme(data),
        "jam.json": json.dumps(data, ensure_ascii=False, indent=2),
        "guests.csv": guests_csv(data),
        "sessions.csv": sessions_csv(data),
        "agenda.csv": agenda_csv(data),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, text in files.items():
            archive.writestr(name, text.encode("utf-8"))
    return buffer.getvalue()


def jam_export_filenames(jam: Jam, *, today: dt.date | None = None) -> tuple[str, str]:
    """``<jam-name>-export-<date>.zip``, in ASCII and as written."""
    today = today or timezone.localdate()
    return download_names(jam.name, f"export-{today.isoformat()}.zip")
