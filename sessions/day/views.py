"""The day's attendance and notes pages: for the team, phone first, all working without JS."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from planning.enums import Permission
from planning.models import Guest, Session
from planning.rules import require_permission
from sessions.agenda.models import AgendaItem
from sessions.day.forms import AttendanceMarkForm, NoteForm, WalkInForm
from sessions.day.services import (
    attendance_counts,
    attendance_mark,
    attendance_row,
    attendance_sheet,
    note_save,
    notes_for_session,
    walk_in_add,
    walk_in_remove,
)
from sessions.schedule.removed import PLAN_ANCHOR, answers_removed_session, session_removed_text
from sessions.schedule.selectors import SessionRemoved, session_get

ATTENDANCE_PAGE = "sessions/day/attendance.html"
NOTES_PAGE = "sessions/day/notes.html"
NOTES_REMOVED_PAGE = "sessions/day/notes_session_removed.html"


def _page_url(session: Session, name: str, anchor: str = "") -> str:
    url = reverse(f"sessions:{name}", kwargs={"slug": session.jam.slug, "key": session.key})
    return f"{url}#{anchor}" if anchor else url


def _varies(response):
    patch_vary_headers(response, ["HX-Request"])
    return response


# --- Attendance -----------------------------------------------------------------------


def _attendance_context(session: Session, **extra) -> dict:
    return {"jam": session.jam, "session": session, **extra}


def _attendance_page(request, session: Session, *, walk_in_form: WalkInForm | None = None):
    walk_in_form = walk_in_form or WalkInForm()
    sheet = attendance_sheet(session)
    context = _attendance_context(
        session,
        sheet=sheet,
        counts=sheet.counts,
        walk_in_form=walk_in_form,
        forms=[walk_in_form],
    )
    return render(request, ATTENDANCE_PAGE, context)


@login_required
@require_safe
@answers_removed_session
def attendance_view(request, slug, key):
    """Tick who came, from the guest list, and count walk-ins by first name."""
    session = session_get(user=request.user, slug=slug, key=key)
    return _attendance_page(request, session)


@login_required
@require_http_methods(["GET", "POST"])
@answers_removed_session
def attendance_mark_view(request, slug, key, pk):
    """Mark one guest as come or not: the new row (and totals) for htmx, else back to the list."""
    session = session_get(user=request.user, slug=slug, key=key)
    if request.method != "POST":
        return redirect(_page_url(session, "attendance", f"guest-{pk}"))
    require_permission(request.user, session.jam, Permission.TAKE_ATTENDANCE)
    guest = get_object_or_404(Guest, jam_id=session.jam_id, pk=pk, erased_at__isnull=True)
    form = AttendanceMarkForm(request.POST)
    if form.is_valid():
        attendance_mark(session, guest, form.cleaned_data["came"])
    elif not request.htmx:
        messages.error(request, _("Choose whether this guest came."))
    if not request.htmx:
        return _varies(redirect(_page_url(session, "attendance", f"guest-{pk}")))
    context = _attendance_context(
        session,
        row=attendance_row(session, guest),
        counts=attendance_counts(session),
        totals_oob=True,
    )
    return _varies(render(request, f"{ATTENDANCE_PAGE}#guest-row", context))


def _walk_ins_changed(request, session: Session, *, message: str = "", form=None):
    """htmx: the walk-ins section (with its form) and the totals; else back to the page."""
    if request.htmx:
        sheet = attendance_sheet(session)
        context = _attendance_context(
            session,
            sheet=sheet,
            counts=sheet.counts,
            walk_in_form=form or WalkInForm(),
            walk_in_message=message,
            totals_oob=True,
        )
        return _varies(render(request, f"{ATTENDANCE_PAGE}#walk-ins", context))
    if form is not None:
        return _varies(_attendance_page(request, session, walk_in_form=form))
    if message:
        messages.success(request, message)
    return _varies(redirect(_page_url(session, "attendance", "walk-ins")))


@login_required
@require_http_methods(["GET", "POST"])
@answers_removed_session
def attendance_walk_in_add_view(request, slug, key):
    session = session_get(user=request.user, slug=slug, key=key)
    if request.method != "POST":
        return redirect(_page_url(session, "attendance", "walk-ins"))
    require_permission(request.user, session.jam, Permission.TAKE_ATTENDANCE)
    form = WalkInForm(request.POST)
    if not form.is_valid():
        return _walk_ins_changed(request, session, form=form)
    walk_in = walk_in_add(session, form.cleaned_data["first_name"])
    message = _("%(name)s is counted as a walk-in.") % {"name": walk_in.walk_in_name}
    return _walk_ins_changed(request, session, message=message)


@login_required
@require_http_methods(["GET", "POST"])
@answers_removed_session
def attendance_walk_in_remove_view(request, slug, key, pk):
    session = session_get(user=request.user, slug=slug, key=key)
    if request.method != "POST":
        return redirect(_page_url(session, "attendance", "walk-ins"))
    require_permission(request.user, session.jam, Permission.TAKE_ATTENDANCE)
    removed = walk_in_remove(session, pk)
    if removed is None:
        message = _("That walk-in was already removed.")
    else:
        message = _("%(name)s is no longer counted.") % {"name": removed.walk_in_name}
    return _walk_ins_changed(request, session, message=message)


# --- Notes ----------------------------------------------------------------------------


def _notes_page(request, session: Session, *, failed: dict | None = None):
    """The notes page; ``failed`` holds, by item id, a text not saved and the reason."""
    failed = failed or {}
    rows = [(row, failed.get(row.item.pk)) for row in notes_for_session(session)]
    shown = {row.item.pk for row, _fail in rows}
    # The text of an item removed meanwhile has no box of its own: shown apart, to copy.
    orphans = [fail for pk, fail in failed.items() if pk not in shown]
    context = {
        "jam": session.jam,
        "session": session,
        "rows": rows,
        "failed": failed,
        "orphans": orphans,
    }
    return render(request, NOTES_PAGE, context)


@login_required
@require_safe
@answers_removed_session
def notes_view(request, slug, key):
    """The note taker's page: a text box per agenda item, saved as they type."""
    session = session_get(user=request.user, slug=slug, key=key)
    return _notes_page(request, session)


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _saved_at(note, session: Session) -> str:
    return formats.time_format(timezone.localtime(note.updated_at, session.zone), "H:i")


def _note_not_saved(request, session, item_pk: int, text: str, message: str, status: int):
    if _wants_json(request):
        return JsonResponse({"ok": False, "message": message}, status=status)
    failed = {item_pk: {"text": text, "error": message}}
    return _notes_page(request, session, failed=failed)


@login_required
@require_http_methods(["GET", "POST"])
@answers_removed_session
def note_save_view(request, slug, key):
    """Save one item's notes: JSON for the page's script, a redirect (or the page) without it."""
    try:
        session = session_get(user=request.user, slug=slug, key=key)
    except SessionRemoved as removed:
        text = request.POST.get("text", "")
        if request.method == "POST" and text.strip() and not _wants_json(request):
            return _notes_of_a_removed_session(request, removed.jam, text)
        raise  # the script keeps the text itself (JSON); nothing typed, nothing to keep
    if request.method != "POST":
        return redirect(_page_url(session, "notes"))
    require_permission(request.user, session.jam, Permission.TAKE_NOTES)
    form = NoteForm(request.POST)
    if form.errors.keys() == {"text"}:
        # The text itself cannot be kept (a NUL byte): say why, and give it back.
        text = request.POST.get("text", "")
        return _note_not_saved(
            request, session, form.cleaned_data["item"], text, form.errors["text"][0], 400
        )
    if not form.is_valid():
        message = _("These notes could not be saved: reload the page and try again.")
        if _wants_json(request):
            return JsonResponse({"ok": False, "message": message}, status=400)
        messages.error(request, message)
        return redirect(_page_url(session, "notes"))
    data = form.cleaned_data
    item = session.agenda_items.filter(pk=data["item"]).first()
    if item is None:
        if AgendaItem.objects.filter(pk=data["item"]).exists():
            raise Http404  # another session's item: its id says nothing here
        message = _(
            "This item was removed from the agenda meanwhile, so its notes cannot be saved. "
            "Copy your text before leaving the page."
        )
        return _note_not_saved(request, session, data["item"], data["text"], message, 410)
    item.session = session
    try:
        saved = note_save(item, data["text"], data["version"] or 0, request.user)
    except ValidationError as error:
        return _note_not_saved(request, session, item.pk, data["text"], error.messages[0], 400)
    response = _note_saved(request, session, item, saved)
    patch_vary_headers(response, ["Accept"])
    return response


def _notes_of_a_removed_session(request, jam, text: str):
    """Notes sent without JavaScript for a session removed meanwhile: the text, to copy."""
    context = {
        "jam": jam,
        "message": session_removed_text(),
        "plan_url": f"{jam.get_absolute_url()}#{PLAN_ANCHOR}",
        "text": text,
    }
    return render(request, NOTES_REMOVED_PAGE, context, status=410)


def _note_saved(request, session, item, saved):
    note = saved.note
    if saved.merged:
        message = _(
            "Someone else saved notes on “%(title)s” meanwhile. Both texts are kept: "
            "theirs first, then yours under a line."
        ) % {"title": item.title}
    elif note.pk is None:
        message = _("Nothing to save yet.")
    else:
        message = _("Saved %(time)s") % {"time": _saved_at(note, session)}
    if _wants_json(request):
        return JsonResponse(
            {
                "ok": True,
                "version": note.version,
                "text": note.text,
                "merged": saved.merged,
                "message": message,
            }
        )
    if saved.merged:
        messages.warning(request, message)
    elif note.pk is not None:
        messages.success(request, _("Notes on “%(title)s” are saved.") % {"title": item.title})
    return redirect(_page_url(session, "notes", f"note-{item.pk}"))
