"""Writing an agenda: add, change, copy, remove and reorder items; apply and save templates."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from planning.models import Session
from sessions.agenda.models import AgendaItem, AgendaTemplate
from sessions.run.services import run_item_leave

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
    with transaction.atomic():
        session.lock()  # items added at the same moment take their places one after another
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
        item.session.lock()  # copies made at the same moment take their places one by one
        # Where the item is now: a copy made a moment ago may have moved what follows it.
        position = AgendaItem.objects.values_list("position", flat=True).get(pk=item.pk)
        AgendaItem.objects.filter(session=item.session_id, position__gt=position).update(
            position=F("position") + 1
        )
        copy = AgendaItem.objects.create(
            session=item.session,
            position=position + 1,
            updated_by=actor,
            **{field: getattr(item, field) for field in ITEM_FIELDS},
        )
    return copy


def agenda_item_delete(*, item: AgendaItem) -> None:
    session = item.session
    with transaction.atomic():
        session.lock()  # as every change of places: one after another
        run_item_leave(item_id=item.pk, session=session, now=timezone.now())
        item.delete()
        _renumber_items(session)


def _renumber_items(session: Session, ordered_ids: list[int] | None = None) -> None:
    ids = ordered_ids or session.agenda_items.ids_in_order()
    items = list(AgendaItem.objects.filter(session=session, pk__in=ids))
    by_pk = {item.pk: item for item in items}
    for position, pk in enumerate(ids):
        by_pk[pk].position = position
    AgendaItem.objects.bulk_update(items, ["position"])


def agenda_item_move(*, item: AgendaItem, offset: int) -> None:
    """Move an item up (-1) or down (+1) one place; at either end it stays put."""
    with transaction.atomic():
        item.session.lock()  # as every change of places: one after another
        ids = AgendaItem.objects.filter(session=item.session_id).ids_in_order()
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
        session.lock()  # as every change of places: one after another
        current = set(AgendaItem.objects.filter(session=session).values_list("pk", flat=True))
        if len(ordered_ids) != len(current) or set(ordered_ids) != current:
            raise ValidationError(
                _("The agenda changed while you were moving things. Here it is as it is now.")
            )
        _renumber_items(session, ordered_ids)


def agenda_add_items(*, session: Session, items, actor) -> list[AgendaItem]:
    """Append template or library items (TemplateItem) to a session's agenda."""
    with transaction.atomic():
        session.lock()  # as in agenda_item_create: one after another
        return AgendaItem.objects.bulk_create(_items_from(session, items, actor))


def _items_from(session: Session, items, actor) -> list[AgendaItem]:
    position = _next_position(session)
    return [
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
        for item in session.agenda_items.in_order()
    ]
    if not rows:
        raise ValidationError(_("Add items to the agenda before saving it as a template."))
    return AgendaTemplate.objects.create(
        owner=owner, name=name, description=description, items=rows
    )
