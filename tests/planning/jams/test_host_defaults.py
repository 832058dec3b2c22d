"""Defaults that help the host: the time zone a session starts on, the roadmap steps the
new-Jam form already answered, and skipping every step already past at once."""

import datetime as dt
import re
import zoneinfo

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django_countries import countries

from jamsessions.actions.jams import jam_create
from planning.enums import JamFormat, JamKind, TeamRole
from planning.jams.forms import SessionForm, time_zone_choices
from planning.jams.zones import (
    ZoneDefault,
    ZoneSource,
    country_time_zone,
    country_time_zones,
    session_default_zone,
)
from planning.models import Jam, Task
from planning.roadmap.selectors import roadmap_get
from planning.roadmap.services import (
    roadmap_skip_past,
    roadmap_steps,
    task_set_done,
    task_set_skipped,
)
from sessions.participant.forms import TimezoneForm
from tests.factories import JamFactory, SessionFactory, TeamMemberFactory

pytestmark = pytest.mark.django_db

UTC = dt.UTC
AUCKLAND = zoneinfo.ZoneInfo("Pacific/Auckland")
# 10:00 on 31 January in Auckland: the day before a Jam there at 08:00 on 1 February.
THE_DAY_BEFORE = dt.datetime(2027, 1, 31, 10, tzinfo=AUCKLAND)
on_the_day_before = pytest.mark.time_machine(THE_DAY_BEFORE, tick=False)
# Early January 2027: nothing of a Jam on 1 February is late yet.
EARLY_JANUARY = dt.datetime(2027, 1, 5, 12, 0, tzinfo=UTC)
in_early_january = pytest.mark.time_machine(EARLY_JANUARY, tick=False)

# Every step the new-Jam form can answer, and what answers it.
ANSWERED_BY_THE_FORM = {"objectives", "event_type", "local_name", "who_to_invite", "support"}
ANSWERED_BY_THE_PLACE = {"where"}
ANSWERED_BY_THE_DATE = {"dates"}
EVERY_ANSWERABLE = ANSWERED_BY_THE_FORM | ANSWERED_BY_THE_PLACE | ANSWERED_BY_THE_DATE


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def selected_zone(html: str, name: str = "session-timezone") -> str:
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no {name} list"
    chosen = re.findall(r'<option value="([^"]+)"[^>]*\sselected>', select[1])
    assert len(chosen) == 1, chosen
    return chosen[0]


def zone_select_tag(html: str, name: str = "session-timezone") -> str:
    return re.search(rf'<select name="{name}"[^>]*>', html)[0]


def create(host, details: dict, zone: str = "Pacific/Auckland", starts_at=None) -> Jam:
    return jam_create(
        host=host,
        details={"name": "Healing Jam", "objectives": "Rest.", **details},
        starts_at=starts_at or dt.datetime(2027, 2, 1, 8, tzinfo=AUCKLAND),
        duration_minutes=120,
        timezone=zone,
    )


def done_keys(jam: Jam) -> set[str]:
    return set(
        jam.tasks.filter(done_at__isnull=False, session=None).values_list("template_key", flat=True)
    )


# --- Time zones by country -------------------------------------------------------------


@pytest.mark.parametrize(
    ("country", "zone"),
    [
        ("KE", "Africa/Nairobi"),
        ("ke", "Africa/Nairobi"),
        ("MX", "America/Mexico_City"),
        ("IN", "Asia/Kolkata"),
        ("DE", "Europe/Berlin"),
        # Several zones: the first the time zone database lists for the country...
        ("US", "America/New_York"),
        ("ES", "Europe/Madrid"),
        ("CL", "America/Santiago"),
        # ... unless that is not where most of its people live.
        ("AU", "Australia/Sydney"),
        ("BR", "America/Sao_Paulo"),
        ("CA", "America/Toronto"),
        ("RU", "Europe/Moscow"),
        ("UA", "Europe/Kyiv"),
        # A country sharing its zone with others gets a zone named for itself when there is one.
        ("IS", "Atlantic/Reykjavik"),
    ],
)
def test_country_time_zone_is_where_most_of_the_country_lives(country, zone):
    assert country_time_zone(country) == zone


def test_a_country_s_zones_start_with_its_main_zone_and_name_each_once():
    zones = country_time_zones("AU")

    assert zones[0] == "Australia/Sydney"
    assert {"Australia/Perth", "Australia/Lord_Howe", "Australia/Brisbane"} <= set(zones)
    assert len(zones) == len(set(zones))
    # A zone shared with neighbours in the database's second table does not join a country
    # that has its own.
    assert country_time_zones("DK") == ("Europe/Copenhagen",)


def test_country_time_zone_knows_nearly_every_country_and_only_offers_zones_of_the_list():
    offered = {zone for zone, _label in time_zone_choices()}
    known = {country.code: country_time_zone(country.code) for country in countries}

    assert all(zone in offered for zone in known.values() if zone)
    # Only uninhabited islands have no zone of their own (Bouvet, Heard and McDonald).
    assert {code for code, zone in known.items() if not zone} <= {"BV", "HM"}
    assert country_time_zone("") is None
    assert country_time_zone("XX") is None


# --- Where a session's time zone starts ------------------------------------------------


def test_session_form_of_a_jam_in_kenya_starts_on_nairobi(host):
    jam = JamFactory(host=host, country="KE")

    form = SessionForm(jam=jam)

    assert form.initial["timezone"] == "Africa/Nairobi"
    assert form["timezone"].value() == "Africa/Nairobi"
    # A fact about the Jam, not a guess about the host: the device's zone does not replace it.
    assert "data-browser-zone" not in str(form["timezone"])


def test_session_form_of_a_jam_in_a_country_of_several_zones_lets_the_device_choose_among_them(
    host,
):
    jam = JamFactory(host=host, country="AU")

    form = SessionForm(jam=jam)

    assert form.initial["timezone"] == "Australia/Sydney"
    select = zone_select_tag(str(form["timezone"]), name="timezone")
    (listed,) = re.findall(r'data-browser-zone="([^"]*)"', select)
    assert listed.split()[0] == "Australia/Sydney"
    assert "Australia/Perth" in listed.split()
    assert "Asia/Tokyo" not in listed.split()


def test_session_form_of_a_jam_with_sessions_starts_on_their_zone(host):
    jam = JamFactory(host=host, country="KE")
    SessionFactory(jam=jam, number=1, timezone="Europe/London")

    assert session_default_zone(jam=jam) == ZoneDefault("Europe/London", ZoneSource.SESSION)
    assert SessionForm(jam=jam).initial["timezone"] == "Europe/London"


def test_session_form_of_a_jam_without_country_starts_on_the_hosts_previous_jam(host):
    create(host, {"country": "KE"}, zone="Africa/Nairobi")
    jam = JamFactory(host=host, country="")

    default = session_default_zone(jam=jam)

    assert (default.zone, default.source) == ("Africa/Nairobi", ZoneSource.PREVIOUS_JAM)


def test_session_form_of_a_first_jam_starts_on_utc_never_the_first_zone_of_the_list(host):
    form = SessionForm(host=host)

    assert form.initial["timezone"] == "UTC"
    assert time_zone_choices()[0][0] == "Africa/Abidjan"
    assert 'data-browser-zone=""' in str(form["timezone"])


def test_session_form_of_a_session_keeps_its_zone_and_a_zone_given_as_initial(host):
    session = SessionFactory(jam=JamFactory(host=host, country="KE"), timezone="Asia/Tokyo")

    assert SessionForm(instance=session)["timezone"].value() == "Asia/Tokyo"
    given = SessionForm(jam=session.jam, initial={"timezone": "America/Lima"})
    assert given["timezone"].value() == "America/Lima"
    assert "data-browser-zone" not in str(given["timezone"])


def test_new_jam_page_of_a_first_time_host_starts_on_utc_for_the_browser_to_improve(host_client):
    html = host_client.get("/jams/new/").text

    assert selected_zone(html) == "UTC"
    assert "data-browser-zone" in zone_select_tag(html)
    assert re.search(r'<script src="/static/js/browser-zone\.js" defer>', html)


def test_new_jam_page_starts_on_the_zone_of_the_hosts_previous_jam(host, host_client):
    create(host, {"country": "KE"}, zone="Africa/Nairobi")

    html = host_client.get("/jams/new/").text

    assert selected_zone(html) == "Africa/Nairobi"
    assert "data-browser-zone" in zone_select_tag(html)


def test_new_jam_page_shown_again_keeps_the_zone_sent_and_leaves_it_to_no_script(host_client):
    response = host_client.post(
        "/jams/new/",
        {"name": "", "objectives": "Rest.", "session-timezone": "Europe/Lisbon"},
    )

    assert response.status_code == 200
    assert selected_zone(response.text) == "Europe/Lisbon"
    assert "data-browser-zone" not in zone_select_tag(response.text)


def test_add_session_page_of_a_jam_in_kenya_starts_on_nairobi(host, host_client):
    jam = create(host, {"country": "KE"}, zone="Africa/Nairobi")

    html = host_client.get(f"/jams/{jam.slug}/sessions/new/").text

    assert selected_zone(html, "timezone") == "Africa/Nairobi"
    assert "data-browser-zone" not in zone_select_tag(html, "timezone")


# --- Roadmap steps the new-Jam form answered ------------------------------------------------


def test_every_answerable_step_names_fields_of_the_new_jam_form():
    from planning.jams.forms import JamForm

    answerable = {step.key: step.answered_by for step in roadmap_steps() if step.answered_by}

    assert set(answerable) == EVERY_ANSWERABLE
    fields = {name for answers in answerable.values() for name in answers} - {"session"}
    assert fields <= set(JamForm.Meta.fields)


@in_early_january
def test_jam_create_starts_done_the_steps_its_details_answer(host):
    jam = create(
        host,
        {
            "kind": JamKind.HEALING,
            "format": JamFormat.IN_PERSON,
            "local_name": "Pumzika",
            "who_to_invite": "Organisers from the campaign.",
            "support_needed": "A room.",
            "venue": "The community hall",
        },
    )

    assert done_keys(jam) == EVERY_ANSWERABLE
    done = jam.tasks.filter(done_at__isnull=False)
    assert {(task.done_by, task.done_at, task.skipped) for task in done} == {
        (host, EARLY_JANUARY, False)
    }
    still_open = set(jam.tasks.filter(done_at__isnull=True).values_list("template_key", flat=True))
    assert {"team", "agenda", "venue", "invitations", "confirm", "remind", "report"} <= still_open


@in_early_january
def test_jam_create_leaves_open_the_steps_given_nothing_or_only_blanks(host):
    jam = create(host, {"local_name": "", "who_to_invite": "   ", "venue": "", "online_link": ""})

    # The objectives are required, and a Jam always has its first session's date.
    assert done_keys(jam) == {"objectives", "dates"}


@in_early_january
def test_jam_create_takes_an_online_link_as_knowing_where(host):
    jam = create(host, {"format": JamFormat.ONLINE, "online_link": "https://meet.example/jam"})

    assert done_keys(jam) == {"objectives", "event_type", "where", "dates"}


@on_the_day_before
def test_new_jam_form_post_starts_done_what_the_host_filled_in(host, host_client):
    response = host_client.post(
        "/jams/new/",
        {
            "name": "Overnight Jam",
            "local_name": "Pō Hākari",
            "objectives": "Rest together, at short notice.",
            "kind": "healing",
            "format": "in_person",
            "language": "en",
            "venue": "The marae hall",
            "who_to_invite": "The whole organising circle.",
            "support_needed": "",
            "session-date": "2027-02-01",
            "session-start_time": "08:00",
            "session-duration_minutes": "120",
            "session-timezone": "Pacific/Auckland",
        },
    )

    assert response.status_code == 302
    jam = Jam.objects.get(name="Overnight Jam")
    assert done_keys(jam) == EVERY_ANSWERABLE - {"support"}
    html = host_client.get(f"/jams/{jam.slug}/roadmap/").text
    late = re.findall(r'<li class="task task-late" id="task-\d+">\s*<form', html)
    # Left late: support (not given) and the steps the form cannot answer.
    assert len(late) == 15 - len(EVERY_ANSWERABLE - {"support"}) == 9
    for title in ("Write down what you want the Jam to give people", "Choose the kind of Jam"):
        row = re.search(rf'<li class="task task-(\w+)"[^>]*>(?:(?!</li>).)*{title}', html, re.S)
        assert row and row[1] == "done", title


# --- Skipping every step already past -------------------------------------------------------


def overnight_jam(host) -> Jam:
    """Created the day before: every early step but what the host gave is late."""
    return create(host, {}, starts_at=dt.datetime(2027, 2, 1, 8, tzinfo=AUCKLAND))


def skip_url(jam: Jam) -> str:
    return f"/jams/{jam.slug}/roadmap/skip-past/"


def counts(jam: Jam) -> dict[str, int]:
    roadmap = roadmap_get(jam=Jam.objects.get(pk=jam.pk), now=THE_DAY_BEFORE)
    states = [item.state for item in roadmap.items]
    return {state: states.count(state) for state in set(states)}


def stored(jam: Jam) -> list[tuple]:
    return list(Task.objects.filter(jam_id=jam.pk).order_by("pk").values_list())


SKIP_BUTTON = "Skip all steps that are already past"


@on_the_day_before
def test_roadmap_skip_past_skips_only_the_open_steps_already_past(host):
    jam = overnight_jam(host)
    task_set_done(task=jam.tasks.get(template_key="support"), done=True, actor=host)
    task_set_skipped(task=jam.tasks.get(template_key="team"), skipped=True)
    before = counts(jam)
    assert before == {"done": 3, "skipped": 1, "late": 11, "due_soon": 6}

    skipped = roadmap_skip_past(jam=jam, now=THE_DAY_BEFORE)

    assert skipped == 11
    assert counts(jam) == {"done": 3, "skipped": 12, "due_soon": 6}
    # Skipped, not done: each can be brought back.
    assert not jam.tasks.filter(skipped=True, done_at__isnull=False).exists()
    assert roadmap_skip_past(jam=jam, now=THE_DAY_BEFORE) == 0


@on_the_day_before
def test_roadmap_skip_past_counts_a_date_set_by_hand(host):
    jam = overnight_jam(host)
    Task.objects.filter(jam=jam, template_key="report").update(due_on_override=dt.date(2027, 1, 30))
    Task.objects.filter(jam=jam, template_key="invitations").update(
        due_on_override=dt.date(2027, 2, 3)
    )

    # The report, due by hand yesterday, is past; the invitations, moved to later, are not.
    assert roadmap_skip_past(jam=jam, now=THE_DAY_BEFORE) == 13
    assert jam.tasks.get(template_key="report").skipped
    assert not jam.tasks.get(template_key="invitations").skipped


@on_the_day_before
def test_roadmap_page_offers_to_skip_the_steps_past_and_says_how_many_were_skipped(
    host, host_client
):
    jam = overnight_jam(host)
    page = host_client.get(f"/jams/{jam.slug}/roadmap/").text
    assert SKIP_BUTTON in page
    assert "13 steps are already past their date." in page
    assert f'action="{skip_url(jam)}"' in page

    response = host_client.post(skip_url(jam), follow=True)

    assert response.redirect_chain == [(f"/jams/{jam.slug}/roadmap/", 302)]
    assert "13 steps that were already past are skipped." in response.text
    assert SKIP_BUTTON not in response.text
    assert counts(jam) == {"done": 2, "skipped": 13, "due_soon": 6}
    assert len(re.findall(r'<li class="task task-skipped"', response.text)) == 13


@on_the_day_before
def test_skipping_the_steps_past_when_none_is_left_says_so(host, host_client):
    jam = overnight_jam(host)
    roadmap_skip_past(jam=jam, now=THE_DAY_BEFORE)
    before = stored(jam)

    response = host_client.post(skip_url(jam), follow=True)

    assert "nothing was skipped" in response.text
    assert stored(jam) == before


@in_early_january
def test_roadmap_page_without_steps_past_has_no_skip_button(host, host_client):
    jam = overnight_jam(host)

    assert SKIP_BUTTON not in host_client.get(f"/jams/{jam.slug}/roadmap/").text


@on_the_day_before
def test_the_jam_home_lists_late_steps_without_the_skip_button(host, host_client):
    jam = overnight_jam(host)

    assert SKIP_BUTTON not in host_client.get(f"/jams/{jam.slug}/").text


@on_the_day_before
def test_a_team_member_may_skip_the_steps_past_as_they_may_skip_one(host):
    jam = overnight_jam(host)
    helper = TeamMemberFactory(jam=jam, role=TeamRole.NOTE_TAKER).user

    response = client_for(helper).post(skip_url(jam))

    assert response.status_code == 302
    assert counts(jam)["skipped"] == 13


@on_the_day_before
def test_skipping_the_steps_past_is_404_for_another_host_and_changes_nothing(host, other_client):
    jam = overnight_jam(host)
    before = stored(jam)

    response = other_client.post(skip_url(jam))

    assert response.status_code == 404
    assert jam.name not in response.text
    assert stored(jam) == before


@on_the_day_before
def test_skipping_the_steps_past_needs_a_post_and_a_signed_in_member(host, host_client, client):
    jam = overnight_jam(host)
    before = stored(jam)

    assert host_client.get(skip_url(jam)).status_code == 405
    signed_out = client.post(skip_url(jam))
    assert signed_out.status_code == 302
    assert signed_out["Location"].startswith("/accounts/login/?next=")
    assert stored(jam) == before


def roadmap_queries(client, jam: Jam) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"/jams/{jam.slug}/roadmap/")
    assert response.status_code == 200
    return len(queries)


@on_the_day_before
def test_the_skip_button_costs_the_roadmap_page_no_query(host, host_client):
    jam = overnight_jam(host)
    with_button = roadmap_queries(host_client, jam)
    roadmap_skip_past(jam=jam, now=THE_DAY_BEFORE)

    without_button = roadmap_queries(host_client, jam)

    assert with_button == without_button


@on_the_day_before
@pytest.mark.parametrize("code", ["es", "fr"])
def test_the_offer_and_the_count_skipped_speak_the_hosts_language(host, host_client, code):
    jam = overnight_jam(host)
    with translation.override(code):
        button = translation.gettext(SKIP_BUTTON)
        done = translation.ngettext(
            "%(count)d step that was already past is skipped. “Bring back” on its row undoes it.",
            "%(count)d steps that were already past are skipped. "
            "“Bring back” on any of them undoes it.",
            13,
        ) % {"count": 13}
    assert button != SKIP_BUTTON

    page = host_client.get(f"/jams/{jam.slug}/roadmap/", HTTP_ACCEPT_LANGUAGE=code)
    response = host_client.post(skip_url(jam), HTTP_ACCEPT_LANGUAGE=code, follow=True)

    assert button in page.text
    assert done in response.text


def test_a_guests_zone_list_is_left_to_the_device_only_while_none_is_saved():
    # In this order: the list is rendered once per language and attributes, then reused.
    blank = str(TimezoneForm(initial={"zone": ""})["zone"])
    saved = str(TimezoneForm(initial={"zone": "Europe/Lisbon"})["zone"])

    assert 'data-browser-zone=""' in blank
    assert "data-browser-zone" not in saved
    assert 'value="Europe/Lisbon" selected' in saved
