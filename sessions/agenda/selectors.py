"""Reading an agenda: its items timed on the session's clock, templates and activities to add."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404

from planning.models import Session
from sessions.agenda.models import AgendaItem, AgendaTemplate
from sessions.agenda.timed import Agenda, agenda_timed
from sessions.agenda.toolkit import (
    Activity,
    activity_library,
    saved_template_items,
    toolkit_templates,
)


def agenda_get(*, session: Session) -> Agenda:
    """The session's agenda, timed on its clock, in one query whatever its length."""
    items = session.agenda_items.select_related("lead__user", "note").in_order()
    return agenda_timed(session, list(items))


def agenda_item_get(*, session: Session, pk: int) -> AgendaItem | None:
    """An item of this session; None when it is gone (removed meanwhile).

    An item of another session or another Jam is a 404: its id says nothing to this page.
    """
    item = session.agenda_items.select_related("lead__user", "updated_by").filter(pk=pk).first()
    if item is None:
        if AgendaItem.objects.filter(pk=pk).exists():
            raise Http404
        return None
    item.session = session
    return item


def agenda_template_list(*, user) -> QuerySet[AgendaTemplate]:
    """The agenda templates this user saved, newest first."""
    return AgendaTemplate.objects.filter(owner=user).order_by("-created_at", "-pk")


def agenda_template_get(*, user, pk: int) -> AgendaTemplate | None:
    return AgendaTemplate.objects.filter(owner=user, pk=pk).first()


@dataclass(frozen=True)
class TemplateChoice:
    """A template offered on the agenda page, with what each of its sessions holds."""

    value: str  # "toolkit:<key>" or "mine:<id>"
    name: str
    description: str
    parts: tuple[tuple[int, int], ...]  # (items, minutes) per session of the template

    @property
    def is_plan(self) -> bool:
        return len(self.parts) > 1


def _part(items) -> tuple[int, int]:
    return len(items), sum(item.minutes for item in items)


def agenda_template_choices(*, user) -> tuple[list[TemplateChoice], list[TemplateChoice]]:
    """The toolkit's templates and the user's own, ready to offer (one query)."""
    toolkit = [
        TemplateChoice(
            value=f"toolkit:{template.key}",
            name=template.name,
            description=template.description,
            parts=tuple(_part(items) for items in template.sessions),
        )
        for template in toolkit_templates()
    ]
    mine = [
        TemplateChoice(
            value=f"mine:{template.pk}",
            name=template.name,
            description=template.description,
            parts=(_part(saved_template_items(template.items)),),
        )
        for template in agenda_template_list(user=user)
    ]
    return toolkit, mine


def activity_groups() -> list[tuple[str, list[Activity]]]:
    """The activity library by group, in the library's own order."""
    groups: dict[str, list[Activity]] = {}
    for activity in activity_library():
        groups.setdefault(activity.group, []).append(activity)
    return list(groups.items())
