"""The guest list page, as every view that changes the list answers: the whole page, or with
htmx its ``#guests`` part, forms with errors shown as given.

Shared by the list's own views (``planning.guests.views``) and those that send guests
emails (``sessions.messages.views``).
"""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers

from planning.guests.forms import AnnouncementForm, GuestAddForm, GuestImportForm
from planning.guests.log import message_log
from planning.guests.selectors import (
    GUESTS_SUGGESTED_MAX,
    GUESTS_SUGGESTED_MIN,
    diversity_summary,
    invitation_blocker,
)
from planning.guests.services import ImportResult
from planning.guests.table import ONE_GROUP_NOTES, guest_table, message_log_view, sessions_in_order
from planning.models import Jam

GUESTS_PAGE = "planning/guests/guest_list.html"


def guests_url(jam: Jam, anchor: str = "") -> str:
    url = reverse("planning:guests", kwargs={"slug": jam.slug})
    return f"{url}#{anchor}" if anchor else url


def guests_page(
    request,
    jam: Jam,
    *,
    add_form: GuestAddForm | None = None,
    import_form: GuestImportForm | None = None,
    import_result: ImportResult | None = None,
    announcement_form: AnnouncementForm | None = None,
):
    """The guest list, or with htmx its ``#guests`` part; forms with errors are shown as given."""
    sessions = sessions_in_order(jam)
    table = guest_table(jam=jam, sessions=sessions)
    log = message_log(jam=jam, sessions=sessions)
    summary = diversity_summary(jam=jam)
    add_form = add_form or GuestAddForm()
    import_form = import_form or GuestImportForm()
    if jam.can.write_to_guests:
        announcement_form = announcement_form or AnnouncementForm()
    context = {
        "jam": jam,
        "table": table,
        "invitation_blocker": invitation_blocker(jam),
        "log": message_log_view(log, sessions=sessions, guests=[row.guest for row in table.rows]),
        "diversity": summary,
        "one_group_notes": [ONE_GROUP_NOTES[item.name] for item in summary.one_group_fields],
        "suggested_min": GUESTS_SUGGESTED_MIN,
        "suggested_max": GUESTS_SUGGESTED_MAX,
        "add_form": add_form,
        "import_form": import_form,
        "import_problems": import_result.problems if import_result else [],
        "announcement_form": announcement_form,
        "forms": [form for form in (add_form, import_form, announcement_form) if form],
    }
    template = GUESTS_PAGE + ("#guests" if request.htmx else "")
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request"])
    return response


def guests_changed(request, jam: Jam, anchor: str = ""):
    """After a change: with htmx the fresh ``#guests`` (messages included), else back to the page."""
    if request.htmx:
        return guests_page(request, jam)
    return redirect(guests_url(jam, anchor))
