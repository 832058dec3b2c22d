"""Materials and tools: a checklist per Jam, with the toolkit's suggestions offered.

The suggestions are data (``fixtures/materials.json``), each for the formats it
suits. Which ones are offered depends on the Jam's format *now*; what is on the
list stays there when the format changes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, Count, Max, Q, QuerySet, When
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from .enums import TeamRole
from .models import Jam, Material, TeamMember

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
def material_suggestions_source() -> str:
    return json.loads(MATERIALS_FIXTURE.read_text(encoding="utf-8"))["source"]


def suggestions_for(*, jam_format: str) -> tuple[Suggestion, ...]:
    """The suggestions that suit a format (in_person, online or hybrid)."""
    return tuple(s for s in material_suggestions() if jam_format in s.formats)


# --- Selectors ---------------------------------------------------------------


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


# --- Services ----------------------------------------------------------------


def _check_member(*, jam_id: int, brought_by: TeamMember | None) -> None:
    if brought_by is not None and brought_by.jam_id != jam_id:
        raise ValidationError(_("Choose someone from this Jam’s team."), code="not_in_team")


def _next_position(jam: Jam) -> int:
    last = Material.objects.filter(jam=jam).aggregate(last=Max("position"))["last"]
    return 0 if last is None else last + 1


def _lock(jam: Jam) -> None:
    """Serialise writes to one Jam's list, so two people adding at once get no duplicates."""
    list(Jam.objects.select_for_update().filter(pk=jam.pk).values_list("pk", flat=True))


def material_add_suggestions(*, jam: Jam, keys: Iterable[str]) -> list[Material]:
    """Add the chosen suggestions to the list, in the fixture's order.

    Keys that are unknown or already on the list are skipped, so sending the
    same form twice adds nothing twice.
    """
    wanted = set(keys)
    with transaction.atomic():
        _lock(jam)
        taken = set(
            Material.objects.filter(jam=jam, suggestion_key__in=wanted).values_list(
                "suggestion_key", flat=True
            )
        )
        position = _next_position(jam)
        new = []
        for suggestion in material_suggestions():
            if suggestion.key in wanted and suggestion.key not in taken:
                new.append(
                    Material(
                        jam=jam,
                        name=suggestion.name,
                        suggestion_key=suggestion.key,
                        position=position,
                    )
                )
                position += 1
        return Material.objects.bulk_create(new)


def material_create(
    *, jam: Jam, name: str, brought_by: TeamMember | None = None, note: str = ""
) -> Material:
    """Add a thing of the team's own to the end of the list."""
    _check_member(jam_id=jam.pk, brought_by=brought_by)
    with transaction.atomic():
        _lock(jam)
        return Material.objects.create(
            jam=jam,
            name=name,
            brought_by=brought_by,
            note=note,
            position=_next_position(jam),
        )


def material_update(
    *, material: Material, name: str, brought_by: TeamMember | None, note: str
) -> Material:
    _check_member(jam_id=material.jam_id, brought_by=brought_by)
    material.name = name
    material.brought_by = brought_by
    material.note = note
    material.save(update_fields=["name", "brought_by", "note"])
    return material


def material_toggle_ready(*, material: Material, ready: bool) -> Material:
    """Mark a thing ready or not.

    The state wanted is sent, not a flip: a form sent twice on a slow
    connection leaves the thing as the person meant it.
    """
    if material.ready != ready:
        material.ready = ready
        material.save(update_fields=["ready"])
    return material


def material_delete(*, material: Material) -> None:
    material.delete()
