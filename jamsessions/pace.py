"""Flood caps, counted in PostgreSQL: at most so many of one thing per key in a window.

Every web process, on every machine, sees the same counts: they are in the database, not
in a process's memory nor in a cache that may not be shared. A count is all that is kept,
per cap, key and clock minute, and it is deleted once its window has passed. A key that
stands for a person or a place is stored as a keyed hash (``pace_key``), never as itself.

The one home of the rule for closing feedback per session (``sessions.feedback``) and for
account emails per address and per place (``jamsessions.accounts.throttles``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connection, models, transaction
from django.utils.crypto import salted_hmac

MINUTE = dt.timedelta(minutes=1)


def to_the_minute(moment: dt.datetime) -> dt.datetime:
    return moment.replace(second=0, microsecond=0)


@dataclass(frozen=True)
class Cap:
    """At most ``limit`` takes per key in ``window``.

    Counts are kept by clock minute and a take counts the current minute and the whole
    window before it: a flood across a minute's turn is still held back, never let
    through twice.
    """

    name: str
    limit: int
    window: dt.timedelta


class CapReached(Exception):
    """A cap is full for a key; it frees at ``frees_at``."""

    def __init__(self, cap: Cap, frees_at: dt.datetime):
        super().__init__(f"{cap.name} is full until {frees_at:%Y-%m-%d %H:%M}")
        self.cap = cap
        self.frees_at = frees_at


class Pace(models.Model):
    """How many takes one key of one cap had in one clock minute: nothing else."""

    cap = models.CharField(max_length=40)
    key = models.CharField(max_length=64)
    minute = models.DateTimeField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        app_label = "jamsessions"
        constraints = [
            models.UniqueConstraint(fields=["cap", "key", "minute"], name="pace_per_minute")
        ]
        indexes = [models.Index(fields=["cap", "minute"], name="pace_cap_minute")]

    def __str__(self):
        return f"{self.cap}: {self.count} at {self.minute:%H:%M}"


def pace_key(value: str) -> str:
    """A key for a person or a place (an address): a keyed hash, so a count names nobody."""
    return salted_hmac("jamsessions.pace", value, algorithm="sha256").hexdigest()


def frees_at(entries: Iterable[tuple[dt.datetime, int]], limit: int) -> dt.datetime | None:
    """When a count made of ``entries`` falls below ``limit``, or None while it is below.

    Each entry is when it stops counting and how much it counts for; the oldest go first.
    """
    entries = sorted(entries)
    total = sum(count for _, count in entries)
    if total < limit:
        return None
    for ends_at, count in entries:
        total -= count
        if total < limit:
            return ends_at
    return None  # a limit of 0 or less is never below: nothing frees it


def pace_take(*takes: tuple[Cap, str], now: dt.datetime) -> None:
    """Count one more for every ``(cap, key)``, or nothing at all when one of them is full.

    Raises ``CapReached`` for the first full cap, in the order given. Each key is locked
    until the transaction ends (a PostgreSQL advisory lock), so two requests cannot both
    take the last place; counts older than their window are deleted on the way. Inside a
    caller's transaction no savepoint is made, and a full cap is raised once the block is
    left cleanly: the caller's transaction stays usable.
    """
    minute = to_the_minute(now)
    reached = None
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        for lock in sorted({f"{cap.name}:{key}" for cap, key in takes}):
            cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [lock])
        for cap, key in takes:
            since = minute - cap.window
            Pace.objects.filter(cap=cap.name, minute__lt=since).delete()
            counted = Pace.objects.filter(cap=cap.name, key=key, minute__gte=since)
            entries = [
                (moment + cap.window + MINUTE, count)
                for moment, count in counted.values_list("minute", "count")
            ]
            if sum(count for _, count in entries) >= cap.limit:
                freed = frees_at(entries, cap.limit) or minute + cap.window + MINUTE
                reached = CapReached(cap, freed)
                break
        else:
            table = connection.ops.quote_name(Pace._meta.db_table)
            for cap, key in takes:
                cursor.execute(
                    f"INSERT INTO {table} (cap, key, minute, count) VALUES (%s, %s, %s, 1) "  # noqa: S608
                    f"ON CONFLICT (cap, key, minute) DO UPDATE SET count = {table}.count + 1",
                    [cap.name, key, minute],
                )
    if reached is not None:
        raise reached
