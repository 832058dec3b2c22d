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
from planning.enums import TeamRole
from planning.models import Jam, Task, TeamMember
from planning.roadmap import SessionDates, dated_tasks, roadmap_add_session, roadmap_create
from planning.services import jam_create, jam_update, task_set_done
from sessions.agenda import toolkit_template
from sessions.services import (
    accessibility_checks_sync,
    agenda_add_items,
    house_rules_create_defaults,
    session_create,
    session_update,
)
from sessions.timing import aware_local

DEMO_PASSWORD = "jam-demo"
HOST_EMAIL = "host@example.org"
REVIEWER_EMAIL = "reviewer@example.org"
DEMO_JAM_SLUG = "demo-rest-and-resource"
DEMO_ZONE = "Africa/Nairobi"
# (days from today, local start, minutes): two online afternoons, then a day together in person.
SESSION_PLAN = (
    (12, dt.time(15, 0), 120),
    (19, dt.time(15, 0), 120),
    (26, dt.time(9, 0), 480),
)

DEMO_TEAM = (
    ("facilitator@example.org", "Lina (demo facilitator)", TeamRole.FACILITATOR),
    ("logistics@example.org", "Kofi (demo logistics)", TeamRole.LOGISTICS),
    ("notes@example.org", "Mei (demo note taker)", TeamRole.NOTE_TAKER),
)
# Who does what on the roadmap, by step key.
DEMO_ASSIGNMENTS = {
    "agenda": TeamRole.FACILITATOR,
    "share_agenda": TeamRole.FACILITATOR,
    "confirm": TeamRole.LOGISTICS,
    "materials": TeamRole.LOGISTICS,
    "venue": TeamRole.LOGISTICS,
    "journal": TeamRole.NOTE_TAKER,
}
# The one step left late, so the demo shows what a late step looks like.
DEMO_LATE_STEP = "accessibility"

# Session by session: (toolkit template, which of its sessions).
DEMO_AGENDAS = (("online_two_hours", 0), ("three_session_plan", 1), ("in_person_full_day", 0))

DEMO_JAM = {
    "name": "Rest and Resource: a Jam for grassroots activists",
    "local_name": "Pumzika na Rasilimali",
    "objectives": (
        "Give activists from different movements a few hours to rest, laugh and heal together, "
        "then imagine how our work could be resourced on our own terms."
    ),
    "kind": "mixed",
    "format": "hybrid",
    "country": "KE",
    "language": "en",
    "venue": "Sessions 1 and 2 on Zoom with a shared Miro board; session 3 together in Nairobi",
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
            self._team(jam)
            self._roadmap(jam, host)
            self._agendas(jam, host)
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"  Host:     {HOST_EMAIL} / {DEMO_PASSWORD}")
        self.stdout.write(f"  Reviewer: {REVIEWER_EMAIL} / {DEMO_PASSWORD}")
        for email, _name, role in DEMO_TEAM:
            self.stdout.write(f"  Team ({role.label.lower()}): {email} / {DEMO_PASSWORD}")
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
            aware_local(today + dt.timedelta(days=days), start, DEMO_ZONE)
            for days, start, _minutes in SESSION_PLAN
        ]

    def _jam(self, host: User) -> Jam:
        starts = self._session_starts()
        jam = Jam.objects.filter(slug=DEMO_JAM_SLUG).first()
        if jam is None:
            jam = jam_create(
                host=host,
                details=DEMO_JAM,
                starts_at=starts[0],
                duration_minutes=SESSION_PLAN[0][2],
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
                "duration_minutes": SESSION_PLAN[index][2],
                "timezone": DEMO_ZONE,
            }
            if index < len(existing):
                session_update(session=existing[index], **fields)
            else:
                session_create(jam=jam, **fields)

    def _team(self, jam: Jam) -> None:
        TeamMember.objects.update_or_create(
            jam=jam, user=jam.host, defaults={"role": TeamRole.HOST, "custom_role": ""}
        )
        for email, name, role in DEMO_TEAM:
            TeamMember.objects.update_or_create(
                jam=jam, user=self._user(email, name), defaults={"role": role, "custom_role": ""}
            )

    def _roadmap(self, jam: Jam, host: User) -> None:
        """The toolkit's roadmap with what is past due done, but for one late step."""
        roadmap_create(jam=jam)
        for session in jam.sessions.all():
            roadmap_add_session(session=session)
        tasks = list(jam.tasks.select_related("session"))
        for task in tasks:
            task.assignee_role = DEMO_ASSIGNMENTS.get(task.template_key, "")
            task.assignee = None
            task.skipped = False
            task.due_on_override = None
        Task.objects.bulk_update(tasks, ["assignee_role", "assignee", "skipped", "due_on_override"])
        dates = SessionDates.of(list(jam.sessions.all()), now=timezone.now())
        for item in dated_tasks(tasks, dates):
            past_due = item.due_on is not None and item.due_on < dates.today
            done = past_due and item.task.template_key != DEMO_LATE_STEP
            done = done or item.task.template_key == "confirm"  # done early: not all is late
            task_set_done(task=item.task, done=done, actor=host)

    def _agendas(self, jam: Jam, host: User) -> None:
        """Each session's agenda from a toolkit template; housekeeping and access defaults."""
        if not jam.house_rules.exists():
            house_rules_create_defaults(jam=jam)
        accessibility_checks_sync(jam=jam)
        for session, (template_key, index) in zip(
            jam.sessions.order_by("number"), DEMO_AGENDAS, strict=True
        ):
            session.agenda_items.all().delete()
            template = toolkit_template(template_key)
            agenda_add_items(session=session, items=template.sessions[index], actor=host)
