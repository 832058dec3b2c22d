"""One place per session, in a phone-sized Chromium: the host gives the day in person a hall of
its own; a guest who says yes to it sees the hall on its card, and the online link only on the
card of an online session they said yes to."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from planning.guests.tokens import guest_link_token
from planning.models import Rsvp
from tests.browser.conftest import check_page, new_phone_page, sign_in_as
from tests.factories import GuestFactory, JamFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

ZOOM = "Zoom, with a shared Miro board"
ZOOM_LINK = "https://zoom.example.org/j/rest-and-resource"
HALL = "Community hall, 12 Uhuru Road, Nairobi"
FIRST = dt.datetime(2031, 3, 14, 12, 0, tzinfo=dt.UTC)


def hybrid_jam(host=None):
    jam = JamFactory(
        name="Rest and Resource",
        format="hybrid",
        venue=ZOOM,
        online_link=ZOOM_LINK,
        **({"host": host} if host else {}),
    )
    sessions = [
        SessionFactory(
            jam=jam,
            number=number,
            starts_at=FIRST + dt.timedelta(days=7 * (number - 1)),
            timezone="Africa/Nairobi",
            venue=HALL if number == 3 else "",
        )
        for number in (1, 2, 3)
    ]
    return jam, sessions


def say(page, session, label: str) -> None:
    answer = page.locator(f"#session-{session.key}-rsvp")
    answer.get_by_label(label).check()
    answer.get_by_role("button", name="Save my answer").click()
    expect(answer.get_by_text(f"your answer for Session {session.number} is saved")).to_be_visible()


def test_a_guest_sees_each_place_on_the_card_of_a_session_they_said_yes_to(live_server, browser):
    jam, (first, _second, third) = hybrid_jam()
    guest = GuestFactory(jam=jam, name="Jomo")

    page, problems = new_phone_page(browser)
    page.goto(f"{live_server.url}/i/{guest_link_token(guest)}/")
    expect(page.get_by_text(HALL)).to_have_count(0)
    expect(page.locator(f'a[href="{ZOOM_LINK}"]')).to_have_count(0)
    check_page(page, problems)

    say(page, third, "Yes, I will come")
    expect(page.locator(f"#session-{third.key}-where").get_by_text(HALL)).to_be_visible()
    expect(page.locator(f'a[href="{ZOOM_LINK}"]')).to_have_count(0)
    expect(page.locator("#where").get_by_role("link", name="Session 3")).to_be_visible()
    check_page(page, problems)

    say(page, first, "Yes, I will come")
    expect(page.locator(f"#session-{first.key}-where").get_by_role("link")).to_have_text(ZOOM_LINK)
    expect(page.locator(f'a[href="{ZOOM_LINK}"]')).to_have_count(1)
    expect(page.get_by_text(HALL)).to_have_count(1)
    check_page(page, problems)
    assert set(Rsvp.objects.values_list("answer", flat=True)) == {"yes"}
    page.context.close()


def test_the_host_gives_a_session_a_place_of_its_own_without_javascript(live_server, browser):
    host = UserFactory(email="place-host@example.test", name="Amina")
    jam, (_first, second, _third) = hybrid_jam(host)
    edit = f"{live_server.url}/jams/{jam.slug}/sessions/{second.key}/edit/"

    page, problems = new_phone_page(browser)
    sign_in_as(page, live_server, host)
    page.goto(edit)
    expect(page.get_by_text(f"The Jam’s place: {ZOOM} — {ZOOM_LINK}")).to_be_visible()
    check_page(page, problems)
    page.context.close()

    page, problems = new_phone_page(browser, java_script_enabled=False)
    sign_in_as(page, live_server, host)
    page.goto(edit)
    page.get_by_label(re.compile("^Link to join this session online")).fill("not a link")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("There is a problem")).to_be_visible()
    expect(page.get_by_text("This is not a link we can use.").first).to_be_visible()

    page.get_by_label(re.compile("^Where this session happens")).fill("The library, room 4")
    page.get_by_label(re.compile("^Link to join this session online")).fill("")
    page.get_by_role("button", name="Save changes").click()
    expect(page.get_by_text("The session’s time and place are saved.")).to_be_visible()
    assert not problems, problems.report()
    page.context.close()

    second.refresh_from_db()
    assert (second.venue, second.online_link, second.sequence) == ("The library, room 4", "", 1)
