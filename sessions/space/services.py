"""The space a Jam holds: house rules (the toolkit's to start with), the accessibility
checklist kept in step with the Jam's format, and its vision.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache

from django.db import transaction
from django.db.models import Max, QuerySet
from django.shortcuts import get_object_or_404

from planning.models import Jam
from sessions.agenda.toolkit import FIXTURES
from sessions.space.models import AccessibilityCheck, HouseRule, Vision


def _applies(entry: dict, jam_format: str) -> bool:
    return jam_format in entry.get("formats", [jam_format])


def house_rules_create_defaults(*, jam: Jam) -> list[HouseRule]:
    rules = [
        HouseRule(jam=jam, text=entry["text"], template_key=entry["key"], position=position)
        for position, entry in enumerate(housekeeping_defaults())
        if _applies(entry, jam.format)
    ]
    return HouseRule.objects.bulk_create(rules)


def accessibility_checks_sync(*, jam: Jam) -> list[AccessibilityCheck]:
    """Offer the recommendations that apply to the Jam's format; never drop ticked ones."""
    checks = [
        AccessibilityCheck(
            jam=jam,
            key=entry["key"],
            title=entry["title"],
            hint=entry.get("hint", ""),
            position=position,
        )
        for position, entry in enumerate(accessibility_defaults())
        if _applies(entry, jam.format)
    ]
    return AccessibilityCheck.objects.bulk_create(checks, ignore_conflicts=True)


@cache
def housekeeping_defaults() -> tuple[dict, ...]:
    data = json.loads((FIXTURES / "housekeeping.json").read_text(encoding="utf-8"))
    return tuple(data["rules"])


@cache
def accessibility_defaults() -> tuple[dict, ...]:
    data = json.loads((FIXTURES / "accessibility.json").read_text(encoding="utf-8"))
    return tuple(data["checks"])


def house_rule_list(*, jam: Jam) -> QuerySet[HouseRule]:
    """The Jam's rules in the order they are read out, in one query."""
    return HouseRule.objects.filter(jam=jam).in_order()


def house_rule_get(*, jam: Jam, pk: int) -> HouseRule:
    """One rule of this Jam; 404 for a rule of any other Jam."""
    return get_object_or_404(HouseRule, jam=jam, pk=pk)


def _lock(jam: Jam) -> None:
    """Serialise writes to one Jam's rules, so positions never collide."""
    list(Jam.objects.select_for_update().filter(pk=jam.pk).values_list("pk", flat=True))


def house_rule_create(*, jam: Jam, text: str) -> HouseRule:
    """Add a rule of the team's own at the end of the list."""
    with transaction.atomic():
        _lock(jam)
        last = HouseRule.objects.filter(jam=jam).aggregate(last=Max("position"))["last"]
        return HouseRule.objects.create(
            jam=jam, text=text, position=0 if last is None else last + 1
        )


def house_rule_update(*, rule: HouseRule, text: str) -> HouseRule:
    rule.text = text
    rule.save(update_fields=["text"])
    return rule


def _renumber(jam: Jam, ordered_ids: list[int]) -> None:
    rules = list(HouseRule.objects.filter(jam=jam, pk__in=ordered_ids))
    by_pk = {rule.pk: rule for rule in rules}
    changed = []
    for position, pk in enumerate(ordered_ids):
        rule = by_pk[pk]
        if rule.position != position:
            rule.position = position
            changed.append(rule)
    HouseRule.objects.bulk_update(changed, ["position"])


def _ordered_ids(jam: Jam) -> list[int]:
    return HouseRule.objects.filter(jam=jam).ids_in_order()


def house_rule_delete(*, rule: HouseRule) -> None:
    jam = rule.jam
    with transaction.atomic():
        _lock(jam)
        rule.delete()
        _renumber(jam, _ordered_ids(jam))


def house_rule_move(*, rule: HouseRule, offset: int) -> None:
    """Move a rule up (-1) or down (+1) one place; at either end it stays put."""
    jam = rule.jam
    with transaction.atomic():
        _lock(jam)
        ids = _ordered_ids(jam)
        index = ids.index(rule.pk)
        target = index + offset
        if 0 <= target < len(ids):
            ids[index], ids[target] = ids[target], ids[index]
        _renumber(jam, ids)


@dataclass(frozen=True)
class AccessibilityChecklist:
    """The checks to show: those for the Jam's format, and any others the team already used."""

    checks: list[AccessibilityCheck]
    earlier: list[AccessibilityCheck]

    @property
    def all(self) -> list[AccessibilityCheck]:
        return [*self.checks, *self.earlier]

    @property
    def done(self) -> int:
        return sum(1 for check in self.checks if check.done)

    @property
    def total(self) -> int:
        return len(self.checks)


def _formats_by_key() -> dict[str, set[str]]:
    return {entry["key"]: set(entry.get("formats", [])) for entry in accessibility_defaults()}


def accessibility_checklist(*, jam: Jam) -> AccessibilityChecklist:
    """The Jam's checks, in one query.

    A check that no longer fits the format (the Jam moved online, say) is kept
    when it was ticked or noted, so nothing the team wrote disappears; untouched
    ones are left out.
    """
    formats = _formats_by_key()
    checks, earlier = [], []
    for check in AccessibilityCheck.objects.filter(jam=jam).in_order():
        applies = jam.format in formats.get(check.key, {jam.format})
        if applies:
            checks.append(check)
        elif check.done or check.note:
            earlier.append(check)
    return AccessibilityChecklist(checks=checks, earlier=earlier)


def accessibility_checks_update(
    *, jam: Jam, changes: Mapping[int, Mapping[str, object]]
) -> list[AccessibilityCheck]:
    """Write what the person changed, check by check, and nothing else.

    ``changes`` maps a check's id to the fields changed (``done``, ``note``).
    Only those fields are written, so two people saving the list at once keep
    each other's ticks and notes. Ids of other Jams' checks are ignored.
    """
    if not changes:
        return []
    with transaction.atomic():
        checks = list(
            AccessibilityCheck.objects.select_for_update().filter(jam=jam, pk__in=list(changes))
        )
        for check in checks:
            for field, value in changes[check.pk].items():
                if field in ("done", "note"):
                    setattr(check, field, value)
        AccessibilityCheck.objects.bulk_update(checks, ["done", "note"])
    return checks


VISION_FIELDS = ("given_that", "verb", "persona", "goal", "outcome", "opportunity")


def vision_get(*, jam: Jam) -> Vision | None:
    return Vision.objects.filter(jam=jam).first()


def vision_save(*, jam: Jam, details: Mapping[str, object]) -> Vision:
    """Save the Jam's vision statement, creating it on the first save."""
    vision, _ = Vision.objects.update_or_create(
        jam=jam, defaults={field: details[field] for field in VISION_FIELDS if field in details}
    )
    return vision
