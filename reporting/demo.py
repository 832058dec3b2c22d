"""Reporting demo data: two programmes, hosts in every state, reports and a journal.

The 2026 programme shows one host in each state the review space knows: Amina, the
demo host, has held her first session and not reported yet (held); Kwame plans his
Jam, its sessions still ahead, with a report only begun (planning); Ana has
submitted hers (reported); Lucía's was accepted (reviewed). In the 2025 programme,
CIVICUS has asked Tariq for more.

Called by ``manage.py demo`` as ``demo_reporting(reviewer=…, host=…, jam=…, now=…)``.
Idempotent: every row is found again by a stable key (an email, a slug, a name, a
Jam, a prompt's text), so running it twice leaves the same rows in the same state.

The reports are written in our own words about made-up Jams; they name no guest and
give no one's email: reviewers only ever see counts of who came.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction

from jamsessions.accounts.models import User
from planning.enums import JamFormat, JamKind, TeamRole
from planning.models import Jam, Session, TeamMember
from reporting.journal.models import JournalEntry
from reporting.programmes.models import Programme, ProgrammeHost, ProgrammeJam
from reporting.reports.models import Report, ReportStatus
from reporting.review.models import Review

DEMO_PASSWORD = "jam-demo"
PROGRAMME_NOW = "Jam Sessions 2026"
PROGRAMME_BEFORE = "Jam Sessions 2025"
PROGRAMMES = {
    PROGRAMME_NOW: "The 2026 cohort of hosts, followed together by CIVICUS staff.",
    PROGRAMME_BEFORE: "Last year's cohort: their reports, for comparison.",
}


@dataclass(frozen=True)
class DemoHost:
    email: str
    name: str
    programme: str
    jam_slug: str
    jam: dict
    zone: str
    # The first session's local start (or, with ``starts_in_days``, that many days after
    # the demo runs, at the same hour); the others follow a week apart.
    first_session: dt.datetime
    sessions: int
    status: str
    submitted_at: dt.datetime | None
    report: dict
    review_comment: str = ""
    starts_in_days: int | None = None

    def session_starts(self, now: dt.datetime) -> list[dt.datetime]:
        first = self.first_session
        if self.starts_in_days is not None:
            day = (now + dt.timedelta(days=self.starts_in_days)).astimezone(ZoneInfo(self.zone))
            first = dt.datetime.combine(day.date(), first.timetz().replace(tzinfo=None))
            first = first.replace(tzinfo=ZoneInfo(self.zone))
        return [first + dt.timedelta(weeks=index) for index in range(self.sessions)]


def _at(year, month, day, hour, zone) -> dt.datetime:
    return dt.datetime(year, month, day, hour, tzinfo=ZoneInfo(zone))


DEMO_HOSTS = (
    DemoHost(
        email="ana.host@example.org",
        name="Ana (demo host, Brazil)",
        programme=PROGRAMME_NOW,
        jam_slug="demo-corpo-e-territorio",
        jam={
            "name": "Body and Territory: a Jam for land defenders",
            "local_name": "Corpo e Território",
            "objectives": "Rest together after a hard season, and plan how to look after each other.",
            "kind": JamKind.HEALING,
            "format": JamFormat.IN_PERSON,
            "country": "BR",
            "language": "pt",
            "venue": "A community centre in Belém",
        },
        zone="America/Belem",
        first_session=_at(2026, 6, 6, 10, "America/Belem"),
        sessions=3,
        status=ReportStatus.SUBMITTED,
        submitted_at=_at(2026, 7, 2, 16, "America/Belem"),
        report={
            "average_attendance": Decimal("14.0"),
            "participant_profile": (
                "Mostly women between 25 and 45, from river communities and urban collectives; "
                "a third came for the first time to a space like this."
            ),
            "outcomes": (
                "People said they slept better after the breathing practice. The group agreed to "
                "meet monthly by the river, and two collectives will share a legal helpdesk."
            ),
            "output_links": "https://example.org/demo/corpo-e-territorio/summary\n"
            "https://example.org/demo/corpo-e-territorio/photos",
            "space_value": 9,
            "biggest_takeaway": "Healing is not a break from the struggle: it keeps it going.",
            "recommend": 10,
            "share_reflections": "A short podcast episode in Portuguese.",
            "anything_else": "We would like help finding funds for travel to the next meeting.",
        },
    ),
    DemoHost(
        email="kwame.host@example.org",
        name="Kwame (demo host, Ghana)",
        programme=PROGRAMME_NOW,
        jam_slug="demo-youth-voices-accra",
        jam={
            "name": "Youth Voices: an online Jam on civic space",
            "objectives": "Connect young organisers across regions and imagine a shared campaign.",
            "kind": JamKind.VISIONING,
            "format": JamFormat.ONLINE,
            "country": "GH",
            "language": "en",
            "venue": "Online, with a shared whiteboard",
        },
        zone="Africa/Accra",
        # Planning: both sessions still ahead, the report only begun (a draft).
        first_session=_at(2026, 8, 15, 16, "Africa/Accra"),
        starts_in_days=12,
        sessions=2,
        status=ReportStatus.DRAFT,
        submitted_at=None,
        report={
            "average_attendance": None,
            "participant_profile": "",
            "outcomes": "",
            "output_links": "",
            "space_value": None,
            "biggest_takeaway": "",
            "recommend": None,
            "share_reflections": "",
            "anything_else": "",
        },
    ),
    DemoHost(
        email="lucia.host@example.org",
        name="Lucía (demo host, Colombia)",
        programme=PROGRAMME_NOW,
        jam_slug="demo-tejiendo-redes",
        jam={
            "name": "Weaving Networks: a hybrid Jam for peacebuilders",
            "local_name": "Tejiendo Redes",
            "objectives": "Bring rural and city peacebuilders together to rest and to plan.",
            "kind": JamKind.MIXED,
            "format": JamFormat.HYBRID,
            "country": "CO",
            "language": "es",
            "venue": "A library in Medellín, and online",
        },
        zone="America/Bogota",
        first_session=_at(2026, 3, 7, 9, "America/Bogota"),
        sessions=3,
        status=ReportStatus.ACCEPTED,
        submitted_at=_at(2026, 4, 10, 18, "America/Bogota"),
        report={
            "average_attendance": Decimal("18.3"),
            "participant_profile": (
                "Peacebuilders of all ages, many from rural areas; about half joined online; "
                "a few community radio volunteers."
            ),
            "outcomes": (
                "A shared map of who does what in each region, a mutual-care rota for the hardest "
                "weeks, and a joint letter to the local council about safe meeting places."
            ),
            "output_links": "https://example.org/demo/tejiendo-redes/report",
            "space_value": 10,
            "biggest_takeaway": "Mixing online and in person takes a second facilitator.",
            "recommend": 9,
            "share_reflections": "A community radio programme and a printed zine.",
            "anything_else": "The music at the start of each session changed everything.",
        },
        review_comment="A rich report, thank you. Accepted.",
    ),
    DemoHost(
        email="tariq.host@example.org",
        name="Tariq (demo host, Jordan)",
        programme=PROGRAMME_BEFORE,
        jam_slug="demo-rest-stop-amman",
        jam={
            "name": "Rest Stop: a Jam for humanitarian volunteers",
            "objectives": "Give tired volunteers an afternoon to breathe and to share what helps.",
            "kind": JamKind.FUN,
            "format": JamFormat.IN_PERSON,
            "country": "JO",
            "language": "ar",
            "venue": "A rooftop garden in Amman",
        },
        zone="Asia/Amman",
        first_session=_at(2025, 10, 4, 15, "Asia/Amman"),
        sessions=1,
        status=ReportStatus.NEEDS_MORE,
        submitted_at=_at(2025, 11, 3, 12, "Asia/Amman"),
        report={
            "average_attendance": Decimal("11.0"),
            "participant_profile": "Volunteers from aid groups, most between 20 and 35.",
            "outcomes": "Good energy. We talked about rest.",
            "output_links": "https://example.org/demo/rest-stop/photos",
            "space_value": 8,
            "biggest_takeaway": "Permission to rest has to be said out loud.",
            "recommend": 8,
            "share_reflections": "",
            "anything_else": "",
        },
        review_comment=(
            "Thank you! Could you say more about the outcomes: what did the group decide to do "
            "next, and who was missing from the conversation?"
        ),
    ),
)

# A few pages of the demo host's journal: (days before `now`, the five prompts).
DEMO_JOURNAL = (
    (
        6,
        {
            "to_do_today": "Confirm the Zoom room and send the Miro link a day early.",
            "learned_yesterday": "People join by phone more than we planned for.",
            "surprised": "",
            "why": "",
            "missing": "A co-facilitator for the breakout rooms.",
        },
    ),
    (
        3,
        {
            "to_do_today": "Write up the notes from session 1 while they are fresh.",
            "learned_yesterday": "The breathing exercise needs more time than the agenda gave it.",
            "surprised": "Nobody wanted to leave at the end of the healing circle.",
            "why": "Cameras were optional and nobody had to speak: people felt safe.",
            "missing": "Voices from rural groups; next time, stipends for data bundles earlier.",
        },
    ),
    (
        1,
        {
            "to_do_today": "Share the summary with everyone who came and check it resonates.",
            "learned_yesterday": "Two people want to help organise the in-person day.",
            "surprised": "",
            "why": "",
            "missing": "",
        },
    ),
)


def _demo_user(email: str, name: str) -> User:
    user, _created = User.objects.get_or_create(email=email, defaults={"name": name})
    user.name = name
    user.is_active = True
    user.set_password(DEMO_PASSWORD)
    user.save()
    return user


def _programmes(reviewer: User) -> dict[str, Programme]:
    programmes = {}
    for name, description in PROGRAMMES.items():
        programme, _created = Programme.objects.update_or_create(
            name=name, defaults={"description": description, "created_by": reviewer}
        )
        programmes[name] = programme
    return programmes


def _programme_join(*, programme: Programme, user: User, jam: Jam) -> None:
    ProgrammeHost.objects.update_or_create(
        programme=programme, email=user.email, defaults={"user": user}
    )
    ProgrammeJam.objects.update_or_create(jam=jam, defaults={"programme": programme})


def _demo_jam(spec: DemoHost, host: User, now: dt.datetime) -> Jam:
    jam, _created = Jam.objects.update_or_create(
        slug=spec.jam_slug, defaults={"host": host, **spec.jam}
    )
    TeamMember.objects.update_or_create(
        jam=jam, user=host, defaults={"role": TeamRole.HOST, "custom_role": ""}
    )
    jam.sessions.filter(number__gt=spec.sessions).delete()
    for index, starts_at in enumerate(spec.session_starts(now)):
        Session.objects.update_or_create(
            jam=jam,
            number=index + 1,
            defaults={
                "starts_at": starts_at,
                "duration_minutes": 180,
                "timezone": spec.zone,
            },
        )
    return jam


def _session_dates(jam: Jam) -> dict:
    days = [session.local_start.date() for session in jam.sessions.order_by("number")]
    names = ("session_1_on", "session_2_on", "session_3_on")
    return {name: days[index] if index < len(days) else None for index, name in enumerate(names)}


def _demo_report(spec: DemoHost, jam: Jam, reviewer: User) -> Report:
    report, _created = Report.objects.update_or_create(
        jam=jam,
        defaults={
            "name": jam.name,
            **_session_dates(jam),
            "other_dates": "",
            **spec.report,
            "status": spec.status,
            "version": 1,
            "submitted_at": spec.submitted_at,
            "updated_by": jam.host,
        },
    )
    decision = {
        ReportStatus.NEEDS_MORE: Review.Decision.NEEDS_MORE,
        ReportStatus.ACCEPTED: Review.Decision.ACCEPTED,
    }.get(spec.status)
    report.reviews.exclude(decision=decision).delete()
    if decision:
        Review.objects.update_or_create(
            report=report,
            decision=decision,
            defaults={"reviewer": reviewer, "comment": spec.review_comment},
        )
    return report


def _demo_journal(*, jam: Jam, author: User, now: dt.datetime) -> None:
    for days_before, answers in DEMO_JOURNAL:
        JournalEntry.objects.update_or_create(
            jam=jam,
            author=author,
            to_do_today=answers["to_do_today"],
            defaults={
                "written_on": (now - dt.timedelta(days=days_before)).date(),
                **{name: text for name, text in answers.items() if name != "to_do_today"},
            },
        )


def demo_reporting(*, reviewer: User, host: User, jam: Jam, now: dt.datetime) -> list[Report]:
    """Programmes, the demo host plus four more in other states, their reports, a journal.

    Every demo host's Jam has a report, a draft for the one still planning: four in all.
    """
    with transaction.atomic():
        programmes = _programmes(reviewer)
        _programme_join(programme=programmes[PROGRAMME_NOW], user=host, jam=jam)
        reports = []
        for spec in DEMO_HOSTS:
            demo_host = _demo_user(spec.email, spec.name)
            demo_jam = _demo_jam(spec, demo_host, now)
            _programme_join(programme=programmes[spec.programme], user=demo_host, jam=demo_jam)
            reports.append(_demo_report(spec, demo_jam, reviewer))
        _demo_journal(jam=jam, author=host, now=now)
    return reports
