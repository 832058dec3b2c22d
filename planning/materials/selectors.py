"""Reading a Jam's materials and tools, and the toolkit's suggestions not yet on the list."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.db.models import (
    Case,
    Count,
    Q,
    QuerySet,
    When,
)
from django.shortcuts import get_object_or_404

from planning.enums import TeamRole
from planning.models import (
    Jam,
    Material,
    TeamMember,
)

MATERIALS_FIXTURE = Path(settings.BASE_DIR) / "fixtures" / "materials.json"


@dataclass(frozen=True)
class Suggestion:
    key: str
    name: str
    hint: str
    formats: frozenset[str]


@cache
def material_suggestions() -> tuple[Suggestion, ...]:
    """Every suggestion in the fixture, in its order."""
    data = json.loads(MATERIALS_FIXTURE.read_text(encoding="utf-8"))
    return tuple(
        Suggestion(
            key=item["key"],
            name=item["name"],
            hint=item.get("hint", ""),
            formats=frozenset(item["formats"]),
        )
        for item in data["suggestions"]
    )


@cache
def suggestions_for(*, jam_format: str) -> tuple[Suggestion, ...]:
    """The suggestions that suit a format (in_person, online or hybrid)."""
    return tuple(s for s in material_suggestions() if jam_format in s.formats)


def material_list(*, jam: Jam) -> QuerySet[Material]:
    """The Jam's checklist in order, with who brings each thing, in one query."""
    return Material.objects.filter(jam=jam).select_related("brought_by__user")


def material_get(*, jam: Jam, pk: int) -> Material:
    """One item of this Jam's list; 404 for an item of any other Jam."""
    return get_object_or_404(material_list(jam=jam), pk=pk)


def material_suggestions_open(
    *, jam: Jam, materials: Iterable[Material] | None = None
) -> list[Suggestion]:
    """Suggestions for the Jam's format that are not on its list yet.

    Pass the list already fetched to save a query.
    """
    if materials is None:
        taken = set(
            Material.objects.filter(jam=jam)
            .exclude(suggestion_key="")
            .values_list("suggestion_key", flat=True)
        )
    else:
        taken = {m.suggestion_key for m in materials if m.suggestion_key}
    return [s for s in suggestions_for(jam_format=jam.format) if s.key not in taken]


@dataclass(frozen=True)
class MaterialProgress:
    ready: int
    total: int

    @classmethod
    def of(cls, materials: Iterable[Material]) -> MaterialProgress:
        materials = list(materials)
        return cls(ready=sum(1 for m in materials if m.ready), total=len(materials))


def material_progress(*, jam: Jam) -> MaterialProgress:
    """How many things are ready, out of how many, in one query."""
    counts = Material.objects.filter(jam=jam).aggregate(
        total=Count("pk"), ready=Count("pk", filter=Q(ready=True))
    )
    return MaterialProgress(ready=counts["ready"], total=counts["total"])


def material_team_members(*, jam: Jam) -> QuerySet[TeamMember]:
    """Who can bring things: the Jam's team, the host first."""
    return (
        TeamMember.objects.filter(jam=jam)
        .select_related("user")
        .order_by(Case(When(role=TeamRole.HOST, then=0), default=1), "joined_at", "pk")
    )
