"""A host's Jams: the list, and one Jam's home page. (Creating, changing, exporting and
deleting a Jam are pages of ``jamsessions.actions``: they reach other apps.)
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from planning.guests.tokens import calendar_feed_url
from planning.jams.selectors import jam_countdown, jam_get, jam_list
from planning.roadmap.selectors import roadmap_get
from planning.rules import can_delete_jam, can_export_jam
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
        "can_delete": can_delete_jam(request.user, jam),
        "can_export": can_export_jam(request.user, jam),
        "roadmap": roadmap,
        "my_tasks": roadmap.assigned_to(team_member_get(jam=jam, user=request.user)),
        "next_url": request.get_full_path(),
        "calendar_feed_url": calendar_feed_url(jam),
    }
    return render(request, "planning/jam_detail.html", context)
