"""A host's Jams: the list, one Jam's home page, deleting one. (Creating and changing a Jam
are pages of ``jamsessions.actions``: their saves reach other apps.)
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from planning.guests.tokens import calendar_feed_url
from planning.jams.selectors import jam_countdown, jam_get, jam_list
from planning.jams.services import jam_delete
from planning.roadmap.selectors import roadmap_get
from planning.rules import can_delete_jam, is_host, require
from planning.team.selectors import team_member_get


@login_required
@require_safe
def jam_list_view(request):
    now = timezone.now()
    jams = [(jam, jam_countdown(jam, now=now)) for jam in jam_list(user=request.user)]
    return render(request, "planning/jam_list.html", {"jams": jams})


@login_required
@require_safe
def jam_detail_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    now = timezone.now()
    roadmap = roadmap_get(jam=jam, now=now)
    context = {
        "jam": jam,
        "next": jam_countdown(jam, now=now),
        "sessions": list(jam.sessions.all()),
        "is_host": is_host(request.user, jam),
        "roadmap": roadmap,
        "my_tasks": roadmap.assigned_to(team_member_get(jam=jam, user=request.user)),
        "next_url": request.get_full_path(),
        "calendar_feed_url": calendar_feed_url(jam),
    }
    return render(request, "planning/jam_detail.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def jam_delete_view(request, slug):
    jam = jam_get(user=request.user, slug=slug)
    require(can_delete_jam(request.user, jam), _("Only the host can delete a Jam."))
    if request.method == "POST":
        name = jam.name
        jam_delete(jam=jam)
        messages.success(request, _("“%(name)s” is deleted.") % {"name": name})
        return redirect("planning:jam_list")
    return render(request, "planning/jam_confirm_delete.html", {"jam": jam})
