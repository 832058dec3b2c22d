"""Agendas: times worked out from the session start, and the toolkit's templates as data."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from .models import AgendaItem, Session

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


@dataclass(frozen=True)
class TimedItem:
    item: AgendaItem
    starts_at: dt.datetime  # aware, in the session's zone
    ends_at: dt.datetime

    @property
    def crosses_midnight(self) -> bool:
        return self.ends_at.date() != self.starts_at.date()


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


def agenda_timed(session: Session, items: Sequence[AgendaItem]) -> Agenda:
    """Each item's start and end on the session's clock.

    Minutes are added to the absolute start time, then shown in the zone, so an
    agenda running across midnight or a clock change shows the real wall-clock times.
    """
    zone = session.zone
    cursor = session.starts_at
    timed = []
    for item in items:
        end = cursor + dt.timedelta(minutes=item.duration_minutes)
        timed.append(
            TimedItem(item=item, starts_at=cursor.astimezone(zone), ends_at=end.astimezone(zone))
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
    )


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
