"""The roadmap page and its steps: tick, skip, add, change and remove them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django_htmx.http import trigger_client_event

from jamsessions.deletion import what_goes_with
from jamsessions.http import safe_next
from planning.enums import Permission, Phase
from planning.jams.selectors import jam_get
from planning.roadmap.dates import SessionDates, dated_tasks
from planning.roadmap.forms import TaskForm
from planning.roadmap.selectors import roadmap_get, task_get
from planning.roadmap.services import (
    roadmap_skip_past,
    task_create,
    task_delete,
    task_set_done,
    task_set_skipped,
    task_update,
)
from planning.rules import require_permission


@login_required
@require_safe
def roadmap_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    roadmap = roadmap_get(jam=jam, now=timezone.now())
    context = {
        "jam": jam,
        "roadmap": roadmap,
        "next_url": request.get_full_path(),
        # The page offers to skip every step already past at once; the Jam home does not.
        "offer_skip_past": True,
    }
    return render(request, "planning/roadmap.html", context)


@login_required
@require_POST
def roadmap_skip_past_view(request, slug):
    """Skip every step already past its due date, in one go (a Jam planned overnight)."""
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.ROADMAP)
    skipped = roadmap_skip_past(jam=jam, now=timezone.now())
    if skipped:
        messages.success(
            request,
            ngettext(
                "%(count)d step that was already past is skipped. "
                "“Bring back” on its row undoes it.",
                "%(count)d steps that were already past are skipped. "
                "“Bring back” on any of them undoes it.",
                skipped,
            )
            % {"count": skipped},
        )
    else:
        messages.info(request, _("No step is past its date any more: nothing was skipped."))
    return redirect(reverse_roadmap(jam))


def _task_changed(request, task):
    """Answer a change to one task: the new row for htmx, else back where the user was."""
    jam = task.jam
    back = safe_next(request, default=reverse_roadmap(jam))
    if not request.htmx:
        return redirect(back)
    dates = SessionDates.of(list(jam.sessions.all()), now=timezone.now())
    item = dated_tasks([task], dates)[0]
    context = {"jam": jam, "item": item, "next_url": back}
    response = render(request, "planning/roadmap.html#task-row", context)
    patch_vary_headers(response, ["HX-Request"])
    return trigger_client_event(response, "taskChanged")


def reverse_roadmap(jam) -> str:
    return reverse("planning:roadmap", kwargs={"slug": jam.slug})


@login_required
@require_POST
def task_done_view(request, slug, pk):
    task = task_get(user=request.user, slug=slug, pk=pk)
    require_permission(request.user, task.jam, Permission.ROADMAP)
    task = task_set_done(task=task, done=request.POST.get("done") == "1", actor=request.user)
    return _task_changed(request, task)


@login_required
@require_POST
def task_skip_view(request, slug, pk):
    task = task_get(user=request.user, slug=slug, pk=pk)
    require_permission(request.user, task.jam, Permission.ROADMAP)
    task = task_set_skipped(task=task, skipped=request.POST.get("skipped") == "1")
    return _task_changed(request, task)


def _today_for(jam):
    return SessionDates.of(list(jam.sessions.all()), now=timezone.now()).today


@login_required
@require_http_methods(["GET", "POST"])
def task_create_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    require_permission(request.user, jam, Permission.ROADMAP)
    data = request.POST if request.method == "POST" else None
    # Only a phase asked for by name replaces the form's own first choice.
    phase = request.GET.get("phase")
    initial = {"phase": phase} if phase in Phase.values else {}
    form = TaskForm(data, jam=jam, today=_today_for(jam), initial=initial)
    if request.method == "POST" and form.is_valid():
        task = task_create(jam=jam, details=form.cleaned_data)
        messages.success(request, _("“%(title)s” is on the roadmap.") % {"title": task.title})
        return redirect(f"{reverse_roadmap(jam)}#task-{task.pk}")
    return render(request, "planning/task_form.html", {"jam": jam, "form": form, "forms": [form]})


@login_required
@require_http_methods(["GET", "POST"])
def task_edit_view(request, slug, pk):
    task = task_get(user=request.user, slug=slug, pk=pk)
    require_permission(request.user, task.jam, Permission.ROADMAP)
    jam = jam_get(user=request.user, slug=slug)
    data = request.POST if request.method == "POST" else None
    form = TaskForm(data, instance=task, jam=jam, today=_today_for(jam))
    if request.method == "POST" and form.is_valid():
        task_update(task=task, details=form.cleaned_data)
        messages.success(request, _("Your changes are saved."))
        return redirect(f"{reverse_roadmap(jam)}#task-{task.pk}")
    context = {"jam": jam, "task": task, "form": form, "forms": [form]}
    return render(request, "planning/task_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def task_delete_view(request, slug, pk):
    task = task_get(user=request.user, slug=slug, pk=pk)
    require_permission(request.user, task.jam, Permission.ROADMAP)
    if request.method == "POST":
        task_delete(task=task)
        messages.success(request, _("“%(title)s” is removed.") % {"title": task.title})
        return redirect(reverse_roadmap(task.jam))
    context = {"jam": task.jam, "task": task, "what_goes": what_goes_with(task)}
    return render(request, "planning/task_confirm_delete.html", context)
