"""Agendas: times worked out from the session start, and the toolkit's templates as data."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from jamsessions.timing import ClockChange, clock_changes, clock_text
from planning.models import Session
from sessions.models import MAX_ITEM_MINUTES, AgendaItem, ItemKind

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@dataclass(frozen=True)
class TimedItem:
    item: AgendaItem
    starts_at: dt.datetime  # aware, in the session's zone
    ends_at: dt.datetime
    session_start: dt.datetime | None = None  # the clock the times are read against

    @property
    def crosses_midnight(self) -> bool:
        return self.ends_at.date() != self.starts_at.date()

    @property
    def start_clock(self) -> str:
        """“18:30”; “02:30 (CET)” where the time alone could be read wrong (timing.clock_text)."""
        return clock_text(self.starts_at, self.session_start)

    @property
    def end_clock(self) -> str:
        return clock_text(self.ends_at, self.session_start)


@dataclass(frozen=True)
class Agenda:
    session: Session
    items: list[TimedItem]

    @property
    def total_minutes(self) -> int:
        return sum(timed.item.duration_minutes for timed in self.items)

    @property
    def planned_minutes(self) -> int:
        return self.session.duration_minutes

    @property
    def over_minutes(self) -> int:
        return max(0, self.total_minutes - self.planned_minutes)

    @property
    def free_minutes(self) -> int:
        return max(0, self.planned_minutes - self.total_minutes)

    @property
    def ends_at(self) -> dt.datetime:
        return self.items[-1].ends_at if self.items else self.session.local_start

    @property
    def planned_end(self) -> dt.datetime:
        """The session's planned end on its own clock (counted in absolute time)."""
        end = self.session.starts_at.astimezone(dt.UTC) + dt.timedelta(
            minutes=self.session.duration_minutes
        )
        return end.astimezone(self.session.zone)

    @property
    def clock_changes(self) -> tuple[ClockChange, ...]:
        """The clock changes from the start to the planned end, or the agenda's if later."""
        return clock_changes(
            self.session.zone, self.session.starts_at, max(self.planned_end, self.ends_at)
        )


def agenda_timed(session: Session, items: Sequence[AgendaItem]) -> Agenda:
    """Each item's start and end on the session's clock.

    Minutes are added to the absolute start time, then shown in the zone, so an
    agenda running across midnight or a clock change shows the real wall-clock times.
    """
    zone = session.zone
    # In UTC: Python adds minutes to a datetime on the wall clock of its own zone,
    # which would land in the skipped hour when the clocks go forward.
    cursor = session.starts_at.astimezone(dt.UTC)
    start = session.local_start
    timed = []
    for item in items:
        end = cursor + dt.timedelta(minutes=item.duration_minutes)
        timed.append(
            TimedItem(
                item=item,
                starts_at=cursor.astimezone(zone),
                ends_at=end.astimezone(zone),
                session_start=start,
            )
        )
        cursor = end
    return Agenda(session=session, items=timed)


@dataclass(frozen=True)
class TemplateItem:
    minutes: int
    kind: str
    title: str
    objective: str = ""
    practice: str = ""
    content: str = ""
    materials: str = ""
    facilitator_notes: str = ""


@dataclass(frozen=True)
class AgendaTemplateData:
    key: str
    name: str
    description: str
    formats: tuple[str, ...]
    sessions: tuple[tuple[TemplateItem, ...], ...]


def _template_item(data: dict) -> TemplateItem:
    return TemplateItem(
        minutes=data["minutes"],
        kind=data["kind"],
        title=data["title"],
        objective=data.get("objective", ""),
        practice=data.get("practice", ""),
        content=data.get("content", ""),
        materials=data.get("materials", ""),
        facilitator_notes=data.get("facilitator_notes", ""),
    )


def saved_template_items(rows) -> tuple[TemplateItem, ...]:
    """The items of a host's own saved template (AgendaTemplate.items), read defensively.

    The rows are JSON written by ``agenda_template_save``; anything odd in them (a
    hand-edited row, an old format) is brought back into range rather than refused.
    """
    items = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not str(row.get("title", "")).strip():
            continue
        try:
            minutes = int(row.get("minutes", 15))
        except (TypeError, ValueError):
            minutes = 15
        kind = row.get("kind")
        items.append(
            TemplateItem(
                minutes=min(max(minutes, 1), MAX_ITEM_MINUTES),
                kind=kind if kind in ItemKind.values else ItemKind.ACTIVITY,
                title=str(row["title"]).strip()[:200],
                objective=str(row.get("objective", ""))[:2000],
                practice=str(row.get("practice", ""))[:2000],
                content=str(row.get("content", ""))[:4000],
                materials=str(row.get("materials", ""))[:500],
                facilitator_notes=str(row.get("facilitator_notes", ""))[:4000],
            )
        )
    return tuple(items)


@cache
def toolkit_templates() -> tuple[AgendaTemplateData, ...]:
    data = json.loads((FIXTURES / "agendas.json").read_text(encoding="utf-8"))
    return tuple(
        AgendaTemplateData(
            key=template["key"],
            name=template["name"],
            description=template["description"],
            formats=tuple(template["formats"]),
            sessions=tuple(
                tuple(_template_item(item) for item in session["items"])
                for session in template["sessions"]
            ),
        )
        for template in data["templates"]
    )


def toolkit_template(key: str) -> AgendaTemplateData | None:
    return next((template for template in toolkit_templates() if template.key == key), None)


@dataclass(frozen=True)
class Activity:
    key: str
    group: str
    item: TemplateItem


@cache
def activity_library() -> tuple[Activity, ...]:
    data = json.loads((FIXTURES / "activities.json").read_text(encoding="utf-8"))
    return tuple(
        Activity(key=entry["key"], group=entry["group"], item=_template_item(entry))
        for entry in data["activities"]
    )


def activity_get(key: str) -> Activity | None:
    return next((activity for activity in activity_library() if activity.key == key), None)


@cache
def housekeeping_defaults() -> tuple[dict, ...]:
    data = json.loads((FIXTURES / "housekeeping.json").read_text(encoding="utf-8"))
    return tuple(data["rules"])


@cache
def accessibility_defaults() -> tuple[dict, ...]:
    data = json.loads((FIXTURES / "accessibility.json").read_text(encoding="utf-8"))
    return tuple(data["checks"])
