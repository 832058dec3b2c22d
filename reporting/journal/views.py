"""The journal pages of a Jam, for its host and team.

Views parse, check who may, call one service from ``reporting.journal.services`` and
render. Forms post and come back to the journal; a form with errors is shown
again with everything typed still in it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from jamsessions.deletion import what_goes_with
from planning.jams.selectors import jam_get
from planning.models import Jam
from reporting.journal.forms import JournalEntryForm
from reporting.journal.services import (
    entry_answers,
    journal_entry_create,
    journal_entry_delete,
    journal_entry_get,
    journal_entry_update,
    journal_rows,
    journal_today,
)
from reporting.rules import can_delete_journal_entry, can_edit_journal_entry


def _journal_url(jam: Jam) -> str:
    return reverse("journal:list", kwargs={"slug": jam.slug})


def _new_entry_form(jam: Jam) -> JournalEntryForm:
    return JournalEntryForm(initial={"written_on": journal_today(jam=jam)})


@login_required
@require_GET
def journal_list_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    context = {
        "jam": jam,
        "rows": journal_rows(jam=jam, user=request.user),
        "form": _new_entry_form(jam),
    }
    return render(request, "reporting/journal/journal_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def journal_create_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    if request.method == "POST":
        form = JournalEntryForm(request.POST)
        if form.is_valid():
            journal_entry_create(
                jam=jam,
                author=request.user,
                written_on=form.cleaned_data["written_on"],
                **form.answers(),
            )
            messages.success(request, _("Your journal entry is saved."))
            return redirect(_journal_url(jam))
    else:
        form = _new_entry_form(jam)
    context = {"jam": jam, "form": form, "forms": [form], "entry": None}
    return render(request, "reporting/journal/journal_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def journal_edit_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    entry = journal_entry_get(jam=jam, pk=pk)
    if not can_edit_journal_entry(entry=entry, user=request.user):
        raise PermissionDenied(_("Only the person who wrote an entry can change it."))
    form = JournalEntryForm(request.POST or None, instance=entry)
    if request.method == "POST" and form.is_valid():
        journal_entry_update(
            entry=entry,
            actor=request.user,
            written_on=form.cleaned_data["written_on"],
            **form.answers(),
        )
        messages.success(request, _("Your journal entry is saved."))
        return redirect(f"{_journal_url(jam)}#entry-{entry.pk}")
    context = {"jam": jam, "form": form, "forms": [form], "entry": entry}
    return render(request, "reporting/journal/journal_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def journal_delete_view(request, slug, pk):
    jam = jam_get(user=request.user, slug=slug)
    entry = journal_entry_get(jam=jam, pk=pk)
    if not can_delete_journal_entry(entry=entry, jam=jam, user=request.user):
        raise PermissionDenied(_("Only the person who wrote an entry, or the host, can delete it."))
    if request.method == "POST":
        journal_entry_delete(entry=entry, jam=jam, actor=request.user)
        messages.success(request, _("The journal entry is deleted."))
        return redirect(_journal_url(jam))
    context = {
        "jam": jam,
        "entry": entry,
        "answers": entry_answers(entry),
        "what_goes": what_goes_with(entry),
    }
    return render(request, "reporting/journal/journal_confirm_delete.html", context)
