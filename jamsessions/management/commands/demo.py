"""Demo data for trying the app: ``python manage.py demo``.

Idempotent: running it again brings the same records back to the same state.
Refuses to run unless DEBUG is on, so it never touches a real site.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from jamsessions.accounts.models import REVIEWERS_GROUP, User
from planning.models import Jam
from planning.services import jam_create, jam_update
from sessions.services import session_create, session_update
from sessions.timing import aware_local

DEMO_PASSWORD = "jam-demo"
HOST_EMAIL = "host@example.org"
REVIEWER_EMAIL = "reviewer@example.org"
DEMO_JAM_SLUG = "demo-rest-and-resource"
DEMO_ZONE = "Africa/Nairobi"
SESSION_DAYS_AHEAD = (12, 19, 26)
SESSION_START = dt.time(15, 0)
SESSION_MINUTES = 120

DEMO_JAM = {
    "name": "Rest and Resource: a Jam for grassroots activists",
    "local_name": "Pumzika na Rasilimali",
    "objectives": (
        "Give activists from different movements a few hours to rest, laugh and heal together, "
        "then imagine how our work could be resourced on our own terms."
    ),
    "kind": "mixed",
    "format": "online",
    "country": "KE",
    "language": "en",
    "venue": "Zoom, with a shared Miro board",
    "who_to_invite": (
        "Grassroots, gender equity, mental health and environmental activists; "
        "an art and music therapist; one or two funders who listen."
    ),
    "support_needed": "Help setting up Miro for people joining on phones; early stipends for data bundles.",
}


class Command(BaseCommand):
    help = "Create (or refresh) demo accounts and a three-session demo Jam. DEBUG only."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            raise CommandError("The demo command only runs with DEBUG on: it sets known passwords.")
        with transaction.atomic():
            host = self._user(HOST_EMAIL, "Amina (demo host)")
            reviewer = self._user(REVIEWER_EMAIL, "Rafael (demo reviewer)")
            reviewer.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
            jam = self._jam(host)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"  Host:     {HOST_EMAIL} / {DEMO_PASSWORD}")
        self.stdout.write(f"  Reviewer: {REVIEWER_EMAIL} / {DEMO_PASSWORD}")
        self.stdout.write(f"  Demo Jam: /jams/{jam.slug}/")

    def _user(self, email: str, name: str) -> User:
        user, _ = User.objects.get_or_create(email=email, defaults={"name": name})
        user.name = name
        user.is_active = True
        user.set_password(DEMO_PASSWORD)
        user.save()
        return user

    def _session_starts(self) -> list[dt.datetime]:
        today = timezone.now().astimezone(ZoneInfo(DEMO_ZONE)).date()
        return [
            aware_local(today + dt.timedelta(days=days), SESSION_START, DEMO_ZONE)
            for days in SESSION_DAYS_AHEAD
        ]

    def _jam(self, host: User) -> Jam:
        starts = self._session_starts()
        jam = Jam.objects.filter(slug=DEMO_JAM_SLUG).first()
        if jam is None:
            jam = jam_create(
                host=host,
                details=DEMO_JAM,
                starts_at=starts[0],
                duration_minutes=SESSION_MINUTES,
                timezone=DEMO_ZONE,
            )
            Jam.objects.filter(pk=jam.pk).update(slug=DEMO_JAM_SLUG)
            jam.refresh_from_db()
        jam_update(jam=jam, details=DEMO_JAM)
        if jam.host_id != host.pk:
            Jam.objects.filter(pk=jam.pk).update(host=host)
        self._sessions(jam, starts)
        return jam

    def _sessions(self, jam: Jam, starts: list[dt.datetime]) -> None:
        existing = list(jam.sessions.order_by("number"))
        for extra in existing[len(starts) :]:
            extra.delete()
        for index, starts_at in enumerate(starts):
            fields = {
                "starts_at": starts_at,
                "duration_minutes": SESSION_MINUTES,
                "timezone": DEMO_ZONE,
            }
            if index < len(existing):
                session_update(session=existing[index], **fields)
            else:
                session_create(jam=jam, **fields)
