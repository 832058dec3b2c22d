"""What goes with a deletion, said before it happens: the rows deleted with an object, and
the rows that stay but lose their link to it, counted by kind.

The one home of "what goes with it" for every page that asks before deleting (a Jam, an
agenda item, a team member…). It asks Django's own ``Collector``, the walk that
``Model.delete()`` makes, so what a page announces is what the deletion does, and a model
added later is counted without anyone remembering to. It only reads: one counting query
per kind of row, however many rows there are. The page shows it with
``templates/includes/what_goes_with.html``.
"""

from __future__ import annotations

import operator
from dataclasses import dataclass
from functools import reduce

from django.apps import apps
from django.db import router
from django.db.models import Model, QuerySet
from django.db.models.deletion import Collector


@dataclass(frozen=True)
class Counted:
    """How many rows of one kind (``label``: the model's name, singular or plural to match).

    For rows that stay, ``emptied`` names the field that pointed at what is deleted.
    """

    model: type[Model]
    count: int
    label: str
    emptied: str = ""


@dataclass(frozen=True)
class WhatGoes:
    """Everything a deletion takes along (``deleted``) or leaves with a gap (``emptied``)."""

    deleted: tuple[Counted, ...] = ()
    emptied: tuple[Counted, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.deleted or self.emptied)

    def count(self, model: type[Model]) -> int:
        """How many rows of ``model`` are deleted with it (0 for none)."""
        return sum(row.count for row in self.deleted if row.model is model)


def counted(model: type[Model], count: int, emptied: str = "") -> Counted:
    """A count with the model's name in the singular or the plural, to match it."""
    meta = model._meta
    label = meta.verbose_name if count == 1 else meta.verbose_name_plural
    return Counted(model=model, count=count, label=str(label), emptied=emptied)


def in_app_order(model: type[Model]) -> int:
    """Where a model comes among all: app by app, as settings list them, and in each app in
    the order its models are defined (a Jam's sessions before its guests and their answers)."""
    return apps.get_models(include_auto_created=True).index(model)


def _union(querysets: list[QuerySet]) -> QuerySet | None:
    return reduce(operator.or_, querysets) if querysets else None


def _as_queryset(model: type[Model], objs, using: str) -> QuerySet:
    if isinstance(objs, QuerySet):
        return objs
    return model._base_manager.using(using).filter(pk__in=[obj.pk for obj in objs])


class _Gone:
    """The rows a collector will delete, by model: loaded instances and lazy querysets."""

    def __init__(self, collector: Collector, root: Model):
        self.using = collector.using
        self.loaded: dict[type[Model], list] = {}
        for model, instances in collector.data.items():
            pks = [obj.pk for obj in instances if obj != root]
            if pks:
                self.loaded[model] = pks
        self.lazy: dict[type[Model], list[QuerySet]] = {}
        for queryset in collector.fast_deletes:
            model = queryset.model
            self.lazy.setdefault(model, []).append(_as_queryset(model, queryset, self.using))

    def models(self) -> list[type[Model]]:
        """Every model with rows to delete, in the order of ``in_app_order``."""
        return sorted({*self.loaded, *self.lazy}, key=in_app_order)

    def count(self, model: type[Model]) -> int:
        pks = self.loaded.get(model, [])
        lazy = _union(self.lazy.get(model, []))
        return len(pks) + (lazy.exclude(pk__in=pks).count() if lazy is not None else 0)

    def excluded_from(self, queryset: QuerySet) -> QuerySet:
        """``queryset`` without the rows that are deleted anyway."""
        model = queryset.model
        queryset = queryset.exclude(pk__in=self.loaded.get(model, []))
        lazy = _union(self.lazy.get(model, []))
        return queryset.exclude(pk__in=lazy.values("pk")) if lazy is not None else queryset


def what_goes_with(obj: Model) -> WhatGoes:
    """What deleting ``obj`` deletes too, and what stays with a link emptied (``SET_NULL``).

    Each kind is counted once, however many paths lead to its rows (an email to a guest
    goes with its Jam, its guest and its announcement alike). Rows emptied only to be
    deleted a moment later are not listed as staying.
    """
    using = router.db_for_write(type(obj), instance=obj)
    collector = Collector(using=using, origin=obj)
    collector.collect([obj])
    gone = _Gone(collector, root=obj)
    deleted = []
    for model in gone.models():
        if count := gone.count(model):
            deleted.append(counted(model, count))
    updates: dict[tuple[type[Model], str], list[QuerySet]] = {}
    for (field, _value), batches in collector.field_updates.items():
        for objs in batches:
            model = objs.model if isinstance(objs, QuerySet) else type(next(iter(objs)))
            updates.setdefault((model, str(field.verbose_name)), []).append(
                _as_queryset(model, objs, using)
            )
    emptied = []
    for (model, field_name), querysets in sorted(
        updates.items(), key=lambda update: in_app_order(update[0][0])
    ):
        if count := gone.excluded_from(_union(querysets)).count():
            emptied.append(counted(model, count, emptied=field_name))
    return WhatGoes(deleted=tuple(deleted), emptied=tuple(emptied))
