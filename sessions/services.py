from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.models import Jam, Session
from planning.roadmap.services import roadmap_add_session
from sessions.agenda import accessibility_defaults, housekeeping_defaults
from sessions.messages.notices import (
    session_added_notify,
    session_cancelled_notify,
    session_changed_notify,
)
from sessions.messages.record import Change
from sessions.messages.reminders import reminders_schedule
from sessions.models import AccessibilityCheck, AgendaItem, AgendaTemplate, HouseRule
from sessions.run import run_item_leave


def session_create(
    *,
    jam: Jam,
    starts_at: dt.datetime,
    duration_minutes: int,
    timezone: str,
    venue: str = "",
    online_link: str = "",
) -> Session:
    """Add a session; with no venue and no link of its own it is at the Jam's place."""
    with transaction.atomic():
        session = Session.objects.create(
            jam=jam,
            number=jam.sessions.count() + 1,
            starts_at=starts_at,
            duration_minutes=duration_minutes,
            timezone=timezone,
            venue=venue,
            online_link=online_link,
        )
        roadmap_add_session(session=session)
        sessions_renumber(jam=jam)
        session.refresh_from_db(fields=["number"])
        reminders_schedule(session=session)
        session_added_notify(session=session)
    return session


CALENDAR_FIELDS = ("starts_at", "duration_minutes", "timezone")
PLACE_FIELDS = ("venue", "online_link")


def session_update(
    *,
    session: Session,
    starts_at: dt.datetime,
    duration_minutes: int,
    timezone: str,
    venue: str | None = None,
    online_link: str | None = None,
) -> Session:
    """Change a session's time and place (a place left ``None`` stays as it is).

    A new time reaches every guest who may come, a new place the guests who said yes
    to the session (only they see it): a change notice and a calendar update with a
    higher SEQUENCE. The place compared is where the session happens
    (``Session.place``): writing out the Jam's place as the session's own is no news.
    """
    with transaction.atomic():
        before = Session.objects.select_for_update().get(pk=session.pk)
        before.jam = session.jam
        session.starts_at = starts_at
        session.duration_minutes = duration_minutes
        session.timezone = timezone
        if venue is not None:
            session.venue = venue
        if online_link is not None:
            session.online_link = online_link
        changes = set()
        if any(getattr(before, name) != getattr(session, name) for name in CALENDAR_FIELDS):
            changes.add(Change.TIME)
        if before.place != session.place:
            changes.add(Change.PLACE)
        session.sequence = before.sequence + 1 if changes else before.sequence
        session.save(update_fields=[*CALENDAR_FIELDS, *PLACE_FIELDS, "sequence", "updated_at"])
        sessions_renumber(jam=session.jam)
        if changes:
            session_changed_notify(session=session, changes=changes)
    session.refresh_from_db(fields=["number"])
    return session


def session_delete(*, session: Session) -> None:
    jam = session.jam
    with transaction.atomic():
        if Session.objects.select_for_update().filter(jam=jam).count() <= 1:
            raise ValidationError(_("A Jam needs at least one session. Change this one instead."))
        session_cancelled_notify(session=session)
        session.delete()
        sessions_renumber(jam=jam)


def sessions_renumber(*, jam: Jam) -> None:
    """Number a Jam's sessions 1, 2, 3… in the order they happen."""
    ordered = list(
        jam.sessions.order_by("starts_at", "created_at", "pk").values_list("pk", "number")
    )
    changed = [
        (pk, position) for position, (pk, number) in enumerate(ordered, 1) if number != position
    ]
    if not changed:
        return
    # The unique (jam, number) constraint is deferred to the commit, so numbers may swap.
    with transaction.atomic():
        for pk, position in changed:
            Session.objects.filter(pk=pk).update(number=position)


# --- Agenda -------------------------------------------------------------------

ITEM_FIELDS = (
    "duration_minutes",
    "title",
    "kind",
    "content",
    "objective",
    "practice",
    "lead",
    "materials",
    "facilitator_notes",
)


class AgendaConflict(Exception):
    """Someone else saved the item since this form was opened."""

    def __init__(self, current: AgendaItem):
        super().__init__(f"agenda item {current.pk} is at version {current.version}")
        self.current = current


def _next_position(session: Session) -> int:
    last = session.agenda_items.order_by("-position").values_list("position", flat=True).first()
    return 0 if last is None else last + 1


def agenda_item_create(*, session: Session, details: dict, actor) -> AgendaItem:
    fields = {field: details[field] for field in ITEM_FIELDS if field in details}
    return AgendaItem.objects.create(
        session=session, position=_next_position(session), updated_by=actor, **fields
    )


def agenda_item_update(
    *, item: AgendaItem, details: dict, expected_version: int, actor
) -> AgendaItem:
    """Save an edit, unless someone saved the item since the editor opened it."""
    with transaction.atomic():
        current = AgendaItem.objects.select_for_update().get(pk=item.pk)
        if current.version != expected_version:
            raise AgendaConflict(current)
        for field in ITEM_FIELDS:
            if field in details:
                setattr(current, field, details[field])
        current.version += 1
        current.updated_by = actor
        current.save()
    return current


def agenda_item_duplicate(*, item: AgendaItem, actor) -> AgendaItem:
    with transaction.atomic():
        AgendaItem.objects.filter(session=item.session_id, position__gt=item.position).update(
            position=F("position") + 1
        )
        copy = AgendaItem.objects.create(
            session=item.session,
            position=item.position + 1,
            updated_by=actor,
            **{field: getattr(item, field) for field in ITEM_FIELDS},
        )
    return copy


def agenda_item_delete(*, item: AgendaItem) -> None:
    session = item.session
    with transaction.atomic():
        run_item_leave(item_id=item.pk, session=session, now=timezone.now())
        item.delete()
        _renumber_items(session)


def _renumber_items(session: Session, ordered_ids: list[int] | None = None) -> None:
    ids = ordered_ids or list(
        session.agenda_items.order_by("position", "pk").values_list("pk", flat=True)
    )
    items = list(AgendaItem.objects.filter(session=session, pk__in=ids))
    by_pk = {item.pk: item for item in items}
    for position, pk in enumerate(ids):
        by_pk[pk].position = position
    AgendaItem.objects.bulk_update(items, ["position"])


def agenda_item_move(*, item: AgendaItem, offset: int) -> None:
    """Move an item up (-1) or down (+1) one place; at either end it stays put."""
    with transaction.atomic():
        ids = list(
            AgendaItem.objects.select_for_update()
            .filter(session=item.session_id)
            .order_by("position", "pk")
            .values_list("pk", flat=True)
        )
        if item.pk not in ids:
            return  # removed by someone else meanwhile: nothing to move
        index = ids.index(item.pk)
        target = index + offset
        if 0 <= target < len(ids):
            ids[index], ids[target] = ids[target], ids[index]
        _renumber_items(item.session, ids)


def agenda_reorder(*, session: Session, ordered_ids: list[int]) -> None:
    """Put the items in the order given; the order must name every item once."""
    with transaction.atomic():
        current = set(
            AgendaItem.objects.select_for_update()
            .filter(session=session)
            .values_list("pk", flat=True)
        )
        if len(ordered_ids) != len(current) or set(ordered_ids) != current:
            raise ValidationError(
                _("The agenda changed while you were moving things. Here it is as it is now.")
            )
        _renumber_items(session, ordered_ids)


def agenda_add_items(*, session: Session, items, actor) -> list[AgendaItem]:
    """Append template or library items (TemplateItem) to a session's agenda."""
    position = _next_position(session)
    created = [
        AgendaItem(
            session=session,
            position=position + index,
            duration_minutes=template.minutes,
            kind=template.kind,
            title=template.title,
            objective=template.objective,
            practice=template.practice,
            content=template.content,
            materials=template.materials,
            facilitator_notes=template.facilitator_notes,
            updated_by=actor,
        )
        for index, template in enumerate(items)
    ]
    return AgendaItem.objects.bulk_create(created)


def agenda_template_save(
    *, session: Session, owner, name: str, description: str = ""
) -> AgendaTemplate:
    """Keep a session's agenda as one of the owner's own templates, notes and all.

    Who leads each item is left out: the team differs from Jam to Jam.
    """
    rows = [
        {
            "minutes": item.duration_minutes,
            "kind": item.kind,
            "title": item.title,
            "content": item.content,
            "objective": item.objective,
            "practice": item.practice,
            "materials": item.materials,
            "facilitator_notes": item.facilitator_notes,
        }
        for item in session.agenda_items.order_by("position", "pk")
    ]
    if not rows:
        raise ValidationError(_("Add items to the agenda before saving it as a template."))
    return AgendaTemplate.objects.create(
        owner=owner, name=name, description=description, items=rows
    )


# --- Jam-wide defaults: housekeeping rules and accessibility ----------------------


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
