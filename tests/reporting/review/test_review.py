import csv
import datetime as dt
import io
from decimal import Decimal

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from planning.models import Jam
from reporting.models import QUESTION_FIELDS, ProgrammeJam, Report, ReportStatus, Review
from reporting.programmes.services import programme_host_add
from reporting.reports.questions import LABELS
from reporting.review import charts
from reporting.review.export import csv_header, csv_question_heading, reports_csv
from reporting.review.figures import ScoreSpread, report_figures
from reporting.review.queue import review_decide, review_queue
from reporting.review.search import report_search
from reporting.review.standing import JamState, programme_overview, programmes_overview
from tests.factories import JamFactory, ProgrammeFactory, ReportFactory, SessionFactory, UserFactory
from tests.reporting.review_helpers import bulk_reports, make_reviewer

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 6, 1, 12, 0, tzinfo=dt.UTC)


# --- Overview --------------------------------------------------------------------


def _jam_with_session(host, starts_at, **report):
    jam = JamFactory(host=host)
    SessionFactory(jam=jam, number=1, starts_at=starts_at)
    if report:
        ReportFactory(submitted=True, jam=jam, **report)
    return jam


def test_programme_overview_shows_each_hosts_jams_state_and_next_session():
    programme = ProgrammeFactory()
    ana, ben = UserFactory(email="ana@example.test"), UserFactory(email="ben@example.test")
    planning = _jam_with_session(ana, NOW + dt.timedelta(days=10))
    held = _jam_with_session(ana, NOW - dt.timedelta(days=1))
    SessionFactory(jam=held, number=2, starts_at=NOW + dt.timedelta(days=3))
    reported = _jam_with_session(ben, NOW - dt.timedelta(days=30), status=ReportStatus.NEEDS_MORE)
    reviewed = _jam_with_session(ben, NOW - dt.timedelta(days=60), status=ReportStatus.ACCEPTED)
    for email in ("ana@example.test", "ben@example.test", "nojam@example.test"):
        programme_host_add(programme, email)

    overview = programme_overview(programme, NOW)

    rows = {row.jam.pk: row for host in overview.hosts for row in host.jams}
    assert rows[planning.pk].state == JamState.PLANNING
    assert rows[planning.pk].next_session_at == NOW + dt.timedelta(days=10)
    assert rows[held.pk].state == JamState.HELD
    assert rows[held.pk].next_session_at == NOW + dt.timedelta(days=3)
    assert rows[reported.pk].state == JamState.REPORTED
    assert rows[reviewed.pk].state == JamState.REVIEWED
    assert rows[reviewed.pk].next_session_at is None
    emails = [host.email for host in overview.hosts]
    assert emails == ["ana@example.test", "ben@example.test", "nojam@example.test"]
    assert overview.hosts[2].jams == []
    assert overview.state_counts == {"planning": 1, "held": 1, "reported": 1, "reviewed": 1}


def test_programmes_overview_counts_states_and_next_session_per_host_in_sql():
    programme, other = ProgrammeFactory(), ProgrammeFactory()
    ana, ben = UserFactory(email="ana@example.test"), UserFactory(email="ben@example.test")
    _jam_with_session(ana, NOW + dt.timedelta(days=10))  # planning
    held = _jam_with_session(ana, NOW - dt.timedelta(days=1))
    SessionFactory(jam=held, number=2, starts_at=NOW + dt.timedelta(days=3))
    SessionFactory(jam=held, number=3, starts_at=NOW - dt.timedelta(days=2))
    _jam_with_session(ana, NOW - dt.timedelta(days=5), status=ReportStatus.DRAFT)  # held
    JamFactory(host=ana)  # planning, no session at all
    _jam_with_session(ben, NOW - dt.timedelta(days=30), status=ReportStatus.NEEDS_MORE)
    _jam_with_session(ben, NOW - dt.timedelta(days=60), status=ReportStatus.ACCEPTED)
    stranger = UserFactory(email="Stranger@example.test", name="Stranger")
    _jam_with_session(stranger, NOW + dt.timedelta(days=1), status=ReportStatus.SUBMITTED)
    for email in ("ana@example.test", "ben@example.test", "nojam@example.test"):
        programme_host_add(programme, email)
    programme_host_add(other, "ben@example.test")
    ProgrammeJam.objects.all().delete()
    for jam in Jam.objects.filter(host__in=[ana, ben, stranger]):
        ProgrammeJam.objects.create(jam=jam, programme=other if jam.host == ben else programme)

    with CaptureQueriesContext(connection) as queries:
        overview, other_overview = programmes_overview([programme, other], now=NOW)

    assert len(queries) == 2
    hosts = {host.email: host for host in overview.hosts}
    assert [host.email for host in overview.hosts] == [
        "Stranger@example.test",
        "ana@example.test",
        "ben@example.test",
        "nojam@example.test",
    ]
    assert hosts["ben@example.test"].state_counts == []  # his Jams are in the other one
    assert hosts["ana@example.test"].state_counts == [
        ("planning", "Planning", 2),
        ("held", "Held", 2),
    ]
    assert hosts["ana@example.test"].next_session_at == NOW + dt.timedelta(days=3)
    assert hosts["Stranger@example.test"].name == "Stranger"
    assert hosts["Stranger@example.test"].programme_host is None
    assert hosts["Stranger@example.test"].state_counts == [("reported", "Reported", 1)]
    assert hosts["Stranger@example.test"].next_session_at == NOW + dt.timedelta(days=1)
    assert hosts["nojam@example.test"].state_counts == []
    assert hosts["nojam@example.test"].next_session_at is None
    assert overview.state_counts == {"planning": 2, "held": 2, "reported": 1, "reviewed": 0}
    assert other_overview.state_counts == {"planning": 0, "held": 0, "reported": 1, "reviewed": 1}
    assert other_overview.hosts[0].next_session_at is None


def test_programme_overview_query_count_does_not_grow():
    programme = ProgrammeFactory()
    host = UserFactory()
    programme_host_add(programme, host.email)
    bulk_reports(3, programme=programme, host=host)
    with CaptureQueriesContext(connection) as few:
        programme_overview(programme, NOW)
    bulk_reports(60, programme=programme, host=host)
    with CaptureQueriesContext(connection) as many:
        overview = programme_overview(programme, NOW)
    assert len(overview.hosts[0].jams) == 63
    assert len(few) == len(many) == 2


# --- Queue and decisions ---------------------------------------------------------


def test_review_queue_lists_submitted_oldest_first_then_needs_more_then_accepted():
    old = ReportFactory(submitted=True, submitted_at=NOW - dt.timedelta(days=5))
    new = ReportFactory(submitted=True, submitted_at=NOW - dt.timedelta(days=1))
    more = ReportFactory(submitted=True, status=ReportStatus.NEEDS_MORE)
    done = ReportFactory(submitted=True, status=ReportStatus.ACCEPTED)
    ReportFactory(submitted=True, status=ReportStatus.DRAFT)
    assert list(review_queue()) == [old, new, more, done]
    assert list(review_queue(ReportStatus.NEEDS_MORE)) == [more]
    assert list(review_queue(limit=3)) == [old, new, more]
    assert list(review_queue(ReportStatus.SUBMITTED, limit=1)) == [old]


def test_review_decide_needs_more_requires_a_comment():
    report = ReportFactory(submitted=True)
    with pytest.raises(ValidationError, match="comment"):
        review_decide(report=report, reviewer=make_reviewer(), decision="needs_more", comment=" ")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert not Review.objects.exists()


def test_review_decide_asks_for_more_then_accepts_after_resubmission():
    reviewer = make_reviewer()
    report = ReportFactory(submitted=True)
    review_decide(
        report=report, reviewer=reviewer, decision="needs_more", comment="Add the links, please."
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.NEEDS_MORE
    assert report.reviews.get().comment == "Add the links, please."

    Report.objects.filter(pk=report.pk).update(status=ReportStatus.SUBMITTED)
    review_decide(report=report, reviewer=reviewer, decision="accepted", comment="")
    report.refresh_from_db()
    assert report.status == ReportStatus.ACCEPTED
    assert list(report.reviews.values_list("decision", flat=True)) == ["accepted", "needs_more"]


def test_review_queue_first_page_is_read_from_its_index_without_a_sort():
    bulk_reports(30)
    with CaptureQueriesContext(connection) as queries:
        first = list(review_queue(limit=10))
    assert len(queries) == 2  # the ids in order, then those reports
    assert first == list(review_queue())[:10]
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_sort = off")
        cursor.execute("EXPLAIN " + queries.captured_queries[0]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "Index Scan using report_queue_order" in plan


@pytest.mark.parametrize("status", [ReportStatus.DRAFT, ReportStatus.NEEDS_MORE, "accepted"])
def test_review_decide_only_on_submitted_reports(status):
    report = ReportFactory(submitted=True, status=status)
    with pytest.raises(ValidationError, match="Only a submitted report"):
        review_decide(report=report, reviewer=make_reviewer(), decision="accepted")
    assert not Review.objects.exists()


def test_review_decide_refuses_an_unknown_decision():
    with pytest.raises(ValidationError):
        review_decide(report=ReportFactory(submitted=True), reviewer=None, decision="draft")


# --- Figures ---------------------------------------------------------------------


def test_report_figures_totals_spread_and_groups():
    programme = ProgrammeFactory(name="Cohort A")
    kenya = JamFactory(country="KE", format="online")
    brazil = JamFactory(country="BR", format="in_person")
    ProgrammeJam.objects.create(jam=kenya, programme=programme)
    ReportFactory(
        submitted=True,
        jam=kenya,
        session_1_on=dt.date(2025, 3, 1),
        session_2_on=dt.date(2025, 3, 8),
        session_3_on=None,
        average_attendance=Decimal("10"),
        space_value=8,
        recommend=10,
    )
    ReportFactory(
        submitted=True,
        jam=brazil,
        session_1_on=dt.date(2026, 3, 1),
        session_2_on=dt.date(2026, 3, 8),
        session_3_on=dt.date(2026, 3, 15),
        average_attendance=Decimal("5.5"),
        space_value=6,
        recommend=10,
        status=ReportStatus.ACCEPTED,
    )
    ReportFactory(submitted=True, status=ReportStatus.DRAFT, space_value=0)

    figures = report_figures({})

    assert figures.total.reports == 2
    assert figures.total.sessions == 5
    assert figures.total.participants == 37  # 10 × 2 + 5.5 × 3 = 36.5, rounded
    assert figures.total.space_mean == 7.0
    assert figures.total.space_median == 7.0
    assert figures.total.recommend_median == 10.0
    assert dict(figures.space_spread) == {**{s: 0 for s in range(11)}, 6: 1, 8: 1}
    assert {row.label: row.reports for row in figures.groups["country"]} == {
        "Brazil": 1,
        "Kenya": 1,
    }
    assert {row.label: row.reports for row in figures.groups["programme"]} == {
        "Cohort A": 1,
        "No programme": 1,
    }
    assert {row.label for row in figures.groups["year"]} == {"2025", "2026"}
    assert {row.label for row in figures.groups["format"]} == {"Online", "In person"}


def test_report_figures_filters():
    ReportFactory(submitted=True, jam=JamFactory(country="KE"), session_1_on=dt.date(2025, 1, 1))
    ReportFactory(submitted=True, jam=JamFactory(country="BR"), session_1_on=dt.date(2026, 1, 1))
    assert report_figures({"country": "KE"}).total.reports == 1
    assert report_figures({"year": 2026}).total.reports == 1
    assert report_figures({"format": "hybrid"}).total.reports == 0


def test_report_figures_with_no_reports_and_by_programme():
    empty = report_figures({})
    assert (empty.total.reports, empty.total.sessions, empty.total.participants) == (0, 0, 0)
    assert empty.total.space is None and empty.groups == {
        "programme": [],
        "country": [],
        "year": [],
        "format": [],
    }
    assert dict(empty.space_spread) == {score: 0 for score in range(11)}

    programme = ProgrammeFactory(name="Cohort B")
    bulk_reports(4, programme=programme)
    bulk_reports(2)
    figures = report_figures({"programme": programme})
    assert figures.total.reports == 4
    assert [(row.label, row.reports) for row in figures.groups["programme"]] == [("Cohort B", 4)]
    everything = report_figures({})
    assert [(row.label, row.reports) for row in everything.groups["programme"]] == [
        ("Cohort B", 4),
        ("No programme", 2),  # the empty group comes last
    ]
    assert sum(row.reports for row in everything.groups["country"]) == 6


def test_report_figures_give_each_groups_sessions_participants_and_score_spread():
    kenya = [JamFactory(country="KE", format="online") for _ in range(4)]
    for jam, space, recommend in zip(kenya, (2, 4, 6, 10), (None, 7, 8, 9), strict=True):
        ReportFactory(
            submitted=True,
            jam=jam,
            session_1_on=dt.date(2025, 5, 1),
            session_2_on=None,
            average_attendance=Decimal("10"),
            space_value=space,
            recommend=recommend,
        )
    ReportFactory(
        submitted=True,
        jam=JamFactory(country="BR", format="online"),
        session_1_on=dt.date(2025, 5, 1),
        average_attendance=Decimal("7.5"),
        space_value=None,
        recommend=None,
    )

    figures = report_figures({})

    by_country = {row.label: row for row in figures.groups["country"]}
    kenya_row, brazil_row = by_country["Kenya"], by_country["Brazil"]
    assert (kenya_row.reports, kenya_row.sessions, kenya_row.participants) == (4, 4, 40)
    assert (brazil_row.reports, brazil_row.sessions, brazil_row.participants) == (1, 2, 15)
    space = kenya_row.space
    assert (space.count, space.minimum, space.maximum) == (4, 2, 10)
    # Quartiles as PostgreSQL's percentile_cont interpolates them: 2, 4, 6, 10.
    assert (space.lower_quartile, space.median, space.upper_quartile) == (3.5, 5.0, 7.0)
    assert space.mean == 5.5
    recommend = kenya_row.recommend
    assert (recommend.count, recommend.minimum, recommend.median, recommend.maximum) == (3, 7, 8, 9)
    assert brazil_row.space is None and brazil_row.recommend is None
    assert kenya_row.space_median == 5.0 and brazil_row.space_median is None
    online = figures.groups["format"][0]
    assert (online.label, online.sessions, online.space.count) == ("Online", 6, 4)
    assert figures.total.space.median == 5.0


def test_report_figures_query_count_does_not_grow():
    programme = ProgrammeFactory()
    bulk_reports(5, programme=programme)
    with CaptureQueriesContext(connection) as few:
        report_figures({})
    bulk_reports(300, programme=programme)
    with CaptureQueriesContext(connection) as many:
        figures = report_figures({})
    assert figures.total.reports == 305
    assert len(few) == len(many) == 1


# --- Charts ----------------------------------------------------------------------


def test_chart_has_title_description_and_a_table_with_the_same_numbers():
    chart = charts.bar_chart(
        chart_id="chart-test",
        title="Scores",
        description="How many gave each score.",
        data=[("Kenya", 3), ("Brazil", 7)],
        label_heading="Country",
        value_heading="Reports",
    )
    html = render_to_string("reporting/review/_bar_chart.html", {"chart": chart})
    assert 'role="img"' in html
    assert 'aria-labelledby="chart-test-title chart-test-desc"' in html
    assert '<title id="chart-test-title">Scores</title>' in html
    assert "<desc" in html and "Kenya: 3; Brazil: 7" in html
    assert "<table" in html
    assert '<th scope="row">Kenya</th><td>3</td>' in html
    assert '<th scope="row">Brazil</th><td>7</td>' in html
    assert "style=" not in html
    # The longest bar takes the whole width; the others are to scale.
    assert chart.bars[1].width == charts.BAR_MAX_WIDTH
    assert chart.bars[0].width == round(charts.BAR_MAX_WIDTH * 3 / 7, 1)


def test_chart_escapes_labels():
    chart = charts.bar_chart(
        title="<b>T</b>",
        description="d",
        data=[("<script>", 1)],
        label_heading="x",
        value_heading="y",
    )
    html = render_to_string("reporting/review/_bar_chart.html", {"chart": chart})
    assert "<script>" not in html and "&lt;script&gt;" in html


def test_range_chart_draws_lowest_quartiles_median_and_highest_with_a_table():
    spread = ScoreSpread(
        count=4,
        minimum=2,
        lower_quartile=3.5,
        median=5.0,
        upper_quartile=7.0,
        maximum=10,
        mean=5.5,
    )
    chart = charts.range_chart(
        chart_id="chart-r",
        title="Value by country",
        description="The spread.",
        data=[("Kenya", spread), ("Brazil", None)],
        label_heading="Country",
    )
    html = render_to_string("reporting/review/_range_chart.html", {"chart": chart})
    assert 'role="img"' in html and 'aria-labelledby="chart-r-title chart-r-desc"' in html
    assert '<title id="chart-r-title">Value by country</title>' in html
    desc = " ".join(html.split('<desc id="chart-r-desc">')[1].split("</desc>")[0].split())
    assert desc == (
        "The spread. Kenya: lowest 2, lower quartile 3.5, median 5, upper quartile 7, "
        "highest 10; Brazil: no score given"
    )
    assert (
        '<th scope="row">Kenya</th><td>2</td><td>3.5</td><td>5</td><td>7</td><td>10</td>'
        "<td>5.5</td><td>4</td>"
    ) in html
    assert '<th scope="row">Brazil</th><td colspan="6">No score given</td><td>0</td>' in html
    # Drawn to scale on 0 to 10: the box from 3.5 to 7, the median at 5, the line 2 to 10.
    kenya = chart.rows[0]
    left, width = charts.RANGE_PLOT_LEFT, charts.RANGE_PLOT_WIDTH
    assert kenya.x_min == left + width * 0.2
    assert kenya.x_lower == left + width * 0.35
    assert kenya.x_median == left + width * 0.5
    assert kenya.x_max == left + width
    assert f'<rect class="chart-box" x="{kenya.x_lower}"' in html
    assert f'width="{kenya.box_width}"' in html
    assert "style=" not in html


def test_range_chart_coordinates_are_not_localised():
    spread = ScoreSpread(
        count=2, minimum=1, lower_quartile=1.25, median=2.5, upper_quartile=3.5, maximum=4, mean=2.5
    )
    chart = charts.range_chart(title="t", description="d", data=[("x", spread)], label_heading="g")
    with translation.override("fr"):
        html = render_to_string("reporting/review/_range_chart.html", {"chart": chart})
    assert chart.rows[0].x_lower == 45.5
    assert '<rect class="chart-box" x="45.5"' in html
    assert "45,5" not in html


# --- Search ----------------------------------------------------------------------


def test_report_search_finds_a_word_in_the_outcomes_and_marks_it():
    found = ReportFactory(submitted=True, outcomes="We planted a community orchard together.")
    ReportFactory(submitted=True, outcomes="We rested.")
    ReportFactory(submitted=True, status=ReportStatus.DRAFT, outcomes="A secret orchard draft.")

    results = report_search("orchard")

    assert results == [found]
    assert any(piece.is_match and piece.text == "orchard" for piece in results[0].headline)
    assert report_search("volcano") == []
    assert report_search("   ") == []


def test_report_search_understands_web_syntax_and_never_fails_on_odd_input():
    ReportFactory(submitted=True, biggest_takeaway="Rest is resistance.")
    assert len(report_search('"rest is resistance"')) == 1
    assert report_search("rest -resistance") == []
    assert report_search("&|!:*()'\"") == []


def test_report_search_keeps_html_in_answers_as_text():
    ReportFactory(submitted=True, outcomes="<img src=x onerror=alert(1)> garden")
    results = report_search("garden")
    html = "".join(piece.text for piece in results[0].headline)
    assert "<img" in html  # plain text here: the template escapes it


def test_report_search_reads_the_stored_search_vector_kept_up_to_date_by_the_database():
    report = ReportFactory(submitted=True, outcomes="We rested.")
    bulk = bulk_reports(2)  # bulk_create: no save() ran, the database still fills it
    assert report_search("gardens") == sorted(bulk, key=lambda r: -r.submitted_at.timestamp())

    Report.objects.filter(pk=report.pk).update(anything_else="A lighthouse of care.")
    assert report_search("lighthouse") == [report]
    report.refresh_from_db()
    report.anything_else = ""
    report.share_reflections = "Through a lighthouse zine."
    report.save()
    assert report_search("zine") == [report]
    assert (
        Report.objects.filter(search_vector=SearchQuery("lighthouse", config="simple")).count() == 1
    )

    with CaptureQueriesContext(connection) as queries:
        report_search("lighthouse")
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert '"reporting_report"."search_vector" @@' in sql
    assert "to_tsvector" not in sql  # nothing worked out again per report


def test_report_search_can_use_the_gin_index():
    bulk_reports(30)
    sql, params = (
        Report.objects.filter(search_vector=SearchQuery("gardens", config="simple"))
        .values("pk")
        .query.sql_with_params()
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "report_search_vector" in plan


def test_report_search_gives_the_best_matches_up_to_its_limit():
    bulk_reports(7)
    ReportFactory(submitted=True, outcomes="Gardens, gardens and more gardens.")
    results = report_search("gardens", limit=5)
    assert len(results) == 5
    assert results[0].outcomes == "Gardens, gardens and more gardens."


# --- CSV -------------------------------------------------------------------------


def _parse(lines) -> list[list[str]]:
    text = "".join(lines)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:], newline="")))


def test_reports_csv_parses_back_to_the_same_values():
    programme = ProgrammeFactory(name="Programa São Paulo")
    jam = JamFactory(name="Jam, à São Paulo", country="BR", host=UserFactory(name="Zoë Host"))
    ProgrammeJam.objects.create(jam=jam, programme=programme)
    report = ReportFactory(
        submitted=True,
        jam=jam,
        name="Jam, à São Paulo",
        outcomes='Première ligne, avec virgule\nSecond line "quoted"',
        average_attendance=Decimal("12.5"),
        space_value=0,
        recommend=10,
        session_3_on=None,
        other_dates="",
    )

    rows = _parse(reports_csv([report]))

    assert rows[0] == csv_header()
    assert len(rows) == 2
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["Jam"] == "Jam, à São Paulo"
    assert row["Host"] == "Zoë Host"
    assert row["Country"] == "Brazil"
    assert row["Programme"] == "Programa São Paulo"
    assert row["Status"] == "Submitted"
    for name in QUESTION_FIELDS:
        stored = getattr(report, name)
        expected = "" if stored is None else str(stored)
        if isinstance(stored, Decimal):
            assert Decimal(row[csv_question_heading(name)]) == stored
        else:
            assert row[csv_question_heading(name)] == expected, name
    assert row[csv_question_heading("average_attendance")] == "12.5"
    assert row[csv_question_heading("space_value")] == "0"
    assert row[csv_question_heading("session_1_on")] == "2026-03-14"
    assert row[csv_question_heading("session_3_on")] == ""


def test_reports_csv_headings_are_the_toolkit_questions_with_the_score_anchors():
    header = csv_header()
    assert header[:6] == ["Jam", "Host", "Country", "Programme", "Status", "Submitted at"]
    assert len(header) == 6 + 14
    assert header[6] == "Name of your Jam Session"
    assert header[6 + 7] == (
        "In your own words, how would you summarise the outcomes of the Jam Sessions?"
    )
    assert header[6 + 9] == (
        "From 0 to 10, how valuable would you say was the space for you and your network "
        "to connect and strengthen bonds? (0: not useful at all. 10: very useful, new "
        "collaborations sparked, or old collaborations were renewed.)"
    )
    assert header[6 + 11] == (
        "After this experience, how likely would you recommend hosting a Jam Session to "
        "someone in your network, from 0 to 10? (0: I would not recommend it. 10: I would "
        "definitely recommend it.)"
    )
    for name, heading in zip(QUESTION_FIELDS, header[6:], strict=True):
        assert heading.startswith(str(LABELS[name]))


FORMULAS = {
    "outcomes": '=HYPERLINK("http://evil.example","Click")',
    "biggest_takeaway": "+1+1",
    "share_reflections": "-2+3 and a list item",
    "anything_else": "@SUM(A1:A2)",
    "participant_profile": "\tTabbed=1",
    "other_dates": "\r=1+1",
}


def test_reports_csv_defuses_formulas_with_a_leading_apostrophe():
    """Deliberate: a cell starting with = + - @ (or a tab or carriage return) would run as a
    formula in a spreadsheet, so it gets a leading ' and is shown as text. Nothing else changes:
    the rest of the value parses back exactly."""
    jam = JamFactory(name="=Jam name", host=UserFactory(name="-Dash Host"))
    report = ReportFactory(submitted=True, jam=jam, name="+Report name", **FORMULAS)

    rows = _parse(reports_csv([report]))
    row = dict(zip(rows[0], rows[1], strict=True))

    assert row["Jam"] == "'=Jam name"
    assert row["Host"] == "'-Dash Host"
    assert row[csv_question_heading("name")] == "'+Report name"
    for name, value in FORMULAS.items():
        assert row[csv_question_heading(name)] == "'" + value, name
    # The values that do not start like a formula are exactly as stored.
    assert row[csv_question_heading("output_links")] == report.output_links
    assert row["Status"] == "Submitted"


@pytest.mark.parametrize(
    "text",
    [
        "1 + 1 = 2, said the = sign",
        "Mid-line - and @ and + are fine",
        " =leading space is not a formula start",
        "Quotes \"inside\" and 'apostrophes'",
        "Línea 1\nLine 2\r\nLine 3",
        "عربي ومرحبا، 中文，emoji 🌱",
        "",
    ],
)
def test_reports_csv_keeps_every_other_value_exactly(text):
    report = ReportFactory(submitted=True, outcomes=text, anything_else=text)
    rows = _parse(reports_csv([report]))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row[csv_question_heading("outcomes")] == text
    assert row[csv_question_heading("anything_else")] == text
