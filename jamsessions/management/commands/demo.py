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
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from jamsessions.accounts.models import REVIEWERS_GROUP, User
from jamsessions.actions.jams import jam_create, jam_update
from jamsessions.http import site_url
from jamsessions.timing import aware_local
from planning.enums import MessageKind, MessageStatus, RsvpAnswer, TeamRole
from planning.guests.tokens import guest_link_token
from planning.models import Guest, GuestMessage, Jam, Rsvp, Task, TeamMember
from planning.roadmap.dates import SessionDates, dated_tasks
from planning.roadmap.services import roadmap_add_session, roadmap_create, task_set_done
from reporting.demo import DEMO_HOSTS, demo_reporting
from sessions.agenda.services import agenda_add_items
from sessions.agenda.toolkit import toolkit_template
from sessions.box.models import Question
from sessions.day.models import Attendance, ItemNote
from sessions.feedback.models import Feedback
from sessions.run.models import RunState
from sessions.schedule.services import session_create, session_update
from sessions.space.services import accessibility_checks_sync, house_rules_create_defaults

DEMO_PASSWORD = "jam-demo"
HOST_EMAIL = "host@example.org"
REVIEWER_EMAIL = "reviewer@example.org"
DEMO_JAM_SLUG = "demo-rest-and-resource"
DEMO_ZONE = "Africa/Nairobi"
# (days from today, local start, minutes): an online afternoon held four days ago, another
# one ahead, then a day together in person; a week apart, as the toolkit suggests.
SESSION_PLAN = (
    (-4, dt.time(15, 0), 120),
    (3, dt.time(15, 0), 120),
    (10, dt.time(9, 0), 480),
)
# Each session's own place: none for the two online ones (the Jam's Zoom room), a hall for
# the day together. Guests see a session's place once they said yes to it.
DEMO_SESSION_PLACES = (
    {"venue": "", "online_link": ""},
    {"venue": "", "online_link": ""},
    {"venue": "Community hall, 12 Uhuru Road, Nairobi", "online_link": ""},
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
    "venue": "Zoom, with a shared Miro board",
    "online_link": "https://zoom.example.org/j/rest-and-resource",
    "who_to_invite": (
        "Grassroots, gender equity, mental health and environmental activists; "
        "an art and music therapist; one or two funders who listen."
    ),
    "support_needed": "Help setting up Miro for people joining on phones; early stipends for data bundles.",
}


# Twelve guests: name, answers for sessions 1–3 (y yes, m maybe, n no, - none yet),
# what they need (and whether without their name), and the profile they chose to give.
DEMO_GUESTS = (
    ("Achieng Otieno", "yyy", "Swahili interpretation for the closing circle", False, "woman 25_34 women"),
    ("Baraka Mwangi", "ymy", "", False, "man under_25 climate"),
    ("Chiara Rossi", "mm-", "", False, ""),
    ("Dawit Bekele", "yyn", "Step-free access and a chair with arms", True, "man 45_54 disability"),
    ("Esperanza Quispe", "yyy", "Spanish captions or a written summary after each session", False, "woman 55_64 indigenous"),
    ("Fatima Zahra", "nnn", "", False, "woman 25_34 human_rights"),
    ("Gulnara Sadykova", "y--", "A quiet room to step out to", True, "woman 35_44 lgbtqi"),
    ("Hana Kimura", "---", "", False, ""),
    ("Ifeoma Nwosu", "yym", "Vegetarian lunch, please", False, "non_binary 25_34 lgbtqi"),
    ("Jomo Kariuki", "m-y", "", False, "man 25_34 youth"),
    ("Kavya Iyer", "yny", "Data bundle support to join by phone", True, "woman under_25 climate"),
    ("Лейла Ахмедова", "---", "", False, ""),
)  # fmt: skip
DEMO_ANSWERS = {"y": RsvpAnswer.YES, "m": RsvpAnswer.MAYBE, "n": RsvpAnswer.NO}


def demo_guest_email(index: int, name: str) -> str:
    """First name at example.org; guest<n>@ for a name in a script slugify cannot spell."""
    return f"{slugify(name).split('-')[0] or f'guest{index}'}@example.org"


# Session 1, already held: who came (by guest name), walk-ins, notes on the first items,
# questions from the room (answered, open, hidden) and closing feedback.
DEMO_ABSENT = ("Gulnara Sadykova",)
DEMO_ALSO_CAME = ("Chiara Rossi",)
DEMO_WALK_INS = ("Wanjiru", "Tomás")
DEMO_NOTES = (
    "Eleven of us, two joined by phone only. One word each to arrive: tired, hopeful, here, "
    "curious, heavy, light.",
    "People asked to keep cameras optional for the whole series. Agreed.",
    "Breathing exercise went longer than planned: people wanted it. Drop one energiser next time.",
)
DEMO_QUESTIONS = (
    ("Can we keep the breathing exercise for the next session too?", "answered"),
    ("Will the Miro board stay open after today?", "answered"),
    ("Is there a way to join session 3 online if I cannot travel?", ""),
    ("Buy cheap followers at spam.example", "hidden"),
)
DEMO_FEEDBACK = (
    ("learned", "That rest is part of the work, not a pause from it."),
    ("learned", "A breathing pattern I can use before hard meetings."),
    ("liked", "The healing circle, and that nobody had to speak."),
    ("liked", "Music at the start: it changed the mood at once."),
    ("liked", "Cameras optional."),
    ("improve", "More time for the closing round."),
    ("improve", "Share the Miro link a day before, for those on phones."),
)

# One invitation the mail provider refused, so the demo shows a failure to retry.
DEMO_FAILED_INVITATION = "Hana Kimura"


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
            guests = self._guests(jam, host)
            self._the_first_day(jam, guests)
            demo_reporting(reviewer=reviewer, host=host, jam=jam, now=timezone.now())
        self.stdout.write(self.style.SUCCESS("Demo data is ready."))
        self.stdout.write(f"  Host:     {HOST_EMAIL} / {DEMO_PASSWORD}")
        self.stdout.write(f"  Reviewer: {REVIEWER_EMAIL} / {DEMO_PASSWORD}")
        for email, _name, role in DEMO_TEAM:
            self.stdout.write(f"  Team ({role.label.lower()}): {email} / {DEMO_PASSWORD}")
        other_hosts = ", ".join(spec.email for spec in DEMO_HOSTS)
        self.stdout.write(
            f"  Other hosts in the reviewer's programmes: {other_hosts} / {DEMO_PASSWORD}"
        )
        self.stdout.write(f"  Demo Jam: /jams/{jam.slug}/")
        link = site_url(reverse("guest:page", kwargs={"token": guest_link_token(guests[0])}))
        self.stdout.write(f"  A guest's invitation ({guests[0].name}, no account): {link}")

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
                **DEMO_SESSION_PLACES[index],
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

    def _guests(self, jam: Jam, host: User) -> list[Guest]:
        """Twelve invited guests with a mix of answers, needs and profiles; the invitations shown as sent."""
        sessions = list(jam.sessions.order_by("number"))
        invited_at = timezone.now() - dt.timedelta(days=18)
        guests = []
        for index, (name, answers, needs, anonymous, profile) in enumerate(DEMO_GUESTS, 1):
            gender, age_range, movement = profile.split() if profile else ("", "", "")
            guest, _ = Guest.objects.update_or_create(
                jam=jam,
                email=demo_guest_email(index, name),
                defaults={
                    "name": name,
                    "added_by": host,
                    "invited_at": invited_at,
                    "needs": needs,
                    "needs_anonymous": anonymous,
                    "gender": gender,
                    "age_range": age_range,
                    "movement": movement,
                    "profile_consented_at": invited_at if profile else None,
                    "erased_at": None,
                },
            )
            guest.rsvps.all().delete()
            Rsvp.objects.bulk_create(
                Rsvp(guest=guest, session=session, answer=DEMO_ANSWERS[code])
                for session, code in zip(sessions, answers, strict=True)
                if code in DEMO_ANSWERS
            )
            self._invitation_record(guest, invited_at)
            guests.append(guest)
        return guests

    def _invitation_record(self, guest: Guest, invited_at: dt.datetime) -> None:
        """The invitation as already sent (or refused by the provider), without sending mail.

        Notices queued by the demo's own changes to its sessions are dropped unsent.
        """
        failed = guest.name == DEMO_FAILED_INVITATION
        guest.messages.exclude(key="invitation:1").delete()
        GuestMessage.objects.update_or_create(
            guest=guest,
            key="invitation:1",
            defaults={
                "jam": guest.jam,
                "kind": MessageKind.INVITATION,
                "status": MessageStatus.FAILED if failed else MessageStatus.SENT,
                "attempts": GuestMessage.MAX_ATTEMPTS if failed else 1,
                "last_error": "AnymailAPIError: the provider refused the address (demo)"
                if failed
                else "",
                "sent_at": None if failed else invited_at,
            },
        )

    def _the_first_day(self, jam: Jam, guests: list[Guest]) -> None:
        """Session 1 was held: attendance, notes, questions and feedback, as on the day."""
        session = jam.sessions.get(number=1)
        for related in (session.attendances, session.questions, session.feedback):
            related.all().delete()
        came = [
            guest
            for guest in guests
            if guest.name in DEMO_ALSO_CAME
            or (
                guest.name not in DEMO_ABSENT
                and guest.rsvps.filter(session=session, answer=RsvpAnswer.YES).exists()
            )
        ]
        Attendance.objects.bulk_create(
            [Attendance(session=session, guest=guest) for guest in came]
            + [Attendance(session=session, walk_in_name=name) for name in DEMO_WALK_INS]
        )
        items = list(session.agenda_items.in_order())
        ItemNote.objects.filter(item__session=session).delete()
        ItemNote.objects.bulk_create(
            ItemNote(item=item, text=text, updated_by=jam.host)
            for item, text in zip(items, DEMO_NOTES, strict=False)
        )
        held_at = session.starts_at
        Question.objects.bulk_create(
            Question(
                session=session,
                text=text,
                created_at=held_at + dt.timedelta(minutes=15 + 10 * index),
                answered_at=held_at + dt.timedelta(minutes=20 + 10 * index)
                if state == "answered"
                else None,
                hidden_at=held_at + dt.timedelta(minutes=20 + 10 * index)
                if state == "hidden"
                else None,
            )
            for index, (text, state) in enumerate(DEMO_QUESTIONS)
        )
        given = Feedback.objects.bulk_create(
            Feedback(session=session, prompt=prompt, text=text) for prompt, text in DEMO_FEEDBACK
        )
        Feedback.objects.filter(pk__in=[row.pk for row in given]).update(
            given_on=session.ends_at.date()
        )
        RunState.objects.update_or_create(
            session=session,
            defaults={
                "current_item": items[-1] if items else None,
                "started_at": held_at,
                "item_started_at": session.ends_at - dt.timedelta(minutes=10),
                "paused_at": None,
                "extra_minutes": 0,
                "finished_at": session.ends_at,
            },
        )
