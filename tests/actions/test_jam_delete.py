"""Deleting a Jam: the page says what goes with it, offers its export first, and deletes
only once the host has typed the Jam's name."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jamsessions.accounts.models import User
from planning.jams.forms import name_as_typed
from planning.models import Guest, Jam, Rsvp, Session, TeamMember
from reporting.models import JournalEntry, Report
from sessions.models import AgendaItem
from tests.actions.conftest import jam_with_everything
from tests.factories import ReportFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db


def delete_url(jam) -> str:
    return f"/jams/{jam.slug}/delete/"


@pytest.fixture
def big_jam(host):
    return jam_with_everything(host, many=3)


def test_delete_page_says_what_goes_with_the_jam(host_client, big_jam):
    page = host_client.get(delete_url(big_jam)).text

    assert "Delete “Jam de sanación Nairobi”?" in page
    assert "This also deletes, for good:" in page
    for line in (
        "2 sessions",
        "3 guests",
        "6 answers",
        "6 agenda items",
        "6 notes",
        "1 message to guests",
        "6 emails to guests",
        "4 team members",
        "3 journal entries",
        "1 report",
        "1 review",
        "3 questions",
    ):
        assert f"<li>{line}</li>" in page, line


def test_delete_page_offers_the_export_first(host_client, big_jam):
    page = host_client.get(delete_url(big_jam)).text

    assert page.index(f'href="/jams/{big_jam.slug}/export/"') < page.index(
        "Delete the Jam and everything in it"
    )
    assert "Download everything first" in page


def test_delete_page_says_a_submitted_report_leaves_civicus(host_client, big_jam, jam):
    assert "Your report is with CIVICUS (Submitted)" in host_client.get(delete_url(big_jam)).text

    ReportFactory(jam=jam)  # a draft: the host's own, not yet with CIVICUS
    page = host_client.get(delete_url(jam)).text
    assert "with CIVICUS" not in page
    assert "<li>1 report</li>" in page


def test_delete_with_a_wrong_name_is_refused_and_deletes_nothing(host_client, big_jam):
    counts = (Session.objects.count(), Guest.objects.count(), AgendaItem.objects.count())

    response = host_client.post(delete_url(big_jam), {"name": "Jam de sanación"})

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "That is not the name of this Jam. Type “Jam de sanación Nairobi” to delete it." in (
        response.text
    )
    assert Jam.objects.filter(pk=big_jam.pk).exists()
    assert (Session.objects.count(), Guest.objects.count(), AgendaItem.objects.count()) == counts


def test_delete_with_no_name_is_refused(host_client, jam):
    response = host_client.post(delete_url(jam), {"name": "  "})

    assert "Type the Jam’s name to delete it." in response.text
    assert Jam.objects.filter(pk=jam.pk).exists()


def test_delete_with_the_name_deletes_everything_the_jam_holds(host_client, host, big_jam):
    members = list(TeamMember.objects.filter(jam=big_jam).values_list("user_id", flat=True))

    response = host_client.post(
        delete_url(big_jam), {"name": "  jam DE sanación   nairobi "}, follow=True
    )

    assert response.redirect_chain == [("/jams/", 302)]
    assert "“Jam de sanación Nairobi” is deleted." in response.text
    assert not Jam.objects.filter(pk=big_jam.pk).exists()
    for model in (Session, Guest, Rsvp, AgendaItem, TeamMember, JournalEntry, Report):
        assert not model.objects.exists(), model
    # The people keep their accounts.
    assert User.objects.filter(pk__in=members).count() == len(members)


def test_name_as_typed_ignores_spaces_capitals_and_how_an_accent_was_composed():
    assert name_as_typed(" Jam  de sanacio\u0301n ") == name_as_typed("jam de sanación")
    assert name_as_typed("Jam de sanación") != name_as_typed("Jam de sanacion")


@pytest.mark.parametrize("method", ["get", "post"])
def test_delete_by_a_team_member_is_forbidden(other_client, other_host, jam, method):
    TeamMemberFactory(jam=jam, user=other_host)

    response = getattr(other_client, method)(delete_url(jam), {"name": jam.name})

    assert response.status_code == 403
    assert Jam.objects.filter(pk=jam.pk).exists()


def test_delete_of_another_hosts_jam_is_not_found(other_client, jam):
    response = other_client.post(delete_url(jam), {"name": jam.name})

    assert response.status_code == 404
    assert Jam.objects.filter(pk=jam.pk).exists()


def test_delete_page_reads_the_same_number_of_queries_for_few_and_many(host_client, host):
    few = jam_with_everything(host, many=1)
    many = jam_with_everything(host, many=4)

    with CaptureQueriesContext(connection) as small:
        host_client.get(delete_url(few))
    with CaptureQueriesContext(connection) as big:
        host_client.get(delete_url(many))

    assert len(big) == len(small), (len(small), len(big))


def test_jam_home_links_the_delete_page_for_the_host_only(
    host_client, other_client, other_host, jam
):
    TeamMemberFactory(jam=jam, user=other_host)

    assert delete_url(jam) in host_client.get(f"/jams/{jam.slug}/").text
    assert delete_url(jam) not in other_client.get(f"/jams/{jam.slug}/").text
