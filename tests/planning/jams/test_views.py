import datetime as dt
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from planning.enums import JamFormat, JamKind
from planning.models import Jam, Session, TeamMember
from tests.factories import JamFactory, SessionFactory, TeamMemberFactory, UserFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
# Mid-January 2027: the first sessions below, in March 2027, are still ahead.
JANUARY_2027 = dt.datetime(2027, 1, 15, 12, 0, tzinfo=UTC)
in_january_2027 = pytest.mark.time_machine(JANUARY_2027, tick=False)


def jam_data(**overrides) -> dict:
    """What a host types into /jams/new/: the Jam, then its first session."""
    data = {
        "name": "Healing Jam in Oaxaca",
        "local_name": "Jam de sanación",
        "objectives": "Rest, laugh and imagine together.",
        "kind": JamKind.HEALING,
        "format": JamFormat.IN_PERSON,
        "country": "MX",
        "language": "es",
        "venue": "Casa de la Cultura",
        "who_to_invite": "Twelve organisers from three movements.",
        "support_needed": "A room and snacks.",
        "session-date": "2027-03-10",
        "session-start_time": "18:00",
        "session-duration_minutes": "150",
        "session-timezone": "America/Mexico_City",
    }
    data.update(overrides)
    return data


def countdown_on(response) -> str:
    match = re.search(r'<p class="countdown-big">([^<]*)</p>', response.text)
    assert match, "the page shows no countdown"
    return match.group(1)


def state_of(jam: Jam) -> tuple:
    """Everything a stranger's request could change about a Jam."""
    stored = Jam.objects.filter(pk=jam.pk).values().first()
    sessions = list(
        Session.objects.filter(jam_id=jam.pk)
        .order_by("pk")
        .values_list("number", "starts_at", "duration_minutes", "timezone")
    )
    team = list(TeamMember.objects.filter(jam_id=jam.pk).values_list("user_id", "role"))
    return stored, sessions, team


# --- Creating a Jam ----------------------------------------------------------


def test_jam_create_page_asks_for_the_jam_and_its_first_session(host_client):
    response = host_client.get("/jams/new/")

    assert response.status_code == 200
    assert "Plan a new Jam" in response.text
    for name in ("name", "objectives", "kind", "format", "country", "language", "venue"):
        assert f'name="{name}"' in response.text
    for name in ("date", "start_time", "duration_minutes", "timezone"):
        assert f'name="session-{name}"' in response.text
    assert "There is a problem" not in response.text


@in_january_2027
def test_jam_create_stores_jam_with_host_slug_and_first_session(host_client, host):
    host_client.post("/jams/new/", jam_data())

    jam = Jam.objects.get()
    assert jam.host == host
    assert jam.name == "Healing Jam in Oaxaca"
    assert jam.local_name == "Jam de sanación"
    assert jam.kind == JamKind.HEALING
    assert jam.format == JamFormat.IN_PERSON
    assert jam.country.code == "MX"
    assert jam.language == "es"
    assert re.fullmatch(r"healing-jam-in-oaxaca-[a-z2-9]{6}", jam.slug)
    session = jam.sessions.get()
    assert session.number == 1
    # Mexico City keeps UTC−6 all year: 18:00 there is midnight UTC.
    assert session.starts_at == dt.datetime(2027, 3, 11, 0, 0, tzinfo=UTC)
    assert session.timezone == "America/Mexico_City"
    assert session.duration_minutes == 150


@in_january_2027
def test_jam_create_redirects_to_the_jam_page_that_shows_it(host_client):
    response = host_client.post("/jams/new/", jam_data(), follow=True)

    jam = Jam.objects.get()
    assert response.redirect_chain == [(f"/jams/{jam.slug}/", 302)]
    assert "Your Jam “Healing Jam in Oaxaca” is created." in response.text
    assert "<h1>Healing Jam in Oaxaca</h1>" in response.text
    assert "Jam de sanación" in response.text
    assert "Wednesday 10 March 2027, 18:00–20:30" in response.text
    assert "America/Mexico_City" in response.text
    assert "Session 1" in response.text
    assert countdown_on(response) == "54 days to go"


@in_january_2027
def test_jam_create_takes_the_first_of_a_time_that_happens_twice(host_client):
    # Madrid's clocks go back at 03:00 on 31 October 2027, so 02:30 happens twice.
    data = jam_data(**{"session-date": "2027-10-31", "session-start_time": "02:30"})
    data["session-timezone"] = "Europe/Madrid"

    host_client.post("/jams/new/", data)

    assert Session.objects.get().starts_at == dt.datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


@in_january_2027
def test_jam_create_accepts_today_in_the_sessions_own_zone(host_client):
    # 12:00 UTC on 15 January is already 16 January in Kiritimati (UTC+14).
    data = jam_data(**{"session-date": "2027-01-16", "session-timezone": "Pacific/Kiritimati"})

    host_client.post("/jams/new/", data)

    assert Session.objects.get().starts_at == dt.datetime(2027, 1, 16, 4, 0, tzinfo=UTC)


@in_january_2027
@pytest.mark.parametrize(
    ("overrides", "field_id", "message"),
    [
        pytest.param({"name": ""}, "id_name", "This field is required.", id="no-name"),
        pytest.param({"name": "   "}, "id_name", "This field is required.", id="blank-name"),
        pytest.param(
            {"objectives": ""}, "id_objectives", "This field is required.", id="no-objectives"
        ),
        pytest.param(
            {"session-duration_minutes": "0"},
            "id_session-duration_minutes",
            "A session lasts at least 10 minutes.",
            id="duration-0",
        ),
        pytest.param(
            {"session-duration_minutes": "2000"},
            "id_session-duration_minutes",
            "A session lasts at most 720 minutes (12 hours). For longer Jams, add another session.",
            id="duration-2000",
        ),
        pytest.param(
            {"session-timezone": "Mars/Olympus"},
            "id_session-timezone",
            "“Mars/Olympus” is not a time zone we know. Pick one from the list.",
            id="unknown-zone",
        ),
        pytest.param(
            {"session-date": "2027-01-14"},
            "id_session-date",
            "This date has already passed in America/Mexico_City. Choose today or a later date.",
            id="date-in-the-past",
        ),
        pytest.param(
            {"session-date": "2027-02-30"},
            "id_session-date",
            "Enter a valid date.",
            id="date-that-is-no-date",
        ),
        pytest.param(
            {
                "session-date": "2027-03-28",
                "session-start_time": "02:30",
                "session-timezone": "Europe/Madrid",
            },
            "id_session-start_time",
            "02:30 does not exist in Europe/Madrid that day: the clocks jump forward. "
            "Choose another time.",
            id="time-skipped-by-clocks",
        ),
        pytest.param(
            {"name": "J" * 121},
            "id_name",
            "Ensure this value has at most 120 characters (it has 121).",
            id="name-too-long",
        ),
        pytest.param(
            {"objectives": "o" * 4001},
            "id_objectives",
            "Ensure this value has at most 4000 characters (it has 4001).",
            id="objectives-too-long",
        ),
        pytest.param(
            {"kind": "party"},
            "id_kind_0",
            "Select a valid choice. party is not one of the available choices.",
            id="unknown-kind",
        ),
    ],
)
def test_jam_create_with_bad_input_explains_and_saves_nothing(
    host_client, overrides, field_id, message
):
    response = host_client.post("/jams/new/", jam_data(**overrides))

    assert response.status_code == 200
    assert "There is a problem" in response.text
    summary = response.text.split('id="error-summary-title"')[1].split("</div>")[0]
    assert f'href="#{field_id}"' in summary
    assert message in summary
    assert Jam.objects.count() == 0
    assert Session.objects.count() == 0


@in_january_2027
def test_jam_create_with_bad_input_keeps_what_was_typed(host_client):
    response = host_client.post("/jams/new/", jam_data(**{"session-duration_minutes": "0"}))

    assert 'value="Healing Jam in Oaxaca"' in response.text
    assert "Rest, laugh and imagine together." in response.text
    assert 'value="2027-03-10"' in response.text


@in_january_2027
@pytest.mark.parametrize(
    ("name", "local_name", "objectives"),
    [
        pytest.param("جلسة شفاء", "لقاء الأمل", "نرتاح ونضحك معًا.", id="arabic"),
        pytest.param("疗愈聚会", "希望之夜", "一起休息，一起欢笑。", id="chinese"),
        pytest.param(
            "Исцеляющий джем", "Вечер надежды", "Отдыхаем и смеёмся вместе.", id="cyrillic"
        ),
    ],
)
def test_jam_create_keeps_non_latin_text_intact(host_client, name, local_name, objectives):
    response = host_client.post(
        "/jams/new/",
        jam_data(name=name, local_name=local_name, objectives=objectives),
        follow=True,
    )

    jam = Jam.objects.get()
    assert (jam.name, jam.local_name, jam.objectives) == (name, local_name, objectives)
    assert re.fullmatch(r"jam-[a-z2-9]{6}", jam.slug)
    assert response.redirect_chain == [(f"/jams/{jam.slug}/", 302)]
    assert f"<h1>{name}</h1>" in response.text
    assert local_name in response.text
    assert objectives in response.text


@pytest.mark.parametrize("method", ["get", "post"])
def test_jam_create_signed_out_is_sent_to_sign_in(client, method):
    data = jam_data() if method == "post" else {}

    response = getattr(client, method)("/jams/new/", data)

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/jams/new/"
    assert Jam.objects.count() == 0


# --- The Jam page ------------------------------------------------------------


def test_jam_detail_shows_details_sessions_and_host(host_client, host):
    jam = JamFactory(
        host=host,
        name="Night of Stories",
        objectives="Share stories of hope.",
        country="KE",
        venue="Zoom",
        kind=JamKind.VISIONING,
    )
    SessionFactory(
        jam=jam,
        number=1,
        starts_at=dt.datetime(2027, 2, 1, 15, 0, tzinfo=UTC),
        timezone="Africa/Nairobi",
        duration_minutes=90,
    )

    response = host_client.get(f"/jams/{jam.slug}/")

    assert "<h1>Night of Stories</h1>" in response.text
    assert "Share stories of hope." in response.text
    assert "Visioning" in response.text
    assert "Kenya" in response.text
    assert "Zoom" in response.text
    assert "Host Person" in response.text
    assert "Mon 1 Feb 2027, 18:00" in response.text
    assert "90 minutes" in response.text
    assert "Delete this Jam" in response.text
    # The only session cannot be removed, so the page does not offer it.
    assert f"/jams/{jam.slug}/sessions/{jam.sessions.get().key}/delete/" not in response.text


def test_jam_detail_of_an_unknown_slug_is_404(host_client):
    assert host_client.get("/jams/no-such-jam-abcdef/").status_code == 404


def test_jam_detail_lists_sessions_in_the_order_they_happen(host_client, host):
    jam = JamFactory(host=host)
    for number, day in [(2, 20), (1, 10), (3, 30)]:
        SessionFactory(
            jam=jam,
            number=number,
            starts_at=dt.datetime(2027, 4, day, 10, tzinfo=UTC),
            timezone="UTC",
        )

    response = host_client.get(f"/jams/{jam.slug}/")

    rows = re.findall(r">(Session \d)</a></th>\s*<td><time[^>]*>\w{3} (\d+) Apr", response.text)
    assert rows == [("Session 1", "10"), ("Session 2", "20"), ("Session 3", "30")]


# --- The countdown on the Jam page -------------------------------------------


def jam_with_sessions(host, *sessions: tuple[dt.datetime, str]) -> Jam:
    jam = JamFactory(host=host)
    for number, (starts_at, zone) in enumerate(sorted(sessions), 1):
        SessionFactory(jam=jam, number=number, starts_at=starts_at, timezone=zone)
    return jam


@pytest.mark.parametrize(
    ("starts_at", "zone", "now", "expected"),
    [
        pytest.param(
            dt.datetime(2026, 12, 12, 15, tzinfo=UTC),
            "Africa/Nairobi",
            dt.datetime(2026, 11, 30, 9, tzinfo=UTC),
            "12 days to go",
            id="12-days-to-go",
        ),
        pytest.param(
            dt.datetime(2026, 12, 1, 15, tzinfo=UTC),
            "Africa/Nairobi",
            dt.datetime(2026, 11, 30, 20, 59, tzinfo=UTC),
            "Tomorrow",
            id="tomorrow",
        ),
        pytest.param(
            dt.datetime(2026, 12, 1, 15, tzinfo=UTC),
            "Africa/Nairobi",
            dt.datetime(2026, 11, 30, 21, 0, tzinfo=UTC),
            "Today",
            id="today-from-midnight-in-nairobi",
        ),
        pytest.param(
            dt.datetime(2026, 12, 1, 15, tzinfo=UTC),
            "Africa/Nairobi",
            dt.datetime(2026, 12, 1, 20, tzinfo=UTC),
            "Today",
            id="today-after-it-ended",
        ),
        pytest.param(
            dt.datetime(2026, 12, 1, 15, tzinfo=UTC),
            "Africa/Nairobi",
            dt.datetime(2026, 12, 2, 9, tzinfo=UTC),
            "Yesterday",
            id="yesterday",
        ),
        pytest.param(
            dt.datetime(2026, 12, 1, 15, tzinfo=UTC),
            "Africa/Nairobi",
            dt.datetime(2026, 12, 4, 9, tzinfo=UTC),
            "3 days ago",
            id="3-days-ago",
        ),
        pytest.param(
            # 01:00 on 1 December in Auckland (UTC+13) is 12:00 UTC on 30 November,
            # and 10:00 UTC on 30 November is already 23:00 there.
            dt.datetime(2026, 11, 30, 12, tzinfo=UTC),
            "Pacific/Auckland",
            dt.datetime(2026, 11, 30, 10, tzinfo=UTC),
            "Tomorrow",
            id="auckland-tomorrow-though-the-same-day-in-utc",
        ),
        pytest.param(
            dt.datetime(2026, 11, 30, 12, tzinfo=UTC),
            "Pacific/Auckland",
            dt.datetime(2026, 11, 30, 11, tzinfo=UTC),
            "Today",
            id="auckland-today-from-its-midnight",
        ),
        pytest.param(
            # 20:00 on 30 November in Honolulu (UTC−10) is 06:00 UTC on 1 December;
            # at 20:00 UTC on 30 November it is 10:00 that day there.
            dt.datetime(2026, 12, 1, 6, tzinfo=UTC),
            "Pacific/Honolulu",
            dt.datetime(2026, 11, 30, 20, tzinfo=UTC),
            "Today",
            id="honolulu-today-though-tomorrow-in-utc",
        ),
        pytest.param(
            # 09:00 on 29 November in Honolulu; at 05:00 UTC on 1 December it is
            # still 19:00 on 30 November there.
            dt.datetime(2026, 11, 29, 19, tzinfo=UTC),
            "Pacific/Honolulu",
            dt.datetime(2026, 12, 1, 5, tzinfo=UTC),
            "Yesterday",
            id="honolulu-yesterday-though-2-days-ago-in-utc",
        ),
        pytest.param(
            # 00:30 on 30 March 2026 in Madrid (summer time since the 29th) is
            # 22:30 UTC on the 29th; 00:30 on the 28th (winter time) is 23:30 UTC
            # on the 27th. Only 47 hours apart, but two calendar days.
            dt.datetime(2026, 3, 29, 22, 30, tzinfo=UTC),
            "Europe/Madrid",
            dt.datetime(2026, 3, 27, 23, 30, tzinfo=UTC),
            "2 days to go",
            id="madrid-across-the-change-to-summer-time",
        ),
        pytest.param(
            dt.datetime(2026, 3, 30, 16, tzinfo=UTC),
            "Europe/Madrid",
            dt.datetime(2026, 3, 28, 22, 59, tzinfo=UTC),
            "2 days to go",
            id="madrid-late-evening-before-the-change",
        ),
    ],
)
def test_jam_detail_counts_days_in_the_sessions_own_zone(
    host_client, host, freeze_at, starts_at, zone, now, expected
):
    jam = jam_with_sessions(host, (starts_at, zone))
    freeze_at(now)

    response = host_client.get(f"/jams/{jam.slug}/")

    assert countdown_on(response) == expected


def test_jam_detail_counts_down_to_the_next_of_several_sessions(host_client, host, freeze_at):
    jam = jam_with_sessions(
        host,
        (dt.datetime(2026, 11, 20, 15, tzinfo=UTC), "Africa/Nairobi"),
        (dt.datetime(2026, 12, 12, 15, tzinfo=UTC), "Africa/Nairobi"),
        (dt.datetime(2026, 12, 19, 15, tzinfo=UTC), "Africa/Nairobi"),
    )
    freeze_at(dt.datetime(2026, 11, 30, 9, tzinfo=UTC))

    response = host_client.get(f"/jams/{jam.slug}/")

    assert countdown_on(response) == "12 days to go"
    panel = response.text.split('class="countdown-panel"')[1].split("</section>")[0]
    assert "Session 2:" in panel
    assert "Saturday 12 December 2026, 18:00–20:00" in panel


def test_jam_detail_counts_since_the_last_session_when_all_are_past(host_client, host, freeze_at):
    jam = jam_with_sessions(
        host,
        (dt.datetime(2026, 11, 10, 15, tzinfo=UTC), "Africa/Nairobi"),
        (dt.datetime(2026, 11, 27, 15, tzinfo=UTC), "Africa/Nairobi"),
    )
    freeze_at(dt.datetime(2026, 11, 30, 9, tzinfo=UTC))

    response = host_client.get(f"/jams/{jam.slug}/")

    assert countdown_on(response) == "3 days ago"
    panel = response.text.split('class="countdown-panel"')[1].split("</section>")[0]
    assert "Session 2:" in panel


def test_jam_list_shows_each_jams_countdown(host_client, host, freeze_at):
    jam_with_sessions(host, (dt.datetime(2026, 12, 12, 15, tzinfo=UTC), "Africa/Nairobi"))
    freeze_at(dt.datetime(2026, 11, 30, 9, tzinfo=UTC))

    response = host_client.get("/jams/")

    assert "<strong>12 days to go</strong>" in response.text
    assert "Saturday 12 December 2026, 18:00" in response.text


# --- Editing and deleting a Jam ----------------------------------------------


def edit_data(jam: Jam, **overrides) -> dict:
    data = {
        "name": jam.name,
        "local_name": jam.local_name,
        "objectives": jam.objectives,
        "kind": jam.kind,
        "format": jam.format,
        "country": jam.country.code or "",
        "language": jam.language,
        "venue": jam.venue,
        "who_to_invite": jam.who_to_invite,
        "support_needed": jam.support_needed,
    }
    data.update(overrides)
    return data


def test_jam_edit_shows_the_current_details(host_client, jam):
    response = host_client.get(f"/jams/{jam.slug}/edit/")

    assert "Edit the Jam" in response.text
    assert f'value="{jam.name}"' in response.text
    assert jam.objectives in response.text


def test_jam_edit_saves_changes_and_says_so(host_client, jam):
    slug = jam.slug
    data = edit_data(jam, name="Visioning Jam", format=JamFormat.HYBRID, venue="Parque México")

    response = host_client.post(f"/jams/{slug}/edit/", data, follow=True)

    jam.refresh_from_db()
    assert (jam.name, jam.format, jam.venue) == ("Visioning Jam", JamFormat.HYBRID, "Parque México")
    assert jam.slug == slug
    assert response.redirect_chain == [(f"/jams/{slug}/", 302)]
    assert "Your changes are saved." in response.text
    assert "<h1>Visioning Jam</h1>" in response.text


def test_jam_edit_with_bad_input_explains_and_keeps_the_jam(host_client, jam):
    name = jam.name

    response = host_client.post(f"/jams/{jam.slug}/edit/", edit_data(jam, name="", venue="x"))

    assert response.status_code == 200
    assert "There is a problem" in response.text
    assert "Name: This field is required." in response.text
    jam.refresh_from_db()
    assert (jam.name, jam.venue) == (name, "")


# --- Who may see what ---------------------------------------------------------

EVERY_JAM_URL = [
    "/jams/{slug}/",
    "/jams/{slug}/edit/",
    "/jams/{slug}/delete/",
    "/jams/{slug}/sessions/new/",
    "/jams/{slug}/sessions/{key}/",
    "/jams/{slug}/sessions/{key}/edit/",
    "/jams/{slug}/sessions/{key}/delete/",
]

# Valid for every form of a Jam, so a request that got through would change something.
TAKEOVER_DATA = {
    **jam_data(name="Taken over"),
    "date": "2027-06-01",
    "start_time": "10:00",
    "duration_minutes": "60",
    "timezone": "Europe/Madrid",
}


@in_january_2027
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("url", EVERY_JAM_URL)
def test_jam_urls_are_404_for_another_host(other_client, host, url, method):
    jam = JamFactory(host=host)
    first = SessionFactory(jam=jam, number=1, starts_at=dt.datetime(2027, 2, 1, 15, tzinfo=UTC))
    SessionFactory(jam=jam, number=2, starts_at=dt.datetime(2027, 2, 8, 15, tzinfo=UTC))
    before = state_of(jam)

    response = getattr(other_client, method)(
        url.format(slug=jam.slug, key=first.key), TAKEOVER_DATA
    )

    assert response.status_code in (
        404,
        405,
    )  # 405: a page that only shows takes no POST, from anyone
    assert jam.name not in response.text
    assert state_of(jam) == before
    assert Jam.objects.count() == 1


@pytest.mark.parametrize("url", EVERY_JAM_URL)
def test_jam_urls_send_signed_out_visitors_to_sign_in(client, jam, url):
    path = url.format(slug=jam.slug, key=jam.sessions.get().key)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_jam_detail_is_open_to_a_team_member_and_edit_if_their_role_allows(
    other_client, other_host, jam
):
    TeamMemberFactory(jam=jam, user=other_host)

    detail = other_client.get(f"/jams/{jam.slug}/")
    refused = other_client.post(f"/jams/{jam.slug}/edit/", edit_data(jam, name="Our Jam"))
    jam.role_permissions = {"facilitator": ["change_jam"]}
    jam.save()
    edited = other_client.post(f"/jams/{jam.slug}/edit/", edit_data(jam, name="Our Jam"))

    assert f"<h1>{jam.name}</h1>" in detail.text
    assert "Host Person" in detail.text
    assert "Delete this Jam" not in detail.text
    assert "Edit details" not in detail.text
    assert refused.status_code == 403
    assert edited.status_code == 302
    jam.refresh_from_db()
    assert jam.name == "Our Jam"


def test_jam_list_shows_only_hosted_and_team_jams(host_client, host, other_host):
    hosted = JamFactory(host=host, name="My own Jam")
    helped = JamFactory(host=other_host, name="A friend's Jam")
    TeamMemberFactory(jam=helped, user=host)
    JamFactory(host=other_host, name="Someone else's Jam")
    JamFactory(name="A stranger's Jam")

    response = host_client.get("/jams/")

    titles = re.findall(r'<h2><a href="/jams/([^/]+)/">', response.text)
    assert sorted(titles) == sorted([hosted.slug, helped.slug])
    assert "You host it" in response.text
    assert "Hosted by Other Host" in response.text
    assert "Someone else" not in response.text
    assert "stranger" not in response.text


def test_jam_list_shows_a_jam_once_when_its_host_is_also_on_the_team(host_client, host):
    jam = JamFactory(host=host)
    TeamMemberFactory(jam=jam, user=host)

    response = host_client.get("/jams/")

    assert response.text.count(f'href="/jams/{jam.slug}/"') == 1


def test_jam_list_without_jams_invites_to_plan_one(host_client, other_host):
    JamFactory(host=other_host)

    response = host_client.get("/jams/")

    assert "You have no Jams yet." in response.text
    assert 'href="/jams/new/"' in response.text


def test_jam_list_signed_out_is_sent_to_sign_in(client):
    response = client.get("/jams/")

    assert response["Location"] == "/accounts/login/?next=/jams/"


# --- Query counts --------------------------------------------------------------


def queries_for(client, path: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


def make_jams(host, count: int) -> None:
    """`count` Jams with three sessions each; every third one hosted by someone else."""
    for index in range(count):
        if index % 3 == 2:
            jam = JamFactory(host=UserFactory())
            TeamMemberFactory(jam=jam, user=host)
        else:
            jam = JamFactory(host=host)
        for number in (1, 2, 3):
            SessionFactory(
                jam=jam,
                number=number,
                starts_at=dt.datetime.now(UTC) + dt.timedelta(days=7 * number - 10),
            )


def test_jam_list_queries_do_not_grow_with_the_number_of_jams(host_client, host):
    make_jams(host, 1)
    one = queries_for(host_client, "/jams/")
    make_jams(host, 19)

    twenty = queries_for(host_client, "/jams/")

    assert Jam.objects.for_member(host).count() == 20
    assert twenty == one


def test_jam_detail_queries_do_not_grow_with_the_number_of_sessions(host_client, host):
    jam = JamFactory(host=host)
    TeamMemberFactory(jam=jam)
    SessionFactory(jam=jam, number=1)
    one = queries_for(host_client, f"/jams/{jam.slug}/")
    for number in range(2, 11):
        SessionFactory(
            jam=jam, number=number, starts_at=dt.datetime.now(UTC) + dt.timedelta(days=number)
        )

    ten = queries_for(host_client, f"/jams/{jam.slug}/")

    assert jam.sessions.count() == 10
    assert ten == one
