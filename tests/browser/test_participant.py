"""A guest opens their link on a phone, says yes, sees where, and writes what they need."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from planning.guests.tokens import guest_link_token
from planning.models import Guest, Rsvp
from sessions.schedule.services import session_create
from tests.browser.conftest import (
    check_page,
    new_phone_page,
)
from tests.factories import (
    AgendaItemFactory,
    GuestFactory,
    HouseRuleFactory,
    JamFactory,
    SessionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

VENUE = "Community Hall, 12 Uhuru Road"


def test_a_guest_answers_yes_sees_where_and_writes_a_need(live_server, browser):
    host = UserFactory(email="host@example.test", name="Amina")
    jam = JamFactory(host=host, name="Healing Together", venue=VENUE, format="in_person")
    session = SessionFactory(
        jam=jam,
        number=1,
        starts_at=dt.datetime.now(dt.UTC).replace(hour=15, minute=0, second=0, microsecond=0)
        + dt.timedelta(days=10),
        timezone="Africa/Nairobi",
    )
    AgendaItemFactory(session=session, title="Welcome circle", content="One word each.")
    HouseRuleFactory(jam=jam, text="What is said here stays here.")
    guest = GuestFactory(jam=jam, name="Wanjiru")
    link = f"{live_server.url}/i/{guest_link_token(guest)}/"

    # The guest's phone is in Madrid: the page adds the time on their own clock.
    page, problems = new_phone_page(browser, timezone_id="Europe/Madrid", locale="en-GB")
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Healing Together")
    expect(page.get_by_text("On your device’s clock (Europe/Madrid)")).to_be_visible()
    expect(page.get_by_text(VENUE)).to_have_count(0)
    check_page(page, problems)

    answer = page.locator(f"#session-{session.key}-rsvp")
    answer.get_by_label("Yes, I will come").check()
    answer.get_by_role("button", name="Save my answer").click()
    expect(
        page.locator(f"#session-{session.key}-rsvp").get_by_text(
            "your answer for Session 1 is saved"
        )
    ).to_be_visible()
    expect(page.get_by_text(VENUE)).to_be_visible()
    check_page(page, problems)
    assert Rsvp.objects.get(guest=guest, session=session).answer == "yes"

    page.get_by_label(re.compile("^What do you need to take part")).fill(
        "Step-free access, please."
    )
    page.get_by_label("Show this to the organising team without my name").check()
    page.get_by_role("button", name="Save what I need").click()
    expect(page.locator("#needs").get_by_text("what you need is saved")).to_be_visible()
    check_page(page, problems)
    guest = Guest.objects.get(pk=guest.pk)
    assert guest.needs == "Step-free access, please." and guest.needs_anonymous

    # Last, they ask for their details to be removed.
    page.get_by_role("link", name="Remove my details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove my details?")
    check_page(page, problems)
    page.get_by_role("button", name="Remove my details").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details were removed")
    check_page(page, problems)
    assert Guest.objects.get(pk=guest.pk).name == ""
    page.context.close()


def test_without_javascript_the_answer_is_saved_by_a_plain_post(live_server, browser):
    jam = JamFactory(name="Healing Together", venue=VENUE, format="in_person")
    session = SessionFactory(jam=jam, number=1, timezone="Africa/Nairobi")
    guest = GuestFactory(jam=jam, name="Wanjiru")

    page, problems = new_phone_page(browser, java_script_enabled=False)
    page.goto(f"{live_server.url}/i/{guest_link_token(guest)}/")
    page.locator(f"#session-{session.key}-rsvp").get_by_label("Maybe").check()
    page.locator(f"#session-{session.key}-rsvp").get_by_role(
        "button", name="Save my answer"
    ).click()

    expect(page.get_by_text("your answer for Session 1 is saved").first).to_be_visible()
    expect(page.get_by_text("Your answer: maybe.")).to_be_visible()
    assert Rsvp.objects.get(guest=guest).answer == "maybe"
    # No axe check here: axe-core is a script, and scripts are off (the page is checked above).
    assert not problems, problems.report()
    page.context.close()


def test_an_answer_on_a_page_opened_before_a_change_goes_to_the_session_shown(live_server, browser):
    """The card for 13 December, then a session on 6 December is added: “No” stays there."""
    jam = JamFactory(name="Healing Together", venue=VENUE, format="in_person")
    seen = SessionFactory(
        jam=jam,
        number=1,
        starts_at=dt.datetime(2031, 12, 13, 15, tzinfo=dt.UTC),
        timezone="Africa/Nairobi",
    )
    guest = GuestFactory(jam=jam, name="Wanjiru")

    page, problems = new_phone_page(browser)
    page.goto(f"{live_server.url}/i/{guest_link_token(guest)}/")
    expect(page.locator(f"#session-{seen.key}-title")).to_have_text("Session 1")

    earlier = session_create(
        jam=jam,
        starts_at=dt.datetime(2031, 12, 6, 15, tzinfo=dt.UTC),
        duration_minutes=120,
        timezone="Africa/Nairobi",
    )
    answer = page.locator(f"#session-{seen.key}-rsvp")
    answer.get_by_label("No, I cannot come").check()
    answer.get_by_role("button", name="Save my answer").click()

    # Renumbered meanwhile: the page comes back as it is now, with the answer where it was given.
    expect(page.get_by_text("your answer for Session 2 is saved")).to_be_visible()
    expect(page.locator(f"#session-{seen.key}-title")).to_have_text("Session 2")
    expect(page.locator(f"#session-{earlier.key}-title")).to_have_text("Session 1")
    assert list(Rsvp.objects.values_list("session_id", "answer")) == [(seen.pk, "no")]
    check_page(page, problems)
    page.context.close()
