"""Writing a Jam's materials: add (from the toolkit's suggestions too), change, mark ready, remove."""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import (
    Max,
)
from django.utils.translation import gettext as _

from planning.materials.selectors import material_suggestions
from planning.models import (
    Jam,
    Material,
    TeamMember,
)


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
