"""The toolkit's sample agendas and activity library, shipped as data (``fixtures/``), and a
team's saved templates read the same way.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings

from sessions.agenda.models import MAX_ITEM_MINUTES, ItemKind

FIXTURES = Path(settings.BASE_DIR) / "fixtures"


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
