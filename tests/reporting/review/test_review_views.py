import csv
import datetime as dt
import html
import io
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from reporting.models import (
    QUESTION_FIELDS,
    Programme,
    ProgrammeHost,
    ProgrammeJam,
    ReportStatus,
    Review,
)
from reporting.programmes.services import programme_host_add
from reporting.reports.questions import HELP, LABELS
from tests.factories import (
    GuestFactory,
    JamFactory,
    ProgrammeFactory,
    ReportFactory,
    SessionFactory,
    TeamMemberFactory,
    UserFactory,
)
from tests.reporting.review_helpers import bulk_reports, client_for, make_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewer():
    return make_reviewer()


@pytest.fixture
def reviewer_client(reviewer):
    return client_for(reviewer)


@pytest.fixture
def world(jam):
    """A programme with the `jam` fixture's host, a submitted report, and a guest with details."""
    programme = ProgrammeFactory(name="Jam Sessions 2026")
    programme_host_add(programme, jam.host.email)
    report = ReportFactory(submitted=True, jam=jam, outcomes="We planted an orchard.")
    return {"programme": programme, "report": report, "jam": jam}


def _all_urls(world) -> list[str]:
    programme, jam, report = world["programme"], world["jam"], world["report"]
    host_pk = ProgrammeHost.objects.get(programme=programme).pk
    return [
        reverse("review:dashboard"),
        reverse("review:programme_create"),
        reverse("review:programme", args=[programme.pk]),
        reverse("review:programme_host_add", args=[programme.pk]),
        reverse("review:programme_host_remove", args=[programme.pk, host_pk]),
        reverse("review:jam_move", args=[programme.pk, jam.pk]),
        reverse("review:queue"),
        reverse("review:report", args=[report.pk]),
        reverse("review:figures"),
        reverse("review:search") + "?q=orchard",
        reverse("review:export"),
    ]


URL_COUNT = 11


def test_every_review_url_is_listed(world):
    from reporting.review import urls as review_urls

    assert len(review_urls.urlpatterns) == URL_COUNT == len(_all_urls(world))


@pytest.mark.parametrize("index", range(URL_COUNT))
@pytest.mark.parametrize("method", ["get", "post"])
def test_non_reviewers_get_404_on_every_review_url(world, host_client, index, method):
    team_member = TeamMemberFactory(jam=world["jam"]).user
    staff = UserFactory(is_staff=True)
    url = _all_urls(world)[index]
    for client in (host_client, client_for(team_member), client_for(staff)):
        response = getattr(client, method)(url)
        assert response.status_code == 404, url
    assert Programme.objects.count() == 1
    assert ProgrammeHost.objects.count() == 1
    assert not Review.objects.exists()


@pytest.mark.parametrize("index", range(URL_COUNT))
def test_signed_out_people_are_sent_to_sign_in(world, client, index):
    url = _all_urls(world)[index]
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_reviewer_pages_never_show_participant_personal_data(world, reviewer_client):
    jam = world["jam"]
    GuestFactory(
        jam=jam,
        name="Zebulon Quixotica",
        email="zebulon.quixotica@private.test",
        needs="A sign language interpreter named Wilhelmina",
    )
    GuestFactory(jam=jam, name="Ottoline Farquharson", email="ottoline@private.test")
    secrets = [
        "Zebulon",
        "Quixotica",
        "zebulon.quixotica@private.test",
        "Wilhelmina",
        "sign language interpreter",
        "Ottoline",
        "ottoline@private.test",
    ]
    for url in _all_urls(world):
        if "remove" in url or "move" in url or url.endswith("/hosts/"):
            continue
        response = reviewer_client.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = body.decode()
        for secret in secrets:
            assert secret not in text, (url, secret)


def test_dashboard_shows_programmes_hosts_states_and_queue_counts(world, reviewer_client):
    ReportFactory(submitted=True, status=ReportStatus.NEEDS_MORE)
    response = reviewer_client.get(reverse("review:dashboard"))
    text = response.content.decode()
    assert "Jam Sessions 2026" in text
    assert "host@example.test" in text
    assert "Reported: 1" in text
    assert "Submitted: 1" not in text  # queue counts are their own list
    assert reverse("review:programme", args=[world["programme"].pk]) in text
    page = reviewer_client.get(reverse("review:programme", args=[world["programme"].pk]))
    assert world["jam"].name in page.content.decode()
    assert reverse("review:report", args=[world["report"].pk]) in page.content.decode()


def test_programme_create_page_creates_and_refuses_a_duplicate(reviewer_client, reviewer):
    url = reverse("review:programme_create")
    response = reviewer_client.post(url, {"name": "Jam Sessions 2027", "description": ""})
    programme = Programme.objects.get(name="Jam Sessions 2027")
    assert response["Location"] == reverse("review:programme", args=[programme.pk])
    assert programme.created_by == reviewer

    response = reviewer_client.post(url, {"name": "jam sessions 2027", "description": "Typed"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "There is a problem" in text and "already a programme" in text
    assert "Typed" in text
    assert Programme.objects.count() == 1


def test_programme_page_adds_a_host_by_email_and_refuses_bad_input(world, reviewer_client):
    programme = world["programme"]
    other = UserFactory(email="second@example.test")
    other_jam = JamFactory(host=other)
    url = reverse("review:programme_host_add", args=[programme.pk])

    response = reviewer_client.post(url, {"email": "Second@Example.test"})
    assert response.status_code == 302
    assert ProgrammeJam.objects.get(jam=other_jam).programme == programme
    page = reviewer_client.get(reverse("review:programme", args=[programme.pk]))
    assert other_jam.name in page.content.decode()

    for bad in ("not an email", "second@example.test"):
        response = reviewer_client.post(url, {"email": bad})
        assert response.status_code == 200
        assert "There is a problem" in response.content.decode()
    assert ProgrammeHost.objects.filter(programme=programme).count() == 2


def test_programme_page_removes_a_host_and_moves_a_jam(world, reviewer_client):
    programme, jam = world["programme"], world["jam"]
    other_programme = ProgrammeFactory(name="Other cohort")
    response = reviewer_client.post(
        reverse("review:jam_move", args=[programme.pk, jam.pk]),
        {"programme": other_programme.pk},
    )
    assert response.status_code == 302
    assert ProgrammeJam.objects.get(jam=jam).programme == other_programme

    host = ProgrammeHost.objects.get(programme=programme)
    reviewer_client.post(reverse("review:programme_host_remove", args=[programme.pk, host.pk]))
    assert not ProgrammeHost.objects.filter(pk=host.pk).exists()
    # A Jam from another programme cannot be moved through this one.
    response = reviewer_client.post(
        reverse("review:jam_move", args=[programme.pk, jam.pk]), {"programme": ""}
    )
    assert response.status_code == 404


def test_report_page_asks_for_more_with_a_comment_then_accepts(world, reviewer_client):
    report = world["report"]
    url = reverse("review:report", args=[report.pk])
    page = reviewer_client.get(url).content.decode()
    assert "We planted an orchard." in page
    assert "Your decision" in page

    response = reviewer_client.post(url, {"decision": "needs_more", "comment": ""})
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED

    response = reviewer_client.post(url, {"decision": "needs_more", "comment": "Add photos."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.NEEDS_MORE
    page = reviewer_client.get(url).content.decode()
    assert "Add photos." in page and "Your decision" not in page

    # A second decision on a report waiting for the host is refused.
    response = reviewer_client.post(url, {"decision": "accepted"})
    assert response.status_code == 302
    assert Review.objects.count() == 1

    report.status = ReportStatus.SUBMITTED
    report.save()
    reviewer_client.post(url, {"decision": "accepted", "comment": "Thank you!"})
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED


def test_report_page_asks_the_toolkit_questions_with_the_score_anchors(world, reviewer_client):
    page = reviewer_client.get(reverse("review:report", args=[world["report"].pk])).content
    text = " ".join(re.sub(r"<[^>]+>", " ", page.decode()).split())
    for number, name in enumerate(QUESTION_FIELDS, start=1):
        assert f"{number}. {LABELS[name]}" in html.unescape(text), name
    assert (
        "10. From 0 to 10, how valuable would you say was the space for you and your network "
        "to connect and strengthen bonds? 8 out of 10 0: not useful at all. 10: very useful, "
        "new collaborations sparked, or old collaborations were renewed."
    ) in html.unescape(text)
    assert (
        "someone in your network, from 0 to 10? 9 out of 10 "
        "0: I would not recommend it. 10: I would definitely recommend it."
    ) in html.unescape(text)
    assert "how valuable was the space for you and your network to connect?" not in text
    assert str(HELP["average_attendance"]) not in text  # only the scores carry anchors
    assert "14 March 2026" in text


def test_report_page_does_not_open_drafts(reviewer_client):
    draft = ReportFactory(submitted=True, status=ReportStatus.DRAFT)
    assert reviewer_client.get(reverse("review:report", args=[draft.pk])).status_code == 404


def test_queue_page_filters_by_status(world, reviewer_client):
    accepted = ReportFactory(
        submitted=True, status=ReportStatus.ACCEPTED, name="Accepted Jam Report"
    )
    page = reviewer_client.get(reverse("review:queue") + "?status=submitted").content.decode()
    assert world["report"].name in page and accepted.name not in page
    page = reviewer_client.get(reverse("review:queue") + "?status=nonsense").content.decode()
    assert world["report"].name in page and accepted.name in page


def _desc(page: str, chart_id: str) -> str:
    return " ".join(page.split(f'<desc id="{chart_id}-desc">')[1].split("</desc>")[0].split())


def _table_rows(page: str, chart_id: str) -> list[str]:
    """The rows of the table beside a chart, as plain text."""
    figure = page.split(f'<figcaption id="{chart_id}-caption">')[1].split("</figure>")[0]
    body = figure.split("<tbody>")[1].split("</tbody>")[0]
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in body.split("</tr>")[:-1]]


def test_figures_page_has_charts_with_text_equivalents(world, reviewer_client):
    page = reviewer_client.get(reverse("review:figures")).content.decode()
    ids = ["chart-space", "chart-recommend"] + [
        f"chart-{dimension}{suffix}"
        for dimension in ("programme", "country", "year", "format")
        for suffix in ("", "-sessions", "-participants", "-space", "-recommend")
    ]
    for chart_id in ids:
        assert f'id="{chart_id}-title"' in page, chart_id
        assert f'id="{chart_id}-desc"' in page, chart_id
    assert page.count('role="img"') == len(ids) == 22
    assert '<th scope="row">Kenya</th><td>1</td>' in page
    assert "style=" not in page


def test_figures_page_draws_sessions_participants_and_score_spreads_per_group(
    world, reviewer_client
):
    # The `world` report: Kenya, 2 dated sessions, 12 on average, value 8, recommend 9.
    ReportFactory(
        submitted=True,
        jam=JamFactory(country="KE"),
        session_3_on=dt.date(2026, 3, 28),
        average_attendance=Decimal("20.5"),
        space_value=4,
        recommend=None,
    )
    ReportFactory(submitted=True, jam=JamFactory(country="BR"), space_value=10, recommend=10)
    page = reviewer_client.get(reverse("review:figures")).content.decode()

    assert "Sessions by country" in page and "Participants by country" in page
    assert _desc(page, "chart-country-sessions") == (
        "How many sessions the reports in each group give. Brazil: 2; Kenya: 5"
    )
    assert _table_rows(page, "chart-country-participants") == ["Brazil 24", "Kenya 86"]
    assert _desc(page, "chart-country-space").endswith(
        "Brazil: lowest 10, lower quartile 10, median 10, upper quartile 10, highest 10; "
        "Kenya: lowest 4, lower quartile 5, median 6, upper quartile 7, highest 8"
    )
    assert _table_rows(page, "chart-country-space") == [
        "Brazil 10 10 10 10 10 10 1",
        "Kenya 4 5 6 7 8 6 2",
    ]
    assert _table_rows(page, "chart-country-recommend") == [
        "Brazil 10 10 10 10 10 10 1",
        "Kenya 9 9 9 9 9 9 1",
    ]
    # A filter narrows every chart.
    page = reviewer_client.get(reverse("review:figures") + "?country=BR").content.decode()
    assert _table_rows(page, "chart-format-sessions") == ["Online 2"]


def test_figures_page_survives_bad_filters(world, reviewer_client):
    response = reviewer_client.get(
        reverse("review:figures") + "?year=ten&country=XX&programme=abc&format=zzz"
    )
    assert response.status_code == 200
    assert "There is a problem" in response.content.decode()


def test_search_page_finds_by_a_word_in_the_outcomes(world, reviewer_client):
    page = reviewer_client.get(reverse("review:search") + "?q=orchard").content.decode()
    assert "<mark>orchard</mark>" in page
    assert reverse("review:report", args=[world["report"].pk]) in page
    page = reviewer_client.get(reverse("review:search") + "?q=volcano").content.decode()
    assert "Nothing matches" in page


def test_search_page_says_when_it_shows_only_the_closest_matches(reviewer_client):
    bulk_reports(51)
    page = reviewer_client.get(reverse("review:search") + "?q=gardens").content.decode()
    assert "50 reports found" in page
    assert "The 50 closest matches are shown, best first." in page
    assert page.count("<mark>gardens</mark>") == 50
    page = reviewer_client.get(reverse("review:search") + "?q=%22number+7%3A%22").content.decode()
    assert "1 report found" in page and "closest matches" not in page


def test_search_page_explains_a_query_that_is_too_long(world, reviewer_client):
    response = reviewer_client.get(reverse("review:search") + "?q=" + "orchard " * 12_500)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Keep the search to 200 characters or fewer: this one has 99999." in page
    assert 'href="#id_q"' in page  # the summary leads to the box
    assert "found" not in page and "<mark>" not in page  # no search was run
    # The page still works: a short search right after finds the report.
    page = reviewer_client.get(reverse("review:search") + "?q=orchard").content.decode()
    assert "<mark>orchard</mark>" in page


def test_export_streams_a_csv_that_parses_back(world, reviewer_client):
    ReportFactory(submitted=True, jam=JamFactory(country="BR"), status=ReportStatus.ACCEPTED)
    response = reviewer_client.get(reverse("review:export") + "?country=KE")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:], newline="")))
    assert len(rows) == 2
    assert rows[1][0] == world["jam"].name
    assert "We planted an orchard." in rows[1]


def _body(response) -> str:
    return (
        b"".join(response.streaming_content) if response.streaming else response.content
    ).decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200
        _body(response)  # a streamed CSV queries as it is read
    return len(context)


REVIEW_PAGES = {
    "dashboard": lambda programme, report: reverse("review:dashboard"),
    "programme": lambda programme, report: reverse("review:programme", args=[programme.pk]),
    "programme_create": lambda programme, report: reverse("review:programme_create"),
    "queue": lambda programme, report: reverse("review:queue"),
    "queue (status)": lambda programme, report: reverse("review:queue") + "?status=accepted",
    "report": lambda programme, report: reverse("review:report", args=[report.pk]),
    "figures": lambda programme, report: reverse("review:figures"),
    "figures (filtered)": lambda programme, report: (
        reverse("review:figures") + f"?programme={programme.pk}&country=KE&year=2024"
    ),
    "search": lambda programme, report: reverse("review:search") + "?q=gardens",
    "export": lambda programme, report: reverse("review:export"),
}


def test_every_review_page_is_in_the_query_count_test(world):
    from reporting.review import urls as review_urls

    names = {pattern.name for pattern in review_urls.urlpatterns}
    posts_only = {"programme_host_add", "programme_host_remove", "jam_move"}
    assert names - posts_only == {name.split(" ")[0] for name in REVIEW_PAGES}


@pytest.mark.parametrize("page", REVIEW_PAGES)
def test_review_pages_query_count_is_the_same_for_5_and_500_reports(reviewer_client, page):
    programme = ProgrammeFactory()
    host = UserFactory()
    programme_host_add(programme, host.email)
    first = bulk_reports(5, programme=programme, host=host)[0]
    url = REVIEW_PAGES[page](programme, first)
    few = _queries(reviewer_client, url)

    reports = bulk_reports(495, programme=programme, host=host)
    SessionFactory(jam=reports[0].jam, number=1)
    for other in ProgrammeFactory.create_batch(3):  # more programmes for every <select>
        programme_host_add(other, UserFactory().email)
    bulk_reports(20, programme=programme)  # and a second host
    many = _queries(reviewer_client, url)

    assert few == many


def test_programme_page_query_count_does_not_grow_with_its_jams(reviewer_client):
    """Each Jam's row has a “Move to” list of every programme: read once for the page."""
    programme = ProgrammeFactory()
    ProgrammeFactory.create_batch(3)
    host = UserFactory()
    programme_host_add(programme, host.email)
    bulk_reports(1, programme=programme, host=host)
    url = reverse("review:programme", args=[programme.pk])
    one = _queries(reviewer_client, url)
    bulk_reports(99, programme=programme, host=host)
    with CaptureQueriesContext(connection) as context:
        page = reviewer_client.get(url).content.decode()
    assert len(context) == one
    table = page.split('id="hosts-title"')[1].split('id="add-title"')[0]
    assert table.count('<select name="programme"') == 100
    assert table.count("<option ") == 100 * 5  # “No programme” and the four programmes
    assert table.count(" selected>") == 100


def test_report_page_query_count_does_not_grow_with_its_decisions(world, reviewer_client):
    report = world["report"]
    url = reverse("review:report", args=[report.pk])
    Review.objects.create(
        report=report,
        reviewer=make_reviewer("a@example.test"),
        decision="needs_more",
        comment="More",
    )
    one = _queries(reviewer_client, url)
    for index in range(10):
        Review.objects.create(
            report=report,
            reviewer=make_reviewer(f"r{index}@example.test"),
            decision="needs_more",
            comment=f"Comment {index}",
        )
    assert _queries(reviewer_client, url) == one
