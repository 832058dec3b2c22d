"""A session's page and its agenda builder: add, change, copy, remove and reorder items,
use a template or an activity, save the agenda as a template.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import reswap, retarget, trigger_client_event

from jamsessions.deletion import what_goes_with
from planning.enums import Permission
from planning.rules import refusal, require
from sessions.agenda.forms import (
    ActivityAddForm,
    AgendaItemEditForm,
    AgendaItemForm,
    TemplateApplyForm,
    TemplateSaveForm,
)
from sessions.agenda.models import AgendaItem
from sessions.agenda.selectors import (
    activity_groups,
    agenda_get,
    agenda_item_get,
    agenda_template_choices,
)
from sessions.agenda.services import (
    AgendaConflict,
    agenda_add_items,
    agenda_item_create,
    agenda_item_delete,
    agenda_item_duplicate,
    agenda_item_move,
    agenda_item_update,
    agenda_reorder,
    agenda_template_save,
)
from sessions.rules import can_edit_agenda
from sessions.schedule.removed import answers_removed_session
from sessions.schedule.selectors import session_get
from sessions.space.services import house_rule_list

AGENDA_PAGE = "sessions/session_detail.html"


ITEM_EDIT_PAGE = "sessions/agenda_item_edit.html"


ITEM_DELETE_PAGE = "sessions/agenda_item_delete.html"


ADD_FORM_IDS = "add-%s"


SAVE_FORM_IDS = "save-%s"


MOVES = {"up": -1, "down": 1}


def _agenda_context(session, **extra) -> dict:
    """What the #agenda fragment needs: the items timed on the session's clock."""
    return {"jam": session.jam, "session": session, "agenda": agenda_get(session=session), **extra}


def _page_context(request, session, **extra) -> dict:
    """The whole agenda builder: the agenda, the forms, the templates and the library
    (the builder's parts only for a role that plans the agenda)."""
    context = {"house_rules": list(house_rule_list(jam=session.jam))}
    if session.jam.can.plan_agenda:
        toolkit, mine = agenda_template_choices(user=request.user)
        context.update(
            add_form=AgendaItemForm(jam=session.jam, auto_id=ADD_FORM_IDS),
            save_form=TemplateSaveForm(auto_id=SAVE_FORM_IDS),
            toolkit_templates=toolkit,
            my_templates=mine,
            library=activity_groups(),
        )
    return _agenda_context(session, **{**context, **extra})


@login_required
@require_safe
@vary_on_headers("HX-Request")
@answers_removed_session
def session_detail_view(request, slug, key):
    """The session and its agenda builder; the #agenda fragment alone for htmx."""
    session = session_get(user=request.user, slug=slug, key=key)
    if request.htmx and request.htmx.target == "agenda":
        return render(request, f"{AGENDA_PAGE}#agenda", _agenda_context(session))
    return render(request, AGENDA_PAGE, _page_context(request, session))


def _agenda_changed(
    request,
    session,
    *,
    message: str = "",
    error: str = "",
    focus: tuple[str, ...] = (),
    anchor: str = "agenda",
    closed_editor: int | None = None,
    fresh_add_form: bool = False,
):
    """Answer a change to the agenda.

    htmx gets the new #agenda (and the status line, and maybe a fresh add form), with
    where the keyboard focus goes next; without JavaScript, a bad request shows the page
    again with the reason (200) and a good one goes back to the page.
    """
    if request.htmx:
        context = _agenda_context(
            session,
            notice=message,
            notice_error=error,
            closed_editor=closed_editor,
            oob=True,
        )
        if fresh_add_form:
            context["add_form"] = AgendaItemForm(jam=session.jam, auto_id=ADD_FORM_IDS)
        response = render(request, f"{AGENDA_PAGE}#agenda-changed", context)
        # No settle delay: htmx puts the keyboard back on the button of the same id at
        # once, and that button must already work when pressed again straight away.
        response = reswap(retarget(response, "#agenda"), "outerHTML settle:0ms")
        return trigger_client_event(response, "agendaChanged", {"focus": focus}, after="settle")
    if error:
        return render(request, AGENDA_PAGE, _page_context(request, session, notice_error=error))
    if message:
        messages.success(request, message)
    return redirect(f"{session.get_absolute_url()}#{anchor}")


def _gone(request, session):
    return _agenda_changed(
        request,
        session,
        error=_("Someone removed this item meanwhile. Here is the agenda as it is now."),
    )


def _back_to_agenda(session, anchor: str = "agenda"):
    """A GET on an address that only changes things: back to the agenda it belongs to."""
    return redirect(f"{session.get_absolute_url()}#{anchor}")


def _agenda_to_edit(request, slug: str, key: str):
    """The session whose agenda this person may change (``can_edit_agenda``); 404 or 403 else."""
    session = session_get(user=request.user, slug=slug, key=key)
    require(
        can_edit_agenda(request.user, session.jam),
        refusal(Permission.PLAN_AGENDA),
    )
    return session


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@answers_removed_session
def agenda_item_create_view(request, slug, key):
    session = _agenda_to_edit(request, slug, key)
    if request.method != "POST":
        return _back_to_agenda(session, "agenda-add")
    form = AgendaItemForm(request.POST, jam=session.jam, auto_id=ADD_FORM_IDS)
    if not form.is_valid():
        if request.htmx:
            context = {"jam": session.jam, "session": session, "add_form": form}
            response = render(request, f"{AGENDA_PAGE}#agenda-add", context)
            return reswap(retarget(response, "#agenda-add"), "outerHTML")
        return render(request, AGENDA_PAGE, _page_context(request, session, add_form=form))
    item = agenda_item_create(session=session, details=form.details, actor=request.user)
    return _agenda_changed(
        request,
        session,
        message=_("“%(title)s” is added at the end of the agenda.") % {"title": item.title},
        focus=("add-title",),
        anchor=f"item-{item.pk}",
        fresh_add_form=True,
    )


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@answers_removed_session
def agenda_item_edit_view(request, slug, key, pk):
    """Change an item; a save from an out-of-date form is refused, keeping what was typed."""
    session = _agenda_to_edit(request, slug, key)
    item = agenda_item_get(session=session, pk=pk)
    if item is None and request.method != "POST":
        raise Http404
    ids = f"item-{pk}-%s"
    context = {"jam": session.jam, "session": session, "item": item, "item_pk": pk}
    if item is None:
        return _edit_of_a_removed_item(request, session, context, ids)
    data = request.POST if request.method == "POST" else None
    form = AgendaItemEditForm(data, jam=session.jam, instance=item, auto_id=ids)
    if request.method == "POST" and form.is_valid():
        title = form.cleaned_data["title"]
        try:
            agenda_item_update(
                item=item,
                details=form.details,
                expected_version=form.cleaned_data["version"],
                actor=request.user,
            )
        except AgendaConflict as conflict:
            current = conflict.current
            context["conflict"] = current
            context["differences"] = form.differences(current)
            form = form.with_version(current.version)
        except AgendaItem.DoesNotExist:
            return _edit_of_a_removed_item(request, session, context, ids)
        else:
            return _agenda_changed(
                request,
                session,
                message=_("Your changes to “%(title)s” are saved.") % {"title": title},
                focus=(f"item-{pk}-edit",),
                anchor=f"item-{pk}",
                closed_editor=pk,
            )
    context.update(form=form, forms=[form])
    template = f"{ITEM_EDIT_PAGE}#item-editor" if request.htmx else ITEM_EDIT_PAGE
    return render(request, template, context)


def _edit_of_a_removed_item(request, session, context, ids):
    """The item went while someone edited it: keep their text, offer to add it again."""
    form = AgendaItemForm(request.POST, jam=session.jam, auto_id=ids)
    form.is_valid()
    context.update(form=form, forms=[form], removed=True)
    template = f"{ITEM_EDIT_PAGE}#item-editor" if request.htmx else ITEM_EDIT_PAGE
    return render(request, template, context)


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@answers_removed_session
def agenda_item_duplicate_view(request, slug, key, pk):
    session = _agenda_to_edit(request, slug, key)
    item = agenda_item_get(session=session, pk=pk)
    if request.method != "POST":
        return _back_to_agenda(session, f"item-{pk}")
    if item is None:
        return _gone(request, session)
    copy = agenda_item_duplicate(item=item, actor=request.user)
    return _agenda_changed(
        request,
        session,
        message=_("A copy of “%(title)s” is added below it.") % {"title": item.title},
        focus=(f"item-{copy.pk}-edit",),
        anchor=f"item-{copy.pk}",
    )


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@answers_removed_session
def agenda_item_delete_view(request, slug, key, pk):
    """Ask first (a page without JavaScript, in place with htmx), then remove the item."""
    session = _agenda_to_edit(request, slug, key)
    item = agenda_item_get(session=session, pk=pk)
    if item is None:
        if request.method != "POST":
            raise Http404
        return _agenda_changed(request, session, message=_("That item was already removed."))
    if request.method != "POST":
        context = {
            "jam": session.jam,
            "session": session,
            "item": item,
            "what_goes": what_goes_with(item),
        }
        template = f"{ITEM_DELETE_PAGE}#item-editor" if request.htmx else ITEM_DELETE_PAGE
        return render(request, template, context)
    order = session.agenda_items.ids_in_order()
    index = order.index(item.pk)
    neighbours = order[index + 1 : index + 2] + order[max(index - 1, 0) : index]
    agenda_item_delete(item=item)
    return _agenda_changed(
        request,
        session,
        message=_("“%(title)s” is removed.") % {"title": item.title},
        focus=(*(f"item-{pk}-edit" for pk in neighbours), "agenda-title"),
    )


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@answers_removed_session
def agenda_item_move_view(request, slug, key, pk):
    """Move an item one place up or down; the keyboard stays on the button pressed."""
    session = _agenda_to_edit(request, slug, key)
    item = agenda_item_get(session=session, pk=pk)
    if request.method != "POST":
        return _back_to_agenda(session, f"item-{pk}")
    if item is None:
        return _gone(request, session)
    direction = request.POST.get("direction", "")
    if direction not in MOVES:
        return _agenda_changed(request, session, error=_("Choose to move the item up or down."))
    order = session.agenda_items.ids_in_order()
    index = order.index(item.pk)
    at_end = index == 0 if direction == "up" else index == len(order) - 1
    if at_end:
        message = (
            _("“%(title)s” is already first.")
            if direction == "up"
            else _("“%(title)s” is already last.")
        )
    else:
        agenda_item_move(item=item, offset=MOVES[direction])
        message = _("“%(title)s” moved up.") if direction == "up" else _("“%(title)s” moved down.")
    other = "down" if direction == "up" else "up"
    return _agenda_changed(
        request,
        session,
        message=message % {"title": item.title},
        focus=(f"item-{pk}-{direction}", f"item-{pk}-{other}"),
        anchor=f"item-{pk}",
    )


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@answers_removed_session
def agenda_reorder_view(request, slug, key):
    """Put the items in the order given (by drag and drop): every item, once."""
    session = _agenda_to_edit(request, slug, key)
    if request.method != "POST":
        return _back_to_agenda(session)
    try:
        ordered_ids = [int(value) for value in request.POST.getlist("order")]
        agenda_reorder(session=session, ordered_ids=ordered_ids)
    except (ValueError, ValidationError):
        return _agenda_changed(
            request,
            session,
            error=_("The agenda changed while you were moving things. Here it is as it is now."),
        )
    return _agenda_changed(request, session, message=_("The new order is saved."))


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@answers_removed_session
def agenda_template_apply_view(request, slug, key):
    """Add a template's items after those already on the agenda (or fill an empty one)."""
    session = _agenda_to_edit(request, slug, key)
    if request.method != "POST":
        return _back_to_agenda(session, "agenda-templates")
    form = TemplateApplyForm(request.POST, user=request.user)
    if not form.is_valid():
        return _agenda_changed(request, session, error=_first_error(form))
    items = agenda_add_items(session=session, items=form.cleaned_data["items"], actor=request.user)
    return _agenda_changed(
        request,
        session,
        message=_("%(count)d items from “%(name)s” are added.")
        % {"count": len(items), "name": form.cleaned_data["name"]},
    )


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@answers_removed_session
def agenda_activity_add_view(request, slug, key):
    session = _agenda_to_edit(request, slug, key)
    if request.method != "POST":
        return _back_to_agenda(session, "agenda-library")
    form = ActivityAddForm(request.POST)
    if not form.is_valid():
        return _agenda_changed(request, session, error=_first_error(form))
    activity = form.cleaned_data["activity"]
    agenda_add_items(session=session, items=[activity.item], actor=request.user)
    return _agenda_changed(
        request,
        session,
        message=_("“%(title)s” is added at the end of the agenda.")
        % {"title": activity.item.title},
    )


@login_required
@vary_on_headers("HX-Request")
@require_http_methods(["GET", "POST"])
@answers_removed_session
def agenda_template_save_view(request, slug, key):
    """Keep this agenda as one of the user's own templates."""
    session = _agenda_to_edit(request, slug, key)
    if request.method != "POST":
        return _back_to_agenda(session, "agenda-save")
    form = TemplateSaveForm(request.POST, auto_id=SAVE_FORM_IDS)
    template = None
    if form.is_valid():
        try:
            template = agenda_template_save(
                session=session, owner=request.user, name=form.cleaned_data["name"]
            )
        except ValidationError as error:
            form.add_error(None, error)
    if template is None:
        if request.htmx:
            context = {"jam": session.jam, "session": session, "save_form": form}
            response = render(request, f"{AGENDA_PAGE}#agenda-save", context)
            return reswap(retarget(response, "#agenda-save"), "outerHTML")
        return render(request, AGENDA_PAGE, _page_context(request, session, save_form=form))
    message = _("This agenda is saved as your template “%(name)s”.") % {"name": template.name}
    if request.htmx:
        toolkit, mine = agenda_template_choices(user=request.user)
        context = {
            "jam": session.jam,
            "session": session,
            "save_form": TemplateSaveForm(auto_id=SAVE_FORM_IDS),
            "saved_message": message,
            "toolkit_templates": toolkit,
            "my_templates": mine,
            "oob": True,
        }
        response = render(request, f"{AGENDA_PAGE}#agenda-saved", context)
        return reswap(retarget(response, "#agenda-save"), "outerHTML")
    messages.success(request, message)
    return redirect(f"{session.get_absolute_url()}#agenda-templates")


def _first_error(form) -> str:
    errors = form.non_field_errors() or [e for field in form.errors.values() for e in field]
    return errors[0]
