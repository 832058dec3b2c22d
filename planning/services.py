from __future__ import annotations

import datetime as dt

from django.db import transaction

from sessions.services import session_create

from .models import Jam, jam_slug_for

JAM_FIELDS = (
    "name",
    "local_name",
    "objectives",
    "kind",
    "format",
    "country",
    "language",
    "venue",
    "who_to_invite",
    "support_needed",
)


def _unused_slug(name: str) -> str:
    slug = jam_slug_for(name)
    while Jam.objects.filter(slug=slug).exists():
        slug = jam_slug_for(name)
    return slug


def jam_create(
    *,
    host,
    details: dict,
    starts_at: dt.datetime,
    duration_minutes: int,
    timezone: str,
) -> Jam:
    """Create a Jam with its first session, all or nothing."""
    with transaction.atomic():
        jam = Jam.objects.create(
            host=host,
            slug=_unused_slug(details["name"]),
            **{field: details[field] for field in JAM_FIELDS if field in details},
        )
        session_create(
            jam=jam, starts_at=starts_at, duration_minutes=duration_minutes, timezone=timezone
        )
    return jam


def jam_update(*, jam: Jam, details: dict) -> Jam:
    changed = [field for field in JAM_FIELDS if field in details]
    for field in changed:
        setattr(jam, field, details[field])
    jam.save(update_fields=[*changed, "updated_at"])
    return jam


def jam_delete(*, jam: Jam) -> None:
    jam.delete()
