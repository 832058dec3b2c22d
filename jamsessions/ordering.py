"""Rows kept in the order people set: agenda items, house rules, checklist lines.

The one home of that order: ``position``, then age for two rows at the same place.
"""

from __future__ import annotations

from django.db import models


class InOrderQuerySet(models.QuerySet):
    def in_order(self) -> InOrderQuerySet:
        """In the order people set (``position``), the older first at the same place."""
        return self.order_by("position", "pk")

    def ids_in_order(self) -> list[int]:
        """The ids, in that order (what a reorder is checked against)."""
        return list(self.in_order().values_list("pk", flat=True))
