import datetime as dt

import factory
from django.contrib.auth.hashers import make_password

from jamsessions.accounts.models import User
from planning.enums import JamFormat, JamKind, TeamRole
from planning.models import Jam, Session, TeamMember, jam_slug_for

TEST_PASSWORD = "a-long-test-passphrase-42"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("email",)

    email = factory.Sequence(lambda n: f"person{n}@example.test")
    name = factory.Faker("name")
    password = factory.LazyFunction(lambda: make_password(TEST_PASSWORD))


class JamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Jam

    host = factory.SubFactory(UserFactory)
    name = factory.Sequence(lambda n: f"Healing Jam {n}")
    slug = factory.LazyAttribute(lambda jam: jam_slug_for(jam.name))
    objectives = "Rest, laugh and heal together."
    kind = JamKind.HEALING
    format = JamFormat.ONLINE
    country = "KE"
    language = "en"


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TeamMember

    jam = factory.SubFactory(JamFactory)
    user = factory.SubFactory(UserFactory)
    role = TeamRole.FACILITATOR


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    jam = factory.SubFactory(JamFactory)
    number = factory.Sequence(lambda n: n + 1)
    starts_at = factory.LazyFunction(
        lambda: (
            dt.datetime.now(dt.UTC).replace(minute=0, second=0, microsecond=0)
            + dt.timedelta(days=14)
        )
    )
    duration_minutes = 120
    timezone = "Africa/Nairobi"


def _token_digest(token: str) -> str:
    from planning.models import token_digest

    return token_digest(token)


class TeamInvitationFactory(factory.django.DjangoModelFactory):
    """An open invitation; pass ``token="…"`` to know the link: /team/join/<token>/."""

    class Meta:
        model = "planning.TeamInvitation"
        exclude = ("token",)

    token = factory.Sequence(lambda n: f"test-invitation-token-{n}")
    jam = factory.SubFactory(JamFactory)
    email = factory.Sequence(lambda n: f"invited{n}@example.test")
    role = TeamRole.FACILITATOR
    token_digest = factory.LazyAttribute(lambda invitation: _token_digest(invitation.token))
    invited_by = factory.LazyAttribute(lambda invitation: invitation.jam.host)
    expires_at = factory.LazyFunction(
        lambda: dt.datetime.now(dt.UTC).replace(microsecond=0) + dt.timedelta(days=7)
    )


class MaterialFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planning.Material"

    jam = factory.SubFactory(JamFactory)
    name = factory.Sequence(lambda n: f"Thing {n}")
    position = factory.Sequence(lambda n: n)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gatherings.AgendaItem"

    session = factory.SubFactory(SessionFactory)
    position = factory.Sequence(lambda n: n)
    duration_minutes = 15
    title = factory.Sequence(lambda n: f"Agenda item {n}")


class HouseRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gatherings.HouseRule"

    jam = factory.SubFactory(JamFactory)
    text = factory.Sequence(lambda n: f"House rule {n}")
    position = factory.Sequence(lambda n: n)


class GuestFactory(factory.django.DjangoModelFactory):
    """A guest on a Jam's list; their link is ``planning.guests.guest_link_token(guest)``."""

    class Meta:
        model = "planning.Guest"

    jam = factory.SubFactory(JamFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"guest{n}@example.test")


class RsvpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planning.Rsvp"

    guest = factory.SubFactory(GuestFactory)
    session = factory.SubFactory(SessionFactory)
    answer = "yes"


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gatherings.Attendance"

    session = factory.SubFactory(SessionFactory)
    guest = factory.SubFactory(GuestFactory, jam=factory.SelfAttribute("..session.jam"))


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gatherings.Question"

    session = factory.SubFactory(SessionFactory)
    text = factory.Sequence(lambda n: f"How do we keep resting after today? ({n})")


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gatherings.Feedback"

    session = factory.SubFactory(SessionFactory)
    prompt = "liked"
    text = "The healing circle."


class ItemNoteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "gatherings.ItemNote"

    item = factory.SubFactory("tests.factories.AgendaItemFactory")
    text = "We shared one word each: tired, hopeful, here."


class ReportFactory(factory.django.DjangoModelFactory):
    """A host's report, a draft; ``submitted=True`` gives one submitted with every answer."""

    class Meta:
        model = "reporting.Report"

    jam = factory.SubFactory(JamFactory)
    name = factory.LazyAttribute(lambda report: report.jam.name)

    class Params:
        submitted = factory.Trait(
            session_1_on=dt.date(2026, 3, 14),
            session_2_on=dt.date(2026, 3, 21),
            average_attendance=12,
            participant_profile="Young climate organisers and a few elders.",
            outcomes="We rested and planned a shared garden.",
            output_links="https://example.org/notes",
            space_value=8,
            biggest_takeaway="Rest is part of the work.",
            recommend=9,
            status="submitted",
            submitted_at=factory.LazyFunction(
                lambda: dt.datetime(2026, 4, 1, 12, 0, tzinfo=dt.UTC)
            ),
        )


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reporting.Review"

    report = factory.SubFactory(ReportFactory)
    decision = "needs_more"
    comment = "Tell us more about who came."


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reporting.Programme"

    name = factory.Sequence(lambda n: f"Jam Sessions {2026 + n}")


class ProgrammeHostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reporting.ProgrammeHost"

    programme = factory.SubFactory(ProgrammeFactory)
    email = factory.Sequence(lambda n: f"programme-host{n}@example.test")


class JournalEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "reporting.JournalEntry"

    jam = factory.SubFactory(JamFactory)
    author = factory.LazyAttribute(lambda entry: entry.jam.host)
    written_on = factory.LazyFunction(dt.date.today)
    to_do_today = factory.Sequence(lambda n: f"Call the venue about chairs ({n})")


class TaskFactory(factory.django.DjangoModelFactory):
    """A step the team added to the roadmap themselves, due on a date set by hand."""

    class Meta:
        model = "planning.Task"

    jam = factory.SubFactory(JamFactory)
    phase = "week_1"
    title = factory.Sequence(lambda n: f"Book the room ({n})")
    due_on_override = factory.LazyFunction(lambda: dt.date.today() + dt.timedelta(days=7))


class AnnouncementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "planning.Announcement"

    jam = factory.SubFactory(JamFactory)
    subject = factory.Sequence(lambda n: f"Bring something warm ({n})")
    body = "It gets cold in the evening."
    sent_by = factory.LazyAttribute(lambda announcement: announcement.jam.host)


class GuestMessageFactory(factory.django.DjangoModelFactory):
    """One email recorded for a guest (an invitation unless told otherwise)."""

    class Meta:
        model = "planning.GuestMessage"

    guest = factory.SubFactory(GuestFactory)
    jam = factory.LazyAttribute(lambda message: message.guest.jam)
    kind = "invitation"
    key = factory.Sequence(lambda n: f"test-message-{n}")
    status = "sent"
