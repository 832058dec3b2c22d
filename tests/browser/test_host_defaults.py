"""Defaults that help the host, in a phone-sized Chromium: the new Jam's time zone starts on
the device's own, and the steps already past of a Jam planned overnight go in one click."""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo

import pytest
from playwright.sync_api import Browser, expect

from jamsessions.actions.jams import jam_create
from jamsessions.timing import aware_local
from planning.guests.tokens import guest_link_token
from planning.models import Jam
from tests.browser.conftest import check_page, new_phone_page, sign_in_as
from tests.factories import GuestFactory, JamFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

DEVICE_ZONE = "Asia/Tokyo"
TIME_ZONE = re.compile(r"^Time zone")


def new_jam_page(browser: Browser, live_server, **context_options):
    host = UserFactory(email="zone-host@example.test", name="Zone Host")
    page, problems = new_phone_page(browser, **context_options)
    sign_in_as(page, live_server, host)
    page.goto(f"{live_server.url}/jams/new/")
    return page, problems


def test_new_jam_time_zone_starts_on_the_devices_zone(live_server, browser):
    page, problems = new_jam_page(browser, live_server, timezone_id=DEVICE_ZONE)
    try:
        expect(page.get_by_label(TIME_ZONE)).to_have_value(DEVICE_ZONE)
        check_page(page, problems)
    finally:
        page.context.close()


def test_a_time_zone_the_host_picked_is_not_replaced_by_the_devices(live_server, browser):
    page, problems = new_jam_page(browser, live_server, timezone_id=DEVICE_ZONE)
    try:
        zone = page.get_by_label(TIME_ZONE)
        expect(zone).to_have_value(DEVICE_ZONE)
        zone.select_option("Europe/Lisbon")
        # Sent without a name: the page comes back with the errors, and the zone picked.
        page.get_by_role("button", name="Create the Jam").click()

        expect(page.get_by_role("alert")).to_contain_text("There is a problem")
        expect(page.get_by_label(TIME_ZONE)).to_have_value("Europe/Lisbon")
        check_page(page, problems)
    finally:
        page.context.close()


def test_a_time_zone_picked_before_the_script_runs_is_kept(live_server, browser):
    host = UserFactory(email="slow-host@example.test", name="Slow Host")
    page, problems = new_phone_page(browser, timezone_id=DEVICE_ZONE)
    # The page's own copy of the script arrives empty: it is run by hand below, late.
    page.route(
        "**/js/browser-zone.js",
        lambda route: route.fulfill(status=200, content_type="text/javascript", body=""),
    )
    late_script = f"{live_server.url}/static/js/browser-zone.js?late"
    sign_in_as(page, live_server, host)
    try:
        page.goto(f"{live_server.url}/jams/new/")
        zone = page.get_by_label(TIME_ZONE)
        expect(zone).to_have_value("UTC")
        page.add_script_tag(url=late_script)
        expect(zone).to_have_value(DEVICE_ZONE)  # untouched: the device's zone

        page.reload()
        zone.select_option("Europe/Lisbon")
        page.add_script_tag(url=late_script)

        expect(zone).to_have_value("Europe/Lisbon")
        assert not problems, problems.report()
    finally:
        page.context.close()


def test_without_javascript_the_new_jam_time_zone_starts_on_utc(live_server, browser):
    page, problems = new_jam_page(
        browser, live_server, timezone_id=DEVICE_ZONE, java_script_enabled=False
    )
    try:
        expect(page.get_by_label(TIME_ZONE)).to_have_value("UTC")
        assert not problems, problems.report()
    finally:
        page.context.close()


@pytest.mark.parametrize(
    ("device_zone", "expected"),
    [
        ("Australia/Perth", "Australia/Perth"),  # one of the country's zones: the device's
        (DEVICE_ZONE, "Australia/Sydney"),  # elsewhere: the country's main zone stays
    ],
)
def test_a_session_of_a_jam_in_a_country_of_several_zones(
    live_server, browser, device_zone, expected
):
    host = UserFactory(email="perth-host@example.test", name="Perth Host")
    jam = JamFactory(host=host, country="AU")
    page, problems = new_phone_page(browser, timezone_id=device_zone)
    sign_in_as(page, live_server, host)
    try:
        page.goto(f"{live_server.url}/jams/{jam.slug}/sessions/new/")
        expect(page.get_by_label(TIME_ZONE)).to_have_value(expected)
        check_page(page, problems)
    finally:
        page.context.close()


@pytest.mark.parametrize("saved_zone", ["", "Europe/Lisbon"])
def test_a_guests_time_zone_list_starts_on_the_devices_zone_until_one_is_saved(
    live_server, browser, saved_zone
):
    jam = JamFactory(host=UserFactory(email="zone-jam@example.test"))
    guest = GuestFactory(jam=jam, name="Kenji", timezone=saved_zone)
    page, problems = new_phone_page(browser, timezone_id=DEVICE_ZONE)
    try:
        page.goto(f"{live_server.url}/i/{guest_link_token(guest)}/")
        expect(page.get_by_label("My time zone")).to_have_value(saved_zone or DEVICE_ZONE)
        check_page(page, problems)
    finally:
        page.context.close()


def overnight_jam(host) -> Jam:
    """A Jam whose first session is tomorrow morning: its early steps are all past."""
    zone = "Africa/Nairobi"
    tomorrow = dt.datetime.now(zoneinfo.ZoneInfo(zone)).date() + dt.timedelta(days=1)
    return jam_create(
        host=host,
        details={"name": "Overnight Jam", "objectives": "Rest, at short notice."},
        starts_at=aware_local(tomorrow, dt.time(10), zone),
        duration_minutes=120,
        timezone=zone,
    )


def test_skipping_every_step_already_past_in_one_click(live_server, page, page_problems):
    host = UserFactory(email="overnight@example.test", name="Overnight Host")
    jam = overnight_jam(host)
    sign_in_as(page, live_server, host)
    page.goto(f"{live_server.url}/jams/{jam.slug}/roadmap/")
    progress = page.get_by_role("region", name="Progress")
    expect(progress).to_contain_text("13 steps are already past their date.")
    check_page(page, page_problems)

    # One skipped by hand (htmx): the offer counts one fewer.
    page.get_by_role("button", name=re.compile(r"^Skip it\W+Think about who to invite$")).click()
    expect(progress).to_contain_text("12 steps are already past their date.")

    progress.get_by_role("button", name="Skip all steps that are already past").click()

    expect(page.get_by_role("status")).to_contain_text(
        "12 steps that were already past are skipped."
    )
    expect(page.get_by_role("button", name="Skip all steps that are already past")).to_have_count(0)
    expect(page.locator(".task-late")).to_have_count(0)
    expect(page.get_by_role("button", name=re.compile("^Bring back"))).to_have_count(13)
    check_page(page, page_problems)
