"""The reporting demo data: idempotent, four hosts in four states, reports from many places."""

import datetime as dt

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.urls import reverse

from jamsessions.accounts.models import REVIEWERS_GROUP, User
from jamsessions.management.commands.demo import DEMO_GUESTS, DEMO_WALK_INS, demo_guest_email
from planning.models import Jam, Session
from reporting.demo import demo_reporting
from reporting.models import (
    SEARCHABLE_FIELDS,
    JournalEntry,
    Programme,
    ProgrammeHost,
    ProgrammeJam,
    Report,
    ReportStatus,
    Review,
)
from reporting.review.standing import programmes_overview
from tests.factories import JamFactory, SessionFactory, UserFactory
from tests.reporting.review_helpers import client_for

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
MODELS = (
    User,
    Jam,
    Session,
    Programme,
    ProgrammeHost,
    ProgrammeJam,
    Report,
    Review,
    JournalEntry,
)


@pytest.fixture
def demo_people(db):
    reviewer = UserFactory(email="reviewer@example.org", name="Rafael (demo reviewer)")
    reviewer.groups.add(Group.objects.get_or_create(name=REVIEWERS_GROUP)[0])
    host = UserFactory(email="host@example.org", name="Amina (demo host)")
    jam = JamFactory(host=host, country="KE")
    SessionFactory(jam=jam, number=1, starts_at=NOW - dt.timedelta(days=4))
    return reviewer, host, jam


def counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in MODELS}


def run(demo_people, now=NOW):
    reviewer, host, jam = demo_people
    return demo_reporting(reviewer=reviewer, host=host, jam=jam, now=now)


def test_running_twice_gives_the_same_rows(demo_people):
    run(demo_people)
    first = counts()
    first_reports = sorted(Report.objects.values_list("jam__slug", "status", "space_value"))

    run(demo_people, now=NOW + dt.timedelta(days=1))

    assert counts() == first
    assert sorted(Report.objects.values_list("jam__slug", "status", "space_value")) == first_reports
    assert first["Report"] == 4
    assert first["JournalEntry"] == 3


def test_the_2026_programme_has_four_hosts_in_four_states(demo_people):
    _reviewer, host, jam = demo_people

    run(demo_people)

    programme = Programme.objects.get(name="Jam Sessions 2026")
    assert ProgrammeHost.objects.filter(programme=programme).count() == 4
    assert jam in Jam.objects.filter(programme_link__programme=programme)
    assert not Report.objects.filter(jam=jam).exists()  # the demo host has yet to report
    assert ProgrammeHost.objects.get(programme=programme, email=host.email).user == host
    (overview,) = programmes_overview([programme], now=NOW)
    states = {
        row.email: [state for state, _label, _n in row.state_counts] for row in overview.hosts
    }
    assert states == {
        "host@example.org": ["held"],
        "kwame.host@example.org": ["planning"],
        "ana.host@example.org": ["reported"],
        "lucia.host@example.org": ["reviewed"],
    }
    assert overview.state_counts == {"planning": 1, "held": 1, "reported": 1, "reviewed": 1}


def test_the_planning_hosts_sessions_stay_ahead_whenever_the_demo_runs(demo_people):
    later = NOW + dt.timedelta(days=200)

    run(demo_people, now=later)

    kwame = Jam.objects.get(host__email="kwame.host@example.org")
    assert kwame.sessions.count() == 2
    assert all(session.starts_at > later for session in kwame.sessions.all())
    assert kwame.report.status == ReportStatus.DRAFT
    (overview,) = programmes_overview([Programme.objects.get(name="Jam Sessions 2026")], now=later)
    assert overview.state_counts["planning"] == 1


def test_the_dashboard_shows_each_state_of_the_2026_programme(demo_people):
    reviewer, _host, _jam = demo_people
    run(demo_people)

    with time_machine.travel(NOW, tick=False):
        page = client_for(reviewer).get(reverse("review:dashboard")).content.decode()

    assert "Planning: 1 · Held: 1 · Reported: 1 · Reviewed: 1" in page
    for label in ("Planning: 1", "Held: 1", "Reported: 1", "Reviewed: 1"):
        assert f'">{label}</span>' in page


def test_reports_come_from_different_countries_and_years_with_all_answers(demo_people):
    run(demo_people)

    reports = list(Report.objects.exclude(status=ReportStatus.DRAFT).select_related("jam"))
    assert len(reports) == 3
    assert len({str(report.jam.country) for report in reports}) == 3
    assert {report.submitted_at.year for report in reports} == {2025, 2026}
    assert Programme.objects.filter(name="Jam Sessions 2025", jam_links__isnull=False).exists()
    for report in reports:
        assert report.name and report.session_1_on and report.average_attendance
        assert report.outcomes and report.biggest_takeaway and report.participant_profile
        assert 0 <= report.space_value <= 10 and 0 <= report.recommend <= 10
        assert report.submitted_at < NOW
        assert report.jam.sessions.filter(starts_at__lt=report.submitted_at).exists()
    assert len({report.space_value for report in reports}) > 1


def test_reviews_match_the_states(demo_people):
    reviewer, _host, _jam = demo_people

    run(demo_people)
    run(demo_people)

    needs_more = Report.objects.get(status=ReportStatus.NEEDS_MORE)
    assert list(needs_more.reviews.values_list("decision", "reviewer")) == [
        (Review.Decision.NEEDS_MORE, reviewer.pk)
    ]
    assert needs_more.reviews.get().comment
    for accepted in Report.objects.filter(status=ReportStatus.ACCEPTED):
        assert list(accepted.reviews.values_list("decision", flat=True)) == ["accepted"]
    assert not Review.objects.filter(report__status=ReportStatus.SUBMITTED).exists()


def test_demo_hosts_sign_in_with_the_demo_password(demo_people):
    run(demo_people)

    for email in ("ana.host@example.org", "kwame.host@example.org", "lucia.host@example.org"):
        user = User.objects.get(email=email)
        assert user.check_password("jam-demo")
        assert user.hosted_jams.exists()


def test_reports_name_no_guest_and_give_no_email(demo_people):
    run(demo_people)

    texts = " ".join(
        str(value)
        for report in Report.objects.all()
        for value in Report.objects.filter(pk=report.pk)
        .values(*SEARCHABLE_FIELDS, "name", "other_dates", "output_links")
        .get()
        .values()
    ) + " ".join(Review.objects.values_list("comment", flat=True))
    for index, (name, *_rest) in enumerate(DEMO_GUESTS):
        assert name.split()[0] not in texts
        assert demo_guest_email(index, name) not in texts
    for name in DEMO_WALK_INS:
        assert name not in texts
    assert "@" not in texts


def test_journal_entries_on_the_demo_hosts_jam(demo_people):
    _reviewer, host, jam = demo_people

    run(demo_people)

    entries = JournalEntry.objects.filter(jam=jam, author=host)
    assert entries.count() == 3
    assert max(entry.written_on for entry in entries) == dt.date(2026, 11, 24)
