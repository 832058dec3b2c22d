"""A Jam holding something of every kind, for the export and the deletion page."""

import datetime as dt

from jamsessions.actions.jams import jam_create
from planning.enums import JamFormat, JamKind, TeamRole
from reporting.models import Programme, ProgrammeHost
from sessions.space.models import Vision
from tests.factories import (
    AgendaItemFactory,
    AnnouncementFactory,
    AttendanceFactory,
    FeedbackFactory,
    GuestFactory,
    GuestMessageFactory,
    ItemNoteFactory,
    JournalEntryFactory,
    MaterialFactory,
    QuestionFactory,
    ReportFactory,
    ReviewFactory,
    RsvpFactory,
    SessionFactory,
    TaskFactory,
    TeamInvitationFactory,
    TeamMemberFactory,
)

FIRST_START = dt.datetime(2031, 3, 14, 15, 0, tzinfo=dt.UTC)  # 18:00 in Nairobi


def jam_with_everything(host, *, many: int):
    """A Jam made as a host makes one, with ``many`` of each thing it can hold."""
    programme, _created = Programme.objects.get_or_create(name="Jam Sessions 2031")
    ProgrammeHost.objects.get_or_create(
        programme=programme, email=host.email, defaults={"user": host}
    )
    jam = jam_create(
        host=host,
        details={
            "name": "Jam de sanación Nairobi",
            "objectives": "Rest, laugh and imagine together.",
            "kind": JamKind.HEALING,
            "format": JamFormat.HYBRID,
            "country": "KE",
            "language": "en",
            "venue": "Kuona Arts Centre",
            "online_link": "https://meet.example.org/jam",
        },
        starts_at=FIRST_START,
        duration_minutes=120,
        timezone="Africa/Nairobi",
    )
    first = jam.sessions.get()
    second = SessionFactory(
        jam=jam,
        number=2,
        starts_at=FIRST_START + dt.timedelta(days=7),
        timezone="America/Sao_Paulo",
        venue="Casa do Povo",
    )
    Vision.objects.create(jam=jam, given_that="burnout", persona="organisers", goal="rest")
    members = [
        TeamMemberFactory(jam=jam, role=TeamRole.OTHER, custom_role=f"Singer {n}")
        for n in range(many)
    ]
    TeamInvitationFactory(jam=jam, token=f"secret-team-invitation-{jam.slug}")
    announcement = AnnouncementFactory(jam=jam)
    for n in range(many):
        TaskFactory(jam=jam, assignee=members[n], title=f"Ask about the drums ({n})")
        MaterialFactory(jam=jam, name=f"Drum {n}", brought_by=members[n])
        guest = GuestFactory(
            jam=jam,
            name=f"Guest {n}",
            needs=f"A chair near the door ({n})",
            pronouns="she/her",
            gender="woman",
            profile_consented_at=FIRST_START - dt.timedelta(days=3),
        )
        RsvpFactory(guest=guest, session=first, answer="yes")
        RsvpFactory(guest=guest, session=second, answer="maybe")
        GuestMessageFactory(guest=guest, session=first)
        GuestMessageFactory(guest=guest, kind="announcement", announcement=announcement)
        AttendanceFactory(session=first, guest=guest)
        for session in (first, second):
            item = AgendaItemFactory(session=session, title=f"Healing circle {n}", lead=members[n])
            ItemNoteFactory(item=item, text=f"Everyone spoke once ({n})")
        QuestionFactory(session=first, text=f"Can we meet again? ({n})")
        FeedbackFactory(session=first, text=f"The silence at the start ({n})")
        JournalEntryFactory(jam=jam, to_do_today=f"Call the venue ({n})")
    AttendanceFactory(session=first, guest=None, walk_in_name="Amani")
    report = ReportFactory(jam=jam, submitted=True, outcomes="We planned a shared garden.")
    ReviewFactory(report=report, comment="Tell us more about who came.")
    return jam
